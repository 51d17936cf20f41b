"""The page of a contest's candidates: every unit the reader may see in one
list, searched by name without diacritics, filtered by unit, sex and whether
the name still stands, by numbered pages; filters and page in the URL."""

from __future__ import annotations

from litestar import Controller, Request, get
from litestar.params import FromPath
from litestar.response import Template

from election.actor import Actor
from election.elections import services
from election.elections.structure import candidate_lists
from election.elections.tables import Sex
from election.paging import Page, page_request
from election.web import page


class ContestCandidatePages(Controller):
    path = "/contests/{contest_id:int}/candidates"

    @get("/", include_in_schema=False)
    async def candidates(self, request: Request, contest_id: FromPath[int]) -> Template:
        # ?q=&unit=&sex=&state=&page=&size=: read by CandidateFilter and paging.
        actor: Actor = request.user
        contest = await services.get_contest(contest_id=contest_id)
        where = candidate_lists.CandidateFilter.from_query(request.query_params)
        result = await candidate_lists.contest_candidates(
            contest_id=contest_id,
            actor=actor,
            where=where,
            page=page_request(request.query_params),
        )
        return page(
            request,
            "structure/candidates.html",
            contest=contest,
            election=await services.get_election(election_id=contest.election_id),
            candidates=Page.of(
                result.candidates,
                total=result.total,
                request=result.request,
                filters=where.url_filters(),
                noun="người ứng cử",
            ),
            where=where,
            units=result.units,
            sexes=list(Sex),
            states=candidate_lists.STATES,
        )
