"""Who may use which route: every route × every role, declared in one table.

Keyed by method and path template exactly as the route table spells them
(`GET /api/v1/imports/{batch_id:int}/rows`). For each role, and for nobody
signed in, one decision:

- ALLOW: the request reaches the handler (inside the role's scope);
- LOGIN: 401 for the API, a redirect to the sign-in page for pages;
- FORBID: 403, the role may never do this;
- HIDE: 404, the role may not even learn the object exists.

An object outside the actor's scope is always hidden (404), whatever the
role. `tests/test_access_matrix.py` sends the requests, generated from the
route table, and fails on a route missing here or an answer that differs.
Below the domains: it imports only the roles, so a guard may read it later.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from election.actor import Role, ScopeLevel
from election.choices import LabelledChoice

ANONYMOUS = "anonymous"


class Decision(LabelledChoice):
    ALLOW = "allow", "Được phép"
    LOGIN = "login", "Cần đăng nhập (401 hoặc chuyển tới trang đăng nhập)"
    FORBID = "forbid", "Bị từ chối (403)"
    HIDE = "hide", "Không thấy (404)"


ADMIN = Role.ADMIN
PROVINCE = Role.PROVINCE_STAFF
COMMUNE = Role.COMMUNE_STAFF
BOARD = Role.BOARD_MEMBER
OFFICER = Role.STATION_OFFICER
OBSERVER = Role.OBSERVER
ALL = frozenset(Role)
STAFF = frozenset({ADMIN, PROVINCE, COMMUNE})
NOBODY: frozenset[Role] = frozenset()


@dataclass(frozen=True)
class Access:
    """One route's decisions: `allow` reach it, the other roles get `refuse`."""

    allow: frozenset[Role]
    refuse: Decision = Decision.FORBID
    public: bool = False
    # Roles refused with 404 rather than 403: their services look the object up
    # in the actor's scope first, and theirs never holds it.
    hidden: frozenset[Role] = frozenset()
    # Roles allowed only with a national scope (403 at any narrower one).
    national: frozenset[Role] = frozenset()
    # Roles whose refusal (403) depends on the object, not on the role: the
    # demo's object is beyond them (a ĐBQH unit for commune staff, a commune's
    # team for province staff) but another is not, so the guard lets them by.
    by_object: frozenset[Role] = frozenset()

    def decision(self, subject: str, scope_level: ScopeLevel = ScopeLevel.NATIONAL) -> Decision:
        """The decision for a role's value (held at `scope_level`), or for `ANONYMOUS`."""
        if self.public:
            return Decision.ALLOW
        if subject == ANONYMOUS:
            return Decision.LOGIN
        role = Role(subject)
        if role in self.allow:
            return Decision.ALLOW
        if role in self.national:
            return Decision.ALLOW if scope_level == ScopeLevel.NATIONAL else Decision.FORBID
        return Decision.HIDE if role in self.hidden else self.refuse


PUBLIC = Access(allow=ALL, public=True)
SIGNED_IN = Access(allow=ALL)


def rule(
    allow: Iterable[Role],
    *,
    hide: Iterable[Role] = (),
    national: Iterable[Role] = (),
    by_object: Iterable[Role] = (),
) -> Access:
    """`allow` reach the route, and `national` with a national scope; the roles
    in `hide` get 404, the others 403 (`by_object`: for the demo's object only)."""
    return Access(
        allow=frozenset(allow),
        hidden=frozenset(hide),
        national=frozenset(national),
        by_object=frozenset(by_object),
    )


# The audit log: national administrators and observers (`audit.require_reader`).
AUDIT_READERS = rule(NOBODY, national={ADMIN, OBSERVER})


# Writes are marked with the roles the services let through: the guard refuses
# the others before the body is read (see `refused`), so a refusal is a 403
# rather than a 400 about the body or a page shown again. Personal data: staged
# imports and the candidates' and staff registers' exports are for staff only;
# members' phones (contacts.csv) for the people who work together, not observers.
MATRIX: dict[tuple[str, str], Access] = {
    ("GET", "/api/v1/health"): PUBLIC,
    ("GET", "/api/v1/health/live"): PUBLIC,
    ("GET", "/api/v1/health/ready"): PUBLIC,
    ("GET", "/metrics"): PUBLIC,
    ("GET", "/api/v1/me"): SIGNED_IN,
    ("GET", "/api/v1/users"): rule(STAFF),
    ("GET", "/api/v1/users/{user_id:int}"): rule(STAFF),
    ("GET", "/api/v1/geography/communes/{code:str}"): SIGNED_IN,
    ("GET", "/api/v1/geography/provinces/{code:str}"): SIGNED_IN,
    ("GET", "/api/v1/geography/provinces/{code:str}/communes"): SIGNED_IN,
    ("GET", "/api/v1/geography/provinces"): SIGNED_IN,
    ("GET", "/api/v1/elections/{election_id:int}/contests"): SIGNED_IN,
    ("GET", "/api/v1/elections/{election_id:int}/calendar"): SIGNED_IN,
    ("GET", "/api/v1/elections/{election_id:int}/calendar.pdf"): SIGNED_IN,
    ("GET", "/api/v1/elections"): SIGNED_IN,
    ("GET", "/api/v1/elections/{election_id:int}"): SIGNED_IN,
    ("GET", "/api/v1/elections/{election_id:int}/training-clock"): SIGNED_IN,
    ("GET", "/api/v1/contests/{contest_id:int}/allocation-report.pdf"): SIGNED_IN,
    ("GET", "/api/v1/contests/{contest_id:int}/composition"): SIGNED_IN,
    ("GET", "/api/v1/contests/{contest_id:int}/units"): SIGNED_IN,
    ("GET", "/api/v1/contests/{contest_id:int}/candidates.xlsx"): rule(STAFF),
    ("GET", "/api/v1/contests/{contest_id:int}/candidates.csv"): rule(STAFF),
    ("GET", "/api/v1/contests/{contest_id:int}/units.csv"): SIGNED_IN,
    ("GET", "/api/v1/contests/{contest_id:int}/units.xlsx"): SIGNED_IN,
    ("GET", "/api/v1/contests/{contest_id:int}"): SIGNED_IN,
    ("GET", "/api/v1/units/{unit_id:int}/candidates"): SIGNED_IN,
    ("GET", "/api/v1/units/{unit_id:int}/ballot.pdf"): SIGNED_IN,
    ("GET", "/api/v1/units/{unit_id:int}/candidate-list.pdf"): SIGNED_IN,
    ("GET", "/api/v1/units/{unit_id:int}"): SIGNED_IN,
    ("GET", "/api/v1/units/{unit_id:int}/list-report"): SIGNED_IN,
    ("GET", "/api/v1/candidates/{candidate_id:int}"): SIGNED_IN,
    (
        "GET",
        "/api/v1/elections/{election_id:int}/communes/{commune_code:str}/polling-areas",
    ): SIGNED_IN,
    (
        "GET",
        "/api/v1/elections/{election_id:int}/communes/{commune_code:str}/polling-areas.xlsx",
    ): SIGNED_IN,
    (
        "GET",
        "/api/v1/elections/{election_id:int}/communes/{commune_code:str}/polling-areas.csv",
    ): SIGNED_IN,
    (
        "GET",
        "/api/v1/elections/{election_id:int}/communes/{commune_code:str}/membership-gaps",
    ): SIGNED_IN,
    ("GET", "/api/v1/polling-areas/{area_id:int}"): SIGNED_IN,
    ("GET", "/api/v1/imports/{batch_id:int}/errors.csv"): rule(STAFF),
    ("GET", "/api/v1/imports/{batch_id:int}"): rule(STAFF),
    ("GET", "/api/v1/imports/{batch_id:int}/rows"): rule(STAFF),
    (
        "GET",
        "/api/v1/elections/{election_id:int}/communes/{commune_code:str}/complaints",
    ): SIGNED_IN,
    (
        "GET",
        "/api/v1/elections/{election_id:int}/communes/{commune_code:str}/voter-counts",
    ): SIGNED_IN,
    ("GET", "/api/v1/elections/{election_id:int}/communes/{commune_code:str}/voters"): rule(
        STAFF | {OFFICER}
    ),
    ("GET", "/api/v1/polling-areas/{polling_area_id:int}/voter-cards.pdf"): rule(STAFF | {OFFICER}),
    ("GET", "/api/v1/polling-areas/{polling_area_id:int}/voter-counts"): SIGNED_IN,
    ("GET", "/api/v1/polling-areas/{polling_area_id:int}/voter-list.pdf"): rule(STAFF | {OFFICER}),
    ("GET", "/api/v1/polling-areas/{polling_area_id:int}/voter-list"): SIGNED_IN,
    ("GET", "/api/v1/voters/{voter_id:int}"): rule(STAFF | {OFFICER}),
    ("GET", "/api/v1/voters/{voter_id:int}/history"): rule(STAFF | {OFFICER}),
    ("GET", "/api/v1/certificates/{certificate_id:int}/certificate.pdf"): rule(STAFF | {OFFICER}),
    ("GET", "/api/v1/units/{unit_id:int}/voter-counts"): SIGNED_IN,
    ("GET", "/api/v1/audit"): AUDIT_READERS,
    ("GET", "/api/v1/audit/verify"): rule({ADMIN}),
    ("GET", "/api/v1/staff"): rule(STAFF | {OBSERVER}),
    ("GET", "/api/v1/staff/{person_id:int}"): rule(
        {ADMIN, PROVINCE, COMMUNE, OBSERVER}, hide={BOARD, OFFICER}
    ),
    ("GET", "/api/v1/staff/export.csv"): rule(STAFF),
    ("GET", "/api/v1/staff/export.xlsx"): rule(STAFF),
    ("GET", "/api/v1/elections/{election_id:int}/staff-conflicts"): SIGNED_IN,
    ("GET", "/api/v1/elections/{election_id:int}/bodies"): SIGNED_IN,
    ("GET", "/api/v1/elections/{election_id:int}/communes/{commune_code:str}/teams"): SIGNED_IN,
    (
        "GET",
        "/api/v1/elections/{election_id:int}/communes/{commune_code:str}/team-decision.pdf",
    ): SIGNED_IN,
    ("GET", "/api/v1/bodies/{body_id:int}/members"): SIGNED_IN,
    ("GET", "/api/v1/bodies/{body_id:int}/contacts.csv"): rule(ALL - {OBSERVER}),
    ("GET", "/api/v1/bodies/{body_id:int}"): SIGNED_IN,
    ("GET", "/api/v1/bodies/{body_id:int}/members.pdf"): SIGNED_IN,
    ("GET", "/api/v1/bodies/{body_id:int}/report"): SIGNED_IN,
    ("GET", "/api/v1/bodies/{body_id:int}/roster.pdf"): SIGNED_IN,
    ("GET", "/api/v1/members/{member_id:int}"): SIGNED_IN,
    ("GET", "/api/v1/assignments/{run_id:int}"): rule(
        {ADMIN, PROVINCE, COMMUNE, BOARD, OBSERVER}, hide={OFFICER}
    ),
    ("GET", "/api/v1/units/{unit_id:int}/staff-conflicts"): SIGNED_IN,
    ("GET", "/api/v1/polling-areas/{polling_area_id:int}/ballot-use-minutes.pdf"): SIGNED_IN,
    ("GET", "/api/v1/polling-areas/{polling_area_id:int}/tally-minutes.pdf"): SIGNED_IN,
    ("GET", "/api/v1/polling-areas/{polling_area_id:int}/tally-sheets"): SIGNED_IN,
    ("GET", "/api/v1/tally-sheets/{sheet_id:int}/attachments"): SIGNED_IN,
    ("GET", "/api/v1/tally-sheets/{sheet_id:int}/attachments/{attachment_id:int}"): SIGNED_IN,
    ("GET", "/api/v1/tally-sheets/{sheet_id:int}/entries"): SIGNED_IN,
    ("GET", "/api/v1/tally-sheets/{sheet_id:int}"): SIGNED_IN,
    ("GET", "/api/v1/tally-sheets/{sheet_id:int}/minutes.pdf"): SIGNED_IN,
    ("GET", "/api/v1/units/{unit_id:int}/rounds"): SIGNED_IN,
    ("GET", "/api/v1/units/{unit_id:int}/result"): SIGNED_IN,
    ("GET", "/api/v1/units/{unit_id:int}/result-minutes.pdf"): SIGNED_IN,
    ("GET", "/api/v1/units/{unit_id:int}/winners-report.pdf"): SIGNED_IN,
    ("GET", "/api/v1/elections/{election_id:int}/tally-progress"): SIGNED_IN,
    ("GET", "/api/v1/elections/{election_id:int}/results.cdf.json"): SIGNED_IN,
    ("GET", "/api/v1/elections/{election_id:int}/results.csv"): SIGNED_IN,
    ("GET", "/api/v1/elections/{election_id:int}/results.json"): SIGNED_IN,
    (
        "GET",
        "/api/v1/elections/{election_id:int}/contests/{contest_id:int}/summary-minutes.pdf",
    ): SIGNED_IN,
    ("GET", "/api/v1/polling-areas/{polling_area_id:int}/turnout"): SIGNED_IN,
    ("GET", "/api/v1/elections/{election_id:int}/turnout/hours"): SIGNED_IN,
    ("GET", "/api/v1/elections/{election_id:int}/turnout"): SIGNED_IN,
    ("GET", "/login"): PUBLIC,
    ("GET", "/account"): SIGNED_IN,
    ("GET", "/users"): rule(STAFF),
    ("GET", "/users/new"): rule(STAFF),
    ("GET", "/users/{user_id:int}"): rule(STAFF),
    ("GET", "/account/password"): SIGNED_IN,
    ("GET", "/elections/{election_id:int}/calendar.pdf"): SIGNED_IN,
    ("GET", "/"): SIGNED_IN,
    ("GET", "/elections/{election_id:int}/training-clock"): SIGNED_IN,
    ("GET", "/elections"): SIGNED_IN,
    ("GET", "/elections/{election_id:int}"): SIGNED_IN,
    ("GET", "/elections/new"): rule({ADMIN}),
    ("GET", "/structure"): SIGNED_IN,
    ("GET", "/contests/{contest_id:int}/allocation-report.pdf"): SIGNED_IN,
    ("GET", "/contests/{contest_id:int}"): SIGNED_IN,
    ("GET", "/contests/{contest_id:int}/candidates"): SIGNED_IN,
    ("GET", "/contests/{contest_id:int}/export/units.xlsx"): SIGNED_IN,
    ("GET", "/contests/{contest_id:int}/export/candidates.xlsx"): rule(STAFF),
    ("GET", "/contests/{contest_id:int}/export/candidates.csv"): rule(STAFF),
    ("GET", "/contests/{contest_id:int}/export/units.csv"): SIGNED_IN,
    ("GET", "/units/{unit_id:int}/ballot.pdf"): SIGNED_IN,
    ("GET", "/units/{unit_id:int}/candidate-list.pdf"): SIGNED_IN,
    ("GET", "/units/{unit_id:int}"): SIGNED_IN,
    ("GET", "/units/{unit_id:int}/candidates/{candidate_id:int}"): SIGNED_IN,
    ("GET", "/elections/{election_id:int}/communes/{commune_code:str}/areas"): SIGNED_IN,
    ("GET", "/elections/{election_id:int}/communes/{commune_code:str}/areas/export.csv"): SIGNED_IN,
    (
        "GET",
        "/elections/{election_id:int}/communes/{commune_code:str}/areas/export.xlsx",
    ): SIGNED_IN,
    ("GET", "/polling-areas/{area_id:int}"): SIGNED_IN,
    ("GET", "/imports/{batch_id:int}"): rule(STAFF),
    ("GET", "/imports/{batch_id:int}/errors.csv"): rule(STAFF),
    ("GET", "/voters"): SIGNED_IN,
    ("GET", "/elections/{election_id:int}/communes/{commune_code:str}/complaints"): SIGNED_IN,
    ("GET", "/elections/{election_id:int}/communes/{commune_code:str}/voters"): rule(
        STAFF | {OFFICER}
    ),
    ("GET", "/polling-areas/{polling_area_id:int}/voters"): rule(STAFF | {OFFICER}),
    ("GET", "/polling-areas/{polling_area_id:int}/voter-cards.pdf"): rule(STAFF | {OFFICER}),
    ("GET", "/polling-areas/{polling_area_id:int}/voter-list.pdf"): rule(STAFF | {OFFICER}),
    ("GET", "/voters/{voter_id:int}"): rule(STAFF | {OFFICER}),
    ("GET", "/certificates/{certificate_id:int}/certificate.pdf"): rule(STAFF | {OFFICER}),
    ("GET", "/tra-cuu"): PUBLIC,
    ("GET", "/tra-cuu/don-vi/{unit_id:int}"): PUBLIC,
    ("GET", "/tra-cuu/ung-cu-vien/{candidate_id:int}"): PUBLIC,
    ("GET", "/audit/{entity_type:str}/{entity_id:str}"): AUDIT_READERS,
    ("GET", "/audit"): AUDIT_READERS,
    ("GET", "/audit/export.csv"): AUDIT_READERS,
    ("GET", "/staffing/bodies/{body_id:int}"): SIGNED_IN,
    ("GET", "/staffing/bodies/{body_id:int}/contacts.csv"): rule(ALL - {OBSERVER}),
    ("GET", "/staffing/bodies/{body_id:int}/members.pdf"): SIGNED_IN,
    ("GET", "/staffing"): SIGNED_IN,
    ("GET", "/staffing/bodies/{body_id:int}/roster.pdf"): SIGNED_IN,
    (
        "GET",
        "/staffing/elections/{election_id:int}/communes/{commune_code:str}/decision.pdf",
    ): SIGNED_IN,
    ("GET", "/staffing/elections/{election_id:int}/communes/{commune_code:str}"): SIGNED_IN,
    ("GET", "/staffing/assignments/{run_id:int}"): rule(
        {ADMIN, PROVINCE, COMMUNE, BOARD, OBSERVER}, hide={OFFICER}
    ),
    ("GET", "/staffing/people"): SIGNED_IN,
    ("GET", "/staffing/people/export.csv"): rule(STAFF),
    ("GET", "/staffing/people/export.xlsx"): rule(STAFF),
    ("GET", "/staffing/people/{person_id:int}"): rule(
        {ADMIN, PROVINCE, COMMUNE, OBSERVER}, hide={BOARD, OFFICER}
    ),
    ("GET", "/polling-areas/{polling_area_id:int}/tally"): SIGNED_IN,
    ("GET", "/tally-sheets/{sheet_id:int}/attachments/{attachment_id:int}"): SIGNED_IN,
    ("GET", "/polling-areas/{polling_area_id:int}/ballot-use-minutes.pdf"): SIGNED_IN,
    ("GET", "/elections/{election_id:int}/communes/{commune_code:str}/tally"): SIGNED_IN,
    ("GET", "/elections/{election_id:int}/results/export.cdf.json"): SIGNED_IN,
    ("GET", "/elections/{election_id:int}/results/export.csv"): SIGNED_IN,
    ("GET", "/results"): SIGNED_IN,
    ("GET", "/tally-sheets/{sheet_id:int}/minutes.pdf"): SIGNED_IN,
    ("GET", "/elections/{election_id:int}/results"): SIGNED_IN,
    ("GET", "/tally-sheets/{sheet_id:int}"): SIGNED_IN,
    (
        "GET",
        "/elections/{election_id:int}/contests/{contest_id:int}/summary-minutes.pdf",
    ): SIGNED_IN,
    ("GET", "/units/{unit_id:int}/result"): SIGNED_IN,
    ("GET", "/units/{unit_id:int}/result-minutes.pdf"): SIGNED_IN,
    ("GET", "/units/{unit_id:int}/winners-report.pdf"): SIGNED_IN,
    ("GET", "/polling-areas/{polling_area_id:int}/turnout"): SIGNED_IN,
    ("GET", "/elections/{election_id:int}/turnout/hours"): SIGNED_IN,
    ("GET", "/elections/{election_id:int}/turnout"): SIGNED_IN,
    ("GET", "/viec-can-lam"): SIGNED_IN,
    ("GET", "/elections/{election_id:int}/results/provinces/{province_code:str}"): SIGNED_IN,
    ("GET", "/tally-relay"): rule(STAFF | {OFFICER}),
    ("GET", "/tally-sheets/{sheet_id:int}/relay-key"): rule(STAFF | {OFFICER}),
    ("GET", "/offline"): PUBLIC,
    ("GET", "/sw.js"): PUBLIC,
    ("GET", "/schema/openapi.json"): SIGNED_IN,
    ("GET", "/schema"): SIGNED_IN,
    ("GET", "/schema/{path:str}"): SIGNED_IN,
    ("POST", "/api/v1/auth/token"): PUBLIC,
    ("POST", "/api/v1/me/password"): SIGNED_IN,
    ("POST", "/api/v1/users/{user_id:int}/activate"): rule(STAFF),
    ("POST", "/api/v1/users"): rule(STAFF),
    ("POST", "/api/v1/users/{user_id:int}/deactivate"): rule(STAFF),
    ("POST", "/api/v1/users/{user_id:int}/password"): rule(STAFF),
    ("POST", "/api/v1/users/{user_id:int}/tokens/revoke"): rule(STAFF),
    ("PUT", "/api/v1/users/{user_id:int}"): rule(STAFF),
    ("POST", "/api/v1/elections/{election_id:int}/contests"): rule({ADMIN}),
    ("POST", "/api/v1/elections"): rule({ADMIN}),
    ("PUT", "/api/v1/elections/{election_id:int}"): rule({ADMIN}),
    ("PUT", "/api/v1/elections/{election_id:int}/training-clock"): rule({ADMIN}),
    ("POST", "/api/v1/contests/{contest_id:int}/units"): rule(STAFF),
    ("POST", "/api/v1/contests/{contest_id:int}/imports/candidates"): rule(STAFF),
    ("POST", "/api/v1/contests/{contest_id:int}/imports/units"): rule(STAFF),
    ("PUT", "/api/v1/contests/{contest_id:int}/details"): rule(
        {ADMIN}, by_object={PROVINCE, COMMUNE}
    ),
    ("POST", "/api/v1/units/{unit_id:int}/candidates"): rule(STAFF),
    ("PUT", "/api/v1/units/{unit_id:int}"): rule(STAFF),
    ("POST", "/api/v1/units/{unit_id:int}/finalize"): rule({ADMIN, PROVINCE}, by_object={COMMUNE}),
    ("POST", "/api/v1/units/{unit_id:int}/reopen"): rule(STAFF),
    ("PUT", "/api/v1/candidates/{candidate_id:int}"): rule(STAFF),
    ("POST", "/api/v1/candidates/{candidate_id:int}/personal-id"): rule(STAFF),
    ("POST", "/api/v1/candidates/{candidate_id:int}/removal"): rule(STAFF),
    ("POST", "/api/v1/elections/{election_id:int}/communes/{commune_code:str}/polling-areas"): rule(
        STAFF
    ),
    (
        "POST",
        "/api/v1/elections/{election_id:int}/communes/{commune_code:str}/imports/polling-areas",
    ): rule(STAFF),
    ("PUT", "/api/v1/polling-areas/{area_id:int}"): rule(STAFF),
    ("POST", "/api/v1/imports/{batch_id:int}/commit"): rule(STAFF),
    ("POST", "/api/v1/imports/{batch_id:int}/discard"): rule(STAFF),
    ("POST", "/api/v1/elections/{election_id:int}/communes/{commune_code:str}/complaints"): rule(
        STAFF
    ),
    (
        "POST",
        "/api/v1/elections/{election_id:int}/communes/{commune_code:str}/imports/voters",
    ): rule(STAFF),
    ("POST", "/api/v1/polling-areas/{polling_area_id:int}/voters"): rule(STAFF),
    ("POST", "/api/v1/polling-areas/{polling_area_id:int}/check-in"): rule(STAFF | {OFFICER}),
    ("POST", "/api/v1/polling-areas/{polling_area_id:int}/voter-list/finalize"): rule(STAFF),
    ("POST", "/api/v1/polling-areas/{polling_area_id:int}/voter-list/post"): rule(STAFF),
    ("POST", "/api/v1/voters/{voter_id:int}/certificate"): rule(STAFF),
    ("POST", "/api/v1/voters/{voter_id:int}/move"): rule(STAFF),
    ("POST", "/api/v1/voters/{voter_id:int}/restore"): rule(STAFF),
    ("POST", "/api/v1/voters/{voter_id:int}/personal-id"): rule(STAFF),
    ("POST", "/api/v1/voters/{voter_id:int}/soldier-certificate"): rule(STAFF),
    ("POST", "/api/v1/voters/{voter_id:int}/strike-off"): rule(STAFF),
    ("POST", "/api/v1/complaints/{complaint_id:int}/decision"): rule(STAFF),
    ("POST", "/api/v1/elections/{election_id:int}/certificates/{number:str}/register"): rule(STAFF),
    ("PUT", "/api/v1/elections/{election_id:int}/settings"): rule({ADMIN}),
    ("POST", "/api/v1/lookup"): PUBLIC,
    ("POST", "/api/v1/staff"): rule(STAFF),
    ("PUT", "/api/v1/staff/{person_id:int}"): rule(STAFF),
    ("POST", "/api/v1/staff/{person_id:int}/personal-data"): rule(STAFF),
    ("POST", "/api/v1/staff/imports"): rule(STAFF),
    ("POST", "/api/v1/elections/{election_id:int}/bodies"): rule(STAFF),
    ("POST", "/api/v1/elections/{election_id:int}/communes/{commune_code:str}/teams"): rule(
        {ADMIN, COMMUNE}, by_object={PROVINCE}
    ),
    ("POST", "/api/v1/elections/{election_id:int}/communes/{commune_code:str}/assignments"): rule(
        STAFF
    ),
    (
        "POST",
        "/api/v1/elections/{election_id:int}/communes/{commune_code:str}/station-accounts",
    ): rule(STAFF),
    ("POST", "/api/v1/bodies/{body_id:int}/members"): rule(STAFF),
    ("PUT", "/api/v1/bodies/{body_id:int}"): rule({ADMIN, COMMUNE}, by_object={PROVINCE}),
    ("POST", "/api/v1/bodies/{body_id:int}/station-accounts"): rule(
        {ADMIN, COMMUNE}, by_object={PROVINCE}
    ),
    ("PUT", "/api/v1/members/{member_id:int}"): rule({ADMIN, COMMUNE}, by_object={PROVINCE}),
    ("POST", "/api/v1/members/{member_id:int}/leave"): rule({ADMIN, COMMUNE}, by_object={PROVINCE}),
    ("POST", "/api/v1/members/{member_id:int}/account"): rule(STAFF),
    ("POST", "/api/v1/assignments/{run_id:int}/accept"): rule(
        {ADMIN, COMMUNE}, by_object={PROVINCE}
    ),
    ("POST", "/api/v1/assignments/{run_id:int}/discard"): rule(
        {ADMIN, COMMUNE}, by_object={PROVINCE}
    ),
    ("POST", "/api/v1/assignments/{run_id:int}/swap"): rule(STAFF),
    ("POST", "/api/v1/units/{unit_id:int}/staff-conflicts"): rule(
        {ADMIN, PROVINCE}, by_object={COMMUNE}
    ),
    ("POST", "/api/v1/tally-sheets/{sheet_id:int}/approve"): rule({BOARD}),
    ("POST", "/api/v1/tally-sheets/{sheet_id:int}/attachments"): rule(ALL - {OBSERVER}),
    ("POST", "/api/v1/tally-sheets/{sheet_id:int}/entries"): rule(STAFF | {OFFICER}),
    ("POST", "/api/v1/units/{unit_id:int}/result/finalize"): rule({BOARD}),
    ("POST", "/api/v1/units/{unit_id:int}/rounds"): rule(STAFF),
    ("POST", "/api/v1/polling-areas/{polling_area_id:int}/turnout"): rule(STAFF | {OFFICER}),
    ("PUT", "/api/v1/elections/{election_id:int}/turnout/hours"): rule(
        {ADMIN}, by_object={PROVINCE, COMMUNE}
    ),
    ("POST", "/api/v1/tally-relay"): rule(STAFF | {OFFICER}),
    ("POST", "/login"): PUBLIC,
    ("POST", "/logout"): SIGNED_IN,
    ("POST", "/account/password"): SIGNED_IN,
    ("POST", "/users"): rule(STAFF),
    ("POST", "/users/{user_id:int}/active"): rule(STAFF),
    ("POST", "/users/{user_id:int}"): rule(STAFF),
    ("POST", "/users/{user_id:int}/password"): rule(STAFF),
    ("POST", "/users/{user_id:int}/tokens/revoke"): rule(STAFF),
    ("POST", "/elections/{election_id:int}/training-clock"): rule({ADMIN}),
    ("POST", "/elections"): rule({ADMIN}),
    ("POST", "/elections/{election_id:int}"): rule({ADMIN}),
    ("POST", "/elections/{election_id:int}/contests"): rule({ADMIN}),
    ("POST", "/contests/{contest_id:int}/units"): rule(STAFF),
    ("POST", "/contests/{contest_id:int}/details"): rule(STAFF),
    ("POST", "/contests/{contest_id:int}/imports/{kind:str}"): rule(STAFF),
    ("POST", "/units/{unit_id:int}/candidates"): rule(STAFF),
    ("POST", "/units/{unit_id:int}/finalize"): rule(STAFF),
    ("POST", "/units/{unit_id:int}/candidates/{candidate_id:int}/removal"): rule(STAFF),
    ("POST", "/units/{unit_id:int}/candidates/{candidate_id:int}"): rule(STAFF),
    ("POST", "/units/{unit_id:int}/reopen"): rule(STAFF),
    ("POST", "/units/{unit_id:int}"): rule(STAFF),
    ("POST", "/elections/{election_id:int}/communes/{commune_code:str}/areas"): rule(STAFF),
    ("POST", "/elections/{election_id:int}/communes/{commune_code:str}/areas/import"): rule(STAFF),
    ("POST", "/polling-areas/{area_id:int}"): rule(STAFF),
    ("POST", "/imports/{batch_id:int}/commit"): rule(STAFF),
    ("POST", "/imports/{batch_id:int}/discard"): rule(STAFF),
    ("POST", "/elections/{election_id:int}/communes/{commune_code:str}/complaints"): rule(STAFF),
    ("POST", "/elections/{election_id:int}/communes/{commune_code:str}/voters/import"): rule(STAFF),
    ("POST", "/polling-areas/{polling_area_id:int}/voters/add"): rule(STAFF),
    ("POST", "/polling-areas/{polling_area_id:int}/voters/check-in"): rule(STAFF | {OFFICER}),
    ("POST", "/polling-areas/{polling_area_id:int}/voters/finalize"): rule(STAFF),
    ("POST", "/polling-areas/{polling_area_id:int}/voters/post"): rule(STAFF),
    ("POST", "/polling-areas/{polling_area_id:int}/voters/register-certificate"): rule(STAFF),
    ("POST", "/voters/{voter_id:int}/certificate"): rule(STAFF),
    ("POST", "/voters/{voter_id:int}/move"): rule(STAFF),
    ("POST", "/voters/{voter_id:int}/restore"): rule(STAFF),
    ("POST", "/voters/{voter_id:int}/personal-id"): rule(STAFF),
    ("POST", "/voters/{voter_id:int}/soldier-certificate"): rule(STAFF),
    ("POST", "/voters/{voter_id:int}/strike-off"): rule(STAFF),
    ("POST", "/complaints/{complaint_id:int}/decision"): rule(STAFF),
    ("POST", "/tra-cuu"): PUBLIC,
    ("POST", "/staffing/bodies/{body_id:int}/accounts"): rule(STAFF),
    ("POST", "/staffing/bodies/{body_id:int}/members"): rule(STAFF),
    ("POST", "/staffing/bodies/{body_id:int}"): rule(STAFF),
    ("POST", "/staffing/bodies"): rule(STAFF),
    ("POST", "/staffing/members/{member_id:int}/leave"): rule(STAFF),
    ("POST", "/staffing/members/{member_id:int}/account"): rule(STAFF),
    ("POST", "/staffing/bodies/{body_id:int}/training"): rule(STAFF),
    ("POST", "/staffing/members/{member_id:int}"): rule(STAFF),
    ("POST", "/staffing/elections/{election_id:int}/communes/{commune_code:str}/accounts"): rule(
        STAFF
    ),
    ("POST", "/staffing/elections/{election_id:int}/communes/{commune_code:str}/assign"): rule(
        STAFF
    ),
    ("POST", "/staffing/elections/{election_id:int}/communes/{commune_code:str}/teams"): rule(
        STAFF
    ),
    ("POST", "/staffing/assignments/{run_id:int}/accept"): rule(STAFF),
    ("POST", "/staffing/assignments/{run_id:int}/discard"): rule(STAFF),
    ("POST", "/staffing/assignments/{run_id:int}/swap"): rule(STAFF),
    ("POST", "/staffing/people"): rule(STAFF),
    ("POST", "/staffing/people/{person_id:int}"): rule(STAFF),
    ("POST", "/staffing/people/import"): rule(STAFF),
    ("POST", "/tally-sheets/{sheet_id:int}/approve"): rule({BOARD}),
    ("POST", "/tally-sheets/{sheet_id:int}/attachments"): rule(ALL - {OBSERVER}),
    ("POST", "/tally-sheets/{sheet_id:int}/entries"): rule(STAFF | {OFFICER}),
    ("POST", "/units/{unit_id:int}/result/finalize"): rule({BOARD}),
    ("POST", "/units/{unit_id:int}/rounds"): rule(STAFF),
    ("POST", "/elections/{election_id:int}/turnout/hours"): rule(STAFF),
    ("POST", "/polling-areas/{polling_area_id:int}/turnout/{hour:str}"): rule(STAFF | {OFFICER}),
    ("POST", "/tally-relay"): rule(STAFF | {OFFICER}),
    ("DELETE", "/api/v1/auth/token"): SIGNED_IN,
    ("DELETE", "/api/v1/units/{unit_id:int}"): rule({ADMIN, PROVINCE}, by_object={COMMUNE}),
    ("DELETE", "/api/v1/candidates/{candidate_id:int}"): rule(
        {ADMIN, PROVINCE}, by_object={COMMUNE}
    ),
    ("DELETE", "/api/v1/polling-areas/{area_id:int}"): rule(STAFF),
    ("DELETE", "/api/v1/staff/{person_id:int}"): rule(STAFF),
    ("DELETE", "/api/v1/bodies/{body_id:int}"): rule({ADMIN, COMMUNE}, by_object={PROVINCE}),
    ("POST", "/units/{unit_id:int}/candidates/{candidate_id:int}/delete"): rule(STAFF),
    ("POST", "/units/{unit_id:int}/delete"): rule(STAFF),
    ("POST", "/polling-areas/{area_id:int}/delete"): rule(STAFF),
    ("POST", "/staffing/bodies/{body_id:int}/delete"): rule(STAFF),
    ("POST", "/staffing/people/{person_id:int}/delete"): rule(STAFF),
    # Static files are public; the live streams answer as the page or API they feed.
    ("GET", "/static/{file_path:path}"): PUBLIC,
    ("GET", "/api/v1/elections/{election_id:int}/tally-progress/stream"): SIGNED_IN,
    ("GET", "/api/v1/elections/{election_id:int}/turnout/stream"): SIGNED_IN,
    ("GET", "/elections/{election_id:int}/results/stream"): SIGNED_IN,
    ("GET", "/elections/{election_id:int}/turnout/stream"): SIGNED_IN,
}


# The router's `scope["path_template"]` drops the parameter types ("/units/{unit_id}").
_BY_FORMAT = {(method, re.sub(r":\w+\}", "}", path)): a for (method, path), a in MATRIX.items()}


def refused(method: str, path_format: str, role: Role, scope_level: ScopeLevel) -> bool:
    """Whether the matrix forbids (403) this role, at this scope level, the route.
    `path_format` is the route's path without parameter types, as routed."""
    access = _BY_FORMAT.get(("GET" if method == "HEAD" else method, path_format))
    if access is None or role in access.by_object:
        return False
    return access.decision(role.value, scope_level) == Decision.FORBID
