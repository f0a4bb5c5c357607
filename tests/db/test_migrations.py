"""Migrations go up and down cleanly and match the SQLAlchemy models."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import create_engine, inspect, text

from db.session import downgrade_schema, upgrade_schema


def _tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_down_to_base_and_up_again(pg_url: str) -> None:
    downgrade_schema(pg_url, "base")
    assert _tables(pg_url) <= {"alembic_version"}
    upgrade_schema(pg_url)
    assert {"users", "cvs", "cv_versions", "conversations", "messages", "embeddings"} <= _tables(pg_url)


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
