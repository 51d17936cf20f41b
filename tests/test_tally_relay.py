"""The signed QR relay: the text's canonical form and signature (pure, table
tests and a property), then the relay through the API and the page against
the real database: recorded as the signer's entry, once; tampered, foreign,
stale and replayed codes refused in Vietnamese; the entry page's post
honouring Idempotency-Key."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from election import db
from election.accounts import services as accounts
from election.actor import Actor, Role, ScopeLevel
from election.errors import InvalidInput
from election.tallies import relay, services
from election.tallies.relay import RelayPayload
from election.tallies.tables import SheetState
from tests.builders import bearer, login_page, post_form, system
from tests.conftest import TEST_SETTINGS
from tests.tally_helpers import consistent_figures

SECRET = TEST_SETTINGS.secret_key
DEMO_PASSWORD = "demo-2026-baucu"
ELECTION_NIGHT = dt.datetime(2026, 3, 15, 21, tzinfo=dt.UTC)

PAYLOAD = RelayPayload(
    sheet_id=12,
    version=1,
    user_id=7,
    idempotency_key="0123456789abcdef0123456789abcdef",
    counts=(1000, 950, 950, 950, 940, 10, 1, 1, 0),
    stock=(40, 1000, None),
    votes=((31, 700), (30, 900), (32, 280)),
    times=("07:00", "19:00", ""),
    reason="Có cử tri dùng giấy chứng nhận",
)
KEY = relay.relay_key(SECRET, sheet_id=12, version=1, user_id=7)


# --------------------------------------------------------------------------
# Pure: the text and its signature


def test_the_canonical_text_is_fixed_field_by_field():
    assert relay.canonical(PAYLOAD) == (
        "BBKP1|s=12|v=1|u=7|k=0123456789abcdef0123456789abcdef"
        "|n=1000,950,950,950,940,10,1,1,0|d=40,1000,|p=30:900;31:700;32:280"
        "|t=07:00,19:00,|r=C%C3%B3%20c%E1%BB%AD%20tri%20d%C3%B9ng%20gi%E1%BA%A5y"
        "%20ch%E1%BB%A9ng%20nh%E1%BA%ADn"
    )
    empty = replace(PAYLOAD, stock=(None, None, None), times=("", "", ""), reason="")
    assert "|d=|" in relay.canonical(empty) and relay.canonical(empty).endswith("|t=|r=")


def test_a_signed_text_verifies_to_its_payload_with_votes_in_order():
    text = relay.signed_text(PAYLOAD, KEY)
    verified = relay.verify(text, SECRET)
    assert verified == replace(PAYLOAD, votes=tuple(sorted(PAYLOAD.votes)))
    # The key is derived: the secret itself never signs, and each part of the
    # derivation changes the key.
    keys = {
        KEY,
        relay.relay_key(SECRET, sheet_id=13, version=1, user_id=7),
        relay.relay_key(SECRET, sheet_id=12, version=2, user_id=7),
        relay.relay_key(SECRET, sheet_id=12, version=1, user_id=8),
        relay.relay_key("another-secret", sheet_id=12, version=1, user_id=7),
    }
    assert len(keys) == 5 and SECRET.encode() not in keys


SIGNED = relay.signed_text(PAYLOAD, KEY)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # Tampered figures, sheet, version or signer: the signature no longer fits.
        (SIGNED.replace("n=1000,950", "n=1000,951"), relay.BAD_SIGNATURE),
        (SIGNED.replace("p=30:900", "p=30:990"), relay.BAD_SIGNATURE),
        (SIGNED.replace("|s=12|", "|s=13|"), relay.BAD_SIGNATURE),
        (SIGNED.replace("|v=1|", "|v=2|"), relay.BAD_SIGNATURE),
        (SIGNED.replace("|u=7|", "|u=8|"), relay.BAD_SIGNATURE),
        (SIGNED.replace("r=C%C3%B3", "r=K%C3%B3"), relay.BAD_SIGNATURE),
        (SIGNED[:-3] + ("AAA" if not SIGNED.endswith("AAA") else "BBB"), relay.BAD_SIGNATURE),
        # Another sheet's key signing this sheet's figures.
        (
            relay.signed_text(PAYLOAD, relay.relay_key(SECRET, sheet_id=13, version=1, user_id=7)),
            relay.BAD_SIGNATURE,
        ),
        # Signed with the app's secret itself rather than the derived key.
        (relay.signed_text(PAYLOAD, SECRET.encode()), relay.BAD_SIGNATURE),
        # Not canonical, though it means the same: refused before the signature.
        (SIGNED.replace("|s=12|", "|s=012|"), relay.MALFORMED),
        (SIGNED.replace("p=30:900;31:700", "p=31:700;30:900"), relay.MALFORMED),
        (SIGNED.replace("%C3%B3", "%c3%b3"), relay.MALFORMED),
        (SIGNED.replace("|d=40,1000,|", "|d=40,1000|"), relay.MALFORMED),
        (SIGNED.replace("BBKP1", "bbkp1"), relay.MALFORMED),
        (SIGNED.replace("|t=07:00,19:00,|", "|t=7:00,19:00,|"), relay.MALFORMED),
        (SIGNED.replace("|t=07:00,", "|t=24:00,"), relay.MALFORMED),
        (SIGNED.replace("|r=", "|x=1|r="), relay.MALFORMED),
        (SIGNED.rsplit("|h=", 1)[0], relay.MALFORMED),
        (SIGNED.replace("p=30:900;", "p=30:900;30:1;"), relay.MALFORMED),
        (SIGNED.replace("n=1000,", "n="), relay.MALFORMED),
        (SIGNED.replace("r=C%C3%B3", "r=C%FF"), relay.MALFORMED),
        ("", relay.MALFORMED),
        ("https://example.com/not-a-sheet", relay.MALFORMED),
        (SIGNED + "x" * 5000, relay.MALFORMED),
    ],
)
def test_tampered_foreign_and_non_canonical_texts_are_refused(text, message):
    with pytest.raises(InvalidInput) as refused:
        relay.verify(text, SECRET)
    assert refused.value.detail == message


@pytest.mark.parametrize(
    ("state", "latest", "expected"),
    [
        (SheetState.DRAFT, 0, 1),
        (SheetState.SUBMITTED, 1, 1),
        (SheetState.VERIFIED, 1, 1),
        # A correction of an approved sheet opens the next version (Art. 76 corrections).
        (SheetState.APPROVED, 1, 2),
        (SheetState.APPROVED, 2, 3),
        (SheetState.SUBMITTED, 2, 2),
    ],
)
def test_the_version_a_new_entry_takes(state, latest, expected):
    assert relay.entry_version(state, latest) == expected


counts = st.integers(min_value=0, max_value=10**9)
payloads = st.builds(
    RelayPayload,
    sheet_id=st.integers(min_value=1, max_value=10**9),
    version=st.integers(min_value=1, max_value=99),
    user_id=st.integers(min_value=1, max_value=10**9),
    idempotency_key=st.text(alphabet="0123456789abcdefABCDEF-", min_size=8, max_size=64),
    counts=st.tuples(*[counts] * 9),
    stock=st.tuples(*[st.none() | counts] * 3),
    votes=st.dictionaries(
        st.integers(min_value=1, max_value=10**6), counts, min_size=1, max_size=20
    ).map(lambda votes: tuple(sorted(votes.items()))),
    times=st.tuples(*[st.sampled_from(["", "00:00", "07:05", "19:30", "23:59"])] * 3),
    reason=st.text(max_size=60),
)


@given(payloads)
def test_every_payload_survives_the_round_trip_and_only_its_own_key_verifies(payload):
    key = relay.relay_key(
        SECRET, sheet_id=payload.sheet_id, version=payload.version, user_id=payload.user_id
    )
    text = relay.signed_text(payload, key)
    assert text.isascii() and "\n" not in text
    assert relay.verify(text, SECRET) == payload
    other = relay.relay_key(
        SECRET, sheet_id=payload.sheet_id + 1, version=payload.version, user_id=payload.user_id
    )
    with pytest.raises(InvalidInput):
        relay.verify(relay.signed_text(payload, other), SECRET)


# --------------------------------------------------------------------------
# Against the database: the API and the page


async def area_one_sheet(level: str = "hdnd_xa") -> services.SheetContext:
    """Area 1's sheet of a contest (sheets are made when the area is first opened)."""
    area_id = await db.fetchval(
        "SELECT id FROM polling_area WHERE commune = '31825' AND number = 1"
    )
    sheets = await services.area_sheets(polling_area_id=area_id, actor=system())
    return next(s for s in sheets if s.level.value == level)


async def user_id(username: str) -> int:
    return (await actor_of(username)).user_id or 0


async def actor_of(username: str):
    user = await accounts.find_user(username=username)
    assert user is not None
    return user.actor()


def qr_text(
    sheet: services.SheetContext,
    signer_id: int,
    *,
    version: int = 1,
    key: str = "a1b2c3d4e5f60718293a4b5c6d7e8f90",
    shift: int = 0,
) -> str:
    figures = consistent_figures(sheet)
    votes = dict(figures.votes)
    first = sheet.candidates[0].id
    votes[first] -= shift
    payload = RelayPayload(
        sheet_id=sheet.id,
        version=version,
        user_id=signer_id,
        idempotency_key=key,
        counts=(
            figures.voters_on_list,
            figures.voters_took_part,
            figures.ballots_issued,
            figures.ballots_received,
            figures.valid,
            figures.invalid,
            0,
            0,
            0,
        ),
        stock=(None, None, None),
        votes=tuple(sorted(votes.items())),
        times=("07:00", "19:00", "20:30"),
        reason="",
    )
    signing_key = relay.relay_key(SECRET, sheet_id=sheet.id, version=version, user_id=signer_id)
    return relay.signed_text(payload, signing_key)


async def entries_of(sheet_id: int) -> list[tuple[str, str | None]]:
    rows = await db.fetch(
        "SELECT entered_by, idempotency_key FROM tally_entry WHERE sheet = $1 ORDER BY id",
        sheet_id,
    )
    return [(r["entered_by"], r["idempotency_key"]) for r in rows]


async def test_a_relayed_code_is_the_signers_entry_once_and_the_relayer_is_audited(client, demo):
    sheet = await area_one_sheet()
    text = qr_text(sheet, await user_id("to.kv01"))
    headers = await bearer(client, "phuong.baclieu", DEMO_PASSWORD)

    response = await client.post("/api/v1/tally-relay", json={"payload": text}, headers=headers)
    assert response.status_code == 201, response.text
    assert response.json()["entered_by"] == "to.kv01"
    assert response.json()["state"] == "submitted"
    assert await entries_of(sheet.id) == [("to.kv01", "a1b2c3d4e5f60718293a4b5c6d7e8f90")]
    events = await db.fetch(
        "SELECT actor_username, action, summary FROM audit_event "
        "WHERE entity_type = 'tally_sheet' AND entity_id = $1 ORDER BY id",
        str(sheet.id),
    )
    assert [(e["actor_username"], e["action"]) for e in events] == [
        ("to.kv01", "entry"),
        ("phuong.baclieu", "relay"),
    ]
    assert "mã QR đã ký" in events[-1]["summary"]

    # The same code again: refused in Vietnamese, nothing written.
    again = await client.post("/api/v1/tally-relay", json={"payload": text}, headers=headers)
    assert again.status_code == 409
    assert "đã được ghi" in again.json()["detail"]
    assert len(await entries_of(sheet.id)) == 1

    # The officer's own phone, back online, sends its queued form with the same
    # key: the server finds the relayed entry and writes nothing.
    client.cookies.clear()
    await login_page(client, "to.kv01", DEMO_PASSWORD)
    await client.get(f"/tally-sheets/{sheet.id}")
    page = await post_form(
        client,
        f"/tally-sheets/{sheet.id}/entries",
        sheet_form(sheet, idempotency_key="something-else"),
        headers={"Idempotency-Key": "a1b2c3d4e5f60718293a4b5c6d7e8f90"},
    )
    assert page.status_code == 303
    assert len(await entries_of(sheet.id)) == 1


def sheet_form(sheet: services.SheetContext, *, idempotency_key: str) -> dict:
    figures = consistent_figures(sheet)
    data = {
        name: str(getattr(figures, name))
        for name in (
            "voters_on_list",
            "voters_took_part",
            "ballots_issued",
            "ballots_received",
            "valid",
            "invalid",
        )
    }
    data.update(
        complaints_received="0",
        complaints_settled="0",
        complaints_forwarded="0",
        idempotency_key=idempotency_key,
    )
    data.update({f"vote_{cid}": str(votes) for cid, votes in figures.votes.items()})
    return data


async def test_the_entry_page_post_honours_the_idempotency_key_header(client, demo):
    sheet = await area_one_sheet("dbqh")
    await login_page(client, "to.kv01", DEMO_PASSWORD)
    await client.get(f"/tally-sheets/{sheet.id}")
    for hidden in ("first-render-key", "second-render-key"):
        response = await post_form(
            client,
            f"/tally-sheets/{sheet.id}/entries",
            sheet_form(sheet, idempotency_key=hidden),
            headers={"Idempotency-Key": "queued-on-the-phone-0001"},
        )
        assert response.status_code == 303, response.text
    assert await entries_of(sheet.id) == [("to.kv01", "queued-on-the-phone-0001")]


async def test_tampered_foreign_stale_and_unauthorised_codes_write_nothing(client, demo):
    sheet = await area_one_sheet()
    other = await area_one_sheet("hdnd_tinh")
    head, secretary = await user_id("to.kv01"), await user_id("to.kv01.thuky")
    headers = await bearer(client, "to.kv01.thuky", DEMO_PASSWORD)

    async def refused(text: str, status: int, words: str) -> None:
        response = await client.post("/api/v1/tally-relay", json={"payload": text}, headers=headers)
        assert response.status_code == status, response.text
        assert words in response.json()["detail"]

    good = qr_text(sheet, head)
    listed = sheet.voters_on_list_from_list
    await refused(good.replace(f"|n={listed},", f"|n={listed + 1},"), 422, "Chữ ký")
    tampered = good.split("|p=")[0] + "|p=" + good.split("|p=")[1].replace(":", ":1", 1)
    await refused(tampered, 422, "Chữ ký của mã QR không hợp lệ")
    # Another sheet's key: the head's code for the provincial sheet, relabelled.
    foreign = qr_text(other, head).replace(f"|s={other.id}|", f"|s={sheet.id}|")
    await refused(foreign, 422, "không được tạo cho biên bản")
    await refused("BBKP1|s=1", 422, "không phải mã QR biên bản")
    # A version the sheet is not at.
    await refused(qr_text(sheet, head, version=2), 409, "phiên bản 2")
    # Signed by someone who may not enter the sheet (a board member).
    await refused(qr_text(sheet, await user_id("ban.baclieu")), 403, "không có quyền nhập")
    assert await entries_of(sheet.id) == []

    # The relayer may be the team's other officer; then the sheet moves on and
    # the old code is stale.
    ok = await client.post("/api/v1/tally-relay", json={"payload": good}, headers=headers)
    assert ok.status_code == 201
    second = qr_text(sheet, secretary, key="secretary-key-0001")
    assert (
        await client.post("/api/v1/tally-relay", json={"payload": second}, headers=headers)
    ).json()["state"] == "verified"
    board = await actor_of("ban.baclieu")
    await services.approve(sheet_id=sheet.id, actor=board, comment="")
    await refused(qr_text(sheet, head, key="late-key-00000001"), 409, "phiên bản 2")
    assert len(await entries_of(sheet.id)) == 2

    # An observer may not relay at all.
    observer = await bearer(client, "giamsat.baclieu", DEMO_PASSWORD)
    response = await client.post("/api/v1/tally-relay", json={"payload": good}, headers=observer)
    assert response.status_code == 403


async def test_the_relay_page_and_the_relay_key_of_the_entry_page(client, demo):
    sheet = await area_one_sheet()
    head = await user_id("to.kv01")
    await login_page(client, "to.kv01", DEMO_PASSWORD)
    key = await client.get(f"/tally-sheets/{sheet.id}/relay-key")
    assert key.status_code == 200
    assert key.headers["cache-control"] == "no-store"
    assert key.json() == {
        "sheet_id": sheet.id,
        "version": 1,
        "user_id": head,
        "key": relay.encode_key(
            relay.relay_key(SECRET, sheet_id=sheet.id, version=1, user_id=head)
        ),
    }
    assert SECRET not in key.text
    page = await client.get(f"/tally-sheets/{sheet.id}")
    assert "Tạo mã QR để chuyển biên bản" in page.text
    assert "data-offline-queue" in page.text and "data-offline-status" in page.text

    client.cookies.clear()
    await login_page(client, "ban.baclieu", DEMO_PASSWORD)
    assert (await client.get(f"/tally-sheets/{sheet.id}/relay-key")).status_code == 403

    client.cookies.clear()
    await login_page(client, "phuong.baclieu", DEMO_PASSWORD)
    form = await client.get("/tally-relay")
    assert form.status_code == 200 and "Chuyển biên bản bằng mã QR" in form.text
    bad = await post_form(client, "/tally-relay", {"payload": qr_text(sheet, head) + "x"})
    assert bad.status_code == 422
    assert "không phải mã QR biên bản" in bad.text
    done = await post_form(client, "/tally-relay", {"payload": qr_text(sheet, head)})
    assert done.status_code == 200, done.text
    assert "Đã chuyển biên bản" in done.text
    assert "Tổ trưởng Tổ bầu cử khu vực số 1" in done.text
    again = await post_form(client, "/tally-relay", {"payload": qr_text(sheet, head)})
    assert again.status_code == 409 and "đã được ghi" in again.text
    assert await entries_of(sheet.id) == [("to.kv01", "a1b2c3d4e5f60718293a4b5c6d7e8f90")]


async def test_the_service_worker_manifest_and_offline_page_are_public(client):
    worker = await client.get("/sw.js")
    assert worker.status_code == 200
    assert worker.headers["content-type"].startswith("text/javascript")
    assert "election-pages-v1" in worker.text
    offline = await client.get("/offline")
    assert offline.status_code == 200 and "Không có kết nối mạng" in offline.text
    manifest = await client.get("/static/manifest.webmanifest")
    assert manifest.status_code == 200
    assert manifest.json()["lang"] == "vi" and manifest.json()["icons"]
    assert (await client.get("/static/vendor/qrcode.js")).status_code == 200


@pytest.mark.parametrize("when", [ELECTION_NIGHT])
async def test_the_service_relays_with_a_given_clock(demo, when):
    sheet = await area_one_sheet("hdnd_tinh")
    relayer = await actor_of("phuong.baclieu")
    relayed = await relay.relay(
        text=qr_text(sheet, await user_id("to.kv01.thuky")),
        actor=relayer,
        secret=SECRET,
        now=when,
    )
    assert relayed.entered_by == "to.kv01.thuky"
    assert relayed.place.startswith("khu vực bỏ phiếu số 1")


@pytest.mark.parametrize(
    ("role", "scope", "commune", "area", "allowed"),
    [
        # A station officer of the sheet's commune, of any of its areas.
        (Role.STATION_OFFICER, ScopeLevel.POLLING_AREA, "31825", "own", True),
        (Role.STATION_OFFICER, ScopeLevel.POLLING_AREA, "31825", "other", True),
        # Another commune's officer: no.
        (Role.STATION_OFFICER, ScopeLevel.POLLING_AREA, "31801", "other", False),
        # The commune's staff; another commune's staff: no.
        (Role.COMMUNE_STAFF, ScopeLevel.COMMUNE, "31825", None, True),
        (Role.COMMUNE_STAFF, ScopeLevel.COMMUNE, "31801", None, False),
        # Read-only and board roles do not relay entries.
        (Role.OBSERVER, ScopeLevel.COMMUNE, "31825", None, False),
        (Role.BOARD_MEMBER, ScopeLevel.COMMUNE, "31825", None, False),
    ],
)
async def test_who_may_relay_a_sheet(demo, role, scope, commune, area, allowed):
    sheet = await area_one_sheet()
    actor = Actor(
        user_id=999,
        username="relayer",
        full_name="Người chuyển",
        role=role,
        scope_level=scope,
        province_code=sheet.province_code,
        commune_code=commune,
        polling_area_id={"own": sheet.polling_area_id, "other": -1}.get(area or ""),
    )
    assert relay.may_relay(actor, sheet) is allowed
