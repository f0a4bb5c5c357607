"""Chainlit's own words on the chat page that would tell a person something untrue about Altoc, replaced."""

from __future__ import annotations

from typing import Any

from app.errors import AltocError
from channels.web.lifecycle import WEB_RUNTIME

# Chainlit's dialog says "This will clear your current chat history": nothing is cleared.
NEW_CHAT_DIALOG = (
    "A new conversation starts. Your CVs and your past chats stay: find them in the sidebar, "
    "and your CV is open in the new chat too."
)


def footer(model: str | None) -> str:
    """Chainlit's footer says "LLMs can make mistakes": true only when a model writes the answers."""
    if model is None:
        return ""
    return f"Answers are written by a language model ({model}) and can be wrong: check your CV before you send it."


def chat_wording(translation: dict[str, Any], model: str | None) -> dict[str, Any]:
    """`translation` (Chainlit's, for any language) with our New Chat dialog and footer."""
    chat = translation.setdefault("chat", {})
    chat["watermark"] = footer(model)
    dialog = translation.setdefault("navigation", {}).setdefault("newChat", {}).setdefault("dialog", {})
    dialog["description"] = NEW_CHAT_DIALOG
    return translation


async def model_in_use() -> str | None:
    """The language model that writes the answers; None in the offline guided mode (or when none started)."""
    try:
        runtime = await WEB_RUNTIME.get()
    except AltocError:
        return None
    return runtime.provider.model if runtime.provider is not None else None
