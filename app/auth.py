"""Web accounts: explicit sign-up (proven by an email link when SMTP is configured, confirmed on the page when
not), password sign-in with a progressive delay instead of a lockout, OAuth identities keyed by provider and
subject, server-side sessions.

Two ways of signing in join one account only on proof: an OAuth provider's verified email meeting a password
account whose email was verified by a link (either order), or `/link` (app.accounts).
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from app.cv.model import check_email
from app.errors import Conflict, InvalidInput
from db.models import SignInThrottle
from db.repositories.credentials import CredentialRepository
from db.repositories.users import UserRepository
from db.repositories.web_sessions import ThrottleRepository, WebSessionRepository

MIN_PASSWORD = 10
MAX_PASSWORD = 1024
WEB_CHANNEL = "web"
OAUTH_CHANNEL_PREFIX = "oauth:"
VERIFICATION_LIFETIME = timedelta(hours=24)
CONFIRMATION_LIFETIME = timedelta(hours=1)  # the "create a new account for x@y?" question on the sign-up page
SESSION_LIFETIME = timedelta(days=15)  # Chainlit's user_session_timeout in our config.toml
PRUNE_ONE_IN = 100  # one failed sign-in in a hundred clears out stale counters, sessions and links
_N, _R, _P = 2**14, 8, 1  # scrypt cost: about 50 ms and 16 MB per check

WRONG_CREDENTIALS = "Wrong email or password."
WRONG_PASSWORD = "Wrong password for {email}. Check it (is Caps Lock on?) and try again."
NO_ACCOUNT = "There is no account for {email}. Check the email for a typo; if you are new here, create an account."
SHORT_PASSWORD = f"That password is too short: passwords here have at least {MIN_PASSWORD} characters."


@dataclass(frozen=True)
class Throttle:
    """A progressive delay: after `free` failures, each one doubles the wait (from 1 s) up to `cap`."""

    free: int
    cap: timedelta
    forget_after: timedelta = timedelta(minutes=15)  # failures older than this no longer count

    def wait(self, row: SignInThrottle, now: datetime) -> timedelta:
        if now - row.last_failure_at > self.forget_after or row.failures < self.free:
            return timedelta(0)
        delay = min(timedelta(seconds=2 ** min(row.failures - self.free, 20)), self.cap)
        return max(timedelta(0), row.last_failure_at + delay - now)

    def failed(self, row: SignInThrottle, now: datetime) -> None:
        recent = now - row.last_failure_at <= self.forget_after
        row.failures = (row.failures if recent else 0) + 1
        row.last_failure_at = now


# Per account the delay stays short (anyone can fail on anyone's email: it must never become a lockout);
# per client address it grows longer (it only slows the guesser down).
ACCOUNT_THROTTLE = Throttle(free=5, cap=timedelta(seconds=30))
CLIENT_THROTTLE = Throttle(free=10, cap=timedelta(minutes=5))


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


# Checked when the email has no account, so that an unknown email costs the same scrypt as a known one.
_DUMMY_HASH = hash_password(secrets.token_urlsafe(16))


def token_hash(token: str, purpose: str = "verify") -> str:
    """The stored form of a sign-up token. The purpose is part of it: a confirmation shown on the sign-up page
    (email not proven) never works as an emailed verification link (email proven), nor the other way round."""
    return hashlib.sha256(f"altoc-{purpose}:{token}".encode()).hexdigest()


def normalize_email(email: str) -> str:
    email = email.strip()
    try:
        check_email(email)
    except ValueError:
        raise InvalidInput("That is not an email address. Use your email, e.g. maria@example.com.") from None
    return email.lower()


def check_new_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(f"Choose a password of at least {MIN_PASSWORD} characters.")
    if len(password) > MAX_PASSWORD:
        raise InvalidInput(f"That password is too long: use at most {MAX_PASSWORD} characters.")


@dataclass(frozen=True)
class SignIn:
    user_id: uuid.UUID
    session_id: uuid.UUID


class Why:
    """Why a sign-in was refused: the web page shows a message per reason (channels.web.accounts)."""

    WRONG_CREDENTIALS = "wrong-credentials"  # a wrong password, or an unknown email when emails are not named
    UNKNOWN_EMAIL = "unknown-email"
    NOT_AN_EMAIL = "not-an-email"
    SHORT_PASSWORD = "short-password"
    WAIT = "wait"  # too many failures: slowed down for `retry_after` seconds


@dataclass(frozen=True)
class Refusal:
    """A sign-in that did not happen, in words for the person; `retry_after` seconds when they must wait."""

    message: str
    retry_after: int | None = None
    why: str = Why.WRONG_CREDENTIALS


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    body: str


@dataclass(frozen=True)
class SignUp:
    message: str  # what the person is told
    mail: Mail | None = None  # what to send once the transaction is committed
    confirm_token: str | None = None  # without SMTP: the answer to "create a new account for x@y?"
    email: str = ""  # the email as it will be stored


CONFIRM_QUESTION = "No account for {email} yet. Create a new account for {email}?"
CHECK_INBOX = (
    "Check your inbox: we sent a link to {email}. Open it within 24 hours to finish creating your account, "
    "then sign in. (If you already have an account, the email says so.)"
)
VERIFY_SUBJECT = "Confirm your email for Altoc"
VERIFY_BODY = """Hello,

Someone (we hope you) asked to create an Altoc account with this email address.
Open this link within 24 hours to confirm it and finish creating the account:

{link}

If it was not you, ignore this email: no account is created without the link.
"""
EXISTING_SUBJECT = "Your Altoc account"
EXISTING_BODY = """Hello,

Someone (perhaps you) tried to create an Altoc account with this email address, but you already have one.
Sign in with your password at {base}.

If it was not you, you need do nothing: your account and password are unchanged.
"""


class AuthService:
    """Never commits; the caller's session scope does (a failed attempt is recorded, then refused)."""

    def __init__(self, session: AsyncSession) -> None:
        self.credentials = CredentialRepository(session)
        self.users = UserRepository(session)
        self.sessions = WebSessionRepository(session)
        self.throttle = ThrottleRepository(session)

    # --- sign-up ---------------------------------------------------------------------------------

    async def sign_up(
        self, email: str, password: str, *, verify_by_mail: bool, base_url: str, now: datetime | None = None
    ) -> SignUp:
        """A new password account for `email`.

        Nothing is created yet. With email verification (SMTP configured): a pending sign-up and a link to
        open, and the same answer whether or not the email already has an account (the email itself tells its
        owner). Without it: a pending sign-up and a question for the page, "create a new account for x@y?",
        so that a typo in a returning person's email does not silently become a new, empty account; the
        answer (`confirm_sign_up`) creates it, with its email not proven.
        """
        email = normalize_email(email)
        check_new_password(password)
        now = now or datetime.now(UTC)
        password_hash = await asyncio.to_thread(hash_password, password)  # new and known emails: the same work
        existing = await self.credentials.by_email(email)
        if not verify_by_mail:
            if existing is not None:
                raise Conflict(f"There is already an account for {email}: sign in with its password instead.")
            token = secrets.token_urlsafe(32)
            expires = now + CONFIRMATION_LIFETIME
            await self.credentials.add_pending(email, password_hash, token_hash(token, "confirm"), expires)
            return SignUp(CONFIRM_QUESTION.format(email=email), confirm_token=token, email=email)
        answer = CHECK_INBOX.format(email=email)
        if existing is not None:
            return SignUp(answer, Mail(email, EXISTING_SUBJECT, EXISTING_BODY.format(base=base_url)))
        token = secrets.token_urlsafe(32)
        await self.credentials.add_pending(email, password_hash, token_hash(token), now + VERIFICATION_LIFETIME)
        link = f"{base_url}/altoc/verify?token={token}"
        return SignUp(answer, Mail(email, VERIFY_SUBJECT, VERIFY_BODY.format(link=link)))

    async def confirm_sign_up(self, token: str, now: datetime | None = None) -> str:
        """The person answered yes to "create a new account for x@y?" (no SMTP): the account, email not proven.
        Returns what to tell the person."""
        now = now or datetime.now(UTC)
        pending = await self.credentials.claim_pending(token_hash(token.strip(), "confirm"), now)
        if pending is None:
            raise InvalidInput("That sign-up form is too old (it works once, for an hour). Fill it in again.")
        if await self.credentials.by_email(pending.email) is not None:
            raise Conflict(f"There is already an account for {pending.email}: sign in with its password instead.")
        display_name = pending.email.split("@")[0]
        user = await self.users.get_or_create_by_identity(WEB_CHANNEL, pending.email, display_name=display_name)
        await self.credentials.add(user.id, pending.email, pending.password_hash)
        return f"Your account for {pending.email} is ready: sign in with your email and password."

    async def confirm_email(self, token: str, now: datetime | None = None) -> str:
        """Open a verification link: the account is created with its email proven. Returns what to tell the person.

        An OAuth identity whose provider vouched for the same email belongs to the same person (both proved
        the inbox): the password joins that account.
        """
        now = now or datetime.now(UTC)
        pending = await self.credentials.claim_pending(token_hash(token.strip()), now)
        if pending is None:
            raise InvalidInput("That link is not valid any more (links work once, for 24 hours). Sign up again.")
        if await self.credentials.by_email(pending.email) is not None:
            return f"{pending.email} already has an account: sign in with its password."
        user = await self.users.by_verified_email(pending.email)
        if user is not None and await self.credentials.for_user(user.id) is not None:
            user = None  # that account has a password already (one per account): this one is an account of its own
        if user is None:
            user = await self.users.get_or_create_by_identity(
                WEB_CHANNEL, pending.email, display_name=pending.email.split("@")[0]
            )
        elif await self.users.identity(WEB_CHANNEL, pending.email) is None:
            await self.users.add_identity(user.id, WEB_CHANNEL, pending.email)
        await self.credentials.add(user.id, pending.email, pending.password_hash, verified_at=now)
        return f"Your email {pending.email} is confirmed and your account is ready: sign in."

    # --- sign-in ---------------------------------------------------------------------------------

    async def sign_in(
        self,
        email: str,
        password: str,
        client: str | None = None,
        now: datetime | None = None,
        *,
        name_unknown_email: bool = False,
    ) -> SignIn | Refusal:
        """A new session if the password is right; otherwise a Refusal that says why.

        An unknown email gets the same answer as a wrong password (and takes as long) unless
        `name_unknown_email`: where sign-up already tells whether an email has an account (no SMTP), sign-in
        says so too, so that a typo is seen as one. Failures slow down further attempts on this email and from
        this client address; nothing ever locks an account. A password shorter than any account's is refused
        before any of that: it cannot be right, and saying so tells a guesser nothing.
        """
        try:
            email = normalize_email(email)
        except InvalidInput as exc:
            return Refusal(exc.message, why=Why.NOT_AN_EMAIL)
        if len(password) < MIN_PASSWORD:
            return Refusal(SHORT_PASSWORD, why=Why.SHORT_PASSWORD)
        now = now or datetime.now(UTC)
        keys = {f"account:{email}": ACCOUNT_THROTTLE}
        if client:
            keys[f"client:{client}"] = CLIENT_THROTTLE
        counters = await self.throttle.lock(list(keys), now)
        wait = max(throttle.wait(counters[key], now) for key, throttle in keys.items())
        if wait > timedelta(0):
            seconds = max(1, int(wait.total_seconds() + 0.999))
            unit = "second" if seconds == 1 else "seconds"
            message = f"Too many failed sign-ins. Wait {seconds} {unit}, then try again."
            return Refusal(message, retry_after=seconds, why=Why.WAIT)
        credential = await self.credentials.by_email(email)
        stored = credential.password_hash if credential is not None else _DUMMY_HASH
        right = await asyncio.to_thread(verify_password, password, stored)
        if credential is None or not right:
            for key, throttle in keys.items():
                throttle.failed(counters[key], now)
            if secrets.randbelow(PRUNE_ONE_IN) == 0:
                await self.throttle.prune(now - timedelta(days=1))
            if not name_unknown_email:
                return Refusal(WRONG_CREDENTIALS)
            if credential is None:
                return Refusal(NO_ACCOUNT.format(email=email), why=Why.UNKNOWN_EMAIL)
            return Refusal(WRONG_PASSWORD.format(email=email))
        counters[f"account:{email}"].failures = 0
        return SignIn(credential.user_id, await self.sessions.start(credential.user_id, now + SESSION_LIFETIME))

    async def oauth_sign_in(
        self,
        provider: str,
        subject: str,
        verified_email: str | None,
        display_name: str | None = None,
        now: datetime | None = None,
    ) -> SignIn:
        """The account of this provider's user (`subject`, the provider's stable id), created on first sign-in.

        A new OAuth identity joins an existing password account only when both emails are proven: the
        provider says its email is verified and the password account's owner opened a verification link.
        """
        if not subject:
            raise InvalidInput("The sign-in provider did not say who you are. Try again, or sign in another way.")
        now = now or datetime.now(UTC)
        channel = f"{OAUTH_CHANNEL_PREFIX}{provider}"
        email = verified_email.strip().lower() if verified_email else None
        identity = await self.users.identity(channel, subject)
        if identity is None:
            credential = await self.credentials.verified_by_email(email) if email else None
            if credential is not None:  # both proved the same inbox: one person
                await self.users.add_identity(credential.user_id, channel, subject, verified_email=email)
            else:
                await self.users.get_or_create_by_identity(channel, subject, display_name=display_name)
            identity = await self.users.identity(channel, subject)
            assert identity is not None
        if email:
            identity.verified_email = email
        user_id = identity.user_id
        return SignIn(user_id, await self.sessions.start(user_id, now + SESSION_LIFETIME))

    # --- sessions --------------------------------------------------------------------------------

    async def session_is_active(self, session_id: uuid.UUID, now: datetime | None = None) -> bool:
        return await self.sessions.is_active(session_id, now or datetime.now(UTC))

    async def sign_out(self, session_id: uuid.UUID, now: datetime | None = None) -> None:
        await self.sessions.revoke(session_id, now or datetime.now(UTC))
