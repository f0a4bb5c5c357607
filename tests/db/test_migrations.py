"""Migrations go up and down cleanly and match the SQLAlchemy models."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from db.session import downgrade_schema, upgrade_schema


def _tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


@pytest.fixture
def scratch_url(pg_url: str) -> Iterator[str]:
    """A database of its own on the test server: dropping every table under the other tests' pooled
    connections would break their cached statement plans."""
    url = make_url(pg_url)
    admin = create_engine(pg_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("DROP DATABASE IF EXISTS altoc_migrations"))
        conn.execute(text("CREATE DATABASE altoc_migrations"))
    try:
        yield url.set(database="altoc_migrations").render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text("DROP DATABASE altoc_migrations WITH (FORCE)"))
        admin.dispose()


def test_up_down_to_base_and_up_again(scratch_url: str) -> None:
    upgrade_schema(scratch_url)
    assert {"users", "cvs", "cv_versions", "conversations", "messages", "embeddings"} <= _tables(scratch_url)
    downgrade_schema(scratch_url, "base")
    assert _tables(scratch_url) <= {"alembic_version"}
    upgrade_schema(scratch_url)
    assert {"users", "cvs", "cv_versions", "conversations", "messages", "embeddings"} <= _tables(scratch_url)


def test_models_match_migrations(pg_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from db.models import Base

    engine = create_engine(pg_url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    # The per-model HNSW expression indexes exist only in the migration (SQLAlchemy cannot model them).
    relevant = [d for d in diff if not (d[0] == "remove_index" and d[1].name.startswith("ix_embeddings_hnsw_"))]
    assert relevant == []


def test_pgvector_and_hnsw_indexes_exist(pg_url: str) -> None:
    engine = create_engine(pg_url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT extversion FROM pg_extension WHERE extname = 'vector'")).scalar()
        indexes = (
            conn.execute(
                text("SELECT indexdef FROM pg_indexes WHERE tablename = 'embeddings' AND indexdef LIKE '%hnsw%'")
            )
            .scalars()
            .all()
        )
    engine.dispose()
    assert len(indexes) == 2 and all("vector_cosine_ops" in i for i in indexes)


async def test_versions_are_immutable(db: Any) -> None:
    from sqlalchemy.exc import DBAPIError

    from app.cv.service import CvService
    from db.repositories.users import UserRepository

    async with db.session_scope() as session:
        user = await UserRepository(session).get_or_create_by_identity("cli", "x")
        state = await CvService(session, user.id).create({"basics": {"name": "A"}}, author="user")
        version_id = state.version.id
    with pytest.raises(DBAPIError, match="immutable"):
        async with db.session_scope() as session:
            await session.execute(text("UPDATE cv_versions SET summary = 'x' WHERE id = :id"), {"id": version_id})


async def test_tests_empty_every_table_the_models_declare(all_tables: str) -> None:
    """The `db` fixture truncates what the catalog lists, which covers every model and Chainlit's tables."""
    from db.models import Base

    listed = set(all_tables.split(", "))
    assert {f"public.{name}" for name in Base.metadata.tables} <= listed
    assert {"chainlit.threads", "chainlit.steps", "chainlit.users"} <= listed
