"""The public pages of the official candidate lists: anyone may read a
published list and its candidates' Art. 57(5) fields, nothing private, and
nothing of a list not yet published or a name struck from it (Art. 60)."""

from __future__ import annotations

import datetime as dt

from election import db

SECRET_ID = "096185000123"
SECRET_NOTE = "Ghi chú nội bộ: số điện thoại 0912 345 678"


async def _candidate(owner) -> dict:
    row = await owner.fetchrow(
        "SELECT k.id, k.unit, k.full_name FROM candidate k JOIN electoral_unit u ON u.id = k.unit "
        "JOIN contest ct ON ct.id = u.contest WHERE ct.level = 'dbqh' AND k.removed_on IS NULL "
        "ORDER BY k.id LIMIT 1"
    )
    await owner.execute(
        "UPDATE candidate SET personal_id = $2, note = $3, other_name = 'Tư Hùng', "
        "party_joined = '2001-05-19', assembly_deputy = 'Đại biểu Quốc hội khóa XV' WHERE id = $1",
        row["id"],
        SECRET_ID,
        SECRET_NOTE,
    )
    return dict(row)


async def test_anyone_reads_a_published_candidate_and_no_private_field(client, demo, owner):
    candidate = await _candidate(owner)
    full = await owner.fetchrow("SELECT * FROM candidate WHERE id = $1", candidate["id"])
    page = await client.get(f"/tra-cuu/ung-cu-vien/{candidate['id']}")
    assert page.status_code == 200
    text = page.text
    for label in (
        "Ngày sinh",
        "Giới tính",
        "Quê quán",
        "Nơi cư trú",
        "Dân tộc",
        "Tôn giáo",
        "Giáo dục phổ thông",
        "Chuyên môn, nghiệp vụ",
        "Nghề nghiệp, chức vụ",
        "Nơi công tác",
        "Ngày vào Đảng",
        "Là đại biểu Quốc hội",
        "Là đại biểu Hội đồng nhân dân",
    ):
        assert f"<dt>{label}</dt>" in text
    assert full["full_name"] in text and "Tư Hùng" in text
    assert full["date_of_birth"].strftime("%d/%m/%Y") in text
    assert full["hometown"] in text and full["residence"] in text
    assert full["workplace"] in text and full["occupation_position"] in text
    assert "19/05/2001" in text and "Đại biểu Quốc hội khóa XV" in text
    # Private: the personal ID (whole or masked), the note, a phone number.
    assert SECRET_ID not in text and SECRET_ID[-2:] + "<" not in text
    assert "Căn cước" not in text and "định danh" not in text
    assert "Ghi chú nội bộ" not in text and "0912" not in text
    assert f'href="/tra-cuu/don-vi/{candidate["unit"]}"' in text


async def test_the_unit_page_lists_the_published_names_in_ballot_order(client, demo, owner):
    candidate = await _candidate(owner)
    names = [
        r["full_name"]
        for r in await owner.fetch(
            "SELECT full_name FROM candidate WHERE unit = $1 AND removed_on IS NULL "
            'ORDER BY ballot_sort_key COLLATE "C", id',
            candidate["unit"],
        )
    ]
    page = await client.get(f"/tra-cuu/don-vi/{candidate['unit']}")
    assert page.status_code == 200
    positions = [page.text.index(f">{name}</a>") for name in names]
    assert positions == sorted(positions)
    assert SECRET_ID not in page.text and "Ghi chú nội bộ" not in page.text


async def test_a_name_struck_from_the_list_is_no_longer_public(client, demo, owner):
    candidate = await _candidate(owner)
    await owner.execute(
        "UPDATE candidate SET removed_on = $2, removal_reason = 'dead', "
        "removal_decision = 'Quyết định 12/QĐ' WHERE id = $1",
        candidate["id"],
        dt.date(2026, 3, 1),
    )
    page = await client.get(f"/tra-cuu/ung-cu-vien/{candidate['id']}")
    assert page.status_code == 404
    assert "Không có người ứng cử này trong danh sách chính thức đã công bố." in page.text
    unit = await client.get(f"/tra-cuu/don-vi/{candidate['unit']}")
    assert unit.status_code == 200
    assert f'/tra-cuu/ung-cu-vien/{candidate["id"]}"' not in unit.text
    assert "Quyết định 12/QĐ" not in unit.text


async def test_unpublished_and_unknown_answer_alike(client, demo, owner):
    candidate = await _candidate(owner)
    await owner.execute(
        "UPDATE electoral_unit SET list_finalized_at = NULL WHERE id = $1", candidate["unit"]
    )
    unknown = 1 + await db.fetchval("SELECT max(id) FROM candidate")
    unpublished = await client.get(f"/tra-cuu/ung-cu-vien/{candidate['id']}")
    missing = await client.get(f"/tra-cuu/ung-cu-vien/{unknown}")
    assert unpublished.status_code == missing.status_code == 404
    assert candidate["full_name"] not in unpublished.text
    assert (await client.get(f"/tra-cuu/don-vi/{candidate['unit']}")).status_code == 404
    assert (await client.get("/tra-cuu/don-vi/999999")).status_code == 404
