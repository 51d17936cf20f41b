"""No verdict before the count is complete (Art. 77): with 1 of a unit's
sheets approved, whatever turnout that sheet shows, no page, API response,
export or printed form says who won or that the unit votes again; the
figures say they are provisional. A unit without polling areas says so."""

from __future__ import annotations

import json

from election import db
from election.actor import Actor
from election.demo_data import DEMO_PASSWORD
from election.tallies import services
from election.tallies.tables import SheetState
from tests.builders import bearer, login_page, post_form, system
from tests.pdf import pdf_text, squash
from tests.tally_helpers import consistent_figures, demo_actor, submit

# What only a verdict says (Art. 78-80); none of it may show on a partial count.
VERDICTS = (
    "cần bầu cử lại",
    "cần bầu cử thêm",
    "Phải tổ chức bầu cử lại",
    "không được công nhận",
    "chưa quá một nửa",
    "Trúng cử",
)


async def ward_unit() -> tuple[int, int]:
    """A ward council unit of the demo, with its number of polling areas."""
    row = await db.fetchrow(
        """
        SELECT u.id, count(pu.*) AS areas FROM electoral_unit u
        JOIN contest c ON c.id = u.contest JOIN polling_area_unit pu ON pu.unit = u.id
        WHERE c.level = 'hdnd_xa' GROUP BY u.id, u.number ORDER BY u.number LIMIT 1
        """
    )
    assert row is not None and row["areas"] > 1
    return row["id"], row["areas"]


async def approve_first_sheet(unit_id: int, board: Actor) -> None:
    """Enter, verify and approve one sheet of the unit, with a turnout of 10 %:
    on its own it would fail Art. 78(1) and call for a re-run."""
    staff = await demo_actor("phuong.baclieu")
    province = await demo_actor("tinh.camau")
    row = await db.fetchrow(
        "SELECT polling_area, contest FROM polling_area_unit WHERE unit = $1 "
        "ORDER BY polling_area LIMIT 1",
        unit_id,
    )
    assert row is not None
    sheet = await services.sheet_for(
        polling_area_id=row["polling_area"], contest_id=row["contest"], actor=system()
    )
    figures = consistent_figures(sheet, took_part=sheet.voters_on_list_from_list // 10)
    await submit(sheet, figures, staff)
    await submit(sheet, figures, province)
    await services.approve(sheet_id=sheet.id, actor=board, comment="Tỷ lệ thấp ở khu vực này.")


async def test_one_sheet_of_several_gives_no_verdict_in_the_services(demo):
    board = await demo_actor("ban.baclieu")
    unit_id, areas = await ward_unit()
    await approve_first_sheet(unit_id, board)
    view = await services.unit_result(unit_id=unit_id, actor=board)
    # The partial sums alone would call for a re-run: that is exactly what must not show.
    assert view.determination.needs_rerun
    assert view.verdict is None and view.provisional
    assert view.state.summary == f"Đang kiểm phiếu (1/{areas} biên bản đã phê duyệt)"
    body = services.result_json(view)
    assert body["status"] == "counting" and body["provisional"] is True
    assert body["needs_rerun"] is None and body["winners"] is None and body["notes"] == []


async def test_the_pages_show_progress_and_tam_tinh_not_a_verdict(client, demo):
    board = await demo_actor("ban.baclieu")
    unit_id, areas = await ward_unit()
    await approve_first_sheet(unit_id, board)

    await login_page(client, "ban.baclieu", DEMO_PASSWORD)
    page = await client.get(f"/units/{unit_id}/result")
    assert page.status_code == 200
    text = page.text
    assert "Đang kiểm phiếu" in text and f"1/{areas} biên bản đã phê duyệt" in text
    assert "số liệu tạm tính" in text and "Tổng hợp (tạm tính)" in text
    for verdict in VERDICTS:
        assert verdict not in text, verdict
    # The board's button is there, disabled, with the reason.
    assert 'disabled aria-describedby="finalize-reason"' in text
    assert f"Mới phê duyệt 1/{areas} biên bản kiểm phiếu" in text
    # Posting anyway, even confirmed, is refused and locks nothing.
    refused = await post_form(
        client, f"/units/{unit_id}/result/finalize", {"confirm": "1", "events": ""}
    )
    assert refused.status_code == 422
    assert f"Mới phê duyệt 1/{areas} biên bản kiểm phiếu" in refused.text
    assert not await db.fetchval(
        "SELECT bool_or(state = 'locked') FROM tally_sheet WHERE unit = $1", unit_id
    )

    client.cookies.clear()
    await login_page(client, "phuong.baclieu", DEMO_PASSWORD)
    election_id = await db.fetchval("SELECT id FROM election")
    commune = await db.fetchval("SELECT commune FROM electoral_unit WHERE id = $1", unit_id)
    grid = await client.get(f"/elections/{election_id}/results?commune={commune}")
    assert grid.status_code == 200
    row = grid.text.split(f'href="/units/{unit_id}/result"')[0].rsplit("<tr", 1)[1]
    row += grid.text.split(f'href="/units/{unit_id}/result"')[1].split("</tr>")[0]
    assert 'data-unit-stage="counting"' in row and "Tạm tính" in row
    assert "chưa xác định" in row
    for verdict in VERDICTS[:-1]:  # the grid's column is headed "Trúng cử"
        assert verdict not in grid.text, verdict
    # A commune's export: every line carries its unit's stage, the spanning units' too.
    area = await db.fetchval(
        "SELECT polling_area FROM polling_area_unit WHERE unit = $1 ORDER BY polling_area LIMIT 1",
        unit_id,
    )
    national = await db.fetchval(
        "SELECT pu.contest FROM polling_area_unit pu JOIN contest c ON c.id = pu.contest "
        "WHERE pu.polling_area = $1 AND c.level = 'dbqh'",
        area,
    )
    sheet = await services.sheet_for(polling_area_id=area, contest_id=national, actor=system())
    await submit(sheet, consistent_figures(sheet), await demo_actor("phuong.baclieu"))
    csv = (await client.get(f"/elections/{election_id}/results/export.csv")).content
    lines = csv.decode("utf-8-sig").splitlines()
    assert lines[0].endswith(",Tình trạng kết quả đơn vị") and len(lines) > 1
    assert all(",Tạm tính: " in line for line in lines[1:])
    submitted = f',"{SheetState.SUBMITTED.label}",'  # a label with a comma, quoted
    assert any(submitted in line and ",Tạm tính: Đang kiểm phiếu (0/" in line for line in lines)


async def test_a_unit_without_polling_areas_says_so(client, demo):
    unit_id, _ = await ward_unit()
    await db.execute("DELETE FROM polling_area_unit WHERE unit = $1", unit_id)
    board = await demo_actor("ban.baclieu")
    view = await services.unit_result(unit_id=unit_id, actor=board)
    assert view.state.stage.value == "no_areas" and view.verdict is None

    await login_page(client, "ban.baclieu", DEMO_PASSWORD)
    page = await client.get(f"/units/{unit_id}/result")
    assert "Chưa có khu vực bỏ phiếu, chưa có biên bản" in page.text
    for verdict in VERDICTS:
        assert verdict not in page.text, verdict
    assert "chưa có khu vực bỏ phiếu, chưa có biên bản kiểm phiếu để xác định kết quả" in page.text
    election_id = await db.fetchval("SELECT id FROM election")
    commune = await db.fetchval("SELECT commune FROM electoral_unit WHERE id = $1", unit_id)
    grid = await client.get(f"/elections/{election_id}/results?commune={commune}")
    assert 'data-unit-stage="no_areas"' in grid.text
    assert "cần bầu cử lại" not in grid.text


async def test_the_api_exports_and_pdfs_of_a_partial_count(client, demo):
    board = await demo_actor("ban.baclieu")
    unit_id, areas = await ward_unit()
    await approve_first_sheet(unit_id, board)
    staff = await bearer(client, "tinh.camau", DEMO_PASSWORD)
    election_id = await db.fetchval("SELECT id FROM election")

    result = (await client.get(f"/api/v1/units/{unit_id}/result", headers=staff)).json()
    assert result["status"] == "counting" and result["provisional"] is True
    assert result["status_label"] == f"Đang kiểm phiếu (1/{areas} biên bản đã phê duyệt)"
    for field in ("result_valid", "winners", "empty_seats", "needs_rerun", "needs_supplementary"):
        assert result[field] is None, field

    units = (
        await client.get(f"/api/v1/elections/{election_id}/results.json", headers=staff)
    ).json()
    ours = next(u for u in units if u["unit_id"] == unit_id)
    assert ours["status"] == "counting" and ours["needs_rerun"] is None
    assert not any(u["needs_rerun"] or u["winners"] for u in units)

    csv = (
        await client.get(f"/api/v1/elections/{election_id}/results.csv", headers=staff)
    ).content.decode("utf-8-sig")
    approved = f",{SheetState.APPROVED.label},"
    approved_lines = [line for line in csv.splitlines() if approved in line]
    assert approved_lines
    assert all(
        line.endswith(f"Tạm tính: Đang kiểm phiếu (1/{areas} biên bản đã phê duyệt)")
        for line in approved_lines
    )

    report = json.loads(
        (
            await client.get(f"/api/v1/elections/{election_id}/results.cdf.json", headers=staff)
        ).content
    )
    contest = next(c for c in report["Election"][0]["Contest"] if c["@id"] == f"contest-{unit_id}")
    assert contest["CountStatus"][0]["Status"] == "in-process"
    assert all("PostElectionStatus" not in c for c in report["Election"][0]["Candidate"])

    minutes = squash(
        pdf_text(
            (await client.get(f"/api/v1/units/{unit_id}/result-minutes.pdf", headers=staff)).content
        )
    )
    assert "TẠM TÍNH — CHƯA ĐỦ BIÊN BẢN" in minutes
    assert f"Chưa kết luận: mới phê duyệt 1/{areas} biên bản kết quả kiểm phiếu" in minutes
    for verdict in ("không có giá trị", "quyết định việc bầu cử lại", "đã trúng cử"):
        assert verdict not in minutes, verdict

    contest_id = await db.fetchval("SELECT contest FROM electoral_unit WHERE id = $1", unit_id)
    summary = squash(
        pdf_text(
            (
                await client.get(
                    f"/api/v1/elections/{election_id}/contests/{contest_id}/summary-minutes.pdf",
                    headers=staff,
                )
            ).content
        )
    )
    assert "TẠM TÍNH — CHƯA ĐỦ KẾT QUẢ CÁC ĐƠN VỊ" in summary
    assert f"Tạm tính: Đang kiểm phiếu (1/{areas} biên bản đã phê duyệt)" in summary


async def test_once_every_sheet_is_approved_the_verdict_shows(client, demo):
    from tests.tally_helpers import approve_unit

    board = await demo_actor("ban.baclieu")
    unit_id, _ = await ward_unit()
    await approve_unit(unit_id, board)
    view = await services.unit_result(unit_id=unit_id, actor=board)
    assert view.state.stage.value == "complete" and view.verdict is not None
    staff = await bearer(client, "tinh.camau", DEMO_PASSWORD)
    result = (await client.get(f"/api/v1/units/{unit_id}/result", headers=staff)).json()
    assert result["status"] == "complete" and result["provisional"] is False
    assert result["winners"] == list(view.determination.winners)
    assert result["result_valid"] is True

    await login_page(client, "ban.baclieu", DEMO_PASSWORD)
    page = await client.get(f"/units/{unit_id}/result")
    assert "Đã đủ biên bản" in page.text and "Trúng cử" in page.text
    assert "tạm tính" not in page.text.lower().replace("tạm tính theo biên bản đbqh", "")
    assert 'name="confirm"' in page.text and "finalize-reason" not in page.text
