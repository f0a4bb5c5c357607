"""Web sign-in for Chainlit: email + password accounts in our database, OAuth when configured."""

from __future__ import annotations

import logging

import chainlit as cl

from app.auth import WEB_CHANNEL, AuthService
from app.errors import AltocError
from channels.web.lifecycle import WEB_RUNTIME

log = logging.getLogger(__name__)


@cl.password_auth_callback
async def sign_in(email: str, password: str) -> cl.User | None:
    """Sign in with email and password; an email without an account gets one (sign-up on first sign-in)."""
    runtime = await WEB_RUNTIME.get()
    try:
        async with runtime.db.session_scope() as session:
            result = await AuthService(session).sign_in_or_up(email, password)
    except AltocError as exc:  # a malformed email or a short first password: refuse, as Chainlit can only say no
        log.info("sign-in refused: %s", exc.message)
        return None
    if result is None:
        return None
    return cl.User(identifier=result.email, display_name=result.email, metadata={"provider": "password"})


def web_account(user: cl.User | cl.PersistedUser | None) -> tuple[str, str] | None:
    """The account a signed-in browser speaks for: ("web", email or provider:id)."""
    if user is None:
        return None
    return (WEB_CHANNEL, user.identifier)


def register_oauth() -> None:
    """Turn on OAuth sign-in for the providers configured in the environment (Chainlit reads OAUTH_*)."""
    from chainlit.oauth_providers import get_configured_oauth_providers

    if not get_configured_oauth_providers():
        return

    @cl.oauth_callback
    async def oauth_sign_in(
        provider_id: str, token: str, raw_user_data: dict[str, str], default_user: cl.User, id_token: str | None
    ) -> cl.User | None:
        """OAuth accounts are known by the provider's verified email (or its user id when it has none)."""
        email = raw_user_data.get("email")
        identifier = email.lower() if email else f"{provider_id}:{raw_user_data.get('id') or default_user.identifier}"
        return cl.User(
            identifier=identifier, display_name=default_user.display_name, metadata={"provider": provider_id}
        )


register_oauth()
