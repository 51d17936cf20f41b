"""JSON API of accounts: bearer tokens, the current user, user management."""

from __future__ import annotations

import datetime as dt

from litestar import Controller, Request, delete, get, post, put
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_204_NO_CONTENT

from election.accounts import services
from election.accounts.guards import STAFF, roles
from election.accounts.schemas import (
    PasswordChange,
    PasswordReset,
    TokenOut,
    TokenRequest,
    TokenResponse,
    TokenRevoke,
    UserCreate,
    UserDetailOut,
    UserOut,
    UserUpdate,
)
from election.accounts.tables import TokenKind
from election.settings import Settings


def token_out(token: services.TokenRow) -> TokenOut:
    return TokenOut(
        id=token.token_hash,
        kind=token.kind,
        kind_label=token.kind.label,
        name=token.name,
        created_at=token.created_at,
        expires_at=token.expires_at,
        revoked_at=token.revoked_at,
        client_address=token.client_address,
        live=token.live,
    )


def client_address(request: Request) -> str:
    return request.client.host if request.client else ""


class AuthController(Controller):
    path = "/api/v1/auth"
    tags = ["Tài khoản"]

    @post("/token", opt={"public": True}, summary="Đổi tên đăng nhập và mật khẩu lấy mã truy cập")
    async def issue_token(
        self, data: JSONBody[TokenRequest], request: Request, settings: NamedDependency[Settings]
    ) -> TokenResponse:
        user = await services.authenticate(
            username=data.username,
            password=data.password,
            client_address=client_address(request),
        )
        issued = await services.issue_token(
            user=user,
            kind=TokenKind.BEARER,
            lifetime=dt.timedelta(hours=settings.api_token_hours),
            client_address=client_address(request),
            name=data.name,
            request_id=request.scope["state"].get("request_id", ""),
        )
        return TokenResponse(access_token=issued.token, expires_at=issued.expires_at)

    @delete(
        "/token",
        status_code=HTTP_204_NO_CONTENT,
        opt={"any_role": True},
        summary="Thu hồi mã đang dùng",
    )
    async def revoke_token(self, request: Request) -> None:
        _, _, token = request.headers.get("authorization", "").partition(" ")
        await services.revoke_token(token=token.strip(), actor=request.user)


class MeController(Controller):
    path = "/api/v1/me"
    tags = ["Tài khoản"]

    @get("/", summary="Người dùng hiện tại")
    async def me(self, request: Request) -> UserOut:
        return UserOut.model_validate(await services.current_user(actor=request.user))

    @post(
        "/password", status_code=HTTP_204_NO_CONTENT, opt={"any_role": True}, summary="Đổi mật khẩu"
    )
    async def change_password(self, data: JSONBody[PasswordChange], request: Request) -> None:
        """The token in use stays valid; every other session and token of the user ends."""
        await services.change_password(
            current_password=data.current_password,
            new_password=data.new_password,
            actor=request.user,
            keep_token_hash=request.auth.token_hash,
        )


class UserController(Controller):
    path = "/api/v1/users"
    tags = ["Tài khoản"]
    opt = roles(*STAFF)

    @get("/", summary="Danh sách tài khoản trong phạm vi")
    async def list_users(self, request: Request) -> list[UserOut]:
        return [UserOut.model_validate(u) for u in await services.list_users(actor=request.user)]

    @post("/", summary="Tạo tài khoản (mật khẩu dùng một lần, phải đổi khi đăng nhập lần đầu)")
    async def create_user(self, data: JSONBody[UserCreate], request: Request) -> UserOut:
        user = await services.create_user(
            **data.model_dump(), one_time_password=True, actor=request.user
        )
        return UserOut.model_validate(user)

    @get("/{user_id:int}", summary="Một tài khoản, các lần đăng nhập và mã truy cập gần đây")
    async def get_user(self, user_id: FromPath[int], request: Request) -> UserDetailOut:
        detail = await services.user_detail(user_id=user_id, actor=request.user)
        return UserDetailOut(
            user=UserOut.model_validate(detail.user),
            tokens=[token_out(t) for t in detail.tokens],
        )

    @put("/{user_id:int}", summary="Sửa họ tên, vai trò và phạm vi của tài khoản")
    async def update_user(
        self, user_id: FromPath[int], data: JSONBody[UserUpdate], request: Request
    ) -> UserOut:
        user = await services.update_user(user_id=user_id, **data.model_dump(), actor=request.user)
        return UserOut.model_validate(user)

    @post(
        "/{user_id:int}/tokens/revoke",
        status_code=HTTP_204_NO_CONTENT,
        summary="Thu hồi một phiên đăng nhập hoặc mã truy cập của tài khoản",
    )
    async def revoke_token(
        self, user_id: FromPath[int], data: JSONBody[TokenRevoke], request: Request
    ) -> None:
        await services.revoke_user_token(
            user_id=user_id, token_hash=data.token_id, actor=request.user
        )

    @post("/{user_id:int}/deactivate", summary="Khóa tài khoản")
    async def deactivate(self, user_id: FromPath[int], request: Request) -> UserOut:
        user = await services.set_user_active(user_id=user_id, active=False, actor=request.user)
        return UserOut.model_validate(user)

    @post("/{user_id:int}/activate", summary="Mở khóa tài khoản")
    async def activate(self, user_id: FromPath[int], request: Request) -> UserOut:
        user = await services.set_user_active(user_id=user_id, active=True, actor=request.user)
        return UserOut.model_validate(user)

    @post(
        "/{user_id:int}/password",
        status_code=HTTP_204_NO_CONTENT,
        summary="Đặt mật khẩu dùng một lần (mọi phiên và mã truy cập của người dùng chấm dứt; "
        "người dùng phải đổi mật khẩu khi đăng nhập lại)",
    )
    async def reset_password(
        self, user_id: FromPath[int], data: JSONBody[PasswordReset], request: Request
    ) -> None:
        await services.reset_password(
            user_id=user_id, new_password=data.new_password, actor=request.user
        )
