"""Web sign-in with email and password: scrypt hashes, sign-up on first sign-in, lockout after failures."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from app.cv.model import check_email
from app.errors import InvalidInput
from db.repositories.credentials import CredentialRepository
from db.repositories.users import UserRepository

MIN_PASSWORD = 10
MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
WEB_CHANNEL = "web"
_N, _R, _P = 2**14, 8, 1  # scrypt cost: about 50 ms and 16 MB per check


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    encode = base64.b64encode
    return f"scrypt${_N}${_R}${_P}${encode(salt).decode()}${encode(digest).decode()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    expected = base64.b64decode(digest)
    actual = hashlib.scrypt(
        password.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p), dklen=len(expected)
    )
    return hmac.compare_digest(actual, expected)


@dataclass(frozen=True)
class SignIn:
    user_id: uuid.UUID
    email: str
    created: bool


def normalize_email(email: str) -> str:
    email = email.strip()
    try:
        check_email(email)
    except ValueError:
        raise InvalidInput("That is not an email address. Sign in with your email, e.g. maria@example.com.") from None
    return email.lower()


class AuthService:
    """Never commits; the caller's session scope does (a failed attempt is recorded, then refused)."""

    def __init__(self, session: AsyncSession) -> None:
        self.credentials = CredentialRepository(session)
        self.users = UserRepository(session)

    async def sign_in_or_up(self, email: str, password: str, now: datetime | None = None) -> SignIn | None:
        """The account for this email if the password is right; a new account for an unknown email.

        None for a wrong password or a locked account (the caller says only "wrong email or
        password", so nobody learns which emails have accounts from the error).
        """
        email = normalize_email(email)
        now = now or datetime.now(UTC)
        credential = await self.credentials.by_email(email, for_update=True)
        if credential is None:
            if len(password) < MIN_PASSWORD:
                raise InvalidInput(f"To create an account, choose a password of at least {MIN_PASSWORD} characters.")
            user = await self.users.get_or_create_by_identity(WEB_CHANNEL, email, display_name=email.split("@")[0])
            await self.credentials.add(user.id, email, hash_password(password))
            return SignIn(user.id, email, created=True)
        if credential.locked_until is not None and credential.locked_until > now:
            return None
        if not verify_password(password, credential.password_hash):
            failures = credential.failed_attempts + 1
            self.credentials.record_failure(credential, now + LOCKOUT if failures >= MAX_FAILURES else None)
            return None
        self.credentials.record_success(credential)
        return SignIn(credential.user_id, email, created=False)
