"""Use cases of accounts: users, passwords, sign-in, sessions and API tokens."""

from election.accounts.queries import TokenRow, UserRow
from election.accounts.services.manage import (
    ScopeChoices,
    UserDetail,
    manageable_roles,
    managed_user,
    own_sign_ins,
    revoke_user_token,
    scope_choices,
    user_detail,
)
from election.accounts.services.passwords import change_password, reset_password
from election.accounts.services.sign_in import authenticate
from election.accounts.services.tokens import (
    IssuedToken,
    issue_token,
    resolve_token,
    revoke_token,
)
from election.accounts.services.users import (
    create_user,
    current_user,
    find_user,
    get_user,
    list_users,
    set_user_active,
    update_user,
)
from election.accounts.token_cache import ResolvedToken

__all__ = [
    "IssuedToken",
    "ResolvedToken",
    "ScopeChoices",
    "TokenRow",
    "UserDetail",
    "UserRow",
    "authenticate",
    "change_password",
    "create_user",
    "current_user",
    "find_user",
    "get_user",
    "issue_token",
    "list_users",
    "manageable_roles",
    "managed_user",
    "own_sign_ins",
    "reset_password",
    "resolve_token",
    "revoke_token",
    "revoke_user_token",
    "scope_choices",
    "set_user_active",
    "update_user",
    "user_detail",
]
