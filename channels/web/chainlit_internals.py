"""Every use of Chainlit beyond its documented API (`import chainlit as cl`, `chainlit.auth.get_current_user`,
the data layer classes), in one place, for the versions in SUPPORTED.

An upgrade of Chainlit is checked here: `check_version()` refuses another minor version at start-up, and
tests/channels/web/test_chainlit_internals.py fails when a name below is gone or its signature changed.
Chainlit is imported inside the functions: importing it reads CHAINLIT_APP_ROOT, which `altoc serve` sets first.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

SUPPORTED = ((2, 12), (2, 13))  # [from, to): the pin in pyproject.toml, `chainlit>=2.12,<2.13`

# Chainlit routes that a route of ours replaces: our app's routes come before Chainlit (mounted at /), so a
# request that matches one of ours never reaches Chainlit's. The test checks that these, and only these, of
# Chainlit's routes are shadowed by ours.
OVERRIDDEN_ROUTES = frozenset(
    {
        ("GET", "/health"),  # channels.http.health: asks the database (Chainlit's always says "ok")
        ("POST", "/login"),  # channels.web.accounts: says why a sign-in failed (wrong password, wait, database)
        ("GET", "/project/translations"),  # channels.web.accounts: those sign-in errors in the page's alert
        ("POST", "/project/file"),  # channels.web.limits: an empty upload gets a sentence, not a 500
        ("PUT", "/feedback"),  # channels.web.history: feedback only on one's own messages
        ("DELETE", "/feedback"),  # channels.web.history: the same for deleting it
        ("PUT", "/project/element"),  # channels.web.history: refused (it trusts the request's thread id)
        ("DELETE", "/project/element"),  # channels.web.history: refused, the same
    }
)


def installed_version() -> tuple[int, int]:
    from importlib.metadata import version

    major, minor = version("chainlit").split(".")[:2]
    return int(major), int(minor)


def check_version() -> None:
    """Refuse a Chainlit this module was not written for: its internals may have moved."""
    low, high = SUPPORTED
    found = installed_version()
    if not low <= found < high:
        raise RuntimeError(
            f"chainlit {found[0]}.{found[1]} is installed; channels/web/chainlit_internals.py was written for "
            f"{low[0]}.{low[1]}.x. Check each function there against the new version, then widen SUPPORTED."
        )


# --- the server's handlers that our routes wrap or replace -----------------------------------------------


async def authenticate_user(request: Any, user: Any) -> Any:
    """Chainlit's end of a sign-in: persist the user, set the `access_token` cookie, answer like its POST /login."""
    from chainlit.server import _authenticate_user

    return await _authenticate_user(request, user)


def language_pattern() -> str:
    """The language codes Chainlit accepts in `GET /project/translations?language=`."""
    from chainlit.server import _language_pattern

    return str(_language_pattern)


def load_translation(language: str) -> dict[str, Any]:
    from chainlit.config import config

    translation: dict[str, Any] = config.load_translation(config.ui.language or language)
    return translation


async def upload_file(current_user: Any, session_id: str, file: Any, ask_parent_id: str | None) -> Any:
    """Chainlit's `POST /project/file` handler."""
    from chainlit.server import upload_file as chainlit_upload_file

    return await chainlit_upload_file(current_user, session_id, file, ask_parent_id)


async def update_feedback(request: Any, update: Any, user: Any) -> Any:
    """Chainlit's `PUT /feedback` handler."""
    from chainlit.server import update_feedback as chainlit_update_feedback

    return await chainlit_update_feedback(request, update, user)


async def delete_feedback(request: Any, payload: Any, user: Any) -> Any:
    """Chainlit's `DELETE /feedback` handler."""
    from chainlit.server import delete_feedback as chainlit_delete_feedback

    return await chainlit_delete_feedback(request, payload, user)


def route_methods() -> set[tuple[str, str]]:
    """(method, path) of every route of Chainlit's API router (its catch-all page `/{full_path:path}` too)."""
    from chainlit.server import router

    return {(method, route.path) for route in router.routes for method in getattr(route, "methods", None) or ()}


# --- the page ---------------------------------------------------------------------------------------------

# A <link> to another host: Chainlit's page preconnects to Google Fonts and loads KaTeX's stylesheet from
# cdn.jsdelivr.net (we render no LaTeX, `latex = false`, and public/theme.json sets local fonts).
_FOREIGN_LINK = re.compile(r"\s*<link\b[^>]*\bhref=\"(?:https?:)?//[^\"]*\"[^>]*>", re.IGNORECASE)


def without_foreign_links(html: str) -> str:
    """The page without links that make the browser reach a third-party host."""
    return _FOREIGN_LINK.sub("", html)


def serve_page_without_foreign_links() -> None:
    """Make Chainlit's catch-all page route (`serve`, which calls `get_html_template` by its module name)
    serve the page without third-party links: a person's browser talks to this server only."""
    from chainlit import server

    original = server.get_html_template
    if hasattr(original, "chainlit_page"):
        return

    def local_page(root_path: str) -> str:
        return without_foreign_links(original(root_path))

    local_page.chainlit_page = original  # type: ignore[attr-defined]
    server.get_html_template = local_page


# --- mounting ---------------------------------------------------------------------------------------------


def mount(app: Any, target: str, path: str) -> None:
    """`chainlit.utils.mount_chainlit`, without the path filter it adds to Chainlit's app when mounted at `/`.

    That filter forwards only requests under `path` (all of them at `/`), and is a BaseHTTPMiddleware: a
    browser that leaves in mid-request (a Socket.IO poll at shutdown) becomes a logged "No response returned"
    traceback. Chainlit's app then has its own middleware only (CORS, gzip), as under `chainlit run`.
    """
    from chainlit.server import app as chainlit_app
    from chainlit.utils import mount_chainlit

    mount_chainlit(app, target, path=path)
    if path not in ("", "/"):
        return
    kept = [m for m in chainlit_app.user_middleware if m.cls.__qualname__ != _PATH_FILTER]
    if len(kept) != len(chainlit_app.user_middleware) - 1:
        raise RuntimeError(f"mount_chainlit no longer adds its {_PATH_FILTER}: see chainlit_internals.mount")
    chainlit_app.user_middleware = kept


_PATH_FILTER = "mount_chainlit.<locals>.ChainlitMiddleware"


# --- the Socket.IO server and its sessions ---------------------------------------------------------------


def set_frame_limit(limit: int) -> None:
    """The largest Socket.IO frame the server reads (Engine.IO's `max_http_buffer_size`, 1 MB by default)."""
    from chainlit.server import sio

    sio.eio.max_http_buffer_size = limit


def on_socket_event(name: str, handler: Callable[..., Awaitable[None]]) -> None:
    from chainlit.server import sio

    sio.on(name)(handler)


def enter_chat(socket_id: str) -> bool:
    """Make the chat of `socket_id` the current Chainlit context (so `cl.Message(...).send()` reaches it).
    False when that chat is gone."""
    from chainlit.context import init_ws_context
    from chainlit.session import WebsocketSession

    session = WebsocketSession.get(socket_id)
    if session is None:
        return False
    init_ws_context(session)
    return True


def open_chats() -> list[tuple[str, str | None]]:
    """(socket id, sign-in token) of every chat connected to this process."""
    from chainlit.session import ws_sessions_sid

    return [(socket_id, chat.token) for socket_id, chat in list(ws_sessions_sid.items())]


def after_thread_resumed(callback: Callable[[], Awaitable[None]]) -> None:
    """Run `callback` once the page has the messages of the thread being resumed.

    Chainlit calls `on_chat_resume` before it sends the thread (`emitter.resume_thread`), and the page then
    replaces every message it had: a message sent from `on_chat_resume` itself never shows.
    """
    from chainlit.context import context

    emitter = context.emitter
    resume = emitter.resume_thread

    async def resume_then(thread: Any) -> None:
        del emitter.resume_thread  # once: the class's method again
        await resume(thread)
        await callback()

    emitter.resume_thread = resume_then


async def show_unkept(message: Any, actions: list[Any]) -> None:
    """Show a message and its buttons on this page only, without storing it in the chat's history."""
    from chainlit.context import context

    await context.emitter.send_step(message.to_dict())
    for action in actions:
        await action.send(for_id=message.id)


async def show_chat_list_again(title: str, thread_id: str) -> None:
    """Make the current chat's page fetch its list of past chats again (to show a chat's new title).

    Chainlit's page fetches that list when the chat's first interaction arrives, and again whenever the
    event's `interaction` differs from the one before; a title differs from the first message it replaces.
    """
    from chainlit.context import context

    await context.emitter.emit("first_interaction", {"interaction": title, "thread_id": thread_id})


async def disconnect_chat(socket_id: str) -> None:
    from chainlit.server import sio

    await sio.disconnect(socket_id)


# --- the chat history's data layer -----------------------------------------------------------------------


def queue_until_user_message() -> Callable[[Any], Any]:
    """The decorator Chainlit's data layer puts on its writes (held back until the chat's first message)."""
    from chainlit.data.utils import queue_until_user_message as chainlit_queue

    decorator: Callable[[Any], Any] = chainlit_queue()
    return decorator


async def thread_owner(layer: Any, thread_id: str) -> str | None:
    """The id of the user owning a thread in the SQLAlchemy data layer's tables, None for an unclaimed one."""
    owner: str | None = await layer._get_user_id_by_thread(thread_id)
    return owner


def replace_engine(layer: Any, engine: Any) -> None:
    """Make an SQLAlchemy data layer use `engine` (ours checks connections before use) for every query."""
    from sqlalchemy.ext.asyncio import AsyncSession
    from sqlalchemy.orm import sessionmaker

    layer.engine = engine
    layer.async_session = sessionmaker(bind=engine, expire_on_commit=False, class_=AsyncSession)  # type: ignore[call-overload]


# --- configuration and files -----------------------------------------------------------------------------


def jwt_secret() -> str | None:
    """The secret Chainlit signs its sign-in tokens with (CHAINLIT_AUTH_SECRET)."""
    from chainlit.auth.jwt import get_jwt_secret

    secret: str | None = get_jwt_secret()
    return secret


def oauth_configured() -> bool:
    """Whether any OAuth provider is configured in the environment (Chainlit reads OAUTH_*)."""
    from chainlit.oauth_providers import get_configured_oauth_providers

    return bool(get_configured_oauth_providers())


def uploads_directory() -> Path:
    """Where Chainlit keeps uploads while a chat is open (APP_ROOT/.files): removed at shutdown, as Chainlit's
    own server does."""
    from chainlit.config import FILES_DIRECTORY

    return Path(FILES_DIRECTORY)


# --- start-up time ---------------------------------------------------------------------------------------


class _DeferredTraceloop:
    """Stands in for `traceloop.sdk.Traceloop` until something uses it, then imports the real one."""

    def __getattr__(self, name: str) -> object:
        import importlib

        if getattr(sys.modules.get("traceloop.sdk"), "altoc_deferred", False):
            del sys.modules["traceloop.sdk"]
        return getattr(importlib.import_module("traceloop.sdk").Traceloop, name)


def defer_traceloop() -> None:
    """Import Chainlit about 0.25 s faster.

    Chainlit imports literalai, whose modules do `from traceloop.sdk import Traceloop` at import
    time, pulling in OpenTelemetry instrumentation that only Literal AI tracing (LITERAL_API_KEY)
    ever uses. A stand-in module gives them a `Traceloop` that imports the real SDK on first use.
    """
    import importlib.util
    import types

    if "traceloop.sdk" in sys.modules or importlib.util.find_spec("traceloop") is None:
        return
    stand_in = types.ModuleType("traceloop.sdk")
    stand_in.Traceloop = _DeferredTraceloop()  # type: ignore[attr-defined]
    stand_in.altoc_deferred = True  # type: ignore[attr-defined]
    sys.modules["traceloop.sdk"] = stand_in
