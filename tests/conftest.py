"""Shared fixtures. Every test runs with outside network connections forbidden."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

pytest_plugins = ["tests.fakes.fixtures"]

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


class OutsideConnectionError(AssertionError):
    """A test tried to reach something other than this machine."""


def _is_local(address: Any) -> bool:
    if isinstance(address, (str, bytes)):  # unix socket path
        return True
    host = address[0]
    if isinstance(host, bytes):
        host = host.decode()
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex
_real_getaddrinfo = socket.getaddrinfo


def _guarded_connect(self: socket.socket, address: Any) -> Any:
    if not _is_local(address):
        raise OutsideConnectionError(f"test tried to connect to {address!r}; tests stay on 127.0.0.1")
    return _real_connect(self, address)


def _guarded_connect_ex(self: socket.socket, address: Any) -> Any:
    if not _is_local(address):
        raise OutsideConnectionError(f"test tried to connect to {address!r}; tests stay on 127.0.0.1")
    return _real_connect_ex(self, address)


def _guarded_getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
    name = host.decode() if isinstance(host, bytes) else host
    if name is not None and not _is_local((name, 0)):
        raise OutsideConnectionError(f"test tried to resolve {name!r}; tests stay on 127.0.0.1")
    return _real_getaddrinfo(host, *args, **kwargs)


@pytest.fixture(autouse=True, scope="session")
def _no_outside_network() -> Iterator[None]:
    """Fail any test that opens a connection (or DNS lookup) beyond loopback and unix sockets."""
    mp = pytest.MonkeyPatch()
    mp.setattr(socket.socket, "connect", _guarded_connect)
    mp.setattr(socket.socket, "connect_ex", _guarded_connect_ex)
    mp.setattr(socket, "getaddrinfo", _guarded_getaddrinfo)
    yield
    mp.undo()


@pytest.fixture
def shared_data() -> Path:
    """../shared/data, or skip where it is absent (a user's machine)."""
    path = SHARED / "data"
    if not path.is_dir():
        pytest.skip("../shared/data is not beside the project")
    return path


# --- configuration -------------------------------------------------------------------------------

_ENV_PREFIXES = ("ALTOC_", "OPENAI_", "ANTHROPIC_", "TELEGRAM_", "STRIPE_", "CHAINLIT_")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Which worker runs what (`make test`: pytest-xdist with --dist loadgroup): a test file stays on one worker,
    so its module fixtures (a served app) start once, and the files that drive a browser run one after the other
    on the same worker: two browsers, their servers and two embedded databases at once overload two cores."""
    browser_files = {item.path for item in items if item.get_closest_marker("browser")}
    for item in items:
        item.add_marker(pytest.mark.xdist_group("browser" if item.path in browser_files else str(item.path)))


def pytest_collection_finish(session: pytest.Session) -> None:
    """Collection imports every test module: none may import Chainlit (it would fix its app root in the working
    directory before `_clean_environment` prepares one); import it inside the test."""
    import sys

    if "chainlit.config" in sys.modules:
        raise pytest.UsageError("a test module imports Chainlit when collected: import it inside the test instead")


@pytest.fixture(autouse=True, scope="session")
def _clean_environment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Tests never see the developer's keys or database: each test states its own configuration.

    Chainlit reads its app root once, when a process first imports it, and writes there: whichever test imports it
    first (the order differs from run to run on several workers), it finds a prepared root in a temporary dir, never
    the working directory."""
    import os

    from channels.web.channel import prepare_app_root

    mp = pytest.MonkeyPatch()
    for name in list(os.environ):
        if name.startswith(_ENV_PREFIXES) or name == "DATABASE_URL":
            mp.delenv(name)
    root = prepare_app_root(tmp_path_factory.mktemp("web-root"), "127.0.0.1", 8000)
    mp.setenv("CHAINLIT_APP_ROOT", str(root))
    mp.setenv("CHAINLIT_ENV_FILE", str(root / "absent.env"))  # chainlit would load ./.env into os.environ
    yield
    mp.undo()


@pytest.fixture
def settings(tmp_path: Path) -> Any:
    from app.config import Settings

    return Settings(_env_file=None, altoc_data_dir=tmp_path / "data", altoc_llm="offline")  # type: ignore[call-arg]


# --- browser -------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
async def chromium() -> AsyncIterator[Any]:
    """Debian Chromium driven by playwright, launched once for the session's browser tests."""
    from playwright.async_api import async_playwright

    from tests.webclient import CHROMIUM, CHROMIUM_ARGS

    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            await launched.close()


class FreshBrowser:
    """A test's own browser: every page or context it opens is a new context of the session's Chromium (its own
    cookies, storage, cache and downloads, as in a newly launched browser); `close` closes them all."""

    def __init__(self, chromium: Any) -> None:
        self._chromium = chromium
        self._contexts: list[Any] = []

    async def new_context(self, **options: Any) -> Any:
        context = await self._chromium.new_context(**options)
        self._contexts.append(context)
        return context

    async def new_page(self, **options: Any) -> Any:
        return await (await self.new_context(**options)).new_page()

    async def close(self) -> None:
        while self._contexts:
            await self._contexts.pop().close()


@pytest.fixture
async def browser(chromium: Any) -> AsyncIterator[FreshBrowser]:
    """A browser of its own for one test (a fresh context of the session's Chromium)."""
    fresh = FreshBrowser(chromium)
    yield fresh
    await fresh.close()


# --- database ------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def pg_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """ALTOC_DATA_DIR shared by the test session: its pgdata holds the one embedded server."""
    return tmp_path_factory.mktemp("altoc-data")


@pytest.fixture(scope="session")
def pg_url(pg_data_dir: Path) -> Iterator[str]:
    """The embedded PostgreSQL + pgvector, started once per test session, schema at head."""
    from db.session import resolve_url, upgrade_schema

    url, server = resolve_url(None, pg_data_dir)
    upgrade_schema(url)
    yield url
    server.cleanup()


@pytest.fixture(scope="session")
async def database(pg_url: str) -> Any:
    from db.session import Database

    database = Database.connect(pg_url)
    yield database
    await database.engine.dispose()


@pytest.fixture(scope="session")
async def all_tables(database: Any) -> str:
    """Every table the migrations made (ours and Chainlit's), read from the catalog: none is forgotten."""
    from sqlalchemy import text

    async with database.engine.connect() as conn:
        rows = await conn.execute(
            text(
                "SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) FROM pg_tables "
                "WHERE schemaname IN ('public', 'chainlit') AND tablename <> 'alembic_version' ORDER BY 1"
            )
        )
        return ", ".join(rows.scalars())


@pytest.fixture
async def db(database: Any, all_tables: str) -> Any:
    """The database, emptied after the test."""
    from sqlalchemy import text

    yield database
    async with database.engine.begin() as conn:
        # A server the test started may still be writing (Chainlit stores steps after the browser has gone): the
        # TRUNCATE waits for the other sessions to finish their statements, or it deadlocks with them and the
        # server logs the traceback of a failure no person could meet.
        for _ in range(40):  # 2 s at most: a session some tests leave idle in a transaction never ends by itself
            if not await conn.scalar(text(_BUSY_SESSIONS)):
                break
            await asyncio.sleep(0.05)
        await conn.execute(text(f"TRUNCATE {all_tables} RESTART IDENTITY CASCADE"))


_BUSY_SESSIONS = """SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()
    AND pid <> pg_backend_pid() AND backend_type = 'client backend'
    AND state IN ('active', 'idle in transaction', 'idle in transaction (aborted)')"""


@pytest.fixture
def service(db: Any, settings: Any) -> Any:
    """ConversationService in offline mode on the test database."""
    from app.assistant.conversation import ConversationService

    return ConversationService(db, settings)


async def say(service: Any, text: str = "", *, user: str = "u1", channel: str = "cli", **turn: Any) -> Any:
    """Send one message as `user` and return the sink with everything the assistant emitted."""
    from app.events import CollectingSink, UserTurn

    sink = CollectingSink()
    await service.handle(UserTurn(channel=channel, external_user_id=user, text=text, **turn), sink)
    return sink
