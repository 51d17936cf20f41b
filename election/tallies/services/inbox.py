"""What waits for the signed-in user on election night ("Việc cần làm"): the
sheets, units and areas of their scope that need someone to act, by kind,
with counts, the kinds their role acts on first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from election.actor import Actor, Role, ScopeLevel
from election.elections import training_clock
from election.elections.tables import ContestLevel
from election.errors import Forbidden
from election.tallies.queries import inbox as queries
from election.tallies.queries.inbox import InboxItem

# A polling area is late when a sheet of it is still not entered this long
# after voting closed in the area: counting starts at the close (Art. 73) and
# a team of a few thousand voters counts three contests in about that time.
OVERDUE_HOURS = 4
# Items listed per kind; the counts cover them all.
ITEMS_PER_KIND = 25


@dataclass(frozen=True)
class Kind:
    code: str
    label: str
    # What to do about an item of this kind.
    action: str


KINDS = {
    kind.code: kind
    for kind in (
        Kind(
            "mismatch",
            "Hai lần nhập khác nhau",
            "Đối chiếu biên bản giấy; người nhập sai nhập lại cho khớp.",
        ),
        Kind(
            "to_verify",
            "Biên bản chờ nhập kiểm tra chéo",
            "Một người khác nhập lại độc lập từ biên bản giấy.",
        ),
        Kind(
            "review",
            "Biên bản có cảnh báo cần xem xét",
            "Thành viên Ban bầu cử xem ảnh biên bản, ghi ý kiến rồi phê duyệt.",
        ),
        Kind(
            "to_approve",
            "Biên bản chờ phê duyệt",
            "Hai lần nhập đã khớp; thành viên Ban bầu cử phê duyệt.",
        ),
        Kind(
            "ready_unit",
            "Đơn vị đủ biên bản, chờ xác định kết quả",
            "Mọi biên bản đã được phê duyệt; Ban bầu cử xác định kết quả (Điều 77).",
        ),
        Kind(
            "overdue",
            "Khu vực bỏ phiếu chậm gửi biên bản",
            f"Quá {OVERDUE_HOURS} giờ sau khi kết thúc bỏ phiếu vẫn chưa nhập; liên hệ Tổ bầu cử.",
        ),
    )
}

# The kinds a role acts on come first: the board approves and fixes results,
# staff and teams type and chase the paper.
_BOARD_ORDER = ("review", "to_approve", "ready_unit", "mismatch", "to_verify", "overdue")
_STAFF_ORDER = ("mismatch", "to_verify", "overdue", "review", "to_approve", "ready_unit")


@dataclass(frozen=True)
class InboxGroup:
    kind: Kind
    count: int
    items: list[InboxItem]


@dataclass(frozen=True)
class Inbox:
    groups: list[InboxGroup]
    overdue_hours: int

    @property
    def total(self) -> int:
        return sum(g.count for g in self.groups)


def levels_of(actor: Actor) -> list[str]:
    """The contests whose sheets the actor deals with: a board member those of
    their board's units (the province's board: ĐBQH and HĐND tỉnh; a commune's
    board: HĐND xã), everyone else all three."""
    if actor.role == Role.BOARD_MEMBER:
        if actor.scope_level == ScopeLevel.COMMUNE:
            return [ContestLevel.COMMUNE_COUNCIL.value]
        if actor.scope_level == ScopeLevel.PROVINCE:
            return [ContestLevel.NATIONAL_ASSEMBLY.value, ContestLevel.PROVINCE_COUNCIL.value]
    return [level.value for level in ContestLevel]


def _scope(actor: Actor) -> tuple[str | None, str | None, int | None]:
    """The actor's own scope (province, commune, polling area): nobody sees
    the work of another place."""
    level = actor.scope_level
    if level == ScopeLevel.NATIONAL:
        return None, None, None
    if level == ScopeLevel.PROVINCE:
        return actor.province_code, None, None
    if level == ScopeLevel.COMMUNE:
        return actor.province_code, actor.commune_code, None
    return actor.province_code, actor.commune_code, actor.polling_area_id


def narrowed(
    actor: Actor, province_code: str | None, commune_code: str | None
) -> tuple[str | None, str | None, int | None]:
    """The actor's scope narrowed to a province or commune they asked for,
    never widened: a place outside it is refused."""
    own_province, own_commune, polling_area_id = _scope(actor)
    if province_code and own_province not in (None, province_code):
        raise Forbidden("Bạn chỉ xem được việc cần làm trong phạm vi được giao.")
    if commune_code and own_commune not in (None, commune_code):
        raise Forbidden("Bạn chỉ xem được việc cần làm trong phạm vi được giao.")
    # A commune outside the actor's province matches no area: the province
    # filter stays.
    return own_province or province_code, own_commune or commune_code, polling_area_id


async def inbox(
    *,
    election_id: int,
    actor: Actor,
    province_code: str | None = None,
    commune_code: str | None = None,
    now: dt.datetime | None = None,
    per_kind: int = ITEMS_PER_KIND,
) -> Inbox:
    """The work waiting in the actor's scope (or the province or commune of it
    asked for), every kind with its count (zero included) and its oldest items."""
    # The election's clock (a training clock shifts it) decides when an area is late.
    moment = await training_clock.now_for(election_id, now)
    province_code, commune_code, polling_area_id = narrowed(actor, province_code, commune_code)
    levels = levels_of(actor)
    items = await queries.inbox_items(
        election_id=election_id,
        province_code=province_code,
        commune_code=commune_code,
        polling_area_id=polling_area_id,
        levels=levels,
        overdue_hours=OVERDUE_HOURS,
        now=moment,
        per_kind=per_kind,
    )
    counts = {item.kind: item.total for item in items}
    order = _BOARD_ORDER if actor.role == Role.BOARD_MEMBER else _STAFF_ORDER
    return Inbox(
        groups=[
            InboxGroup(
                kind=KINDS[code],
                count=counts.get(code, 0),
                items=[item for item in items if item.kind == code],
            )
            for code in order
        ],
        overdue_hours=OVERDUE_HOURS,
    )
