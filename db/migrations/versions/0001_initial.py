"""Initial schema: users, channel identities, CVs and immutable versions, conversations, messages,
job descriptions, and embeddings with pgvector.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import pgvector.sqlalchemy
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UUID = postgresql.UUID(as_uuid=True)
NOW = sa.text("now()")
GEN_UUID = sa.text("gen_random_uuid()")
# Partial HNSW indexes, one per embedding model (the column itself has no fixed dimension).
EMBEDDING_MODELS = {"wordllama-l2-supercat-256": 256, "text-embedding-3-small": 1536}


def _index_name(model: str) -> str:
    return "ix_embeddings_hnsw_" + "".join(c if c.isalnum() else "_" for c in model)


def upgrade() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS vector")

    op.create_table(
        "users",
        sa.Column("id", UUID, primary_key=True, server_default=GEN_UUID),
        sa.Column("display_name", sa.String(200)),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
    )
    op.create_table(
        "channel_identities",
        sa.Column("id", UUID, primary_key=True, server_default=GEN_UUID),
        sa.Column("user_id", UUID, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("external_id", sa.String(255), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.UniqueConstraint("channel", "external_id", name="uq_channel_identity"),
    )
    op.create_index("ix_channel_identities_user_id", "channel_identities", ["user_id"])

    op.create_table(
        "cvs",
        sa.Column("id", UUID, primary_key=True, server_default=GEN_UUID),
        sa.Column("user_id", UUID, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("head_version_id", UUID),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
    )
    op.create_index("ix_cvs_user_id", "cvs", ["user_id"])

    author_kind = postgresql.ENUM("user", "assistant", "fix", "import", "system", name="author_kind")
    op.create_table(
        "cv_versions",
        sa.Column("id", UUID, primary_key=True, server_default=GEN_UUID),
        sa.Column("cv_id", UUID, sa.ForeignKey("cvs.id", ondelete="CASCADE"), nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("data", postgresql.JSONB, nullable=False),
        sa.Column("author_kind", author_kind, nullable=False),
        sa.Column("summary", sa.String(500), nullable=False),
        sa.Column("undo_target_id", UUID, sa.ForeignKey("cv_versions.id")),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.UniqueConstraint("cv_id", "number", name="uq_cv_version_number"),
    )
    op.create_index("ix_cv_versions_cv_id", "cv_versions", ["cv_id"])
    op.create_foreign_key(
        "fk_cvs_head_version", "cvs", "cv_versions", ["head_version_id"], ["id"], ondelete="SET NULL"
    )
    # Versions are history: nothing may rewrite one (deleting a whole CV still cascades).
    op.execute(
        """
        CREATE FUNCTION cv_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'cv_versions rows are immutable';
        END $$;
        """
    )
    op.execute(
        "CREATE TRIGGER cv_versions_no_update BEFORE UPDATE ON cv_versions "
        "FOR EACH ROW EXECUTE FUNCTION cv_versions_immutable()"
    )

    op.create_table(
        "conversations",
        sa.Column("id", UUID, primary_key=True, server_default=GEN_UUID),
        sa.Column("user_id", UUID, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("external_thread_id", sa.String(255)),
        sa.Column("title", sa.String(200)),
        sa.Column("state", postgresql.JSONB, server_default=sa.text("'{}'::jsonb"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
    )
    op.create_index("ix_conversations_user_channel", "conversations", ["user_id", "channel", "updated_at"])

    op.create_table(
        "messages",
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column(
            "conversation_id", UUID, sa.ForeignKey("conversations.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("text", sa.Text, server_default="", nullable=False),
        sa.Column("tool_calls", postgresql.JSONB),
        sa.Column("tool_call_id", sa.String(100)),
        sa.Column("provider", sa.String(32)),
        sa.Column("model", sa.String(100)),
        sa.Column("input_tokens", sa.Integer),
        sa.Column("output_tokens", sa.Integer),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
    )
    op.create_index("ix_messages_conversation", "messages", ["conversation_id", "id"])

    op.create_table(
        "job_descriptions",
        sa.Column("id", UUID, primary_key=True, server_default=GEN_UUID),
        sa.Column("user_id", UUID, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("title", sa.String(300)),
        sa.Column("source", sa.String(300)),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("requirements", postgresql.JSONB),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
    )
    op.create_index("ix_job_descriptions_user_id", "job_descriptions", ["user_id"])

    op.create_table(
        "embeddings",
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("user_id", UUID, sa.ForeignKey("users.id", ondelete="CASCADE")),
        sa.Column("owner_kind", sa.String(32), nullable=False),
        sa.Column("owner_id", sa.String(100), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("text_hash", sa.String(64), nullable=False),
        sa.Column("model", sa.String(100), nullable=False),
        sa.Column("dim", sa.Integer, nullable=False),
        sa.Column("embedding", pgvector.sqlalchemy.Vector(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.UniqueConstraint("owner_kind", "owner_id", "model", "text_hash", name="uq_embedding_owner_text"),
        sa.CheckConstraint("vector_dims(embedding) = dim", name="ck_embedding_dim"),
    )
    op.create_index("ix_embeddings_user_id", "embeddings", ["user_id"])
    op.create_index("ix_embeddings_owner", "embeddings", ["owner_kind", "owner_id"])
    for model, dim in EMBEDDING_MODELS.items():
        op.execute(
            f"CREATE INDEX {_index_name(model)} ON embeddings "
            f"USING hnsw ((embedding::vector({dim})) vector_cosine_ops) WHERE model = '{model}'"
        )


def downgrade() -> None:
    op.drop_table("embeddings")
    op.drop_table("job_descriptions")
    op.drop_table("messages")
    op.drop_table("conversations")
    op.drop_constraint("fk_cvs_head_version", "cvs", type_="foreignkey")
    op.execute("DROP TRIGGER cv_versions_no_update ON cv_versions")
    op.execute("DROP FUNCTION cv_versions_immutable()")
    op.drop_table("cv_versions")
    op.execute("DROP TYPE author_kind")
    op.drop_table("cvs")
    op.drop_table("channel_identities")
    op.drop_table("users")
    # The vector extension stays: other schemas on the server may use it.
