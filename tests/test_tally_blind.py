"""Blind double entry: until a reader's own entry of a sheet version is saved,
no service view, API response, page or PDF shows them the figures another
person typed for it; then the two typings show side by side. And each sheet
phase is worded once, so that every message agrees with the state."""

from __future__ import annotations

import dataclasses
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from election import db
from election.errors import Forbidden
from election.tallies import rules, services
from election.tallies.rules.status import STATUSES, SheetPhase, Tone, sheet_phase, sheet_status
from election.tallies.rules.visibility import (
    WITHHELD_NOTES,
    Reader,
    VersionTyping,
    blind_consistency,
    may_see_entry,
    may_see_figures,
)
from election.tallies.tables import SheetState
from tests.builders import bearer, login_page, post_form, system
from tests.pdf import pdf_text, squash
from tests.tally_helpers import NIGHT, consistent_figures, demo_actor

DEMO_PASSWORD = "demo-2026-baucu"
HEAD, SECRETARY = "to.kv01", "to.kv01.thuky"
# The head's incidents text: found anywhere, it would show the head's typing.
HEAD_MARK = "Tổ trưởng ghi: hòm phiếu phụ mang về lúc 17 giờ"
HEAD_WITNESS = "Trần Thị Chứng Kiến"

# --------------------------------------------------------------------------
# The rule, as a table


def typing(typists=(), *, verified=False, flagged=False) -> VersionTyping:
    return VersionTyping(typists=frozenset(typists), verified=verified, flagged_for_review=flagged)


@pytest.mark.parametrize(
    ("reader", "typed", "expected"),
    [
        # A typist sees others' figures only after their own entry is saved.
        (Reader.TYPIST, typing(["head"]), False),
        (Reader.TYPIST, typing(["head", "staff"]), False),
        (Reader.TYPIST, typing(["head"], flagged=True), False),
        (Reader.TYPIST, typing(["head", "me"]), True),
        (Reader.TYPIST, typing(["me"]), True),
        (Reader.TYPIST, typing(["head", "staff"], verified=True), True),
        # The unit's board: once two people typed, or warnings send it for review.
        (Reader.REVIEWER, typing(), False),
        (Reader.REVIEWER, typing(["head"]), False),
        (Reader.REVIEWER, typing(["head"], flagged=True), True),
        (Reader.REVIEWER, typing(["head", "secretary"]), True),
        (Reader.REVIEWER, typing(["head", "secretary"], verified=True), True),
        # Others (observers, other boards): only figures two typings confirmed.
        (Reader.OBSERVER, typing(["head"]), False),
        (Reader.OBSERVER, typing(["head", "secretary"]), False),
        (Reader.OBSERVER, typing(["head"], flagged=True), False),
        (Reader.OBSERVER, typing(["head", "secretary"], verified=True), True),
        # The programme itself (printing jobs, the command line).
        (Reader.SYSTEM, typing(["head"]), True),
    ],
)
def test_who_may_see_the_figures_of_a_version(reader, typed, expected):
    assert may_see_figures(reader, "me", typed) is expected


def test_an_author_always_sees_their_own_entry():
    for reader in Reader:
        assert may_see_entry(reader, "me", entered_by="me", typing=typing(["me", "head"]))
    assert not may_see_entry(Reader.TYPIST, "me", entered_by="head", typing=typing(["head"]))


def test_every_reader_kept_from_figures_is_told_why():
    for reader in (Reader.TYPIST, Reader.REVIEWER, Reader.OBSERVER):
        assert WITHHELD_NOTES[reader].endswith(".")


names = st.sampled_from(["me", "head", "secretary", "staff"])


@given(
    reader=st.sampled_from(list(Reader)),
    typists=st.frozensets(names),
    verified=st.booleans(),
    flagged=st.booleans(),
    extra=names,
)
def test_more_typing_never_hides_what_was_shown(reader, typists, verified, flagged, extra):
    """Figures once shown stay shown: another typing, a verification or a flag
    only widens who sees them."""
    before = VersionTyping(typists, verified, flagged)
    wider = [
        VersionTyping(typists | {extra}, verified, flagged),
        VersionTyping(typists, True, flagged),
        VersionTyping(typists, verified, True),
    ]
    if may_see_figures(reader, "me", before):
        assert all(may_see_figures(reader, "me", after) for after in wider)


@given(typists=st.frozensets(names), flagged=st.booleans())
def test_a_typist_who_has_not_typed_never_sees_unverified_figures(typists, flagged):
    others = typists - {"me"}
    assert not may_see_figures(Reader.TYPIST, "me", VersionTyping(others, False, flagged))


levels = st.sampled_from(rules.LEVELS)
counts = st.integers(min_value=0, max_value=5000)


@given(
    took_part=st.dictionaries(levels, counts),
    on_list=st.dictionaries(levels, counts),
    hidden=st.frozensets(levels),
)
def test_the_area_check_warns_alike_but_quotes_no_hidden_sheet(took_part, on_list, hidden):
    """The same warnings (code, field, article) as the check of Art. 76(2);
    with nothing hidden, the same words too; a pair with a hidden sheet
    quotes neither sheet's figures."""
    full = rules.check_contest_consistency(took_part, on_list)
    blind = blind_consistency(took_part, on_list, hidden=hidden)
    assert [(v.code, v.field, v.article, v.severity) for v in blind] == [
        (v.code, v.field, v.article, v.severity) for v in full
    ]
    if not hidden:
        assert blind == full
    for warning in blind:
        if warning not in full:  # reworded: a pair with a hidden sheet
            assert hidden and not any(ch.isdigit() for ch in warning.message)


# --------------------------------------------------------------------------
# The status of each phase, as a table


@pytest.mark.parametrize(
    ("state", "needs_review", "version", "mismatched", "phase"),
    [
        (SheetState.DRAFT, False, 1, False, SheetPhase.NOT_ENTERED),
        (SheetState.SUBMITTED, False, 1, False, SheetPhase.FIRST_ENTRY),
        (SheetState.SUBMITTED, True, 1, False, SheetPhase.FIRST_ENTRY),
        (SheetState.SUBMITTED, False, 1, True, SheetPhase.MISMATCH),
        (SheetState.SUBMITTED, False, 2, True, SheetPhase.MISMATCH),
        (SheetState.SUBMITTED, False, 2, False, SheetPhase.CORRECTION),
        (SheetState.VERIFIED, False, 1, False, SheetPhase.VERIFIED),
        (SheetState.VERIFIED, True, 1, False, SheetPhase.REVIEW),
        (SheetState.VERIFIED, True, 2, False, SheetPhase.REVIEW),
        (SheetState.APPROVED, False, 1, False, SheetPhase.APPROVED),
        (SheetState.APPROVED, True, 1, False, SheetPhase.APPROVED),
        (SheetState.LOCKED, False, 1, False, SheetPhase.LOCKED),
        (SheetState.LOCKED, True, 2, False, SheetPhase.LOCKED),
    ],
)
def test_each_state_has_one_phase(state, needs_review, version, mismatched, phase):
    assert (
        sheet_phase(state, needs_review=needs_review, version=version, mismatched=mismatched)
        == phase
    )


def test_every_phase_is_worded_and_the_words_agree_with_it():
    assert set(STATUSES) == set(SheetPhase)
    for phase, status in STATUSES.items():
        assert status.label and status.next_step.endswith(".")
        assert status.after_entry.endswith(".")
        words = f"{status.label} {status.next_step} {status.after_entry}"
        # Only a verified sheet with warnings waits for the board's review.
        assert ("xem xét" in words) == (phase == SheetPhase.REVIEW), phase
        # Only a mismatch is told the typings differ, never as done.
        assert ("khác nhau" in words) == (phase == SheetPhase.MISMATCH), phase
        if phase == SheetPhase.MISMATCH:
            assert status.tone == Tone.ATTENTION
            assert "Đã ghi biên bản" not in status.after_entry
        if phase in (SheetPhase.APPROVED, SheetPhase.LOCKED):
            assert "chờ" not in words and status.tone == Tone.DONE
        if "kiểm tra chéo" in status.label and phase not in (
            SheetPhase.VERIFIED,
            SheetPhase.REVIEW,
        ):
            assert "chưa kiểm tra chéo" in status.label or "chờ kiểm tra chéo" in status.label


def test_every_state_and_flag_gives_a_status():
    for state, review, version, mismatched in itertools.product(
        SheetState, (False, True), (1, 2), (False, True)
    ):
        status = sheet_status(state, needs_review=review, version=version, mismatched=mismatched)
        if state in (SheetState.APPROVED, SheetState.LOCKED):
            assert "xem xét" not in status.label + status.next_step


# --------------------------------------------------------------------------
# The service's view


async def hdnd_xa_sheet():
    head = await demo_actor(HEAD)
    sheets = await services.area_sheets(polling_area_id=head.polling_area_id, actor=head)
    return next(s for s in sheets if s.level.value == "hdnd_xa")


def head_submission(sheet) -> services.Submission:
    return services.Submission(
        figures=consistent_figures(sheet),
        incidents=HEAD_MARK,
        signatories={"head": HEAD_WITNESS, "witnesses": [{"name": HEAD_WITNESS}]},
    )


async def enter(sheet, submission, username):

    return await services.submit(
        sheet_id=sheet.id, submission=submission, actor=await demo_actor(username), now=NIGHT
    )


def shifted(sheet) -> services.Submission:
    """The secretary's typing: one candidate's votes read differently."""
    figures = consistent_figures(sheet)
    first = sheet.candidates[0].id
    votes = {**figures.votes, first: figures.votes[first] - 3}
    return services.Submission(figures=dataclasses.replace(figures, votes=votes))


async def view(sheet, username):
    actor = system() if username == "system" else await demo_actor(username)
    return await services.sheet_view(sheet_id=sheet.id, actor=actor)


async def test_the_view_holds_no_foreign_figures_until_the_readers_own_entry(demo):
    sheet = await hdnd_xa_sheet()
    await enter(sheet, head_submission(sheet), HEAD)

    for username in (SECRETARY, "phuong.baclieu", "ban.baclieu", "giamsat.baclieu"):
        seen = await view(sheet, username)
        assert seen.shown is None and seen.compared is None, username
        assert [line.hidden for line in seen.entries] == [True], username
        assert seen.entries[0].entered_by == HEAD and seen.entries[0].figures is None
        assert seen.withheld_note
        assert seen.status.phase == SheetPhase.FIRST_ENTRY
    # The head sees their own; the programme sees everything.
    assert (await view(sheet, HEAD)).shown.incidents == HEAD_MARK
    assert (await view(sheet, "system")).shown.incidents == HEAD_MARK
    secretary = await demo_actor(SECRETARY)
    current = await services.get_sheet(sheet_id=sheet.id, actor=secretary)
    with pytest.raises(Forbidden) as refused:
        await services.standing_entry(sheet=current, actor=secretary)
    assert "lưu lần nhập của mình" in refused.value.detail

    # The secretary's own typing, one cell different: now side by side.
    response = await enter(sheet, shifted(sheet), SECRETARY)
    assert response["state"] == "submitted" and len(response["mismatches"]) == 1
    seen = await view(sheet, SECRETARY)
    assert not seen.withheld and seen.status.phase == SheetPhase.MISMATCH
    other, mine = seen.compared
    assert other.entered_by == HEAD and mine.entered_by == SECRETARY
    assert seen.mismatches == [f"votes:{sheet.candidates[0].id}"]
    # The board sees both typings now; commune staff who typed nothing do not.
    assert (await view(sheet, "ban.baclieu")).compared is not None
    staff = await view(sheet, "phuong.baclieu")
    assert staff.shown is None and all(line.hidden for line in staff.entries)
    assert staff.status.phase == SheetPhase.MISMATCH
    assert (await view(sheet, "giamsat.baclieu")).shown is None

    # The secretary corrects the slip: verified, and everyone may see it.
    await enter(sheet, head_submission(sheet), SECRETARY)
    for username in ("phuong.baclieu", "giamsat.baclieu", "ban.baclieu"):
        seen = await view(sheet, username)
        assert seen.shown is not None and not seen.withheld, username
        assert seen.status.phase == SheetPhase.VERIFIED


async def test_the_board_sees_a_first_entry_flagged_for_review(demo):
    sheet = await hdnd_xa_sheet()
    figures = consistent_figures(sheet)
    # Took part ≠ ballots received: a warning, the sheet goes to review.
    flagged = dataclasses.replace(
        figures, ballots_received=figures.ballots_received - 1, invalid=figures.invalid - 1
    )
    response = await enter(sheet, services.Submission(figures=flagged), HEAD)
    assert response["warnings"]
    assert (await view(sheet, "ban.baclieu")).shown is not None
    assert (await view(sheet, SECRETARY)).shown is None
    assert (await view(sheet, "giamsat.baclieu")).shown is None


async def test_a_correction_is_blind_while_the_approved_figures_stay_visible(demo):
    sheet = await hdnd_xa_sheet()
    await enter(sheet, head_submission(sheet), HEAD)
    await enter(sheet, head_submission(sheet), SECRETARY)
    await services.approve(sheet_id=sheet.id, actor=await demo_actor("ban.baclieu"))
    approved = (await view(sheet, SECRETARY)).shown
    assert approved is not None and approved.version == 1

    fixed = head_submission(sheet)
    fixed = dataclasses.replace(
        fixed,
        figures=dataclasses.replace(fixed.figures, complaints_received=1, complaints_settled=1),
        reason="Bỏ sót một khiếu nại đã giải quyết",
    )
    await enter(sheet, fixed, HEAD)
    seen = await view(sheet, SECRETARY)
    assert seen.status.phase == SheetPhase.CORRECTION
    # The approved version still shows; the correction's typing does not.
    assert seen.shown is not None and seen.shown.id == approved.id
    assert [line.hidden for line in seen.entries] == [False, False, True]
    assert seen.compared is None


async def test_the_area_check_quotes_no_figures_of_a_sheet_typed_by_another(demo):
    head = await demo_actor(HEAD)
    sheets = {
        s.level.value: s
        for s in await services.area_sheets(polling_area_id=head.polling_area_id, actor=head)
    }
    national, ward = sheets["dbqh"], sheets["hdnd_xa"]
    # The head's ĐBQH sheet: few voters took part.
    few = consistent_figures(national, took_part=national.voters_on_list_from_list // 2)
    await enter(national, services.Submission(figures=few), HEAD)

    # The secretary's ward sheet: more took part than in the head's ĐBQH sheet.
    response = await enter(ward, services.Submission(figures=consistent_figures(ward)), SECRETARY)
    (warning,) = [w for w in response["warnings"] if w["code"] == rules.CONTEST_ORDER]
    assert "bầu cử ĐBQH" in warning["message"]
    assert not any(ch.isdigit() for ch in warning["message"])
    # The head's own ward sheet may quote the head's own ĐBQH figures.
    response = await enter(ward, services.Submission(figures=consistent_figures(ward)), HEAD)
    (warning,) = [w for w in response["warnings"] if w["code"] == rules.CONTEST_ORDER]
    assert f"({few.voters_took_part})" in warning["message"].replace(".", "")


async def test_unit_sums_are_kept_from_a_typist_whose_sheet_holds_anothers_typing(demo):
    sheet = await hdnd_xa_sheet()

    async def withheld(username):
        actor = system() if username == "system" else await demo_actor(username)
        return await services.withholds_unit_sums(unit_id=sheet.unit_id, actor=actor)

    assert not await withheld(SECRETARY)  # nothing typed yet
    await enter(sheet, head_submission(sheet), HEAD)
    # With one sheet reported the sums are the head's figures.
    assert await withheld(SECRETARY) and await withheld("phuong.baclieu")
    for username in (HEAD, "ban.baclieu", "giamsat.baclieu", "system"):
        assert not await withheld(username), username
    await enter(sheet, shifted(sheet), SECRETARY)
    assert not await withheld(SECRETARY)
    assert await withheld("phuong.baclieu")
    await enter(sheet, head_submission(sheet), SECRETARY)  # verified
    assert not await withheld("phuong.baclieu")


# --------------------------------------------------------------------------
# The API


async def test_the_api_gives_the_second_reader_no_figures_before_their_entry(client, demo):
    sheet = await hdnd_xa_sheet()
    await enter(sheet, head_submission(sheet), HEAD)
    secretary = await bearer(client, SECRETARY, DEMO_PASSWORD)
    base = f"/api/v1/tally-sheets/{sheet.id}"

    got = await client.get(base, headers=secretary)
    assert got.status_code == 200
    typed = set(rules.FIELDS) | {"votes", "figures", "incidents"}
    assert not typed & set(got.json()), "the sheet carries no typed figures"
    assert got.json()["state"] == "submitted"
    assert got.json()["status_label"] == "Đã nhập lần thứ nhất, chờ kiểm tra chéo"
    assert got.json()["next_step"].startswith("Một người khác nhập lại độc lập")

    entries = await client.get(f"{base}/entries", headers=secretary)
    assert entries.status_code == 200
    (line,) = entries.json()
    assert line["hidden"] is True and line["figures"] is None
    assert line["entered_by"] == HEAD and line["signatories"] == {}
    assert HEAD_MARK not in entries.text and HEAD_WITNESS not in entries.text

    pdf = await client.get(f"{base}/minutes.pdf", headers=secretary)
    assert pdf.status_code == 403
    assert "lưu lần nhập của mình" in pdf.json()["detail"]
    blank = await client.get(f"{base}/minutes.pdf?blank=true", headers=secretary)
    assert blank.status_code == 200
    assert HEAD_WITNESS not in squash(pdf_text(blank.content))
    area = sheet.polling_area_id
    use = await client.get(
        f"/api/v1/polling-areas/{area}/ballot-use-minutes.pdf", headers=secretary
    )
    assert use.status_code == 200
    assert HEAD_WITNESS not in squash(pdf_text(use.content))

    # After the secretary's own typing the two show, and the minutes print.
    body = {
        "voters_on_list": sheet.voters_on_list_from_list,
        **{
            name: getattr(consistent_figures(sheet), name)
            for name in ("voters_took_part", "ballots_issued", "ballots_received", "valid")
        },
        "invalid": consistent_figures(sheet).invalid,
        "votes": [
            {"candidate_id": cid, "votes": votes}
            for cid, votes in shifted(sheet).figures.votes.items()
        ],
        "complaints_received": 0,
        "complaints_settled": 0,
        "complaints_forwarded": 0,
    }
    posted = await client.post(f"{base}/entries", json=body, headers=secretary)
    assert posted.status_code == 201, posted.text
    entries = (await client.get(f"{base}/entries", headers=secretary)).json()
    assert [e["hidden"] for e in entries] == [False, False]
    assert entries[0]["incidents"] == HEAD_MARK
    assert (await client.get(f"{base}/minutes.pdf", headers=secretary)).status_code == 200
    got = (await client.get(base, headers=secretary)).json()
    assert got["status_label"] == "Hai lần nhập khác nhau, chưa kiểm tra chéo"

    # Commune staff who typed nothing still get no figures.
    staff = await bearer(client, "phuong.baclieu", DEMO_PASSWORD)
    entries = (await client.get(f"{base}/entries", headers=staff)).json()
    assert [e["figures"] for e in entries] == [None, None]
    assert (await client.get(f"{base}/minutes.pdf", headers=staff)).status_code == 403


# --------------------------------------------------------------------------
# The page and its PDFs


async def test_the_page_hides_the_heads_figures_then_compares_and_words_each_state(client, demo):
    from tests.test_tally_pages import form_values

    sheet = await hdnd_xa_sheet()
    await login_page(client, HEAD, DEMO_PASSWORD)
    typed = {**form_values(sheet), "incidents": HEAD_MARK, "witness_1": HEAD_WITNESS}
    response = await post_form(client, f"/tally-sheets/{sheet.id}/entries", typed)
    assert response.status_code == 303
    page = await client.get(response.headers["location"])
    assert "Đã ghi biên bản. Cần một người khác nhập lại" in page.text
    head_votes = typed[f"vote_{sheet.candidates[0].id}"]

    client.cookies.clear()
    await login_page(client, SECRETARY, DEMO_PASSWORD)
    page = await client.get(f"/tally-sheets/{sheet.id}")
    assert page.status_code == 200
    text = page.text
    assert "Đã nhập lần thứ nhất, chờ kiểm tra chéo" in text
    assert "Số liệu của biên bản" not in text and "compare-table" not in text
    assert f"<td>{head_votes}</td>" not in text
    assert HEAD_MARK not in text and HEAD_WITNESS not in text
    assert f'/tally-sheets/{sheet.id}/minutes.pdf"' not in text  # only the blank form's link
    assert "lưu lần nhập của mình" in text
    assert HEAD in text  # who typed may show
    minutes = await client.get(f"/tally-sheets/{sheet.id}/minutes.pdf")
    assert minutes.status_code == 403 and "lưu lần nhập của mình" in minutes.text
    blank = await client.get(f"/tally-sheets/{sheet.id}/minutes.pdf?blank=1")
    assert blank.status_code == 200 and HEAD_WITNESS not in squash(pdf_text(blank.content))
    use = await client.get(f"/polling-areas/{sheet.polling_area_id}/ballot-use-minutes.pdf")
    assert use.status_code == 200 and HEAD_WITNESS not in squash(pdf_text(use.content))

    # A mismatched second entry: a warning notice, never the green "Đã ghi biên bản".
    response = await post_form(
        client, f"/tally-sheets/{sheet.id}/entries", form_values(sheet, shift=3)
    )
    assert response.status_code == 303
    page = await client.get(response.headers["location"])
    text = page.text
    assert 'class="notice notice-attention"' in text
    assert "khác lần nhập trước" in text and "Đã ghi biên bản" not in text
    assert "Hai lần nhập khác nhau ở 1 ô" in text and 'class="mismatch"' in text
    assert f"<td>{head_votes}</td>" in text  # the head's cell, beside the secretary's
    assert "Hai lần nhập khác nhau, chưa kiểm tra chéo" in text
    assert (await client.get(f"/tally-sheets/{sheet.id}/minutes.pdf")).status_code == 200

    # Matching typing: verified, worded so.
    response = await post_form(client, f"/tally-sheets/{sheet.id}/entries", form_values(sheet))
    page = await client.get(response.headers["location"])
    assert "Hai lần nhập khớp nhau: biên bản đã được kiểm tra chéo" in page.text
    assert "notice-attention" not in page.text


async def test_an_approved_flagged_sheet_never_asks_for_review(client, demo):
    sheet = await hdnd_xa_sheet()
    figures = consistent_figures(sheet)
    flagged = services.Submission(
        figures=dataclasses.replace(
            figures, ballots_received=figures.ballots_received - 1, invalid=figures.invalid - 1
        )
    )
    await enter(sheet, flagged, HEAD)
    await enter(sheet, flagged, SECRETARY)
    await login_page(client, "ban.baclieu", DEMO_PASSWORD)
    page = await client.get(f"/tally-sheets/{sheet.id}")
    assert "có cảnh báo cần Ban bầu cử xem xét" in page.text
    response = await post_form(
        client, f"/tally-sheets/{sheet.id}/approve", {"comment": "Đã đối chiếu biên bản giấy."}
    )
    assert response.status_code == 303
    page = await client.get(response.headers["location"])
    assert "Ban bầu cử đã phê duyệt" in page.text
    assert "cần Ban bầu cử xem xét" not in page.text
    assert "Đã phê duyệt biên bản kết quả kiểm phiếu." in page.text
    state = await db.fetchval("SELECT state FROM tally_sheet WHERE id = $1", sheet.id)
    assert state == "approved"
