"""Plans and payments: applied payment events, the credit ledger, subscriptions, purchases, model usage.

Amounts of credit are in thousandths of a credit (millicredits). Every table's person is `user_id`, so
linking two accounts moves their billing too (one balance: the sum of their ledger rows).

- `billing_events`: one row per payment event applied (Stripe event id, Telegram charge id); its primary
  key makes a redelivered event change nothing.
- `billing_ledger`: every change of a balance, with who and why (the audit trail).
- `subscriptions`: the monthly plan (Stripe subscription, or 30 days bought in Stars).
- `stripe_customers`: a person's Stripe customer ids.
- `purchases`: one-time purchases, credited once whichever of their keys arrives first.
- `model_usage`: tokens and price of each model call.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import UUID

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _created() -> sa.Column:  # type: ignore[type-arg]
    return sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False)


def _user(ondelete: str = "CASCADE", nullable: bool = False) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column("user_id", UUID(as_uuid=True), sa.ForeignKey("users.id", ondelete=ondelete), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "billing_events",
        sa.Column("id", sa.String(300), primary_key=True),
        sa.Column("type", sa.String(100), nullable=False),
        _user("SET NULL", nullable=True),
        sa.Column("outcome", sa.String(500), nullable=False),
        _created(),
    )
    op.create_index("ix_billing_events_user", "billing_events", ["user_id"])
    op.create_table(
        "billing_ledger",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        _user(),
        sa.Column("amount", sa.BigInteger, nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("actor", sa.String(300), nullable=False),
        sa.Column("reason", sa.String(500), nullable=False),
        sa.Column("event_id", sa.String(300)),
        _created(),
    )
    op.create_index("ix_billing_ledger_user", "billing_ledger", ["user_id", "id"])
    op.create_table(
        "subscriptions",
        sa.Column("id", sa.String(300), primary_key=True),
        _user(nullable=True),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("customer_id", sa.String(300)),
        sa.Column("status", sa.String(30), nullable=False),
        sa.Column("current_period_end", sa.DateTime(timezone=True)),
        sa.Column("cancel_at_period_end", sa.Boolean, server_default=sa.text("false"), nullable=False),
        sa.Column("ended", sa.Boolean, server_default=sa.text("false"), nullable=False),
        sa.Column("event_at", sa.DateTime(timezone=True)),
        sa.Column("event_id", sa.String(300)),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    )
    op.create_index("ix_subscriptions_user", "subscriptions", ["user_id"])
    op.create_table(
        "stripe_customers",
        sa.Column("id", sa.String(300), primary_key=True),
        _user(),
        _created(),
    )
    op.create_index("ix_stripe_customers_user_id", "stripe_customers", ["user_id"])
    op.create_table(
        "purchases",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        _user(nullable=True),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("item", sa.String(40)),
        sa.Column("checkout_session", sa.String(300), unique=True),
        sa.Column("payment_intent", sa.String(300), unique=True),
        sa.Column("telegram_charge", sa.String(300), unique=True),
        sa.Column("payer", sa.String(100)),
        sa.Column("credits", sa.BigInteger, server_default="0", nullable=False),
        sa.Column("amount", sa.BigInteger, server_default="0", nullable=False),
        sa.Column("refunded", sa.BigInteger, server_default="0", nullable=False),
        sa.Column("credited", sa.Boolean, server_default=sa.text("false"), nullable=False),
        _created(),
    )
    op.create_index("ix_purchases_user_id", "purchases", ["user_id"])
    op.create_table(
        "model_usage",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        _user(),
        sa.Column("turn", UUID(as_uuid=True), nullable=False),
        sa.Column("provider", sa.String(40), nullable=False),
        sa.Column("model", sa.String(200), nullable=False),
        sa.Column("input_tokens", sa.Integer, nullable=False),
        sa.Column("output_tokens", sa.Integer, nullable=False),
        sa.Column("cached_input_tokens", sa.Integer, nullable=False),
        sa.Column("cost", sa.BigInteger, nullable=False),
        sa.Column("paid_from", sa.String(20), nullable=False),
        _created(),
    )
    op.create_index("ix_model_usage_user", "model_usage", ["user_id", "created_at"])


def downgrade() -> None:
    for table in ("model_usage", "purchases", "stripe_customers", "subscriptions", "billing_ledger", "billing_events"):
        op.drop_table(table)
