"""SQLAlchemy 2 models. Every row that belongs to a person carries `user_id` (directly or via its CV)."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime
from typing import Any

from pgvector.sqlalchemy import Vector
from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSONB, list[Any]: JSONB, uuid.UUID: UUID(as_uuid=True)}
    # Fetch server-side defaults (timestamps) with RETURNING, so no attribute is left expired: an
    # expired attribute would need a lazy load, which async sessions cannot do implicitly.
    __mapper_args__ = {"eager_defaults": True}


def _uuid_pk() -> Mapped[uuid.UUID]:
    return mapped_column(primary_key=True, default=uuid.uuid4, server_default=text("gen_random_uuid()"))


def _created() -> Mapped[datetime]:
    return mapped_column(DateTime(timezone=True), server_default=func.now(), nullable=False)


class AuthorKind(enum.StrEnum):
    """Who made a CV version."""

    user = "user"
    assistant = "assistant"
    fix = "fix"
    import_ = "import"
    system = "system"


class User(Base):
    __tablename__ = "users"

    id: Mapped[uuid.UUID] = _uuid_pk()
    display_name: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = _created()

    identities: Mapped[list[ChannelIdentity]] = relationship(back_populates="user")


class ChannelIdentity(Base):
    """How a person is known in one channel: ('telegram', '12345'), ('web', 'maria@x'), ('cli', 'local')."""

    __tablename__ = "channel_identities"
    __table_args__ = (UniqueConstraint("channel", "external_id", name="uq_channel_identity"),)

    id: Mapped[uuid.UUID] = _uuid_pk()
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(32))
    external_id: Mapped[str] = mapped_column(String(255))
    # The email an OAuth provider vouched for (verified by the provider); None for other identities.
    verified_email: Mapped[str | None] = mapped_column(String(320), index=True)
    created_at: Mapped[datetime] = _created()

    user: Mapped[User] = relationship(back_populates="identities")


class Cv(Base):
    __tablename__ = "cvs"

    id: Mapped[uuid.UUID] = _uuid_pk()
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    source_name: Mapped[str | None] = mapped_column(String(300))  # the imported file's name, "pasted text"
    source_kind: Mapped[str | None] = mapped_column(String(16))  # app.imports.document.SourceKind; None: made here
    # A variant: the CV it was made from (None: not a variant, or its base was deleted) and the job it is for.
    base_cv_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("cvs.id", ondelete="SET NULL"), index=True)
    job_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("job_descriptions.id", ondelete="SET NULL"))
    head_version_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("cv_versions.id", use_alter=True, name="fk_cvs_head_version", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = _created()
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now(), nullable=False
    )


class CvVersion(Base):
    """An immutable snapshot of a CV (a database trigger refuses UPDATE)."""

    __tablename__ = "cv_versions"
    __table_args__ = (UniqueConstraint("cv_id", "number", name="uq_cv_version_number"),)

    id: Mapped[uuid.UUID] = _uuid_pk()
    cv_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cvs.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict[str, Any]] = mapped_column(JSONB)
    author_kind: Mapped[AuthorKind] = mapped_column(
        Enum(AuthorKind, name="author_kind", values_callable=lambda e: [m.value for m in e])
    )
    summary: Mapped[str] = mapped_column(String(500))
    # The version whose content /undo returns to (None: nothing before this one).
    undo_target_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("cv_versions.id"))
    # The version whose state /redo brings back (None: nothing to redo; a new change empties the redo stack).
    redo_target_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("cv_versions.id"))
    # Written by undo or redo: the person's change that /undo now reverts, and names (None: this version's own).
    change_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("cv_versions.id"))
    # The person's own answers that let new facts into this version: [{"fact", "question", "answer"}].
    evidence: Mapped[list[Any] | None] = mapped_column(JSONB)
    created_at: Mapped[datetime] = _created()


class Conversation(Base):
    __tablename__ = "conversations"
    __table_args__ = (Index("ix_conversations_user_channel", "user_id", "channel", "updated_at"),)

    id: Mapped[uuid.UUID] = _uuid_pk()
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(32))
    external_thread_id: Mapped[str | None] = mapped_column(String(255))
    title: Mapped[str | None] = mapped_column(String(200))
    # Channel-independent conversation state: current CV, guided-interview step, pending input.
    state: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    created_at: Mapped[datetime] = _created()
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now(), nullable=False
    )


class Message(Base):
    __tablename__ = "messages"
    __table_args__ = (Index("ix_messages_conversation", "conversation_id", "id"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    conversation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(16))  # user | assistant | tool
    text: Mapped[str] = mapped_column(Text, server_default="")
    tool_calls: Mapped[list[Any] | None] = mapped_column(JSONB)
    tool_call_id: Mapped[str | None] = mapped_column(String(100))
    provider: Mapped[str | None] = mapped_column(String(32))
    model: Mapped[str | None] = mapped_column(String(100))
    input_tokens: Mapped[int | None] = mapped_column(Integer)
    output_tokens: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = _created()


class JobDescription(Base):
    __tablename__ = "job_descriptions"

    id: Mapped[uuid.UUID] = _uuid_pk()
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    title: Mapped[str | None] = mapped_column(String(300))
    company: Mapped[str | None] = mapped_column(String(300))
    source: Mapped[str | None] = mapped_column(String(300))  # "pasted" or a file name
    text: Mapped[str] = mapped_column(Text)
    requirements: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    created_at: Mapped[datetime] = _created()


EMBEDDING_INDEXED_DIMS = {"wordllama-l2-supercat-256": 256, "text-embedding-3-small": 1536}


class Embedding(Base):
    """A vector of some text, tagged with the model that made it; only same-model vectors compare.

    The column has no fixed dimension so several models can share the table; each model gets a
    partial HNSW index on `embedding::vector(dim)` (see the migration), used by queries that filter on
    `model` and cast the same way.
    """

    __tablename__ = "embeddings"
    __table_args__ = (
        UniqueConstraint("owner_kind", "owner_id", "model", "text_hash", name="uq_embedding_owner_text"),
        Index("ix_embeddings_owner", "owner_kind", "owner_id"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    owner_kind: Mapped[str] = mapped_column(String(32))  # skill | job | cv_text
    owner_id: Mapped[str] = mapped_column(String(100))
    text: Mapped[str] = mapped_column(Text)
    text_hash: Mapped[str] = mapped_column(String(64))
    model: Mapped[str] = mapped_column(String(100))
    dim: Mapped[int] = mapped_column(Integer)
    embedding: Mapped[Any] = mapped_column(Vector())
    created_at: Mapped[datetime] = _created()


class AtsReport(Base):
    """An ATS analysis of one CV version (against a job ad, or general), kept for fixes and history."""

    __tablename__ = "ats_reports"
    __table_args__ = (Index("ix_ats_reports_cv", "cv_id", "created_at"),)

    id: Mapped[uuid.UUID] = _uuid_pk()
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    cv_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cvs.id", ondelete="CASCADE"))
    cv_version_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cv_versions.id", ondelete="CASCADE"))
    job_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("job_descriptions.id", ondelete="SET NULL"))
    score: Mapped[int] = mapped_column(Integer)
    report: Mapped[dict[str, Any]] = mapped_column(JSONB)
    created_at: Mapped[datetime] = _created()


class LinkCode(Base):
    """A short-lived one-time code that joins two channel accounts of one person (stored hashed)."""

    __tablename__ = "link_codes"

    id: Mapped[uuid.UUID] = _uuid_pk()
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    channel: Mapped[str] = mapped_column(String(32))  # where the code was issued
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = _created()


class LinkAttempt(Base):
    """Every code entered, for rate limiting guesses per person."""

    __tablename__ = "link_attempts"
    __table_args__ = (Index("ix_link_attempts_user_time", "user_id", "created_at"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    success: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = _created()


class PasswordCredential(Base):
    """A web sign-in: email and scrypt hash. The account itself is the user; the email is its identity."""

    __tablename__ = "password_credentials"

    id: Mapped[uuid.UUID] = _uuid_pk()
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    password_hash: Mapped[str] = mapped_column(String(300))
    # Set when the owner opened a verification link (only when SMTP is configured): the email is proven.
    email_verified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = _created()


class EmailVerification(Base):
    """A sign-up waiting for its link: the account is created only when the inbox's owner opens it."""

    __tablename__ = "email_verifications"

    id: Mapped[uuid.UUID] = _uuid_pk()
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    email: Mapped[str] = mapped_column(String(320), index=True)
    password_hash: Mapped[str] = mapped_column(String(300))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = _created()


class WebSession(Base):
    """One web sign-in. Its id is in the session cookie; signing out revokes it on the server."""

    __tablename__ = "web_sessions"

    id: Mapped[uuid.UUID] = _uuid_pk()
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = _created()


class SignInThrottle(Base):
    """Failed sign-ins under one key ("account:<email>" or "client:<address>"), for a progressive delay."""

    __tablename__ = "sign_in_throttle"

    key: Mapped[str] = mapped_column(String(400), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, server_default="0")
    last_failure_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class CoverLetter(Base):
    """A cover letter for one job, written from one CV (or variant); its content lives in its versions."""

    __tablename__ = "cover_letters"
    __table_args__ = (Index("ix_cover_letters_user", "user_id", "updated_at"),)

    id: Mapped[uuid.UUID] = _uuid_pk()
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    cv_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cvs.id", ondelete="CASCADE"), index=True)
    job_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("job_descriptions.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(300))
    head_version_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey(
            "cover_letter_versions.id", use_alter=True, name="fk_cover_letters_head_version", ondelete="SET NULL"
        )
    )
    created_at: Mapped[datetime] = _created()
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now(), nullable=False
    )


class CoverLetterVersion(Base):
    """An immutable snapshot of a cover letter (app.tailor.letter.Letter as JSON)."""

    __tablename__ = "cover_letter_versions"
    __table_args__ = (UniqueConstraint("letter_id", "number", name="uq_cover_letter_version_number"),)

    id: Mapped[uuid.UUID] = _uuid_pk()
    letter_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cover_letters.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict[str, Any]] = mapped_column(JSONB)
    author_kind: Mapped[AuthorKind] = mapped_column(
        Enum(AuthorKind, name="author_kind", values_callable=lambda e: [m.value for m in e], create_type=False)
    )
    summary: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = _created()


# --- billing (issue 18): amounts are in thousandths of a credit ("millicredits"), so a model call's cost is exact.


class BillingEvent(Base):
    """A payment event applied once: a Stripe event id ("stripe:evt_…") or a Telegram Stars charge
    ("telegram:…", "telegram-refund:…"). Inserted in the transaction of its effect; the primary key is the
    exactly-once guarantee (a duplicate delivery finds the row and changes nothing)."""

    __tablename__ = "billing_events"
    __table_args__ = (Index("ix_billing_events_user", "user_id"),)

    id: Mapped[str] = mapped_column(String(300), primary_key=True)
    type: Mapped[str] = mapped_column(String(100))
    user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    outcome: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = _created()


class LedgerEntry(Base):
    """One change of a person's credit balance, with who made it and why (the audit trail). The balance is
    the sum of `amount`; rows are never updated or deleted."""

    __tablename__ = "billing_ledger"
    __table_args__ = (Index("ix_billing_ledger_user", "user_id", "id"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    amount: Mapped[int] = mapped_column(BigInteger)  # millicredits, + credit / - debit
    kind: Mapped[str] = mapped_column(String(20))  # purchase | refund | grant | usage
    actor: Mapped[str] = mapped_column(String(300))  # "stripe evt_…", "telegram charge …", "admin alice", "model"
    reason: Mapped[str] = mapped_column(String(500))
    event_id: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = _created()


class Subscription(Base):
    """The monthly plan: a Stripe subscription ("sub_…") or 30 days bought in Stars ("stars:<charge id>").

    `event_at`/`event_id` order Stripe's events (the newest wins, whatever order they arrive in); `ended` is
    final: no later event revives a deleted subscription."""

    __tablename__ = "subscriptions"
    __table_args__ = (Index("ix_subscriptions_user", "user_id"),)

    id: Mapped[str] = mapped_column(String(300), primary_key=True)
    user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    source: Mapped[str] = mapped_column(String(20))  # stripe | telegram
    customer_id: Mapped[str | None] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(30))  # Stripe's: active, trialing, past_due, canceled, …
    current_period_end: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    cancel_at_period_end: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    ended: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    event_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    event_id: Mapped[str | None] = mapped_column(String(300))
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now(), nullable=False
    )


class StripeCustomer(Base):
    """A person's Stripe customer (created once; linked accounts may bring a second one along)."""

    __tablename__ = "stripe_customers"

    id: Mapped[str] = mapped_column(String(300), primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = _created()


class Purchase(Base):
    """A one-time purchase (a credit pack, or 30 days of the plan in Stars), credited once whichever of its
    keys arrives first: the Checkout Session (webhook or return page), its PaymentIntent (a refund), or the
    Telegram charge id."""

    __tablename__ = "purchases"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    source: Mapped[str] = mapped_column(String(20))  # stripe | telegram
    item: Mapped[str | None] = mapped_column(String(40))  # a pack's id, or "pro"
    checkout_session: Mapped[str | None] = mapped_column(String(300), unique=True)
    payment_intent: Mapped[str | None] = mapped_column(String(300), unique=True)
    telegram_charge: Mapped[str | None] = mapped_column(String(300), unique=True)
    payer: Mapped[str | None] = mapped_column(String(100))  # the Telegram user id that paid (for a refund)
    credits: Mapped[int] = mapped_column(BigInteger, server_default="0")  # millicredits the item gives
    amount: Mapped[int] = mapped_column(BigInteger, server_default="0")  # cents or Stars paid
    refunded: Mapped[int] = mapped_column(BigInteger, server_default="0")  # cents or Stars refunded so far
    credited: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    created_at: Mapped[datetime] = _created()


class ModelUsage(Base):
    """One model call's tokens and price. `turn` groups the calls of one message (the free plan counts
    messages); `paid_from` is "allowance" (the free plan's messages), "plan" (the monthly plan's budget) or "credits"
    (then a ledger entry debits them)."""

    __tablename__ = "model_usage"
    __table_args__ = (Index("ix_model_usage_user", "user_id", "created_at"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    turn: Mapped[uuid.UUID]
    provider: Mapped[str] = mapped_column(String(40))
    model: Mapped[str] = mapped_column(String(200))
    input_tokens: Mapped[int] = mapped_column(Integer)
    output_tokens: Mapped[int] = mapped_column(Integer)
    cached_input_tokens: Mapped[int] = mapped_column(Integer)
    cost: Mapped[int] = mapped_column(BigInteger)  # millicredits
    paid_from: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = _created()
