"""Relaying an entry by a signed QR code, for the phone that has no network.

The officer's page, served while online, carries a relay key made for that
sheet, the version their entry would have, and that officer:
HMAC-SHA256(the app's secret, sheet | version | user). The secret never
leaves the server. Offline, the page signs the typed figures with the key
(WebCrypto) and shows them as a QR code; another officer of the commune, or
the commune's staff, scans it and posts the text. The server derives the key
again, checks the signature, that the version is still the one to enter and
that the signer may enter the sheet, then records the entry as the signer's,
with the device's Idempotency-Key: the phone's own queued submission of the
same form, sent later, finds that entry instead of writing a second one.

The text (ASCII, one line, fields in this order, no field omitted):

    BBKP1|s=<sheet>|v=<version>|u=<user>|k=<idempotency key>
    |n=<the nine counts, comma-separated>|d=<unused,delivered,spoiled; empty if unknown>
    |p=<candidate:votes;... by candidate id>|t=<opened,closed,closing as HH:MM or empty>
    |r=<reason, percent-encoded as encodeURIComponent does>|h=<signature, base64url>

Only the canonical form verifies: the server rebuilds the text from what it
parsed and compares it byte for byte before checking the signature.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import re
import unicodedata
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, unquote

from pydantic import Field

from election import db
from election.accounts import services as accounts
from election.actor import Actor, Role
from election.audit import services as audit
from election.errors import Conflict, DomainError, Forbidden, InvalidInput, NotFound
from election.schemas import Input
from election.tallies import rules
from election.tallies.queries import changes as queries
from election.tallies.queries import relay as relay_queries
from election.tallies.services import SheetPlace, Submission, get_sheet, may_enter, submit
from election.tallies.tables import SheetState

PREFIX = "BBKP1"
COUNT_FIELDS = (
    "voters_on_list",
    "voters_took_part",
    "ballots_issued",
    "ballots_received",
    "valid",
    "invalid",
    "complaints_received",
    "complaints_settled",
    "complaints_forwarded",
)
STOCK_FIELDS = ("unused_ballots", "ballots_delivered", "spoiled_ballots")
TIME_FIELDS = ("voting_opened", "voting_closed", "closing_time")
# What encodeURIComponent leaves as it is, besides letters and digits.
_URI_SAFE = "-_.!~*'()"
# A count on the minutes; a bound keeps parsing of a hostile text cheap.
_MAX_COUNT = 10**9
_MAX_TEXT = 4000

_NUMBER = r"(?:0|[1-9][0-9]{0,9})"
_TEXT_PATTERN = re.compile(
    rf"{PREFIX}\|s=(?P<s>{_NUMBER})\|v=(?P<v>{_NUMBER})\|u=(?P<u>{_NUMBER})"
    r"\|k=(?P<k>[A-Za-z0-9-]{8,64})"
    r"\|n=(?P<n>[0-9,]*)\|d=(?P<d>[0-9,]*)\|p=(?P<p>[0-9:;]*)\|t=(?P<t>[0-9:,]*)"
    r"\|r=(?P<r>[A-Za-z0-9%\-_.!~*'()]*)\|h=(?P<h>[A-Za-z0-9_-]{43})"
)
_TIME = re.compile(r"(?:[01][0-9]|2[0-3]):[0-5][0-9]")

MALFORMED = "Nội dung quét được không phải mã QR biên bản kiểm phiếu, hoặc bị thiếu, sai định dạng."
BAD_SIGNATURE = (
    "Chữ ký của mã QR không hợp lệ: nội dung đã bị sửa, hoặc mã không được tạo "
    "cho biên bản và người nhập này. Không ghi biên bản."
)


@dataclass(frozen=True)
class RelayPayload:
    """The figures of one officer's entry of one sheet version, as signed."""

    sheet_id: int
    version: int
    user_id: int
    idempotency_key: str
    counts: tuple[int, ...]
    stock: tuple[int | None, ...]
    votes: tuple[tuple[int, int], ...]
    times: tuple[str, ...]
    reason: str = ""


# --------------------------------------------------------------------------
# Pure: keys, canonical text, signature


def relay_key(secret: str, *, sheet_id: int, version: int, user_id: int) -> bytes:
    """The key one officer signs one sheet version with; derived, never the secret."""
    message = f"tally-relay|{sheet_id}|{version}|{user_id}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).digest()


def encode_key(key: bytes) -> str:
    return base64.urlsafe_b64encode(key).rstrip(b"=").decode()


def sign(key: bytes, text: str) -> str:
    """HMAC-SHA256 of the canonical text, base64url without padding (43 characters)."""
    return encode_key(hmac.new(key, text.encode(), hashlib.sha256).digest())


def canonical(payload: RelayPayload) -> str:
    """The one text of a payload that is signed."""
    return "|".join(
        (
            PREFIX,
            f"s={payload.sheet_id}",
            f"v={payload.version}",
            f"u={payload.user_id}",
            f"k={payload.idempotency_key}",
            "n=" + ",".join(str(c) for c in payload.counts),
            "d=" + ("" if all(s is None for s in payload.stock) else _stock_text(payload.stock)),
            "p=" + ";".join(f"{cid}:{votes}" for cid, votes in sorted(payload.votes)),
            "t=" + ("" if not any(payload.times) else ",".join(payload.times)),
            "r=" + quote(payload.reason, safe=_URI_SAFE),
        )
    )


def _stock_text(stock: tuple[int | None, ...]) -> str:
    return ",".join("" if s is None else str(s) for s in stock)


def signed_text(payload: RelayPayload, key: bytes) -> str:
    """What the QR code holds: the canonical text and its signature."""
    text = canonical(payload)
    return f"{text}|h={sign(key, text)}"


def parse(text: str) -> tuple[RelayPayload, str]:
    """The payload and its signature; InvalidInput unless the text is canonical."""
    match = _TEXT_PATTERN.fullmatch(text.strip())
    if match is None:
        raise InvalidInput(MALFORMED)
    try:
        payload = RelayPayload(
            sheet_id=int(match["s"]),
            version=int(match["v"]),
            user_id=int(match["u"]),
            idempotency_key=match["k"],
            counts=_numbers(match["n"], len(COUNT_FIELDS), optional=False),
            stock=_numbers(match["d"], len(STOCK_FIELDS), optional=True)
            if match["d"]
            else (None,) * len(STOCK_FIELDS),
            votes=_votes(match["p"]),
            times=_times(match["t"]),
            reason=unquote(match["r"], errors="strict"),
        )
    except (ValueError, UnicodeDecodeError) as error:
        raise InvalidInput(MALFORMED) from error
    signed_part = text.strip().rsplit("|h=", 1)[0]
    if canonical(payload) != signed_part or len(payload.reason) > 500:
        raise InvalidInput(MALFORMED)
    return payload, match["h"]


def _numbers(text: str, count: int, *, optional: bool) -> tuple[Any, ...]:
    parts = text.split(",")
    if len(parts) != count:
        raise ValueError("wrong number of counts")
    values: list[int | None] = []
    for part in parts:
        if part == "" and optional:
            values.append(None)
            continue
        if not re.fullmatch(_NUMBER, part) or int(part) > _MAX_COUNT:
            raise ValueError("not a count")
        values.append(int(part))
    return tuple(values)


def _votes(text: str) -> tuple[tuple[int, int], ...]:
    if not text:
        raise ValueError("no votes")
    pairs: list[tuple[int, int]] = []
    for part in text.split(";"):
        candidate, _, votes = part.partition(":")
        if not re.fullmatch(_NUMBER, candidate) or not re.fullmatch(_NUMBER, votes):
            raise ValueError("not a vote line")
        pairs.append((int(candidate), int(votes)))
    if len({c for c, _ in pairs}) != len(pairs) or len(pairs) > 100:
        raise ValueError("a candidate twice")
    return tuple(pairs)


def _times(text: str) -> tuple[str, ...]:
    if not text:
        return ("",) * len(TIME_FIELDS)
    parts = tuple(text.split(","))
    if len(parts) != len(TIME_FIELDS) or any(p and not _TIME.fullmatch(p) for p in parts):
        raise ValueError("not a time")
    return parts


def verify(text: str, secret: str) -> RelayPayload:
    """The payload, if its signature is the one the signer's key makes."""
    if len(text) > _MAX_TEXT:
        raise InvalidInput(MALFORMED)
    payload, signature = parse(text)
    key = relay_key(
        secret, sheet_id=payload.sheet_id, version=payload.version, user_id=payload.user_id
    )
    if not hmac.compare_digest(sign(key, canonical(payload)), signature):
        raise InvalidInput(BAD_SIGNATURE)
    return payload


def entry_version(state: SheetState, latest_version: int) -> int:
    """The version a new entry of the sheet takes: a correction of an approved
    sheet opens the next one (as `services.entry.decide` does)."""
    if state == SheetState.APPROVED:
        return latest_version + 1
    return max(latest_version, 1)


def submission_of(payload: RelayPayload) -> Submission:
    counts = dict(zip(COUNT_FIELDS, payload.counts, strict=True))
    stock = dict(zip(STOCK_FIELDS, payload.stock, strict=True))
    opened, closed, closing = (dt.time.fromisoformat(t) if t else None for t in payload.times)
    figures = rules.SheetFigures(**counts, **stock, votes=dict(payload.votes))
    return Submission(
        figures=figures,
        reason=unicodedata.normalize("NFC", payload.reason),
        voting_opened=opened,
        voting_closed=closed,
        closing_time=closing,
    )


# --------------------------------------------------------------------------
# Services


class RelayIn(Input):
    payload: str = Field(min_length=1, max_length=_MAX_TEXT, title="Nội dung mã QR")


@dataclass(frozen=True)
class RelayKey:
    sheet_id: int
    version: int
    user_id: int
    key: str


@dataclass(frozen=True)
class Relayed:
    """An entry recorded from a relayed QR code."""

    sheet_id: int
    entry_id: int
    state: str
    entered_by: str
    entered_by_name: str
    place: str
    response: dict[str, Any]


async def key_for(*, sheet_id: int, actor: Actor, secret: str) -> RelayKey:
    """The relay key of the actor's next entry of the sheet (the page fetches it online)."""
    sheet = await get_sheet(sheet_id=sheet_id, actor=actor)
    if actor.user_id is None or not may_enter(actor, sheet) or sheet.state == SheetState.LOCKED:
        raise Forbidden("Bạn không nhập biên bản này nên không tạo được mã QR chuyển biên bản.")
    version = entry_version(sheet.state, await relay_queries.latest_version(sheet_id=sheet_id))
    key = relay_key(secret, sheet_id=sheet_id, version=version, user_id=actor.user_id)
    return RelayKey(sheet_id=sheet_id, version=version, user_id=actor.user_id, key=encode_key(key))


def may_relay(actor: Actor, sheet: SheetPlace) -> bool:
    """A station officer of the sheet's commune, or staff who may enter it."""
    if actor.is_read_only:
        return False
    if actor.role == Role.STATION_OFFICER:
        return actor.commune_code == sheet.commune_code or may_enter(actor, sheet)
    return may_enter(actor, sheet)


async def relay(*, text: str, actor: Actor, secret: str, now: dt.datetime | None = None) -> Relayed:
    """Verify a scanned QR text and record it as the signer's entry."""
    payload = verify(text, secret)
    signer = await _signer(payload.user_id, actor)
    read = await queries.read_for_submission(
        sheet_id=payload.sheet_id,
        username=signer.username,
        idempotency_key=payload.idempotency_key,
    )
    if read is None:
        raise NotFound("Biên bản trong mã QR không còn trên hệ thống.")
    if not may_relay(actor, read):
        raise Forbidden(
            "Chỉ thành viên Tổ bầu cử cùng xã, phường hoặc cán bộ của xã, phường "
            "có biên bản được chuyển biên bản này."
        )
    if not may_enter(signer, read):
        raise Forbidden("Người tạo mã QR không có quyền nhập biên bản này. Không ghi biên bản.")
    _check_fresh(payload, read)
    try:
        response = await submit(
            sheet_id=payload.sheet_id,
            submission=submission_of(payload),
            actor=signer,
            idempotency_key=payload.idempotency_key,
            now=now,
        )
    except DomainError as error:
        error.detail = "Biên bản được chuyển chưa ghi được: " + error.detail
        raise
    place = (
        f"khu vực bỏ phiếu số {read.polling_area_number}, {read.commune_name} — {read.level_label}"
    )
    async with db.transaction():
        await audit.record(
            actor=actor,
            entity_type="tally_sheet",
            entity_id=read.id,
            action="relay",
            after={"entry_id": response["entry_id"], "signed_by": signer.username},
            summary=f"Chuyển biên bản {place} do {signer.full_name} nhập (mã QR đã ký)",
        )
    return Relayed(
        sheet_id=read.id,
        entry_id=response["entry_id"],
        state=response["state"],
        entered_by=signer.username,
        entered_by_name=signer.full_name,
        place=place,
        response=response,
    )


async def _signer(user_id: int, relayer: Actor) -> Actor:
    try:
        user = await accounts.get_user(user_id=user_id)
    except NotFound as error:
        raise Forbidden("Người tạo mã QR không còn trên hệ thống. Không ghi biên bản.") from error
    if not user.is_active:
        raise Forbidden("Tài khoản của người tạo mã QR đã bị khóa. Không ghi biên bản.")
    return user.actor(relayer.request_id)


def _check_fresh(payload: RelayPayload, read: queries.SubmissionRead) -> None:
    if read.stored_response is not None:
        raise Conflict(
            "Biên bản trong mã QR này đã được ghi (đã gửi từ máy người nhập hoặc đã "
            "chuyển trước đó). Không ghi lần nữa."
        )
    if read.state == SheetState.LOCKED:
        raise Conflict("Biên bản đã khóa sau khi Ban bầu cử xác định kết quả; không thể ghi.")
    expected = entry_version(read.state, read.latest_version)
    if payload.version != expected:
        raise Conflict(
            f"Mã QR được tạo cho phiên bản {payload.version} của biên bản, nay biên bản "
            f"đã ở phiên bản {expected}. Người nhập cần mở lại trang và tạo mã mới."
        )
