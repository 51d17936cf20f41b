"""The public lookup's page (Tra cứu): a citizen finds where, when and for
whom they vote, without signing in (`voters.services.lookup` says why it
cannot be walked; `voters.services.public` what the answer holds)."""

from __future__ import annotations

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.response import Template

from election.errors import InvalidInput, TooManyRequests
from election.settings import Settings
from election.voters.controllers import NOT_FOUND_MESSAGE
from election.voters.schemas import LookupIn
from election.voters.services import public
from election.web import form_values, page, parse_form


class LookupPages(Controller):
    """Tra cứu: a citizen finds where to vote (public, no sign-in)."""

    path = "/tra-cuu"

    @get("/", opt={"public": True}, include_in_schema=False)
    async def form(self, request: Request) -> Template:
        return page(
            request,
            "voters/lookup.html",
            result=None,
            not_found="",
            error="",
            personal_id="",
            date_of_birth="",
            second_factor="",
        )

    @post("/", opt={"public": True}, include_in_schema=False)
    async def search(self, request: Request, settings: NamedDependency[Settings]) -> Template:
        values = form_values(await request.form(), LookupIn)
        client = request.client.host if request.client else "unknown"
        error = ""
        result = None
        not_found = ""
        code = 200
        try:
            data = parse_form(LookupIn, values)
            result = await public.public_answer(
                personal_id=data.personal_id,
                date_of_birth=data.date_of_birth,
                second_factor=data.second_factor,
                client=client,
                secret=settings.secret_key,
            )
            if result is None:
                # The API's words: the same whichever of the three was wrong.
                not_found = NOT_FOUND_MESSAGE
        except TooManyRequests as limited:
            error, code = limited.detail, 429
        except InvalidInput:
            error = (
                "Nhập số định danh cá nhân (12 chữ số), ngày sinh (ngày/tháng/năm) "
                "và số thẻ cử tri hoặc họ và tên."
            )
            code = 422
        return page(
            request,
            "voters/lookup.html",
            status_code=code,
            result=result,
            not_found=not_found,
            error=error,
            personal_id=values.get("personal_id", ""),
            date_of_birth=values.get("date_of_birth", ""),
            second_factor=values.get("second_factor", ""),
        )
