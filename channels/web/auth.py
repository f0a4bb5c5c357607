"""Web sign-in for Chainlit: email + password accounts in our database, OAuth when configured, sign-out that
ends the session on the server. Sign-up and the password form's answers are our routes (channels.web.accounts).

A browser's account is its `cl.User.identifier`: the email for a password account (`("web", email)`),
`oauth:<provider>:<subject>` for an OAuth one (`("oauth:<provider>", subject)`), so the two never share an
account, or Chainlit's chat history, unless proven to be one person (app.auth).
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

import chainlit as cl
from fastapi import Request, Response

from app.auth import OAUTH_CHANNEL_PREFIX, WEB_CHANNEL, AuthService, Refusal, SignIn
from app.errors import AltocError, DatabaseUnavailable
from channels.web.lifecycle import WEB_RUNTIME

log = logging.getLogger(__name__)
PASSWORD_PROVIDER = "password"
_SUBJECT_CLAIMS = ("sub", "id", "oid", "user_id")  # the provider's stable user id, by provider


def password_user(email: str, signed_in: SignIn) -> cl.User:
    """The Chainlit user for a password sign-in; `sid` (the server-side session) is checked on every request."""
    return cl.User(
        identifier=email.strip().lower(),
        display_name=email.strip().lower(),
        metadata={"provider": PASSWORD_PROVIDER, "sid": str(signed_in.session_id)},
    )


@cl.password_auth_callback
async def sign_in(email: str, password: str) -> cl.User | None:
    """Chainlit shows its password form because this exists; our POST /login route answers the form
    (channels.web.accounts), with messages Chainlit's callback cannot give. Same service, same rules."""
    runtime = await WEB_RUNTIME.get()
    try:
        async with runtime.db.session_scope() as session:
            result = await AuthService(session).sign_in(email, password)
    except DatabaseUnavailable:  # Chainlit can only say no; our POST /login route answers 503 for this
        log.warning("sign-in failed: the database did not answer")
        return None
    except AltocError as exc:
        log.info("sign-in refused: %s", exc.message)
        return None
    return None if isinstance(result, Refusal) else password_user(email, result)


def web_account(user: cl.User | cl.PersistedUser | None) -> tuple[str, str] | None:
    """The account a signed-in browser speaks for: ("web", email), or ("oauth:<provider>", subject)."""
    if user is None:
        return None
    if user.identifier.startswith(OAUTH_CHANNEL_PREFIX):
        _, provider, subject = user.identifier.split(":", 2)
        return (f"{OAUTH_CHANNEL_PREFIX}{provider}", subject)
    return (WEB_CHANNEL, user.identifier)


def oauth_subject(raw_user_data: dict[str, Any]) -> str | None:
    for claim in _SUBJECT_CLAIMS:
        value = raw_user_data.get(claim)
        if value not in (None, ""):
            return str(value)
    return None


def proven_email(raw_user_data: dict[str, Any]) -> str | None:
    """The email the provider says it verified (OpenID Connect's `email_verified`, Google's `verified_email`,
    GitHub's list of emails); None when it does not vouch for one."""
    email = raw_user_data.get("email")
    emails = raw_user_data.get("emails")
    if isinstance(emails, list):  # GitHub: [{"email", "primary", "verified"}]
        for entry in emails:
            if isinstance(entry, dict) and entry.get("verified") is True and entry.get("primary") is True:
                return str(entry.get("email") or "") or None
        return None
    verified = raw_user_data.get("email_verified", raw_user_data.get("verified_email"))
    if isinstance(email, str) and email and (verified is True or str(verified).lower() == "true"):
        return email
    return None


async def oauth_user(provider_id: str, raw_user_data: dict[str, Any], default_user: cl.User) -> cl.User | None:
    """Sign in (or up) with an OAuth provider: the account is the provider's user id, never a bare email."""
    subject = oauth_subject(raw_user_data)
    if subject is None:
        log.warning("OAuth provider %s gave no user id; sign-in refused", provider_id)
        return None
    runtime = await WEB_RUNTIME.get()
    display_name = default_user.display_name or raw_user_data.get("name") or raw_user_data.get("login")
    async with runtime.db.session_scope() as session:
        signed_in = await AuthService(session).oauth_sign_in(
            provider_id, subject, proven_email(raw_user_data), display_name=display_name
        )
    return cl.User(
        identifier=f"{OAUTH_CHANNEL_PREFIX}{provider_id}:{subject}",
        display_name=str(display_name or default_user.identifier or subject),
        metadata={"provider": provider_id, "sid": str(signed_in.session_id)},
    )


def register_oauth() -> None:
    """Turn on OAuth sign-in for the providers configured in the environment (Chainlit reads OAUTH_*)."""
    from channels.web.chainlit_internals import oauth_configured

    if not oauth_configured():
        return

    @cl.oauth_callback
    async def oauth_sign_in(
        provider_id: str,
        token: str,
        raw_user_data: dict[str, Any],
        default_user: cl.User,
        id_token: str | None = None,  # Chainlit 2.12 passes the first four only
    ) -> cl.User | None:
        """OAuth accounts are known by provider and the provider's user id (see oauth_user)."""
        return await oauth_user(provider_id, raw_user_data, default_user)


register_oauth()


@cl.on_logout
async def sign_out(request: Request, response: Response) -> dict[str, bool]:
    """Chainlit clears the cookie; the session behind it ends too, so a copy of the cookie stops working, and
    this process's chats opened with it are disconnected."""
    from channels.web.accounts import forget_session, read_token
    from channels.web.chainlit_internals import disconnect_chat, open_chats
    from channels.web.security import session_token

    token = session_token(request.scope)
    sid = _session_id(read_token(token) if token else None)
    if sid is None:
        return {"success": True}
    runtime = await WEB_RUNTIME.get()
    async with runtime.db.session_scope() as session:
        await AuthService(session).sign_out(uuid.UUID(sid))
    forget_session(uuid.UUID(sid))
    for socket_id, chat_token in open_chats():
        if chat_token and _session_id(read_token(chat_token)) == sid:
            await disconnect_chat(socket_id)
    return {"success": True}


def _session_id(claims: dict[str, Any] | None) -> str | None:
    metadata = (claims or {}).get("metadata") or {}
    sid = metadata.get("sid")
    return str(sid) if sid else None
