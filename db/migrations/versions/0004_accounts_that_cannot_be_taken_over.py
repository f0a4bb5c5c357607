"""Accounts that cannot be taken over: proven emails, pending sign-ups, server-side web sessions, sign-in throttle.

- `password_credentials.email_verified_at`: set when the owner clicked a verification link (SMTP configured);
  the per-account lockout columns go (a progressive delay in `sign_in_throttle` replaces them).
- `channel_identities.verified_email`: the email an OAuth provider vouched for, for joining on proof only.
- `email_verifications`: sign-ups waiting for their link; the account exists only once the link is opened.
- `web_sessions`: every web sign-in; signing out revokes it, and a revoked or expired session's cookie stops working.
- `sign_in_throttle`: failed sign-ins per account email and per client address (progressive delay, never a lockout).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UUID = postgresql.UUID(as_uuid=True)
NOW = sa.text("now()")
GEN_UUID = sa.text("gen_random_uuid()")
STAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.add_column("password_credentials", sa.Column("email_verified_at", STAMP))
    op.drop_column("password_credentials", "failed_attempts")
    op.drop_column("password_credentials", "locked_until")
    op.add_column("channel_identities", sa.Column("verified_email", sa.String(320)))
    op.create_index("ix_channel_identities_verified_email", "channel_identities", ["verified_email"])
    op.create_table(
        "email_verifications",
        sa.Column("id", UUID, primary_key=True, server_default=GEN_UUID),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("email", sa.String(320), nullable=False, index=True),
        sa.Column("password_hash", sa.String(300), nullable=False),
        sa.Column("expires_at", STAMP, nullable=False),
        sa.Column("used_at", STAMP),
        sa.Column("created_at", STAMP, server_default=NOW, nullable=False),
    )
    op.create_table(
        "web_sessions",
        sa.Column("id", UUID, primary_key=True, server_default=GEN_UUID),
        sa.Column("user_id", UUID, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("expires_at", STAMP, nullable=False),
        sa.Column("revoked_at", STAMP),
        sa.Column("created_at", STAMP, server_default=NOW, nullable=False),
    )
    op.create_table(
        "sign_in_throttle",
        sa.Column("key", sa.String(400), primary_key=True),
        sa.Column("failures", sa.Integer, server_default="0", nullable=False),
        sa.Column("last_failure_at", STAMP, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("sign_in_throttle")
    op.drop_table("web_sessions")
    op.drop_table("email_verifications")
    op.drop_index("ix_channel_identities_verified_email", "channel_identities")
    op.drop_column("channel_identities", "verified_email")
    op.add_column("password_credentials", sa.Column("locked_until", STAMP))
    op.add_column("password_credentials", sa.Column("failed_attempts", sa.Integer, server_default="0", nullable=False))
    op.drop_column("password_credentials", "email_verified_at")
