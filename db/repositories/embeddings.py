"""Vectors in pgvector: stored per model, compared only with vectors of the same model."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pgvector.sqlalchemy import Vector
from sqlalchemy import bindparam, literal_column, select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import EMBEDDING_INDEXED_DIMS, Embedding


def text_hash(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Neighbour:
    owner_kind: str
    owner_id: str
    text: str
    similarity: float


class EmbeddingRepository:
    """Scoped to one user; rows with no user (shared vocabulary) are visible to everyone."""

    def __init__(self, session: AsyncSession, user_id: uuid.UUID | None) -> None:
        self.session = session
        self.user_id = user_id

    async def add_many(
        self, owner_kind: str, owner_id: str, model: str, items: Sequence[tuple[str, Sequence[float]]]
    ) -> None:
        """Store (text, vector) pairs; a text already stored for this owner and model is skipped."""
        if not items:
            return
        rows = [
            {
                "user_id": self.user_id,
                "owner_kind": owner_kind,
                "owner_id": owner_id,
                "text": value,
                "text_hash": text_hash(value),
                "model": model,
                "dim": len(vector),
                "embedding": list(map(float, vector)),
            }
            for value, vector in items
        ]
        await self.session.execute(
            insert(Embedding).values(rows).on_conflict_do_nothing(constraint="uq_embedding_owner_text")
        )

    async def nearest(
        self,
        model: str,
        vector: Sequence[float],
        *,
        owner_kind: str | None = None,
        owner_id: str | None = None,
        limit: int = 5,
    ) -> list[Neighbour]:
        """The closest stored texts by cosine similarity (HNSW index when the model has one)."""
        dim = len(vector)
        indexed = EMBEDDING_INDEXED_DIMS.get(model) == dim
        column: Any = literal_column(f"embedding::vector({dim})") if indexed else Embedding.embedding
        distance = column.op("<=>")(bindparam("query_vector", type_=Vector(dim)))
        query = (
            select(Embedding.owner_kind, Embedding.owner_id, Embedding.text, distance.label("distance"))
            .where(Embedding.model == model, Embedding.dim == dim)
            .where((Embedding.user_id == self.user_id) | Embedding.user_id.is_(None))
        )
        if owner_kind is not None:
            query = query.where(Embedding.owner_kind == owner_kind)
        if owner_id is not None:
            query = query.where(Embedding.owner_id == owner_id)
        query = query.order_by(text("distance")).limit(limit)
        result = await self.session.execute(query, {"query_vector": list(map(float, vector))})
        return [Neighbour(r.owner_kind, r.owner_id, r.text, 1.0 - float(r.distance)) for r in result]
