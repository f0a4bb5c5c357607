"""Engine, session scope and start-up of the database (embedded or DATABASE_URL), with migrations."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from app.errors import ConfigurationError, DatabaseUnavailable

log = logging.getLogger(__name__)
MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def normalize_url(url: str) -> str:
    """Accept the URLs providers hand out (postgres://, postgresql://) and use psycopg 3 for them."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url.removeprefix("postgres://")
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgresql+psycopg2", "postgresql+asyncpg"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.drivername != "postgresql+psycopg":
        raise ConfigurationError(
            f"DATABASE_URL must point at PostgreSQL (postgresql://user:password@host/db), not {parsed.drivername}."
        )
    return parsed.render_as_string(hide_password=False)


def describe_url(url: str) -> str:
    """The URL without its password, for messages and logs."""
    return make_url(url).render_as_string(hide_password=True)


def alembic_config(url: str) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def check_pgvector(url: str) -> None:
    """Fail with a clear message when the server cannot provide pgvector."""
    engine = create_engine(url, poolclass=None)
    try:
        with engine.connect() as conn:
            available = conn.execute(text("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'")).scalar()
    except OperationalError as exc:
        raise ConfigurationError(
            f"Cannot connect to the database at {describe_url(url)}: {str(exc.orig).strip().splitlines()[0]}. "
            "Check DATABASE_URL, or unset it to use the embedded database."
        ) from None
    finally:
        engine.dispose()
    if not available:
        raise ConfigurationError(
            f"The PostgreSQL server at {describe_url(url)} does not have the pgvector extension. "
            "Install pgvector on it (https://github.com/pgvector/pgvector), use a server that ships it "
            "(Supabase, RDS, Cloud SQL, the pgvector/pgvector container), or unset DATABASE_URL "
            "to use the embedded database."
        )


def upgrade_schema(url: str, revision: str = "head") -> None:
    """Run Alembic migrations up to `revision` (synchronously; call it off the event loop)."""
    from alembic import command

    check_pgvector(url)
    # Alembic logs every step at INFO; a start-up that only checks the schema should stay quiet.
    logging.getLogger("alembic").setLevel(max(logging.WARNING, logging.getLogger().getEffectiveLevel()))
    command.upgrade(alembic_config(url), revision)


def downgrade_schema(url: str, revision: str) -> None:
    from alembic import command

    command.downgrade(alembic_config(url), revision)


# What a person is told when the database stops answering in the middle of what they asked.
EMBEDDED_UNAVAILABLE = (
    "The database stopped answering; I am restarting it. Nothing was changed: send that again in a few seconds."
)
EXTERNAL_UNAVAILABLE = (
    "The database stopped answering, so nothing was changed. Send that again in a minute; if it keeps "
    "happening, whoever runs this service needs to check the database server."
)
# SQLSTATEs of a server that is going away or not there: class 08 (connection exception), admin/crash shutdown,
# cannot connect now (starting up or shutting down).
_GONE_STATES = ("57P01", "57P02", "57P03")
PING_TIMEOUT = 2.0


def is_connection_error(exc: BaseException) -> bool:
    """Whether `exc` means the database is unreachable (as opposed to a query it refused)."""
    if isinstance(exc, PoolTimeout):
        return True
    cause: BaseException | None = exc
    if isinstance(exc, DBAPIError):
        if exc.connection_invalidated:
            return True
        cause = exc.orig
    if not isinstance(cause, psycopg.Error):
        return False
    state = cause.sqlstate
    if state is None:  # raised by the client (connection refused, closed, lost), not sent by the server
        return isinstance(cause, psycopg.OperationalError | psycopg.InterfaceError)
    return state.startswith("08") or state in _GONE_STATES


@dataclass
class Database:
    """The engine and session factory of one process, plus the embedded server it started (if any).

    A connection error in a session becomes `DatabaseUnavailable`; with the embedded server, it also starts a
    check that restarts a dead postmaster (`recover`). `on_unrecoverable` (set by `altoc serve`) is called
    with a message when it cannot, so the process can exit for its supervisor to restart it.
    """

    url: str
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    embedded_server: Any = None
    on_unrecoverable: Callable[[str], None] | None = field(default=None, repr=False)
    _closed: bool = field(default=False, repr=False)
    _recovery: asyncio.Task[bool] | None = field(default=None, repr=False)

    @classmethod
    def connect(cls, url: str, embedded_server: Any = None, pool_size: int = 5) -> Database:
        # pre_ping: a connection pooled before the server restarted is replaced instead of failing a turn.
        engine = create_async_engine(url, pool_size=pool_size, max_overflow=10, pool_pre_ping=True)
        sessions = async_sessionmaker(engine, expire_on_commit=False)
        return cls(url=url, engine=engine, sessions=sessions, embedded_server=embedded_server)

    @property
    def unavailable_message(self) -> str:
        return EMBEDDED_UNAVAILABLE if self.embedded_server is not None else EXTERNAL_UNAVAILABLE

    @asynccontextmanager
    async def session_scope(self) -> AsyncIterator[AsyncSession]:
        """One transaction: committed when the block ends, rolled back if it raises.

        Raises `DatabaseUnavailable` when the database cannot be reached (nothing of the block was kept).
        """
        try:
            async with self.sessions() as session, session.begin():
                yield session
        except Exception as exc:
            if isinstance(exc, DatabaseUnavailable) or not is_connection_error(exc):
                raise
            self.connection_lost(exc)
            raise DatabaseUnavailable(self.unavailable_message) from exc

    async def ping(self, within: float = PING_TIMEOUT) -> str | None:
        """None when `SELECT 1` answers within `within` seconds; otherwise why not, in a few words.

        The words are safe to show anyone (/health is public): the server's address and errors go to the log.
        """
        try:
            async with asyncio.timeout(within):
                async with self.engine.connect() as conn:
                    await conn.execute(text("SELECT 1"))
        except TimeoutError:
            problem, cause = f"the database did not answer within {within:g} s", None
        except Exception as exc:
            if not is_connection_error(exc):
                log.error("the database refused the health check: %s", exc)
                return "the database refused the health check"
            problem, cause = "the database is unreachable", exc
        else:
            return None
        self.connection_lost(cause)
        return problem

    def connection_lost(self, exc: BaseException | None) -> None:
        """A connection failed: with the embedded server, check it and restart it (once at a time)."""
        if self.embedded_server is None or self._closed:
            log.error("the database at %s is unreachable: %s", describe_url(self.url), exc or "no answer")
            return
        if self._recovery is not None and not self._recovery.done():
            return
        try:
            self._recovery = asyncio.get_running_loop().create_task(self.recover(), name="altoc-db-recovery")
        except RuntimeError:  # no event loop (a synchronous caller): the next failure will try again
            return

    async def recover(self) -> bool:
        """Restart the embedded server if its postmaster is gone; False (and `on_unrecoverable`) if it cannot."""
        from db.embedded import restart_embedded_server

        server = self.embedded_server
        if server is None or self._closed:
            return True
        pgdata = Path(server.pgdata)

        def tell() -> None:
            log.error("the embedded PostgreSQL in %s stopped; restarting it", pgdata)

        try:
            # Whether it is dead is judged under pgserver's start lock: up after all (a query failed for another
            # reason) or restarted by another process, its postmaster is learnt, or this handle would later fail
            # to stop it as the last user.
            if not await asyncio.to_thread(restart_embedded_server, server, tell):
                return True
        except Exception as exc:
            message = (
                f"the embedded PostgreSQL in {pgdata} stopped and could not be restarted ({exc}); see {pgdata / 'log'}"
            )
            log.critical(message)
            if self.on_unrecoverable is not None:
                self.on_unrecoverable(message)
            return False
        await self.engine.dispose()  # connections to the dead server are dropped, not tried one by one
        log.warning("the embedded PostgreSQL in %s is running again", pgdata)
        return True

    async def supervise(self, interval: float) -> None:
        """Check the embedded server every `interval` seconds until cancelled (restarting it when it died)."""
        while not self._closed:
            await asyncio.sleep(interval)
            if not await self._alive():
                self.connection_lost(None)

    async def _alive(self) -> bool:
        from db.embedded import postmaster_alive

        server = self.embedded_server
        return server is None or await asyncio.to_thread(postmaster_alive, Path(server.pgdata))

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self._recovery is not None and not self._recovery.done():
            self._recovery.cancel()
        await self.engine.dispose()
        self.stop_embedded()

    def stop_embedded(self) -> None:
        """Release our handle on the embedded server (it stops when no process uses it)."""
        if self.embedded_server is not None:
            from db.embedded import release_embedded_server

            server, self.embedded_server = self.embedded_server, None
            release_embedded_server(server)


def resolve_url(database_url: str | None, data_dir: Path) -> tuple[str, Any]:
    """(SQLAlchemy URL, embedded server handle or None) for the configured database."""
    if database_url:
        return normalize_url(database_url), None
    from db.embedded import embedded_url, start_embedded_server

    try:
        server = start_embedded_server(data_dir / "pgdata")
    except PermissionError as exc:
        raise ConfigurationError(
            f"Cannot create the embedded database in {data_dir}: {exc.strerror}. "
            "Set ALTOC_DATA_DIR to a writable folder, or DATABASE_URL to a PostgreSQL server."
        ) from None
    return embedded_url(server), server


def open_database(database_url: str | None, data_dir: Path, *, migrate: bool = True) -> Database:
    """Start or reach the database, bring its schema up to date, and return the process's handle."""
    url, server = resolve_url(database_url, data_dir)
    try:
        if migrate:
            upgrade_schema(url)
    except BaseException:
        if server is not None:
            from db.embedded import release_embedded_server

            release_embedded_server(server)
        raise
    return Database.connect(url, embedded_server=server)
