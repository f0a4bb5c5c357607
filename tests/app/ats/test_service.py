"""ATS on the database: reports stored per CV version, fixes applied as one version, undo, guard."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from app.ats.service import AtsService
from app.cv import edit
from app.cv.service import CvService
from app.errors import Conflict, NotFound
from db.models import AtsReport, AuthorKind, Embedding, JobDescription
from db.repositories.users import UserRepository

FIXTURES = Path(__file__).parents[3] / "bench" / "fixtures"
WEAK = json.loads((FIXTURES / "ats_cv_marketing.json").read_text())
STRONG = json.loads((FIXTURES / "ats_cv_backend_strong.json").read_text())
BACKEND_AD = (FIXTURES / "ats_job_backend.txt").read_text()


async def _setup(session: Any, document: dict[str, Any], settings: Any) -> tuple[AtsService, Any]:
    user = await UserRepository(session).get_or_create_by_identity("cli", "ats-user")
    state = await CvService(session, user.id).create(document, author=AuthorKind.import_)
    return AtsService(session, user.id, settings), state


async def test_reports_and_job_ads_are_stored_against_the_version(db: Any, settings: Any) -> None:
    async with db.session_scope() as session:
        service, state = await _setup(session, STRONG, settings)
        stored = await service.analyze(state.id, BACKEND_AD, source="ad.pdf")
        assert stored.row.cv_version_id == state.version.id and stored.row.score == stored.report.score
        job = await session.get(JobDescription, stored.row.job_id)
        assert job is not None and job.title == "Senior Backend Engineer" and job.source == "ad.pdf"
        assert "Apache Kafka" in job.requirements["required"]
        layout = stored.report.category("Length & layout")
        assert layout is not None and "the PDF parses cleanly" in layout.summary
        # The CV's skills went into pgvector for the near-match search, tagged with the model.
        vectors = await session.execute(
            select(func.count()).select_from(Embedding).where(Embedding.owner_kind == "cv_skill")
        )
        assert vectors.scalar_one() > 5
        rows = await session.execute(select(func.count()).select_from(AtsReport))
        assert rows.scalar_one() == 1


async def test_fixes_become_one_version_and_undo_restores_byte_for_byte(db: Any, settings: Any) -> None:
    async with db.session_scope() as session:
        service, state = await _setup(session, WEAK, settings)
        before = state.version.data
        stored = await service.analyze(state.id, None)
        result = await service.apply(stored.row.id, state.id, ["all"])
        assert result.applied == len([f for f in stored.report.fixes() if not f.needs_confirmation])
        assert result.after.report.score > result.before
        assert result.state.version.number == 2 and result.state.version.author_kind == AuthorKind.fix
        assert result.state.version.summary == f"Applied {result.applied} ATS fixes"
        undone, _ = await CvService(session, result.state.cv.user_id).undo(state.id)
        assert json.dumps(undone.version.data, sort_keys=True) == json.dumps(before, sort_keys=True)
        assert undone.version.data == before


async def test_fixes_that_add_facts_need_confirmation(db: Any, settings: Any) -> None:
    async with db.session_scope() as session:
        service, state = await _setup(session, WEAK, settings)
        stored = await service.analyze(state.id, BACKEND_AD)
        title_fix = next(f for f in stored.report.fixes() if f.needs_confirmation)
        with pytest.raises(Conflict, match="would add something your CV doesn't say yet: .*Senior Backend Engineer"):
            await service.apply(stored.row.id, state.id, [title_fix.id])
        result = await service.apply(stored.row.id, state.id, [title_fix.id], confirm_new_facts=True)
        assert result.state.resume.basics.label == "Senior Backend Engineer"


async def test_stale_and_unknown_fixes_are_refused(db: Any, settings: Any) -> None:
    async with db.session_scope() as session:
        service, state = await _setup(session, WEAK, settings)
        stored = await service.analyze(state.id, None)
        with pytest.raises(NotFound, match="offered by an earlier check"):
            await service.apply(stored.row.id, state.id, ["nope"])
        await CvService(session, state.cv.user_id).change(
            state.id, lambda r: edit.update_basics(r, {"phone": "+33 6 12 34 56 78"}), author=AuthorKind.user
        )
        with pytest.raises(Conflict, match="changed since this check"):
            await service.apply(stored.row.id, state.id, ["1"])


async def test_model_rewrites_are_offered_but_guarded(db: Any, settings: Any) -> None:
    from app.llm.scripted import ScriptedProvider, text_reply

    cv = {
        "basics": {"name": "Ana Lima", "email": "ana@example.com"},
        "work": [{"name": "Streamly", "position": "Backend Engineer", "startDate": "2019-01",
                  "highlights": ["Built event pipelines with RabbitMQ handling 1M messages a day"]}],
        "skills": [{"name": "RabbitMQ"}],
    }  # fmt: skip
    provider = ScriptedProvider(function=lambda messages: text_reply("NO"))
    provider.enqueue(text_reply("NO"))  # the ad's "event-driven services" (line 7) is asked first: no rewrite
    provider.enqueue(text_reply("Built event pipelines with RabbitMQ and Kafka handling 1M messages a day"))
    async with db.session_scope() as session:
        user = await UserRepository(session).get_or_create_by_identity("cli", "ana")
        state = await CvService(session, user.id).create(cv, author=AuthorKind.import_)
        service = AtsService(session, user.id, settings, provider)
        stored = await service.analyze(state.id, BACKEND_AD)
    rewrite = next(f for f in stored.report.fixes() if f.description.startswith("Reword to name Apache Kafka"))
    assert rewrite.old == "Built event pipelines with RabbitMQ handling 1M messages a day"
    assert rewrite.needs_confirmation and rewrite.new_facts == ["Kafka"]
    prompt = provider.calls[0].messages[0].text
    assert "<bullet>Built event pipelines with RabbitMQ handling 1M messages a day</bullet>" in prompt


async def test_a_rejected_fix_is_left_out_of_apply_all(service: Any, db: Any) -> None:
    from app.ats.report import AtsReport as Report
    from app.events import ButtonsEvent, IncomingFile
    from tests.conftest import say

    await say(service, files=(IncomingFile("weak.json", json.dumps(WEAK).encode()),))
    checked = await say(service, "/ats " + BACKEND_AD)
    buttons = [b for event in checked.of_type(ButtonsEvent) for b in event.buttons]
    skips = [b for b in buttons if b.label.endswith("Skip")]
    assert len(skips) >= 2 and len(skips) == len([b for b in buttons if ". Apply: " in b.label or "Confirm" in b.label])
    async with db.session_scope() as session:
        row = (await session.execute(select(AtsReport))).scalar_one()
        fixes = Report.model_validate(row.report).fixes()
    plain = [f for f in fixes if not f.needs_confirmation]
    first = next(b for b in skips if b.action.ids == (plain[0].id,))
    assert first.action.reject and first.action.as_text() == f"/fix {plain[0].id} reject"

    rejected = await say(service, button=first.action)
    assert "Left out" in rejected.text and plain[0].description in rejected.text
    async with db.session_scope() as session:  # nothing changed: still one version
        assert (await session.execute(select(func.count()).select_from(AtsReport))).scalar_one() == 1
    applied = await say(service, "apply all fixes")  # in plain words, as /fix all
    noun = "fix" if len(plain) == 2 else "fixes"
    assert f"Applied {len(plain) - 1} {noun}" in applied.text, applied.text
    assert "No fix 99" in (await say(service, "/fix 99 reject")).text
    assert "No fix 99" in (await say(service, "skip fix 99")).text
