"""In a real browser, one account's life: an administrator creates a ward's
account with the pickers; its user signs in with the one-time password and
must change it; the administrator changes the role and scope, sets a new
one-time password, revokes a session, locks the account (the user cannot
sign in) and unlocks it."""

from __future__ import annotations

import pytest

from tests.browser.conftest import new_page, sign_in

pytestmark = pytest.mark.browser

OWN = "mat-khau-rieng-cua-toi"
OWN_AGAIN = "mat-khau-rieng-lan-hai"


async def _sign_in_as(page, username: str, password: str) -> None:
    await page.goto("/login")
    await page.get_by_label("Tên đăng nhập").fill(username)
    await page.get_by_label("Mật khẩu").fill(password)
    # Wait for the answer's page itself: the login page is already loaded.
    async with page.expect_navigation():
        await page.get_by_role("button", name="Đăng nhập").click()


async def _change_one_time(page, one_time: str, own: str) -> None:
    """The change page comes first, and nothing else opens until it is done."""
    await page.wait_for_url("**/account/password?next=*")
    await page.goto("/account")
    await page.wait_for_url("**/account/password?next=%2Faccount")
    await page.get_by_label("Mật khẩu hiện tại").fill(one_time)
    await page.get_by_label("Mật khẩu mới (ít nhất 10 ký tự)").fill(own)
    await page.get_by_label("Nhập lại mật khẩu mới").fill(own)
    await page.get_by_role("button", name="Đổi mật khẩu").click()
    await page.wait_for_url("**/account?notice=password_changed")


async def _pick(page, field: str, **option) -> None:
    """A picker's choice: the form comes back with the next step's options."""
    async with page.expect_navigation():
        await page.get_by_label(field, exact=True).select_option(**option)


async def _create_with_pickers(page) -> tuple[str, str]:
    """The administrator creates a ward's account: its page, and its one-time password."""
    await sign_in(page, "quantri")
    await page.get_by_role("link", name="Tài khoản", exact=True).click()
    await page.get_by_role("link", name="Tạo tài khoản").click()
    await _pick(page, "Vai trò", label="Cán bộ cấp xã")
    assert await page.get_by_label("Phạm vi", exact=True).input_value() == "commune"
    await _pick(page, "Tỉnh, thành phố", value="96")
    await _pick(page, "Xã, phường, đặc khu", value="31825")
    await page.get_by_label("Tên đăng nhập").fill("can.bo.moi")
    await page.get_by_label("Họ và tên").fill("Trần Thị Cán Bộ")
    one_time = await page.get_by_label("Mật khẩu dùng một lần").input_value()
    assert len(one_time) >= 10
    await page.get_by_role("button", name="Tạo tài khoản").click()
    await page.wait_for_url("**/users/*?notice=user_created")
    facts = await page.locator("dl.facts").inner_text()
    assert "Cán bộ cấp xã" in facts
    assert "Phường Bạc Liêu" in facts
    return page.url.split("?")[0], one_time


async def test_an_account_managed_from_creation_to_reactivation(page, browser, live_server, demo):
    admin_url, one_time = await _create_with_pickers(page)
    facts = page.locator("dl.facts")
    context = await browser.new_context(base_url=live_server, locale="vi-VN")
    user = await new_page(context)
    try:
        # First sign-in: the one-time password leads to its change, before anything else.
        await _sign_in_as(user, "can.bo.moi", one_time)
        await _change_one_time(user, one_time, OWN)
        assert await user.locator(".user-role").inner_text() == "Cán bộ cấp xã"

        # The administrator makes them a station officer of polling area no. 1.
        await page.goto(admin_url)
        await _pick(page, "Vai trò", label="Thành viên Tổ bầu cử")
        assert await page.get_by_label("Phạm vi", exact=True).input_value() == "polling_area"
        await _pick(page, "Khu vực bỏ phiếu", index=1)
        await page.get_by_role("button", name="Lưu thay đổi").click()
        await page.wait_for_url("**/users/*?notice=user_updated")
        assert "Khu vực bỏ phiếu số 1" in await facts.inner_text()
        await user.goto("/account")
        assert await user.locator(".user-role").inner_text() == "Thành viên Tổ bầu cử"

        # A new one-time password: the user's session ends, the change comes first again.
        again = page.get_by_label("Mật khẩu dùng một lần (ghi lại để trao cho người dùng)")
        reset_to = await again.input_value()
        await page.get_by_role("button", name="Đặt mật khẩu dùng một lần").click()
        await page.wait_for_url("**/users/*?notice=user_updated")
        await user.goto("/account")
        await user.wait_for_url("**/login?next=*")
        await _sign_in_as(user, "can.bo.moi", reset_to)
        await _change_one_time(user, reset_to, OWN_AGAIN)

        # The administrator revokes that session.
        await page.reload()
        sessions = page.locator("table.data-table tbody tr", has_text="Đang hiệu lực")
        assert await sessions.count() == 1
        await sessions.get_by_role("button", name="Thu hồi").click()
        await page.wait_for_url("**/users/*?notice=user_updated")
        assert await page.get_by_role("button", name="Thu hồi").count() == 0
        await user.goto("/account")
        await user.wait_for_url("**/login?next=*")

        # Locked: the right password no longer opens it. Unlocked: it does.
        await page.get_by_role("button", name="Khóa tài khoản").click()
        await page.wait_for_url("**/users/*?notice=user_updated")
        assert "Đã khóa" in await facts.inner_text()
        await _sign_in_as(user, "can.bo.moi", OWN_AGAIN)
        assert "Tài khoản đã bị khóa" in await user.locator("main").inner_text()
        await page.get_by_role("button", name="Mở khóa tài khoản").click()
        await page.wait_for_url("**/users/*?notice=user_updated")
        await _sign_in_as(user, "can.bo.moi", OWN_AGAIN)
        assert "/login" not in user.url and "/account/password" not in user.url
        assert await user.locator(".user-role").inner_text() == "Thành viên Tổ bầu cử"
    finally:
        await context.close()
