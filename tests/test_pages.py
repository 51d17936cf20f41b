"""Server-rendered pages: sign-in, the dashboard, the calendar download, sign-out."""

from __future__ import annotations

import re

from tests.builders import PASSWORD, login_page, make_user
from tests.pdf import pdf_text

DEMO_PASSWORD = "demo-2026-baucu"


async def test_pages_redirect_to_login_when_signed_out(client):
    response = await client.get("/", follow_redirects=False)
    assert response.status_code == 302
    assert response.headers["location"].startswith("/login")


async def test_login_page_is_vietnamese_and_labelled(client):
    response = await client.get("/login")
    assert response.status_code == 200
    assert '<html lang="vi">' in response.text
    assert '<label for="username">Tên đăng nhập</label>' in response.text
    assert '<label for="password">Mật khẩu</label>' in response.text


async def test_wrong_password_shows_an_error_on_the_page(client):
    await make_user(username="pageuser")
    response = await login_page(client, "pageuser", "not-the-password")
    assert response.status_code == 401
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.text


async def test_a_form_post_without_the_csrf_token_is_refused(client):
    await make_user(username="csrfuser")
    await client.get("/login")
    response = await client.post(
        "/login", data={"username": "csrfuser", "password": "x"}, follow_redirects=False
    )
    assert response.status_code == 403


async def test_dashboard_shows_the_ward_and_the_2026_calendar(client, demo):
    response = await login_page(client, "phuong.baclieu", DEMO_PASSWORD)
    assert response.status_code == 303
    page = await client.get("/")
    assert page.status_code == 200
    assert "Bầu cử đại biểu Quốc hội khóa XVI" in page.text
    assert "Phường Bạc Liêu" in page.text
    assert "15/03/2026" in page.text
    assert "Thành lập Tổ bầu cử" in page.text
    assert "31/01/2026" in page.text
    assert "HĐND Phường Bạc Liêu" in page.text


async def test_calendar_pdf_downloads_from_the_dashboard(client, demo):
    await login_page(client, "phuong.baclieu", DEMO_PASSWORD)
    page = await client.get("/")
    [link] = set(re.findall(r'href="(/elections/\d+/calendar\.pdf)"', page.text))
    response = await client.get(link)
    assert response.status_code == 200
    assert "LỊCH TRÌNH CÁC MỐC THỜI GIAN BẦU CỬ" in pdf_text(response.content)


async def test_logout_ends_the_session(client, demo):
    await login_page(client, "phuong.baclieu", DEMO_PASSWORD)
    token = client.cookies.get("csrftoken")
    response = await client.post("/logout", data={"_csrf_token": token}, follow_redirects=False)
    assert response.status_code == 303
    assert (await client.get("/", follow_redirects=False)).status_code == 302


async def post_users_form(client, **fields: str):
    """The ward's staff post the users page's form."""
    await login_page(client, "phuong.baclieu", DEMO_PASSWORD)
    token = client.cookies.get("csrftoken")
    return await client.post(
        "/users", data={"_csrf_token": token, **fields}, follow_redirects=False
    )


async def test_staff_create_users_from_the_users_page(client, demo):
    response = await post_users_form(
        client,
        username="giamsat.khom1",
        full_name="Phạm Thị Giám Sát",
        password="mat-khau-ban-dau",
        role="observer",
        scope_level="commune",
        province_code="96",
        commune_code="31825",
    )
    assert response.status_code == 303
    listing = await client.get("/users")
    assert "giamsat.khom1" in listing.text


async def test_station_officer_has_no_users_page(client, demo):
    await login_page(client, "to.kv01", DEMO_PASSWORD)
    response = await client.get("/users")
    assert response.status_code == 403
    assert "Bạn không có quyền" in response.text


async def test_the_users_page_refuses_through_the_api_schema_keeping_the_input(client, demo):
    response = await post_users_form(
        client,
        username="giamsat.khom2",
        full_name="Lê Văn Giám Sát",
        password="mat-khau-ban-dau",
        scope_level="commune",
        commune_code="3182",
    )
    assert response.status_code == 422
    assert "Vai trò: Thiếu trường bắt buộc" in response.text
    assert "Mã xã: Sai định dạng" in response.text
    assert 'value="giamsat.khom2"' in response.text
    assert 'value="commune" selected' in response.text


async def test_changing_ones_password_checks_the_repeat_then_changes_it(client):
    await make_user(username="changer")
    await login_page(client, "changer")
    token = client.cookies.get("csrftoken")
    form = {
        "_csrf_token": token,
        "current_password": PASSWORD,
        "new_password": "a-brand-new-password",
        "repeat_password": "a-different-password",
    }
    response = await client.post("/account/password", data=form, follow_redirects=False)
    assert response.status_code == 422
    assert "Mật khẩu nhập lại không khớp." in response.text
    form["repeat_password"] = form["new_password"]
    form["current_password"] = "not-the-current-one"
    response = await client.post("/account/password", data=form, follow_redirects=False)
    assert response.status_code == 422
    assert "Mật khẩu hiện tại không đúng." in response.text
    form["current_password"] = PASSWORD
    response = await client.post("/account/password", data=form, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/account?notice=password_changed"


async def test_a_blank_sign_in_is_refused_on_the_page(client):
    await client.get("/login")
    token = client.cookies.get("csrftoken")
    response = await client.post(
        "/login", data={"_csrf_token": token, "username": "someone"}, follow_redirects=False
    )
    assert response.status_code == 401
    assert "Mật khẩu: Thiếu trường bắt buộc" in response.text
    assert 'value="someone"' in response.text
