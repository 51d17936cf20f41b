"""Personal data in the staff and candidate registers (issue 15, #4): API
answers show IDs masked, and phones masked to those who do not manage the
register; the full values only on request with a reason, each reveal audited;
a change that leaves the masked fields out keeps what is stored, and the edit
page never carries the full ID."""

from __future__ import annotations

import re

from election import db
from election.audit import services as audit
from election.masking import mask_personal_id, mask_phone
from tests.builders import bearer, login_page, post_form

DEMO_PASSWORD = "demo-2026-baucu"
COMMUNE = "31825"
WHOLE_ID = r"(?<![0-9a-fA-F])\d{12}(?![0-9a-fA-F])"


async def _person() -> dict:
    row = await db.fetchrow(
        "SELECT id, personal_id, phone FROM staff_person WHERE commune = $1 "
        "AND personal_id <> '' AND phone <> '' ORDER BY id LIMIT 1",
        COMMUNE,
    )
    assert row is not None
    return dict(row)


async def _candidate_with_id(level_column: str = "commune") -> dict:
    """A candidate of the ward's own (HĐND xã) units, given an ID: the demo's have none."""
    row = await db.fetchrow(
        "UPDATE candidate SET personal_id = '096080123401' WHERE id = (SELECT c.id "
        f"FROM candidate c JOIN electoral_unit u ON u.id = c.unit WHERE u.{level_column} = $1 "
        "ORDER BY c.id LIMIT 1) RETURNING id, personal_id",
        COMMUNE,
    )
    assert row is not None
    return dict(row)


async def test_staff_answers_mask_the_id_and_the_phone_for_readers_who_do_not_manage(client, demo):
    person = await _person()
    observer = await bearer(client, "giamsat.baclieu", DEMO_PASSWORD)
    seen = (await client.get(f"/api/v1/staff/{person['id']}", headers=observer)).json()
    assert seen["personal_id"] == mask_personal_id(person["personal_id"])
    assert seen["phone"] == mask_phone(person["phone"])
    province = await db.fetchval("SELECT province FROM commune WHERE code = $1", COMMUNE)
    listed = await client.get(
        "/api/v1/staff", headers=observer, params={"province": province, "commune": COMMUNE}
    )
    assert listed.status_code == 200
    assert not re.search(WHOLE_ID, listed.text)
    assert person["phone"] not in listed.text

    staff = await bearer(client, "phuong.baclieu", DEMO_PASSWORD)
    managed = (await client.get(f"/api/v1/staff/{person['id']}", headers=staff)).json()
    assert managed["personal_id"] == mask_personal_id(person["personal_id"])
    assert managed["phone"] == person["phone"]  # the manager calls their people


async def test_a_staff_reveal_needs_a_manager_and_a_reason_and_is_audited(client, demo):
    person = await _person()
    url = f"/api/v1/staff/{person['id']}/personal-data"
    observer = await bearer(client, "giamsat.baclieu", DEMO_PASSWORD)
    refused = await client.post(url, json={"reason": "Tò mò muốn xem"}, headers=observer)
    assert refused.status_code == 403
    officer = await bearer(client, "to.kv01", DEMO_PASSWORD)
    hidden = await client.post(url, json={"reason": "Tò mò muốn xem"}, headers=officer)
    assert hidden.status_code == 403
    staff = await bearer(client, "phuong.baclieu", DEMO_PASSWORD)
    no_reason = await client.post(url, json={"reason": "     "}, headers=staff)
    assert no_reason.status_code in (400, 422)
    shown = await client.post(url, json={"reason": "Lập quyết định thành lập Tổ"}, headers=staff)
    assert shown.status_code == 200
    assert shown.json() == {"personal_id": person["personal_id"], "phone": person["phone"]}
    assert shown.headers["cache-control"] == "no-store"
    events = [
        e
        for e in await audit.history(entity_type="staff_person", entity_id=person["id"])
        if e.action == "reveal_personal_id"
    ]
    assert len(events) == 1 and events[0].actor_username == "phuong.baclieu"
    assert events[0].after["reason"] == "Lập quyết định thành lập Tổ"
    assert person["personal_id"] not in str(events[0].after)


async def test_a_change_without_the_masked_fields_keeps_them_and_a_masked_value_is_refused(
    client, demo
):
    person = await _person()
    staff = await bearer(client, "phuong.baclieu", DEMO_PASSWORD)
    current = (await client.get(f"/api/v1/staff/{person['id']}", headers=staff)).json()
    body = {
        k: current[k]
        for k in ("province_code", "commune_code", "full_name", "date_of_birth", "sex")
    }
    changed = await client.put(
        f"/api/v1/staff/{person['id']}", json={**body, "position": "Cán bộ tư pháp"}, headers=staff
    )
    assert changed.status_code == 200, changed.text
    stored = await db.fetchrow(
        "SELECT personal_id, phone, position FROM staff_person WHERE id = $1", person["id"]
    )
    assert (stored["personal_id"], stored["phone"]) == (person["personal_id"], person["phone"])
    assert stored["position"] == "Cán bộ tư pháp"
    # Sending back what an answer showed (masked) must not overwrite the ID.
    masked = await client.put(
        f"/api/v1/staff/{person['id']}",
        json={**body, "personal_id": current["personal_id"]},
        headers=staff,
    )
    assert masked.status_code in (400, 422)
    assert (
        await db.fetchval("SELECT personal_id FROM staff_person WHERE id = $1", person["id"])
        == person["personal_id"]
    )


async def test_the_person_page_never_carries_the_full_id_and_an_empty_field_keeps_it(client, demo):
    person = await _person()
    await login_page(client, "phuong.baclieu", DEMO_PASSWORD)
    page = await client.get(f"/staffing/people/{person['id']}")
    assert page.status_code == 200
    assert person["personal_id"] not in page.text
    assert mask_personal_id(person["personal_id"]) in page.text
    form = {
        "full_name": "Nguyễn Văn Sửa Tên",
        "date_of_birth": await db.fetchval(
            "SELECT to_char(date_of_birth, 'DD/MM/YYYY') FROM staff_person WHERE id = $1",
            person["id"],
        ),
        "sex": await db.fetchval("SELECT sex FROM staff_person WHERE id = $1", person["id"]),
        "personal_id": "",
        "phone": person["phone"],
    }
    saved = await post_form(client, f"/staffing/people/{person['id']}", form)
    assert saved.status_code in (302, 303), saved.text
    stored = await db.fetchrow(
        "SELECT personal_id, full_name FROM staff_person WHERE id = $1", person["id"]
    )
    assert stored["personal_id"] == person["personal_id"]
    assert stored["full_name"] == "Nguyễn Văn Sửa Tên"


async def test_the_person_page_masks_the_phone_for_an_observer(client, demo):
    person = await _person()
    await login_page(client, "giamsat.baclieu", DEMO_PASSWORD)
    page = await client.get(f"/staffing/people/{person['id']}")
    assert page.status_code == 200
    assert person["phone"] not in page.text and person["personal_id"] not in page.text


async def test_candidate_answers_mask_the_id_and_a_reveal_is_audited(client, demo):
    candidate = await _candidate_with_id()
    staff = await bearer(client, "phuong.baclieu", DEMO_PASSWORD)
    url = f"/api/v1/candidates/{candidate['id']}"
    seen = (await client.get(url, headers=staff)).json()
    assert seen["personal_id"] == mask_personal_id(candidate["personal_id"])

    observer = await bearer(client, "giamsat.baclieu", DEMO_PASSWORD)
    refused = await client.post(
        f"{url}/personal-id", json={"reason": "Muốn biết số"}, headers=observer
    )
    assert refused.status_code == 403
    shown = await client.post(
        f"{url}/personal-id", json={"reason": "Đối chiếu hồ sơ ứng cử"}, headers=staff
    )
    assert shown.status_code == 200, shown.text
    assert shown.json() == {"personal_id": candidate["personal_id"]}
    events = await audit.history(entity_type="candidate", entity_id=candidate["id"])
    assert "reveal_personal_id" in [e.action for e in events]


async def test_commune_staff_may_not_reveal_a_national_assembly_candidate(client, demo):
    row = await db.fetchrow(
        "SELECT c.id FROM candidate c JOIN electoral_unit u ON u.id = c.unit "
        "JOIN contest k ON k.id = u.contest WHERE k.level = 'dbqh' "
        "ORDER BY c.id LIMIT 1"
    )
    assert row is not None
    staff = await bearer(client, "phuong.baclieu", DEMO_PASSWORD)
    refused = await client.post(
        f"/api/v1/candidates/{row['id']}/personal-id",
        json={"reason": "Đối chiếu hồ sơ ứng cử"},
        headers=staff,
    )
    assert refused.status_code in (403, 404)
    assert not [
        e
        for e in await audit.history(entity_type="candidate", entity_id=row["id"])
        if e.action == "reveal_personal_id"
    ]
