"""Password hashing (argon2) and token secrets.

argon2 is slow and memory-hard on purpose (some 50 ms and 64 MiB a hash): run
on the event loop, a burst of sign-ins stalled every other request of the
process. Hashing and verifying run in a few worker threads of their own
(argon2 releases the GIL), so the loop keeps serving and at most
HASHING_THREADS hashes take memory at once; further attempts wait their turn.

Tokens are 256-bit random strings; the database stores only their SHA-256,
so neither a dump nor a log of the table lets anyone sign in (a hash of that
much entropy cannot be reversed or precomputed).
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import secrets
from concurrent.futures import ThreadPoolExecutor

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

_HASHER = PasswordHasher()
HASHING_THREADS = max(2, min(4, os.cpu_count() or 2))
_HASHING = ThreadPoolExecutor(max_workers=HASHING_THREADS, thread_name_prefix="argon2")
# Verified against when the username does not exist, so a failed sign-in takes
# the same time whether or not the account exists.
_DUMMY_HASH = _HASHER.hash("not-a-real-password-" + secrets.token_hex(8))


def _verify(password_hash: str | None, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


async def hash_password(password: str) -> str:
    return await asyncio.get_running_loop().run_in_executor(_HASHING, _HASHER.hash, password)


async def verify_password(password_hash: str | None, password: str) -> bool:
    """Whether `password` is the one hashed; with no hash (an unknown user), a
    dummy hash is verified all the same and the answer is no."""
    return await asyncio.get_running_loop().run_in_executor(
        _HASHING, _verify, password_hash, password
    )


def needs_rehash(password_hash: str) -> bool:
    return _HASHER.check_needs_rehash(password_hash)


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


_ONE_TIME_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def one_time_password() -> str:
    """Twelve random letters and digits (none that read alike) in three groups,
    easy to read aloud or copy by hand: a one-time password a manager hands over."""
    raw = "".join(secrets.choice(_ONE_TIME_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"
