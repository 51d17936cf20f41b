"""Public pages of the official candidate lists (Art. 57-59), for anyone
without signing in: a unit's published list and each candidate's details,
the fields of Art. 57(5) only. The lookup (Tra cứu) links here."""

from __future__ import annotations

from litestar import Controller, Request, get
from litestar.params import FromPath
from litestar.response import Template

from election.elections import public
from election.web import page


class PublicListPages(Controller):
    """Danh sách chính thức những người ứng cử, public once published."""

    path = "/tra-cuu"

    @get("/don-vi/{unit_id:int}", opt={"public": True}, include_in_schema=False)
    async def unit(self, request: Request, unit_id: FromPath[int]) -> Template:
        listed = await public.published_list(unit_id=unit_id)
        return page(request, "public/unit.html", list=listed, unit=listed.unit)

    @get("/ung-cu-vien/{candidate_id:int}", opt={"public": True}, include_in_schema=False)
    async def candidate(self, request: Request, candidate_id: FromPath[int]) -> Template:
        found, unit = await public.published_candidate(candidate_id=candidate_id)
        return page(request, "public/candidate.html", candidate=found, unit=unit)
