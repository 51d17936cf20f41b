"""The "Việc cần làm" page: what waits for the signed-in user on election night."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Request, get
from litestar.params import QueryParameter
from litestar.response import Template

from election.actor import Actor, ScopeLevel
from election.elections import services as elections
from election.geography import services as geography
from election.tallies import live
from election.tallies.services.inbox import inbox
from election.web import page


class InboxPages(Controller):
    @get("/viec-can-lam", include_in_schema=False)
    async def inbox(
        self,
        request: Request,
        election_id: Annotated[int | None, QueryParameter(name="election")] = None,
        province: Annotated[str, QueryParameter(max_length=2)] = "",
        commune: Annotated[str, QueryParameter(max_length=5)] = "",
    ) -> Template:
        actor: Actor = request.user
        election = (
            await elections.get_election(election_id=election_id)
            if election_id is not None
            else await elections.default_election()
        )
        if election is None:
            return page(request, "inbox.html", election=None, inbox=None)
        # The progress of the scope streams live; each burst of sheet changes
        # re-reads the lists (tally.js), so the page follows the night.
        scope = live.Scope.of(actor, province or None, commune or None, None)
        query = "&".join(
            f"{name}={value}"
            for name, value in (("province", scope.province_code), ("commune", scope.commune_code))
            if value
        )
        # A national or province user narrows the list to a province or commune.
        provinces = (
            await geography.list_provinces() if actor.scope_level == ScopeLevel.NATIONAL else []
        )
        communes = (
            await geography.list_communes(province_code=scope.province_code)
            if scope.province_code
            and actor.scope_level in (ScopeLevel.NATIONAL, ScopeLevel.PROVINCE)
            else []
        )
        return page(
            request,
            "inbox.html",
            election=election,
            inbox=await inbox(
                election_id=election.id,
                actor=actor,
                province_code=province or None,
                commune_code=commune or None,
            ),
            progress=await live.cached_progress(election.id, scope),
            # Blind double entry: a typist holding another's typing sees counts only.
            withheld=await live.withheld(actor, election.id, scope),
            query=query,
            provinces=provinces,
            communes=communes,
            chosen_province=scope.province_code or "",
            chosen_commune=commune,
        )
