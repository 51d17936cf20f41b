"""The audit log's key: outside the database, so that whoever controls the database
cannot rewrite the log and make it verify.

Every event carries an HMAC-SHA-256 of its content made with this key, and
every checkpoint written outside the database is signed with it (see
docs/security.md). The key comes from ELECTION_AUDIT_KEY; a local install
without one keeps a random key in `audit_key` beside the secret key in the
data directory (ELECTION_DATA_DIR, `.data/` by default), made on first use.
Keys used before a rotation are listed in ELECTION_AUDIT_PREVIOUS_KEYS
(separated by commas): events and checkpoints they signed still verify.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from election.settings import PROJECT_ROOT

log = logging.getLogger(__name__)

KEY_VARIABLE = "ELECTION_AUDIT_KEY"
PREVIOUS_KEYS_VARIABLE = "ELECTION_AUDIT_PREVIOUS_KEYS"
KEY_FILE = "audit_key"
# At least 128 bits: 32 characters of a random text, or 32 hexadecimal digits.
MIN_KEY_LENGTH = 32


@dataclass(frozen=True)
class AuditKeys:
    """The key that signs, and the earlier ones that still verify."""

    current: bytes = field(repr=False)
    previous: tuple[bytes, ...] = field(default=(), repr=False)

    # hmac.digest is OpenSSL's one-shot HMAC, with no Python object per
    # message: every change signs one event, and verifying the log signs
    # every event again.
    def sign(self, message: bytes) -> str:
        return hmac.digest(self.current, message, "sha256").hex()

    def verifies(self, message: bytes, mac: str) -> bool:
        return any(
            hmac.compare_digest(hmac.digest(key, message, "sha256").hex(), mac)
            for key in (self.current, *self.previous)
        )

    @property
    def key_id(self) -> str:
        """Names the signing key in checkpoints without revealing it."""
        return hmac.new(self.current, b"election-audit-key-id", hashlib.sha256).hexdigest()[:16]


def _checked(key: str, source: str) -> bytes:
    if len(key) < MIN_KEY_LENGTH:
        raise RuntimeError(
            f"the audit key from {source} is shorter than {MIN_KEY_LENGTH} characters"
        )
    return key.encode()


def from_environment(environ: dict[str, str] | None = None) -> AuditKeys:
    env = os.environ if environ is None else environ
    previous = tuple(
        _checked(key.strip(), PREVIOUS_KEYS_VARIABLE)
        for key in env.get(PREVIOUS_KEYS_VARIABLE, "").split(",")
        if key.strip()
    )
    if key := env.get(KEY_VARIABLE, "").strip():
        return AuditKeys(_checked(key, KEY_VARIABLE), previous)
    data_dir = Path(env.get("ELECTION_DATA_DIR", str(PROJECT_ROOT / ".data")))
    return AuditKeys(_checked(_local_key(data_dir / KEY_FILE), str(data_dir / KEY_FILE)), previous)


def _local_key(path: Path) -> str:
    """A local install's key, made once (like the secret key beside it)."""
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    # Written whole under another name, readable by its owner only, then
    # linked into place: a process starting at the same moment reads either
    # no file or the whole key, and a key once there is never replaced.
    draft = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as file:
        file.write(key)
    try:
        os.link(draft, path)
    except FileExistsError:
        return path.read_text().strip()
    finally:
        draft.unlink()
    log.warning(
        "A new audit key was made in %s: keep a copy away from the database server; "
        "without it the audit log cannot be verified.",
        path,
    )
    return key


_keys: AuditKeys | None = None


def keys() -> AuditKeys:
    """The keys of this process, read from the environment on first use."""
    global _keys
    if _keys is None:
        _keys = from_environment()
    return _keys


def use(new_keys: AuditKeys | None) -> None:
    """Sign and verify with `new_keys` from now on (None: read the environment again)."""
    global _keys
    _keys = new_keys
