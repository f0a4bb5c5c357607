"""Web sign-in (password credentials) and the web chat's history tables (Chainlit's data layer).

Chainlit's tables live in their own schema, `chainlit`, so its `users` never meets ours; its data
layer connects with `search_path=chainlit`. Column names and types are what Chainlit 2.12's
SQLAlchemy data layer writes (camelCase, timestamps as text, element props as text).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UUID = postgresql.UUID(as_uuid=True)


def upgrade() -> None:
    op.create_table(
        "password_credentials",
        sa.Column("id", UUID, primary_key=True, server_default=sa.text("gen_random_uuid()")),
        sa.Column("user_id", UUID, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, unique=True),
        sa.Column("email", sa.String(320), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(300), nullable=False),
        sa.Column("failed_attempts", sa.Integer, server_default="0", nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True)),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
    )
    op.execute("CREATE SCHEMA IF NOT EXISTS chainlit")
    op.execute(
        """
        CREATE TABLE chainlit.users (
            "id" UUID PRIMARY KEY,
            "identifier" TEXT NOT NULL UNIQUE,
            "metadata" JSONB NOT NULL DEFAULT '{}'::jsonb,
            "createdAt" TEXT
        );
        CREATE TABLE chainlit.threads (
            "id" UUID PRIMARY KEY,
            "createdAt" TEXT,
            "name" TEXT,
            "userId" UUID REFERENCES chainlit.users("id") ON DELETE CASCADE,
            "userIdentifier" TEXT,
            "tags" TEXT[],
            "metadata" JSONB
        );
        CREATE INDEX ix_chainlit_threads_user ON chainlit.threads ("userId", "createdAt");
        CREATE TABLE chainlit.steps (
            "id" UUID PRIMARY KEY,
            "name" TEXT NOT NULL,
            "type" TEXT NOT NULL,
            "threadId" UUID NOT NULL REFERENCES chainlit.threads("id") ON DELETE CASCADE,
            "parentId" UUID,
            "command" TEXT,
            "modes" JSONB,
            "streaming" BOOLEAN NOT NULL DEFAULT false,
            "waitForAnswer" BOOLEAN,
            "isError" BOOLEAN,
            "metadata" JSONB,
            "tags" TEXT[],
            "input" TEXT,
            "output" TEXT,
            "createdAt" TEXT,
            "start" TEXT,
            "end" TEXT,
            "generation" JSONB,
            "showInput" TEXT,
            "defaultOpen" BOOLEAN,
            "autoCollapse" BOOLEAN,
            "language" TEXT,
            "icon" TEXT,
            "indent" INT
        );
        CREATE INDEX ix_chainlit_steps_thread ON chainlit.steps ("threadId");
        CREATE TABLE chainlit.elements (
            "id" UUID PRIMARY KEY,
            "threadId" UUID REFERENCES chainlit.threads("id") ON DELETE CASCADE,
            "type" TEXT,
            "chainlitKey" TEXT,
            "path" TEXT,
            "url" TEXT,
            "objectKey" TEXT,
            "name" TEXT NOT NULL,
            "display" TEXT,
            "size" TEXT,
            "language" TEXT,
            "page" INT,
            "props" TEXT,
            "autoPlay" BOOLEAN,
            "playerConfig" JSONB,
            "forId" UUID,
            "mime" TEXT
        );
        CREATE INDEX ix_chainlit_elements_thread ON chainlit.elements ("threadId");
        CREATE TABLE chainlit.feedbacks (
            "id" UUID PRIMARY KEY,
            "forId" UUID NOT NULL,
            "threadId" UUID NOT NULL REFERENCES chainlit.threads("id") ON DELETE CASCADE,
            "value" INT NOT NULL,
            "comment" TEXT
        );
        """
    )


def downgrade() -> None:
    op.execute("DROP SCHEMA chainlit CASCADE")
    op.drop_table("password_credentials")
