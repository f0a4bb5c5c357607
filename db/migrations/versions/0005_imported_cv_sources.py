"""Imported CVs remember where they came from: the file's name and its type.

- `cvs.source_name`: the imported file's name ("cv.pdf"), or "pasted text"; NULL for a CV made here.
- `cvs.source_kind`: what it was read as ("pdf", "docx", "linkedin", "text", "json", "ocr"); NULL likewise.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("cvs", sa.Column("source_name", sa.String(300)))
    op.add_column("cvs", sa.Column("source_kind", sa.String(16)))


def downgrade() -> None:
    op.drop_column("cvs", "source_kind")
    op.drop_column("cvs", "source_name")
