"""`altoc serve`: prepare Chainlit's app root in the data dir, start the runtime, run the web chat.

Chainlit is imported only here (inside `serve`) and in the modules it loads: importing it writes files.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import re
import socket
import sys
from pathlib import Path

ASSETS = Path(__file__).parent / "assets"
APP_FILE = Path(__file__).parent / "app.py"
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
    from channels.web.origin_guard import local_origins

    # Uploads (.files/), chat files and the sign-in secret live below: for this user only (0700).
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    root.chmod(0o700)
    config = (ASSETS / "config.toml").read_text(encoding="utf-8")
    config = _ALLOW_ORIGINS_LINE.sub(f"allow_origins = {json.dumps(local_origins(host, port))}", config, count=1)
    _write_if_changed(root / ".chainlit" / "config.toml", config.encode("utf-8"))
    _write_if_changed(root / "chainlit.md", (ASSETS / "chainlit.md").read_bytes())
    public = ASSETS / "public"
    for source in sorted(public.rglob("*")):
        if source.is_file() and source.suffix not in (".py", ".pyc") and "__pycache__" not in source.parts:
            _write_if_changed(root / "public" / source.relative_to(public), source.read_bytes())
    return root


def port_problem(host: str, port: int) -> str | None:
    """Why the server could not listen on host:port, in words a person can act on; None if it can."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET  # what uvicorn will bind
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn: TIME_WAIT is no obstacle
        try:
            probe.bind((host, port))
        except socket.gaierror:
            return f"cannot listen on {host!r}: unknown host name (try --host 127.0.0.1)"
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return f"port {port} is in use; try `make run PORT={port + 1}` (or `altoc serve --port {port + 1}`)"
            if exc.errno == errno.EACCES:
                return f"no permission to listen on port {port}; use a port above 1023 (`make run PORT=8000`)"
            if exc.errno == errno.EADDRNOTAVAIL:
                return f"{host} is not an address of this machine (try --host 127.0.0.1)"
            return f"cannot listen on {host}:{port}: {exc.strerror}"
    return None


def _browser_url(host: str, port: int) -> str:
    if host in ("127.0.0.1", "0.0.0.0", "::", ""):
        return f"http://localhost:{port}"
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def _quiet_logging(level: str) -> None:
    """Chainlit sets the root logger to INFO on stdout; keep ALTOC_LOG_LEVEL, log to stderr (stdout is for what
    the server says to the person who started it) and drop Chainlit's per-page noise."""
    root = logging.getLogger()
    root.setLevel(level.upper())
    for handler in root.handlers:
        if isinstance(handler, logging.StreamHandler) and handler.stream is sys.stdout:
            handler.setStream(sys.stderr)
    # Logged on every page load by a browser whose language has no chainlit_<lang>.md: harmless.
    logging.getLogger("chainlit").addFilter(lambda record: "Translated markdown file" not in record.getMessage())


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


def serve(host: str = "127.0.0.1", port: int = 8000) -> int:
    """Run the web chat until Ctrl-C. Returns an exit status for problems found before it starts."""
    from app.assistant.runtime import Runtime
    from app.assistant.welcome import mode_label
    from app.config import get_settings
    from channels.web.auth_secret import ensure_auth_secret
    from channels.web.health import exit_for_the_supervisor, install_health_route
    from channels.web.lifecycle import WEB_RUNTIME
    from channels.web.origin_guard import LocalOriginGuard, allowed_hosts

    problem = port_problem(host, port)
    if problem:
        print(f"altoc: {problem}", file=sys.stderr)
        return 2
    # What the server writes (Chainlit's uploads in .files/ included) is people's data: this user's only.
    os.umask(0o077)
    settings = get_settings()
    root = settings.altoc_data_dir / "web"
    try:
        prepare_app_root(root, host, port)
    except OSError as exc:
        print(f"altoc: cannot prepare the web chat in {root}: {exc.strerror}; set ALTOC_DATA_DIR", file=sys.stderr)
        return 1
    # The database starts (and migrates) in a thread while Chainlit is imported: that import is the slow part.
    WEB_RUNTIME.start_in_background(lambda: Runtime.start(settings, stream=True))

    os.environ["CHAINLIT_APP_ROOT"] = str(root)
    os.environ["CHAINLIT_HOST"] = host
    os.environ["CHAINLIT_PORT"] = str(port)
    configured = settings.chainlit_auth_secret.get_secret_value() if settings.chainlit_auth_secret else None
    os.environ["CHAINLIT_AUTH_SECRET"] = ensure_auth_secret(settings.altoc_data_dir, configured)
    defer_traceloop()
    import chainlit.cli
    from chainlit.config import config
    from chainlit.server import app as asgi_app

    from channels.telegram.service import install_webhook_route, telegram_enabled, webhook_path
    from channels.web.accounts import install_account_routes, read_token, session_open
    from channels.web.history import install_routes
    from channels.web.limits import install_limits
    from channels.web.security import WebSecurity

    runtime = WEB_RUNTIME.wait()  # a start-up error (AltocError) reaches the CLI, which prints its message
    runtime.db.on_unrecoverable = exit_for_the_supervisor
    from app.render.pool import start_render_pool

    start_render_pool(runtime.settings.render_workers, runtime.settings.render_seconds)  # warms up meanwhile
    config.run.headless = True
    _quiet_logging(runtime.settings.log_level)
    webhook = webhook_path(runtime.settings) if telegram_enabled(runtime.settings) else None
    asgi_app.add_middleware(LocalOriginGuard, hosts=allowed_hosts(host, port), open_paths=[webhook] if webhook else [])
    public_https = (runtime.settings.public_url or "").lower().startswith("https://")
    asgi_app.add_middleware(
        WebSecurity,
        read_token=read_token,
        session_open=session_open,
        secure_cookies=runtime.settings.secure_cookies,
        public_https=public_https,
    )
    install_routes(asgi_app)
    install_account_routes(asgi_app)
    install_limits(asgi_app, runtime.settings.max_message_chars)
    install_health_route(asgi_app)
    if webhook:
        install_webhook_route(asgi_app, webhook)
    print(f"Altoc CV assistant on {_browser_url(host, port)} ({mode_label(runtime)}). Ctrl-C stops it.", flush=True)
    # Chainlit loads app.py by path with its folder first on sys.path; `app` (our core package) is already
    # imported by now, so `from app...` inside app.py cannot pick up app.py itself.
    try:
        chainlit.cli.run_chainlit(str(APP_FILE))  # ends the process with os._exit(0) after a clean shutdown
    except KeyboardInterrupt:
        # A second Ctrl-C makes uvicorn skip Chainlit's shutdown (and our on_app_shutdown): release the
        # database here and leave at once, as Chainlit would, without waiting for its worker threads.
        runtime.db.stop_embedded()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(130)
    return 0
