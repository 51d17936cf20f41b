"""In a real browser: a voter's page shows the personal ID masked, and commune
staff reveal it with a reason ("Hiện số định danh"); the reveal is audited."""

from __future__ import annotations

import pytest

from election import db
from election.audit import services as audit
from election.masking import mask_personal_id
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


async def test_commune_staff_reveal_a_voters_id_with_a_reason(page, demo):
    voter = await db.fetchrow("SELECT id, personal_id FROM voter ORDER BY id LIMIT 1")
    assert voter is not None
    await sign_in(page, "phuong.baclieu")
    await page.goto(f"/voters/{voter['id']}")
    shown = page.locator("#personal-id")
    assert await shown.inner_text() == mask_personal_id(voter["personal_id"])
    assert voter["personal_id"] not in await page.content()
    await page.get_by_text("Hiện số định danh", exact=True).first.click()
    await page.get_by_label("Lý do cần xem số đầy đủ (được ghi vào nhật ký)").fill(
        "Cử tri đề nghị đối chiếu căn cước"
    )
    await page.get_by_role("button", name="Hiện số định danh").click()
    await page.wait_for_load_state()
    assert await page.locator("#personal-id").inner_text() == voter["personal_id"]
    events = await audit.history(entity_type="voter", entity_id=voter["id"])
    reveal = next(e for e in events if e.action == "reveal_personal_id")
    assert reveal.actor_username == "phuong.baclieu"
    assert reveal.after == {"reason": "Cử tri đề nghị đối chiếu căn cước", "fields": "số định danh"}
