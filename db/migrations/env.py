"""Alembic environment: the URL comes from the caller (db.session.alembic_config) or the settings."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine, pool

from db.models import Base

config = context.config
target_metadata = Base.metadata


def _url() -> str:
    url = config.get_main_option("sqlalchemy.url")
    if url:
        return url
    # Run from the `alembic` command line (autogenerate while developing): use the app's settings.
    from app.config import get_settings
    from db.session import resolve_url

    settings = get_settings()
    resolved, _server = resolve_url(settings.database_url, settings.altoc_data_dir)
    return resolved


def run_migrations_offline() -> None:
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = create_engine(_url(), poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata, compare_type=True)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
