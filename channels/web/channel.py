"""The web chat as a channel of `altoc serve`: Chainlit, mounted at `/` of our HTTP app behind our routes.

Chainlit reads its app root (`.chainlit/config.toml`, `chainlit.md`, `public/`, uploads in `.files/`) from
CHAINLIT_APP_ROOT when it is first imported: `prepare` makes that root in the data dir and sets the
environment, and only the later hooks import Chainlit.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

from channels.registry import Channel, Serving, register

ASSETS = Path(__file__).parent / "assets"
APP_FILE = Path(__file__).parent / "app.py"
# The welcome page beside the project's README (the layout Chainlit projects have); copied into the app root.
WELCOME_PAGE = Path(__file__).resolve().parents[2] / "chainlit.md"
CHAINLIT_PATH = "/"  # the web chat stays at http://host:port/
_ALLOW_ORIGINS_LINE = re.compile(r"^allow_origins = .*$", re.MULTILINE)


def _write_if_changed(target: Path, data: bytes) -> None:
    """Write atomically, and only when the content differs (two processes may prepare the same root)."""
    if target.is_file() and target.read_bytes() == data:
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    temporary.replace(target)


def prepare_app_root(root: Path, host: str, port: int) -> Path:
    """Make `root` Chainlit's app root: our config (origins for host:port), welcome page and public files."""
    from channels.http.origin_guard import local_origins

    # Uploads (.files/), chat files and the sign-in secret live below: for this user only (0700).
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    root.chmod(0o700)
    config = (ASSETS / "config.toml").read_text(encoding="utf-8")
    config = _ALLOW_ORIGINS_LINE.sub(f"allow_origins = {json.dumps(local_origins(host, port))}", config, count=1)
    _write_if_changed(root / ".chainlit" / "config.toml", config.encode("utf-8"))
    _write_if_changed(root / "chainlit.md", WELCOME_PAGE.read_bytes())
    public = ASSETS / "public"
    for source in sorted(public.rglob("*")):
        if source.is_file() and source.suffix not in (".py", ".pyc") and "__pycache__" not in source.parts:
            _write_if_changed(root / "public" / source.relative_to(public), source.read_bytes())
    return root


def prepare(serving: Serving) -> None:
    """The app root in ALTOC_DATA_DIR/web and Chainlit's environment, before anything imports Chainlit."""
    from app.errors import ConfigurationError
    from channels.web.auth_secret import ensure_auth_secret

    settings = serving.settings
    root = settings.altoc_data_dir / "web"
    try:
        prepare_app_root(root, serving.host, serving.port)
    except OSError as exc:
        raise ConfigurationError(f"cannot prepare the web chat in {root}: {exc.strerror}; set ALTOC_DATA_DIR") from None
    os.environ["CHAINLIT_APP_ROOT"] = str(root)
    os.environ["CHAINLIT_HOST"] = serving.host
    os.environ["CHAINLIT_PORT"] = str(serving.port)
    configured = settings.chainlit_auth_secret.get_secret_value() if settings.chainlit_auth_secret else None
    os.environ["CHAINLIT_AUTH_SECRET"] = ensure_auth_secret(settings.altoc_data_dir, configured)


def routes(serving: Serving) -> list[Any]:
    from channels.web import chainlit_internals

    chainlit_internals.check_version()
    chainlit_internals.serve_page_without_foreign_links()
    chainlit_internals.defer_traceloop()
    from channels.web.accounts import account_routes
    from channels.web.history import history_routes
    from channels.web.limits import upload_route

    return [*account_routes(), *history_routes(), upload_route()]


def install(app: Any, serving: Serving) -> None:
    """Sign-in sessions and security headers, the message size limit, then Chainlit itself at `/`, behind
    every route of our app (a path of ours never reaches it)."""
    from channels.web.accounts import read_token, session_open
    from channels.web.chainlit_internals import mount
    from channels.web.limits import install_limits
    from channels.web.security import WebSecurity

    settings = serving.settings
    app.add_middleware(
        WebSecurity,
        read_token=read_token,
        session_open=session_open,
        secure_cookies=settings.secure_cookies,
        public_https=(settings.public_url or "").lower().startswith("https://"),
    )
    install_limits(app, settings.max_message_chars)
    # Chainlit loads app.py by path with its folder first on sys.path; `app` (our core package) is already
    # imported by now, so `from app...` inside app.py cannot pick up app.py itself.
    mount(app, str(APP_FILE), path=CHAINLIT_PATH)


async def stop() -> None:
    """What Chainlit's own server does at shutdown: close the chat history's pool, drop the open uploads."""
    from chainlit.data import get_data_layer

    from channels.web.chainlit_internals import uploads_directory

    layer = get_data_layer()
    if layer is not None:
        await layer.close()
    shutil.rmtree(uploads_directory(), ignore_errors=True)


def _always(settings: Any) -> bool:
    return True


WEB = register(
    Channel(
        name="web",
        display_name="web chat",
        served=_always,
        prepare=prepare,
        routes=routes,
        install=install,
        stop=stop,
        position=10,
    )
)
