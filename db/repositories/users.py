"""Users and the identities that tie them to channels."""

from __future__ import annotations

import uuid

from sqlalchemy import String, cast, func, or_, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import ChannelIdentity, PasswordCredential, User


class UserRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get_or_create_by_identity(self, channel: str, external_id: str, display_name: str | None = None) -> User:
        """The user known as `external_id` in `channel`, created on first contact (race-safe)."""
        user = await self.find_by_identity(channel, external_id)
        if user is not None:
            return user
        new_user = User(id=uuid.uuid4(), display_name=display_name)
        self.session.add(new_user)
        await self.session.flush()
        inserted = await self.session.execute(
            insert(ChannelIdentity)
            .values(id=uuid.uuid4(), user_id=new_user.id, channel=channel, external_id=external_id)
            .on_conflict_do_nothing(constraint="uq_channel_identity")
            .returning(ChannelIdentity.user_id)
        )
        if inserted.scalar() is None:
            # Another transaction registered the same identity first: use that user.
            await self.session.delete(new_user)
            user = await self.find_by_identity(channel, external_id)
            assert user is not None
            return user
        return new_user

    async def find_by_identity(self, channel: str, external_id: str) -> User | None:
        result = await self.session.execute(
            select(User)
            .join(ChannelIdentity, ChannelIdentity.user_id == User.id)
            .where(ChannelIdentity.channel == channel, ChannelIdentity.external_id == external_id)
        )
        return result.scalar_one_or_none()

    async def add_identity(
        self, user_id: uuid.UUID, channel: str, external_id: str, verified_email: str | None = None
    ) -> None:
        """Tie one more identity to an existing user (the caller has proof that it is the same person)."""
        self.session.add(
            ChannelIdentity(
                id=uuid.uuid4(),
                user_id=user_id,
                channel=channel,
                external_id=external_id,
                verified_email=verified_email,
            )
        )
        await self.session.flush()

    async def identity(self, channel: str, external_id: str) -> ChannelIdentity | None:
        query = select(ChannelIdentity).where(
            ChannelIdentity.channel == channel, ChannelIdentity.external_id == external_id
        )
        return (await self.session.execute(query)).scalar_one_or_none()

    async def by_verified_email(self, email: str) -> User | None:
        """The user an identity provider vouched for with this email (the oldest such identity's)."""
        result = await self.session.execute(
            select(User)
            .join(ChannelIdentity, ChannelIdentity.user_id == User.id)
            .where(ChannelIdentity.verified_email == email)
            .order_by(ChannelIdentity.created_at)
            .limit(1)
        )
        return result.scalar_one_or_none()

    async def get(self, user_id: uuid.UUID) -> User | None:
        return await self.session.get(User, user_id)

    async def by_id_prefix(self, prefix: str, limit: int = 10) -> list[User]:
        """The users whose id starts with `prefix` (an admin names a person by the first characters of the id)."""
        query = select(User).where(cast(User.id, String).like(prefix.lower() + "%")).order_by(User.id).limit(limit)
        return list((await self.session.scalars(query)).all())

    async def by_email(self, email: str) -> list[User]:
        """Every user a web account with this email belongs to: a password sign-in, or an identity by its email."""
        email = email.strip().lower()
        credential = select(PasswordCredential.user_id).where(func.lower(PasswordCredential.email) == email)
        identity = select(ChannelIdentity.user_id).where(
            or_(
                (ChannelIdentity.channel == "web") & (func.lower(ChannelIdentity.external_id) == email),
                func.lower(ChannelIdentity.verified_email) == email,
            )
        )
        query = select(User).where(or_(User.id.in_(credential), User.id.in_(identity))).order_by(User.id)
        return list((await self.session.scalars(query)).all())

    async def identities_of(self, user_id: uuid.UUID) -> list[ChannelIdentity]:
        query = (
            select(ChannelIdentity)
            .where(ChannelIdentity.user_id == user_id)
            .order_by(ChannelIdentity.created_at, ChannelIdentity.id)
        )
        return list((await self.session.scalars(query)).all())
