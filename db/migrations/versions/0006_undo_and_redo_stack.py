"""Undo and redo walk a stack of the person's changes, and each names the change it reverts.

- `cv_versions.redo_target_id`: the version whose state /redo brings back (NULL: nothing to redo).
- `cv_versions.change_id`: for a version written by undo or redo, the change /undo would now revert
  (NULL: the version's own change). Undo names that change, never an earlier "Undid: …".

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import UUID

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("cv_versions", sa.Column("redo_target_id", UUID(as_uuid=True), sa.ForeignKey("cv_versions.id")))
    op.add_column("cv_versions", sa.Column("change_id", UUID(as_uuid=True), sa.ForeignKey("cv_versions.id")))


def downgrade() -> None:
    op.drop_column("cv_versions", "change_id")
    op.drop_column("cv_versions", "redo_target_id")
