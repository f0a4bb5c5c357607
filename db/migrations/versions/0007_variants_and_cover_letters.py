"""CV variants per job, evidence kept with a version, and cover letters with versions.

- `cvs.base_cv_id`: the CV a variant was made from (NULL: not a variant; a variant outlives its base).
- `cvs.job_id`: the job ad a variant is tailored to.
- `cv_versions.evidence`: the person's own answers that let new facts into this version
  ([{"fact": "Kafka", "question": "...", "answer": "..."}]).
- `job_descriptions.company`: the employer the ad names.
- `cover_letters` and their immutable `cover_letter_versions`, tied to a CV (or variant) and a job ad.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ENUM, JSONB, UUID

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GEN_UUID = sa.text("gen_random_uuid()")


def upgrade() -> None:
    op.add_column("job_descriptions", sa.Column("company", sa.String(300)))
    op.add_column(
        "cvs", sa.Column("base_cv_id", UUID(as_uuid=True), sa.ForeignKey("cvs.id", ondelete="SET NULL"))
    )
    op.create_index("ix_cvs_base_cv_id", "cvs", ["base_cv_id"])
    op.add_column(
        "cvs", sa.Column("job_id", UUID(as_uuid=True), sa.ForeignKey("job_descriptions.id", ondelete="SET NULL"))
    )
    op.add_column("cv_versions", sa.Column("evidence", JSONB))
    op.create_table(
        "cover_letters",
        sa.Column("id", UUID(as_uuid=True), primary_key=True, server_default=GEN_UUID),
        sa.Column("user_id", UUID(as_uuid=True), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("cv_id", UUID(as_uuid=True), sa.ForeignKey("cvs.id", ondelete="CASCADE"), nullable=False),
        sa.Column("job_id", UUID(as_uuid=True), sa.ForeignKey("job_descriptions.id", ondelete="SET NULL")),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("head_version_id", UUID(as_uuid=True)),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    )
    op.create_index("ix_cover_letters_user", "cover_letters", ["user_id", "updated_at"])
    op.create_index("ix_cover_letters_cv_id", "cover_letters", ["cv_id"])
    op.create_table(
        "cover_letter_versions",
        sa.Column("id", UUID(as_uuid=True), primary_key=True, server_default=GEN_UUID),
        sa.Column(
            "letter_id", UUID(as_uuid=True), sa.ForeignKey("cover_letters.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("data", JSONB, nullable=False),
        sa.Column("author_kind", ENUM(name="author_kind", create_type=False), nullable=False),
        sa.Column("summary", sa.String(500), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.UniqueConstraint("letter_id", "number", name="uq_cover_letter_version_number"),
    )
    op.create_foreign_key(
        "fk_cover_letters_head_version",
        "cover_letters",
        "cover_letter_versions",
        ["head_version_id"],
        ["id"],
        ondelete="SET NULL",
    )
    # A letter's versions are history too: the same trigger function as the CV's refuses an UPDATE.
    op.execute(
        "CREATE TRIGGER cover_letter_versions_no_update BEFORE UPDATE ON cover_letter_versions "
        "FOR EACH ROW EXECUTE FUNCTION cv_versions_immutable()"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER cover_letter_versions_no_update ON cover_letter_versions")
    op.drop_constraint("fk_cover_letters_head_version", "cover_letters", type_="foreignkey")
    op.drop_table("cover_letter_versions")
    op.drop_table("cover_letters")
    op.drop_column("cv_versions", "evidence")
    op.drop_column("cvs", "job_id")
    op.drop_index("ix_cvs_base_cv_id", "cvs")
    op.drop_column("cvs", "base_cv_id")
    op.drop_column("job_descriptions", "company")
