"""What channels/web/chainlit_internals.py reaches into must exist, as it was when the module was written:
an upgrade of Chainlit that moves any of it fails here, by name, instead of in a person's browser."""

from __future__ import annotations

import inspect
import re
from pathlib import Path
from typing import Any

import pytest

from channels.web import chainlit_internals

# Chainlit imports traceloop, which still uses pydantic v1-style config.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:traceloop.*")


@pytest.fixture(scope="module", autouse=True)
def _root(chainlit_root: Path) -> Path:
    """Chainlit imported with its app root in a temp dir."""
    return chainlit_root


def params(function: Any) -> list[str]:
    return list(inspect.signature(function).parameters)


def test_the_installed_chainlit_is_the_one_this_was_written_for() -> None:
    chainlit_internals.check_version()
    import chainlit

    low, high = chainlit_internals.SUPPORTED
    assert low <= tuple(int(part) for part in chainlit.__version__.split(".")[:2]) < high


def test_another_minor_version_is_refused_with_what_to_do(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chainlit_internals, "installed_version", lambda: (2, 13))
    with pytest.raises(RuntimeError, match=r"chainlit 2\.13 is installed; .*written for 2\.12\.x"):
        chainlit_internals.check_version()


def test_the_server_handlers_we_wrap_keep_their_signatures() -> None:
    import chainlit.server as server

    assert params(server._authenticate_user)[:2] == ["request", "user"]
    assert inspect.iscoroutinefunction(server._authenticate_user)
    assert params(server.upload_file) == ["current_user", "session_id", "file", "ask_parent_id"]
    assert params(server.update_feedback) == ["request", "update", "current_user"]
    assert params(server.delete_feedback) == ["request", "payload", "current_user"]
    assert isinstance(chainlit_internals.language_pattern(), str)
    assert "errors" in chainlit_internals.load_translation("en-US")["auth"]["login"]


def test_the_socket_server_and_sessions_are_where_we_reach_for_them() -> None:
    import chainlit.server as server
    from chainlit.context import init_ws_context
    from chainlit.session import WebsocketSession, ws_sessions_sid

    assert hasattr(server.sio, "eio") and isinstance(server.sio.eio.max_http_buffer_size, int)
    assert callable(server.sio.on) and inspect.iscoroutinefunction(server.sio.disconnect)
    assert callable(WebsocketSession.get) and params(init_ws_context) == ["session_or_sid"]
    assert isinstance(ws_sessions_sid, dict)
    assert chainlit_internals.enter_chat("no-such-socket") is False
    assert chainlit_internals.open_chats() == []
    before = server.sio.eio.max_http_buffer_size
    try:
        chainlit_internals.set_frame_limit(123_456)
        assert server.sio.eio.max_http_buffer_size == 123_456
    finally:
        server.sio.eio.max_http_buffer_size = before


def test_configuration_and_files_are_where_we_reach_for_them() -> None:
    from chainlit.auth.jwt import get_jwt_secret
    from chainlit.config import APP_ROOT

    assert params(get_jwt_secret) == []
    assert chainlit_internals.uploads_directory() == Path(APP_ROOT) / ".files"  # the root of the first import
    assert isinstance(chainlit_internals.oauth_configured(), bool)


def test_the_page_links_no_third_party_host() -> None:
    """Chainlit's page links KaTeX on a CDN and preconnects to Google Fonts; ours links only itself. When an
    upgrade changes how the page is built (or stops linking them), this says so."""
    import chainlit.server as server

    chainlit_internals.serve_page_without_foreign_links()
    chainlit_internals.serve_page_without_foreign_links()  # twice is once
    assert params(server.get_html_template) == ["root_path"]
    page = server.get_html_template("")
    original = server.get_html_template.chainlit_page("")
    assert "cdn.jsdelivr.net/npm/katex" in original and "fonts.googleapis.com" in original
    assert "//" not in "".join(re.findall(r"<link\b[^>]*>", page, re.S)).replace('href="/', "")
    assert '<script type="module" crossorigin src="/assets/' in page  # the app itself is still there
    assert '<link rel="stylesheet" crossorigin href="/assets/' in page


def test_our_routes_replace_exactly_the_chainlit_routes_listed() -> None:
    """Our app's routes come before Chainlit's: a method and path of ours that Chainlit also answers replaces
    Chainlit's, and each such replacement must be deliberate, listed in OVERRIDDEN_ROUTES."""
    from app.config import Settings
    from channels import registry
    from channels.http.billing import stripe_routes
    from channels.http.health import health_route
    from channels.registry import Serving
    from channels.web.lifecycle import WEB_RUNTIME

    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, telegram_bot_token="1:x", telegram_webhook_url="https://cv.example.com/telegram/webhook"
    )
    serving = Serving(settings, "127.0.0.1", 8000)
    channels = registry.served(settings)
    assert [channel.name for channel in channels] == ["web", "telegram"]
    ours = [
        health_route(),
        *stripe_routes(WEB_RUNTIME),
        *(route for channel in channels for route in channel.routes(serving)),
    ]
    pairs = {(method, route.path) for route in ours for method in route.methods if method != "HEAD"}
    assert ("POST", "/telegram/webhook") in pairs and ("POST", "/stripe/webhook") in pairs
    assert pairs & chainlit_internals.route_methods() == chainlit_internals.OVERRIDDEN_ROUTES


def test_mount_chainlit_still_mounts_its_app_behind_a_path_filter() -> None:
    """chainlit_internals.mount drops that filter at `/` (and refuses to start if it is gone)."""
    from chainlit.utils import mount_chainlit

    source = inspect.getsource(mount_chainlit)
    assert params(mount_chainlit) == ["app", "target", "path"]
    assert "class ChainlitMiddleware(BaseHTTPMiddleware)" in source and "app.mount(path, chainlit_app)" in source


def test_the_data_layer_parts_we_use_are_there() -> None:
    from chainlit.data.sql_alchemy import SQLAlchemyDataLayer
    from chainlit.data.utils import queue_until_user_message

    assert params(SQLAlchemyDataLayer._get_user_id_by_thread) == ["self", "thread_id"]
    assert inspect.iscoroutinefunction(SQLAlchemyDataLayer._get_user_id_by_thread)
    init = inspect.getsource(SQLAlchemyDataLayer.__init__)
    assert "self.engine" in init and "self.async_session = sessionmaker(" in init  # what replace_engine sets
    assert params(queue_until_user_message) == [] and callable(chainlit_internals.queue_until_user_message())


def test_a_resumed_thread_is_sent_after_on_chat_resume() -> None:
    """after_thread_resumed relies on this order in Chainlit's `connection_successful`."""
    import chainlit.socket as socket  # a submodule: `from chainlit import socket` needs it imported already
    from chainlit.emitter import ChainlitEmitter

    source = inspect.getsource(socket.connection_successful)
    assert 0 < source.index("on_chat_resume(thread)") < source.index("context.emitter.resume_thread(thread)")
    assert params(ChainlitEmitter.resume_thread) == ["self", "thread_dict"]
    assert params(ChainlitEmitter.send_step) == ["self", "step_dict"]
