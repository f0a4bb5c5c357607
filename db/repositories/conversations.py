"""Conversations and their messages."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Conversation, Message


class ConversationRepository:
    def __init__(self, session: AsyncSession, user_id: uuid.UUID) -> None:
        self.session = session
        self.user_id = user_id

    async def lock_user(self) -> None:
        """Serialise this user's turns across processes until the transaction ends.

        Two messages from one person (a double send, two channels at once) are handled one after
        the other, in arrival order, instead of racing on the same CV and conversation state.
        """
        key = uuid.UUID(str(self.user_id)).int & 0x7FFF_FFFF_FFFF_FFFF
        await self.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})

    async def get_or_create(self, channel: str, external_thread_id: str | None) -> Conversation:
        """The conversation of this thread (without a thread id, the user's latest in the channel).

        A new one starts from the state of the person's most recent conversation in any channel,
        so they continue where they left off: same open CV, same interview step.
        """
        query = select(Conversation).where(Conversation.user_id == self.user_id, Conversation.channel == channel)
        if external_thread_id is not None:
            query = query.where(Conversation.external_thread_id == external_thread_id)
        found = (await self.session.execute(query.order_by(Conversation.updated_at.desc()).limit(1))).scalar()
        if found is not None:
            return found
        return await self.create(channel, external_thread_id, state=await self.latest_state())

    async def find(self, channel: str, external_thread_id: str) -> Conversation | None:
        """The conversation of this thread, if it has one yet."""
        query = select(Conversation).where(
            Conversation.user_id == self.user_id,
            Conversation.channel == channel,
            Conversation.external_thread_id == external_thread_id,
        )
        return (await self.session.execute(query.order_by(Conversation.updated_at.desc()).limit(1))).scalar()

    def touch(self, conversation: Conversation, state: dict[str, Any]) -> None:
        """Store the state and mark the conversation as the most recently used one."""
        conversation.state = state
        conversation.updated_at = datetime.now(UTC)

    async def create(
        self, channel: str, external_thread_id: str | None, state: dict[str, Any] | None = None
    ) -> Conversation:
        conversation = Conversation(
            id=uuid.uuid4(),
            user_id=self.user_id,
            channel=channel,
            external_thread_id=external_thread_id,
            state=state or {},
        )
        self.session.add(conversation)
        await self.session.flush()
        return conversation

    async def latest_state(self) -> dict[str, Any] | None:
        """The state of the user's most recent conversation in any channel (to continue elsewhere)."""
        query = (
            select(Conversation.state)
            .where(Conversation.user_id == self.user_id)
            .order_by(Conversation.updated_at.desc())
            .limit(1)
        )
        return (await self.session.execute(query)).scalar()

    async def add_message(self, conversation: Conversation, role: str, text: str = "", **fields: Any) -> Message:
        message = Message(conversation_id=conversation.id, role=role, text=text, **fields)
        self.session.add(message)
        return message

    async def messages(self, conversation: Conversation, limit: int = 50) -> Sequence[Message]:
        """The last `limit` messages, oldest first."""
        query = (
            select(Message).where(Message.conversation_id == conversation.id).order_by(Message.id.desc()).limit(limit)
        )
        rows = (await self.session.execute(query)).scalars().all()
        return list(reversed(rows))
