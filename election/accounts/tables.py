"""Users, their role and scope, and the tokens that authenticate them."""

# Role and ScopeLevel are the actor's (election.actor); the tables store them.

from piccolo.columns import Boolean, ForeignKey, Integer, Serial, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.reference import LazyTableReference
from piccolo.table import Table

from election.actor import Role, ScopeLevel
from election.choices import LabelledChoice


class TokenKind(LabelledChoice):
    SESSION = "session", "Phiên đăng nhập web"
    BEARER = "bearer", "Mã truy cập API"


class UserAccount(Table, tablename="user_account"):
    """One login. A user has exactly one role and one scope (national,
    a province, a commune or a polling area)."""

    id = Serial(primary_key=True)
    username = Varchar(length=64, unique=True)
    full_name = Varchar(length=150)
    password_hash = Varchar(length=200)
    role = Varchar(length=32, choices=Role)
    scope_level = Varchar(length=16, choices=ScopeLevel)
    scope_province = ForeignKey(
        references=LazyTableReference("Province", module_path="election.geography.tables"),
        on_delete=OnDelete.restrict,
        null=True,
        default=None,
    )
    scope_commune = ForeignKey(
        references=LazyTableReference("Commune", module_path="election.geography.tables"),
        on_delete=OnDelete.restrict,
        null=True,
        default=None,
    )
    scope_polling_area = ForeignKey(
        references=LazyTableReference("PollingArea", module_path="election.stations.tables"),
        on_delete=OnDelete.restrict,
        null=True,
        default=None,
    )
    is_active = Boolean(default=True)
    # Set with a one-time password (a new account, a reset by a manager): the
    # user must choose their own before doing anything else.
    must_change_password = Boolean(default=False)
    created_at = Timestamptz(default=TimestamptzNow())
    last_login_at = Timestamptz(null=True, default=None)


class AccessToken(Table, tablename="access_token"):
    """A web session or an API bearer token. Only a keyed hash of the secret
    is stored, so a database dump gives no usable credentials."""

    token_hash = Varchar(length=64, primary_key=True)
    kind = Varchar(length=16, choices=TokenKind)
    account = ForeignKey(references=UserAccount, null=False, index=True)
    csrf_token = Varchar(length=64, null=True, default=None)
    name = Varchar(length=100, default="")
    created_at = Timestamptz(default=TimestamptzNow())
    expires_at = Timestamptz()
    last_used_at = Timestamptz(null=True, default=None)
    revoked_at = Timestamptz(null=True, default=None)
    client_address = Varchar(length=64, default="")


class SignInThrottle(Table, tablename="sign_in_throttle"):
    """Failed sign-ins counted by key: an account from one address, an address,
    an account from anywhere; and the addresses an account has signed in from.
    The delay they impose is `rules.wait_left`; rows whose `forget_at` has
    passed count for nothing and are removed as new failures come."""

    key = Varchar(length=200, primary_key=True)
    failures = Integer(default=0)
    last_failure_at = Timestamptz(null=True, default=None)
    forget_at = Timestamptz(index=True)
