"""Engine, session scope and start-up of the database (embedded or DATABASE_URL), with migrations."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from app.errors import ConfigurationError

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


@dataclass
class Database:
    """The engine and session factory of one process, plus the embedded server it started (if any)."""

    url: str
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    embedded_server: Any = None
    _closed: bool = field(default=False, repr=False)

    @classmethod
    def connect(cls, url: str, embedded_server: Any = None, pool_size: int = 5) -> Database:
        engine = create_async_engine(url, pool_size=pool_size, max_overflow=10, pool_pre_ping=False)
        sessions = async_sessionmaker(engine, expire_on_commit=False)
        return cls(url=url, engine=engine, sessions=sessions, embedded_server=embedded_server)

    @asynccontextmanager
    async def session_scope(self) -> AsyncIterator[AsyncSession]:
        """One transaction: committed when the block ends, rolled back if it raises."""
        async with self.sessions() as session, session.begin():
            yield session

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True
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
