"""Password hashing (argon2) and token secrets.

Tokens are 256-bit random strings; the database stores only their SHA-256,
so neither a dump nor a log of the table lets anyone sign in (a hash of that
much entropy cannot be reversed or precomputed).
"""

from __future__ import annotations

import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

_HASHER = PasswordHasher()
# Verified against when the username does not exist, so a failed login takes
# the same time whether or not the account exists.
_DUMMY_HASH = _HASHER.hash("not-a-real-password-" + secrets.token_hex(8))


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _HASHER.check_needs_rehash(password_hash)


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
