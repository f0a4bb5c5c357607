"""CV text is cleaned on the way in (app/cleantext.py); an older CV stored before that still opens and edits."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from app.cleantext import clean_text
from tests.conftest import say

FULL = Path(__file__).parents[2] / "fixtures" / "full_resume.json"


def test_what_is_removed_and_what_is_kept() -> None:
    assert clean_text("a\x1b]0;title\x07b\x1b[1;31mc\x1b7d\x9b2Je") == "abcde"  # whole escape sequences
    assert clean_text("Py\u200bth\u200con\u200d\u2060\ufeff\u00ad") == "Python"
    assert clean_text("x\u202eevil\u202c\u2066y\u2069\u200f") == "xevily"
    assert clean_text("line\r\nnext\rthird\ttab\x00\x08\x7f") == "line\nnext\nthird\ttab"
    assert clean_text("Zoë Müller — 東京 🙂") == "Zoë Müller — 東京 🙂"


async def test_an_older_cv_with_invisible_values_still_opens_and_takes_edits(service: Any, db: Any) -> None:
    """Stored before cleaning existed: it is shown and edited cleaned, never refused."""
    from db.models import AuthorKind
    from db.repositories.cvs import CvRepository
    from db.repositories.users import UserRepository

    data = json.loads(FULL.read_text())
    data["skills"].append({"name": "\u200b"})
    data["basics"]["label"] = "Staff\x1b[31m Engineer"
    async with db.session_scope() as session:  # as an older release wrote it, without today's validation
        user = await UserRepository(session).get_or_create_by_identity("cli", "u1")
        repo = CvRepository(session, user.id)
        cv = await repo.create("Maria Kowalska")
        await repo.add_version(cv, data, AuthorKind.import_, "Imported a JSON Resume", None)
    shown = await say(service, "/show")
    assert "Staff Engineer" in shown.text and "\x1b" not in shown.text
    changed = await say(service, "change my phone to +48 601 222 333")
    assert "+48 601 222 333" in changed.text and "invisible" not in changed.text


async def test_a_model_adding_a_zero_width_skill_is_told_why(db: Any, settings: Any) -> None:
    from app.assistant.conversation import ConversationService
    from app.llm.scripted import ScriptedProvider, text_reply, tool_reply

    provider = ScriptedProvider().enqueue(
        tool_reply("create_cv", {"name": "Maria"}),
        tool_reply("add_skills", {"skills": ["Python", "\u200b\u200d"]}),
        text_reply("Which skill did you mean?"),
    )
    await say(ConversationService(db, settings, provider=provider), "add my skills")
    result = json.loads(provider.calls[2].messages[-1].text)
    assert result["ok"] is False
    assert "skills[1].name has only invisible or control characters" in result["message"]
    shown = await say(ConversationService(db, settings), "/show")
    assert "Python" not in shown.text  # one change, refused whole


async def test_a_job_ad_read_from_a_file_with_nul_is_checked_and_stored(db: Any, settings: Any) -> None:
    """Text from a PDF does not pass through the chat's cleaning: the ATS tool cleans it before storing."""
    from app.state import ConversationState
    from db.models import AuthorKind
    from db.repositories.users import UserRepository
    from tools.registry import REGISTRY, ToolContext

    async with db.session_scope() as session:
        user = await UserRepository(session).get_or_create_by_identity("cli", "ad-reader")
        ctx = ToolContext(session, user.id, ConversationState(), settings, author=AuthorKind.user)
        created = await REGISTRY.call(ctx, "create_cv", {"name": "Maria"})
        assert created.ok, created.message
        result = await REGISTRY.call(
            ctx,
            "analyze_cv",
            {"job_text": "Python developer\x00 wanted.\x02 Requirements: Python, SQL.", "source": "ad\x00.pdf"},
        )
        assert result.ok, result.message
