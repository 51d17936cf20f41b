"""Blind double entry: who may see the figures typed from a sheet's paper
minutes, and when.

The typed copy of the minutes (Art. 76(2)) counts only once two people have
typed the same paper independently and their figures match; the board then
checks and approves it (Art. 77(1)). A second typist who has seen the first
typist's figures is no longer independent: they could copy them, and a slip
of the first typist would pass as verified. So, for each version of a sheet:

| reader | sees the figures of a version |
| --- | --- |
| anyone who may read the sheet | once the version is verified (two entries matched) |
| the author of an entry | their own entry, always |
| a typist (whoever may enter the sheet: the area's team, commune and province staff, administrators) | once their own entry of that version is saved — then the others' side by side |
| the unit's board (reviews and approves, never types) | once two people have typed the version, or the sheet is flagged for review |
| an observer or another reader | once the version is verified |
| the system itself (command line, printing, data loads) | always |

A unit's running sums count each sheet's latest typing: with one sheet in,
they are that typing. So an aggregate (a unit's result and its standings, the
results table, the exports, the progress's turnout and its live stream) is
kept from a reader who may still type one of its sheets whose counted typing
is not verified and whose current version they have not typed
(`aggregate_withheld`); they see the progress counts and states only, until
they save their own entry. This holds for the typists of a polling area or a
commune (the area's team, commune staff), whose work the typing is; province
staff and administrators, who type only by exception and supervise the night,
keep the sums (`services.blind_sums.TYPING_SCOPES`).

The sheet's state, who typed each entry and when may always show: they
tell nothing about the figures. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum
from itertools import combinations

from election.errors import Violation
from election.tallies.rules.sheet import LEVELS, check_contest_consistency


class Reader(StrEnum):
    """What a reader is to one sheet, for its double entry."""

    TYPIST = "typist"  # may enter this sheet
    REVIEWER = "reviewer"  # a board member of the sheet's unit
    OBSERVER = "observer"  # reads only: observers, other boards
    SYSTEM = "system"  # the programme itself, not a person


@dataclass(frozen=True)
class VersionTyping:
    """What is known of one version of a sheet without its figures."""

    typists: frozenset[str]  # who has saved an entry of the version
    verified: bool  # two independent entries of it matched
    flagged_for_review: bool  # the sheet's warnings send this version to the board


def may_see_figures(reader: Reader, username: str, typing: VersionTyping) -> bool:
    """Whether `username`, a `reader` of the sheet, may see the figures others
    typed for this version (Art. 76(2), 77(1): two independent typings, then
    the board's check)."""
    if typing.verified or reader == Reader.SYSTEM:
        return True
    if reader == Reader.TYPIST:
        return username in typing.typists
    if reader == Reader.REVIEWER:
        return len(typing.typists) >= 2 or typing.flagged_for_review
    return False


def may_see_entry(reader: Reader, username: str, *, entered_by: str, typing: VersionTyping) -> bool:
    """Whether the reader may see one entry's figures: their own always, the
    others' as `may_see_figures` says for its version."""
    return entered_by == username or may_see_figures(reader, username, typing)


# Why a reader sees no figures yet, and when they will.
WITHHELD_NOTES: dict[Reader, str] = {
    Reader.TYPIST: "số liệu người khác đã nhập chỉ hiện sau khi bạn lưu lần nhập của mình, "
    "để hai lần nhập độc lập với nhau (kiểm tra chéo).",
    Reader.REVIEWER: "số liệu hiện ra khi biên bản đã được hai người nhập, hoặc có cảnh báo "
    "cần Ban bầu cử xem xét.",
    Reader.OBSERVER: "số liệu hiện ra khi hai lần nhập độc lập đã khớp nhau (đã kiểm tra chéo).",
    Reader.SYSTEM: "",
}


@dataclass(frozen=True)
class CountedSheet:
    """One sheet an aggregate counts, as one reader stands to it."""

    reader_may_type: bool  # the reader may enter it (their area or scope; not locked)
    counts_unverified_typing: bool  # the aggregate counts a typing of it two entries have
    # not confirmed (neither verified nor approved)
    typed_by_reader: bool  # the reader has saved an entry of its current version


def aggregate_withheld(sheets: Iterable[CountedSheet]) -> bool:
    """Whether an aggregate's figures (sums, votes per candidate, turnout) are
    kept from the reader: it counts an unconfirmed typing of a sheet they may
    still type and have not typed yet, so its figures would show them another
    person's typing before their own (Art. 76(2), 77(1)). An observer or a
    board member types nothing, so double entry cannot be defeated through them."""
    return any(
        sheet.reader_may_type and sheet.counts_unverified_typing and not sheet.typed_by_reader
        for sheet in sheets
    )


# What a reader kept from an aggregate's figures is told instead.
AGGREGATE_WITHHELD_NOTE = (
    "Số liệu tổng hợp sẽ hiện sau khi bạn nhập biên bản của mình: một biên bản bạn có thể "
    "nhập đã được người khác nhập nhưng chưa kiểm tra chéo, nên số liệu tổng hợp lúc này là "
    "số liệu của người đó (nhập hai lần độc lập)."
)


# How a warning names another contest of the area whose figures it may not quote.
_CONTEST_NAMES = {
    "dbqh": "bầu cử ĐBQH",
    "hdnd_tinh": "bầu cử HĐND tỉnh",
    "hdnd_xa": "bầu cử HĐND xã",
}


def blind_consistency(
    took_part: dict[str, int], on_list: dict[str, int], *, hidden: frozenset[str]
) -> list[Violation]:
    """`check_contest_consistency` for the sheet being entered, without quoting
    the figures of the area's other sheets the typist may not see yet
    (`hidden`: their levels). A warning on a pair with a hidden sheet keeps
    its code, field and article, and says only which sheets disagree: the
    board sees both sheets when it reviews (Art. 76(2), 77(1))."""
    present = [level for level in LEVELS if level in took_part and level in on_list]
    warnings: list[Violation] = []
    for wide, narrow in combinations(present, 2):
        pair = (wide, narrow)
        found = check_contest_consistency(
            {level: took_part[level] for level in pair}, {level: on_list[level] for level in pair}
        )
        if hidden & set(pair):
            names = " và ".join(_CONTEST_NAMES[level] for level in pair)
            found = [
                replace(
                    warning,
                    message=f"Số cử tri đã tham gia bỏ phiếu ở biên bản {names} của khu vực "
                    "chênh lệch nhiều hơn phạm vi phiếu bầu giải thích được; Ban bầu cử xem "
                    "xét khi phê duyệt.",
                )
                for warning in found
            ]
        warnings += found
    return warnings
