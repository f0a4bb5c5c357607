"""pgvector: vectors stored per model, nearest neighbours by cosine, HNSW index, scoped per user."""

from __future__ import annotations

from typing import Any

import numpy as np
from sqlalchemy import text

from db.repositories.embeddings import EmbeddingRepository
from db.repositories.users import UserRepository

MODEL = "wordllama-l2-supercat-256"


def unit(seed: int, dim: int = 256) -> np.ndarray:
    vector = np.random.default_rng(seed).normal(size=dim).astype(np.float32)
    return vector / np.linalg.norm(vector)


async def test_nearest_by_model_and_user(db: Any) -> None:
    async with db.session_scope() as session:
        users = UserRepository(session)
        alice = await users.get_or_create_by_identity("cli", "alice")
        bob = await users.get_or_create_by_identity("cli", "bob")
        mine = EmbeddingRepository(session, alice.id)
        theirs = EmbeddingRepository(session, bob.id)
        await mine.add_many("cv_skill", "v1", MODEL, [(f"skill {i}", unit(i)) for i in range(50)])
        await mine.add_many("cv_skill", "v1", MODEL, [("skill 3", unit(3))])  # stored once
        await mine.add_many("cv_skill", "v1", "other-model", [("other", unit(3, dim=8))])
        await theirs.add_many("cv_skill", "v1", MODEL, [("bob's secret", unit(3))])

        query = unit(3) + 0.05 * unit(99)
        found = await mine.nearest(MODEL, query / np.linalg.norm(query), owner_kind="cv_skill", limit=3)
        assert found[0].text == "skill 3" and found[0].similarity > 0.95
        assert all(n.text != "bob's secret" for n in found)
        count = await session.execute(text("SELECT count(*) FROM embeddings WHERE text = 'skill 3'"))
        assert count.scalar() == 1

        # Whether the planner prefers the HNSW index to the model's btree index and a sort depends on the
        # table's statistics (autovacuum may or may not have analysed it yet); with neither a sequential
        # scan nor a sort allowed, the plan shows whether the HNSW index can serve this query at all.
        await session.execute(text("SET LOCAL enable_seqscan = off"))
        await session.execute(text("SET LOCAL enable_sort = off"))
        plan = await session.execute(
            text(
                "EXPLAIN SELECT id FROM embeddings WHERE model = :m "
                "ORDER BY embedding::vector(256) <=> CAST(:q AS vector(256)) LIMIT 5"
            ),
            {"m": MODEL, "q": str(unit(1).tolist())},
        )
        assert "ix_embeddings_hnsw_wordllama" in "\n".join(row[0] for row in plan)
