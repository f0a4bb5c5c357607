"""Chainlit's words that would be untrue on our page: the New Chat dialog and the footer about models."""

from __future__ import annotations

import json
from pathlib import Path

from channels.web.wording import NEW_CHAT_DIALOG, chat_wording


def chainlit_english() -> dict[str, object]:
    import importlib.util

    spec = importlib.util.find_spec("chainlit")
    assert spec is not None and spec.origin is not None
    path = Path(spec.origin).parent / "translations" / "en-US.json"
    return dict(json.loads(path.read_text(encoding="utf-8")))


def test_chainlit_says_what_we_replace() -> None:
    """If an upgrade rewords these, the replacements below may no longer land where Chainlit reads them."""
    english = chainlit_english()
    assert "mistakes" in english["chat"]["watermark"]  # type: ignore[index]
    assert "clear" in english["navigation"]["newChat"]["dialog"]["description"]  # type: ignore[index]


def test_offline_there_is_no_footer_and_the_dialog_says_nothing_is_cleared() -> None:
    offline = chat_wording(chainlit_english(), None)
    assert offline["chat"]["watermark"] == ""
    assert offline["navigation"]["newChat"]["dialog"]["description"] == NEW_CHAT_DIALOG
    assert "clear" not in NEW_CHAT_DIALOG and "stay" in NEW_CHAT_DIALOG
    assert offline["navigation"]["newChat"]["dialog"]["title"] == "Create New Chat"  # the rest is Chainlit's


def test_with_a_model_the_footer_names_it() -> None:
    footer = chat_wording(chainlit_english(), "gpt-4o-mini")["chat"]["watermark"]
    assert "gpt-4o-mini" in footer and "can be wrong" in footer
