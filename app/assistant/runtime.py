"""Start-up and shutdown of one process: settings, database (embedded or not), provider, services."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from app.assistant.conversation import ConversationService
from app.billing.meter import gate_for
from app.config import Settings, get_settings
from app.imports.service import import_file
from app.llm.base import Provider
from app.state import ConversationState
from app.uploads import SniffedFile
from db.models import AuthorKind
from db.repositories.users import UserRepository
from db.session import Database, open_database
from tools.io_tools import store_import
from tools.registry import REGISTRY, ToolContext, ToolRegistry, ToolResult

LOCAL_ACCOUNT_CHANNEL = "local"
_UNSET: Any = object()


def configure_logging(settings: Settings) -> None:
    logging.basicConfig(level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")


@dataclass
class Runtime:
    """The process's shared objects, built once here and handed down (nothing below reads them from globals):
    settings, database, provider chain, tool registry, and the conversation service that uses them."""

    settings: Settings
    db: Database
    provider: Provider | None
    service: ConversationService

    @property
    def registry(self) -> ToolRegistry:
        return self.service.registry

    @classmethod
    def start(
        cls,
        settings: Settings | None = None,
        *,
        provider: Provider | None = _UNSET,
        stream: bool = False,
        registry: ToolRegistry = REGISTRY,
        channel_names: Mapping[str, str] | None = None,
    ) -> Runtime:
        """Open the database (migrating it) and build the conversation service. Synchronous.

        `channel_names` ({channel: display name}) are the chats the assistant's words may name: the channels
        registered in channels/ (app/ cannot import them), passed in by the process that runs them.
        """
        settings = settings or get_settings()
        if provider is _UNSET:
            from app.llm.factory import build_provider

            provider = build_provider(settings)
        db = open_database(settings.database_url, settings.altoc_data_dir)
        service = ConversationService(
            db, settings, provider=provider, registry=registry, stream=stream, channel_names=channel_names
        )
        return cls(settings, db, provider, service)

    @property
    def channel_names(self) -> dict[str, str]:
        return self.service.channel_names

    async def close(self) -> None:
        close = getattr(self.provider, "aclose", None)  # the SDKs' connection pools, before the loop ends
        if close is not None:
            await close()
        await self.db.close()

    async def call_tool(
        self,
        account: tuple[str, str],
        name: str,
        arguments: dict[str, Any] | None = None,
        *,
        cv_ref: str | None = None,
        needs_cv: bool = True,
    ) -> ToolResult:
        """Run one tool for a person outside a conversation (the command line), in one transaction.

        The open CV is `cv_ref` (an id or its first characters) or the person's most recent CV.
        """
        return (await self.call_tools(account, [(name, arguments or {})], cv_ref=cv_ref, needs_cv=needs_cv))[0]

    async def call_tools(
        self,
        account: tuple[str, str],
        calls: Sequence[tuple[str, dict[str, Any]]],
        *,
        cv_ref: str | None = None,
        needs_cv: bool = True,
    ) -> list[ToolResult]:
        """Run tools in a row on one conversation state, in one transaction, up to the first that fails
        (`altoc tailor`: the plan, then the choice)."""
        async with self.db.session_scope() as session:
            user = await UserRepository(session).get_or_create_by_identity(*account)
            ctx = ToolContext(
                session,
                user.id,
                ConversationState(),
                self.settings,
                author=AuthorKind.user,
                channel_names=self.channel_names,
            )
            if needs_cv:
                ctx.state.cv_id = (await ctx.cvs.resolve(cv_ref)).id
            results: list[ToolResult] = []
            for name, arguments in calls:
                results.append(await self.registry.call(ctx, name, arguments))
                if not results[-1].ok:
                    break
            return results

    async def import_cv_file(self, account: tuple[str, str], file: SniffedFile) -> ToolResult:
        """A PDF, Word, LinkedIn, text or JSON Resume CV read and stored as a new CV (`altoc import`).

        A file that cannot be imported raises its `InvalidInput`, and nothing is stored.
        """
        async with self.db.session_scope() as session:
            user_id = (await UserRepository(session).get_or_create_by_identity(*account)).id
        gate = gate_for(self.db, self.settings, user_id)
        result = await import_file(file, self.settings, refine=self.provider is not None, gate=gate)
        async with self.db.session_scope() as session:
            user = await UserRepository(session).get_or_create_by_identity(*account)
            ctx = ToolContext(session, user.id, ConversationState(), self.settings, author=AuthorKind.import_)
            return await store_import(ctx, result, file.name)
