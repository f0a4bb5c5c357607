"""`altoc serve`: start the runtime, build our HTTP app with the channels the settings turn on, run it.

Chainlit is imported only from the web channel's hooks: importing it writes files where CHAINLIT_APP_ROOT says.
"""

from __future__ import annotations

import asyncio
import errno
import logging
import os
import socket
import sys

LOG_FORMAT = "%(asctime)s - %(levelname)s - %(name)s - %(message)s"


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


def _serve_logging(level: str) -> None:
    """Logs on stderr at ALTOC_LOG_LEVEL (stdout is for what the server says to the person who started it),
    without Chainlit's per-page noise."""
    logging.basicConfig(level=level.upper(), stream=sys.stderr, format=LOG_FORMAT, force=True)
    # Logged on every page load by a browser whose language has no chainlit_<lang>.md: harmless.
    logging.getLogger("chainlit").addFilter(lambda record: "Translated markdown file" not in record.getMessage())


def serve(host: str = "127.0.0.1", port: int = 8000) -> int:
    """Run our HTTP app until Ctrl-C. Returns an exit status for problems found before it starts."""
    from app.assistant.runtime import Runtime
    from app.assistant.welcome import mode_label
    from app.config import get_settings
    from channels import registry
    from channels.http.health import exit_for_the_supervisor
    from channels.web.lifecycle import WEB_RUNTIME

    problem = port_problem(host, port)
    if problem:
        print(f"altoc: {problem}", file=sys.stderr)
        return 2
    # What the server writes (Chainlit's uploads in .files/ included) is people's data: this user's only.
    os.umask(0o077)
    settings = get_settings()
    serving = registry.Serving(settings, host, port)
    channels = registry.served(settings)
    for channel in channels:
        if channel.prepare is not None:
            channel.prepare(serving)  # a problem (AltocError) reaches the CLI, which prints its message
    names = registry.display_names()
    # The database starts (and migrates) in a thread while the channels load: Chainlit's import is the slow part.
    # httpx is imported whole first: both threads import its users (the model SDK, Chainlit), and the OpenAI SDK
    # looks httpx up in sys.modules, where a module the other thread is still importing is half made
    # ("partially initialized module 'httpx' has no attribute 'URL'").
    import httpx  # noqa: F401

    WEB_RUNTIME.start_in_background(lambda: Runtime.start(settings, stream=True, channel_names=names))
    from channels.http.app import build_app

    app = build_app(serving, channels)
    runtime = WEB_RUNTIME.wait()  # a start-up error (AltocError) reaches the CLI, which prints its message
    runtime.db.on_unrecoverable = exit_for_the_supervisor
    from app.render.pool import start_render_pool

    start_render_pool(runtime.settings.render_workers, runtime.settings.render_seconds)  # warms up meanwhile
    _serve_logging(runtime.settings.log_level)
    print(f"Altoc CV assistant on {_browser_url(host, port)} ({mode_label(runtime)}). Ctrl-C stops it.", flush=True)
    try:
        _run(app, host, port)
    except KeyboardInterrupt:
        # uvicorn raises the Ctrl-C again once it has shut down. Before the app's shutdown ran (a second Ctrl-C
        # skips it), release the database here and leave at once.
        if not getattr(app.state, "stopped", False):
            runtime.db.stop_embedded()
            _exit(130)
    _exit(0)
    return 0


def _run(app: object, host: str, port: int) -> None:
    import uvicorn

    deflate = os.environ.get("UVICORN_WS_PER_MESSAGE_DEFLATE", "true").lower() in ("true", "1", "yes")
    config = uvicorn.Config(
        app,  # type: ignore[arg-type]
        host=host,
        port=port,
        loop="asyncio",
        ws=os.environ.get("UVICORN_WS_PROTOCOL", "auto"),  # type: ignore[arg-type]
        ws_per_message_deflate=deflate,
        log_level="error",
    )
    asyncio.run(uvicorn.Server(config).serve())


def _exit(status: int) -> None:
    """Leave at once once the server has shut down (the database released): as Chainlit's own server does,
    so that worker threads (AnyIO's, the render pool's) cannot hold the process."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)
