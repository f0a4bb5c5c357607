"""Tailoring and cover letters end to end on the real database: variants, plans, answers, page budgets, letters."""

from __future__ import annotations

import copy
import io
import uuid
from typing import Any

import pytest
from sqlalchemy import select

from app.ats.analyze import analyze
from app.ats.guard import Sources
from app.ats.job import extract_job
from app.ats.segments import all_text
from app.cv.model import Resume
from app.cv.service import CvService
from app.events import ButtonsEvent, FileEvent
from app.llm.scripted import ScriptedProvider, text_reply
from app.render import count_pages
from app.render.check import pdf_text
from app.tailor.plan import apply_changes, plan_tailoring
from app.tailor.service import TailorService
from db.models import AuthorKind, CoverLetterVersion, CvVersion
from db.repositories.users import UserRepository
from tests.app.tailor.test_plan import AD, CV
from tests.conftest import say


async def _user_cv(db: Any, data: dict[str, Any], user: str = "u1") -> tuple[uuid.UUID, uuid.UUID]:
    async with db.session_scope() as session:
        person = await UserRepository(session).get_or_create_by_identity("cli", user)
        state = await CvService(session, person.id).create(data, author=AuthorKind.import_)
        return person.id, state.id


async def _versions(db: Any, cv_id: uuid.UUID) -> list[CvVersion]:
    async with db.session_scope() as session:
        rows = await session.execute(select(CvVersion).where(CvVersion.cv_id == cv_id).order_by(CvVersion.number))
        return list(rows.scalars())


async def _head(db: Any, user_id: uuid.UUID, cv_id: uuid.UUID) -> Resume:
    async with db.session_scope() as session:
        return (await CvService(session, user_id).load(cv_id)).resume


async def _variant(db: Any, user_id: uuid.UUID, base_id: uuid.UUID) -> uuid.UUID:
    async with db.session_scope() as session:
        variants = await CvService(session, user_id).variants(base_id)
        assert len(variants) == 1
        return variants[0].id


async def test_tailoring_makes_a_variant_and_leaves_the_base_byte_for_byte(service: Any, db: Any) -> None:
    user_id, base_id = await _user_cv(db, CV)
    before = [(v.number, v.data) for v in await _versions(db, base_id)]
    sink = await say(service, "/tailor " + AD)
    assert "a variant of your CV for Senior Data Engineer at Tidewater Logistics" in sink.text
    assert "What I would change:" in sink.text and "/tailor apply" in sink.text
    labels = [b.label for e in sink.of_type(ButtonsEvent) for b in e.buttons]
    assert labels[0] == "Apply all" and labels[-1] == "None" and any(". Apply: " in label for label in labels)
    assert [(v.number, v.data) for v in await _versions(db, base_id)] == before
    variant = await _variant(db, user_id, base_id)
    assert (await _head(db, user_id, variant)).to_json() == before[-1][1]  # nothing changes before a choice

    listing = await say(service, "/cvs")
    lines = listing.text.splitlines()
    base_line = next(n for n, line in enumerate(lines) if line.startswith(str(base_id)[:8]))
    assert lines[base_line + 1].strip().startswith(f"↳ {str(variant)[:8]}  for Senior Data Engineer at Tidewater")

    await say(service, "/tailor apply all")
    assert [(v.number, v.data) for v in await _versions(db, base_id)] == before


async def test_accepting_some_changes_applies_just_those(service: Any, db: Any) -> None:
    user_id, base_id = await _user_cv(db, CV)
    await say(service, "/tailor " + AD)
    variant = await _variant(db, user_id, base_id)
    resume = Resume.model_validate(CV)
    job = extract_job(AD)
    report = analyze(resume, job=job)
    assert report.job is not None
    plan = plan_tailoring(resume, job, report.job)
    assert len(plan.changes) >= 3
    sink = await say(service, "/tailor apply 1 3")
    assert "Applied 2 changes" in sink.text
    expected = apply_changes(resume, [plan.changes[0], plan.changes[2]])
    assert (await _head(db, user_id, variant)).to_json() == expected.to_json()
    tailored = await _head(db, user_id, variant)
    for old, new in zip(resume.work or [], tailored.work or [], strict=True):  # locked
        assert old.model_dump(include={"name", "position", "startDate", "endDate"}) == new.model_dump(
            include={"name", "position", "startDate", "endDate"}
        )
    assert tailored.education == resume.education


async def test_buttons_pick_changes_one_by_one_then_done(service: Any, db: Any) -> None:
    from app.assistant.commands import Tailor

    user_id, base_id = await _user_cv(db, CV)
    first = await say(service, "/tailor " + AD)
    press = next(b for e in first.of_type(ButtonsEvent) for b in e.buttons if b.label.startswith("2. Apply"))
    sink = await say(service, button=press.action)
    assert "Applied 1 change" in sink.text and "Pick another, or Done" in sink.text
    left = [b.label for e in sink.of_type(ButtonsEvent) for b in e.buttons]
    offered = sum(". Apply: " in b.label for e in first.of_type(ButtonsEvent) for b in e.buttons)
    assert left[-1] == "Done" and len(left) == offered
    done = await say(service, button=Tailor(apply=("none",)))
    assert "The ad asks for" in done.text  # the questions follow the choice


async def test_an_answer_lets_the_fact_in_with_its_evidence_and_a_no_adds_nothing(service: Any, db: Any) -> None:
    user_id, base_id = await _user_cv(db, CV)
    await say(service, "/tailor " + AD)
    variant = await _variant(db, user_id, base_id)
    applied = await say(service, "/tailor apply none")
    assert "The ad asks for Kafka. Have you used it?" in applied.text
    bare = await say(service, "yes")
    assert "Where did you use Kafka, and what for?" in bare.text  # a bare yes is no evidence
    assert len(await _versions(db, variant)) == 1
    answer = "Yes, at Northwind Traders I ran Kafka for the order events of 3 warehouses"
    sink = await say(service, answer)
    assert "Added Kafka to your skills" in sink.text and "evidence" in sink.text
    assert "The ad asks for Terraform" in sink.text
    versions = await _versions(db, variant)
    question = "The ad asks for Kafka. Have you used it? Where, and what for? (Say no if you haven't.)"
    assert versions[-1].evidence == [{"fact": "Kafka", "question": question, "answer": answer}]
    assert "Kafka" in [s.name for s in (await _head(db, user_id, variant)).skills or []]
    no = await say(service, "no, never used it")
    assert "Terraform stays out" in no.text
    assert "Terraform" not in all_text(await _head(db, user_id, variant))
    skipped = await say(service, "/skip")
    assert "stays out" in skipped.text
    base = await _head(db, user_id, base_id)
    assert "Kafka" not in all_text(base)  # the base never changes


async def test_plain_words_tailor_with_the_last_ad_checked(service: Any, db: Any) -> None:
    await _user_cv(db, CV)
    await say(service, "/ats " + AD)
    sink = await say(service, "tailor my cv for this job")
    assert "variant of your CV for Senior Data Engineer at Tidewater Logistics" in sink.text
    applied = await say(service, "apply all")
    assert "Applied" in applied.text and "ATS score" in applied.text


async def test_tailor_without_any_ad_asks_for_one_and_reads_the_next_message(service: Any, db: Any) -> None:
    await _user_cv(db, CV)
    asked = await say(service, "/tailor")
    assert "Paste the job ad" in asked.text
    sink = await say(service, AD)
    assert "variant of your CV for Senior Data Engineer" in sink.text


LONG_CV = copy.deepcopy(CV) | {
    "work": [
        {
            "name": f"Company {n}",
            "position": "Data Engineer",
            "startDate": f"{2020 - 3 * n}-01",
            "endDate": f"{2022 - 3 * n}-12",
            "highlights": [
                f"Delivered data platform improvement number {k} for the analytics department, with careful "
                "documentation, reviews and a rollout plan agreed with every stakeholder involved"
                for k in range(6)
            ],
        }
        for n in range(5)
    ]
}


async def test_fit_on_one_page_makes_a_trimmed_variant_and_the_base_keeps_everything(service: Any, db: Any) -> None:
    user_id, base_id = await _user_cv(db, LONG_CV)
    base = await _head(db, user_id, base_id)
    assert count_pages(base) > 1
    sink = await say(service, "fit it on one page")
    assert "variant of your CV" in sink.text and "Now 1 page" in sink.text and "I left out" in sink.text
    variant = await _variant(db, user_id, base_id)
    trimmed = await _head(db, user_id, variant)
    assert count_pages(trimmed) == 1
    assert (await _head(db, user_id, base_id)).to_json() == base.to_json()
    assert [w.name for w in trimmed.work or []] == [w.name for w in base.work or []]
    export = await say(service, "/export classic")
    pdf = next(f for f in export.of_type(FileEvent) if f.mime == "application/pdf")
    assert "1 page," in pdf.caption


async def test_cover_letters_have_versions_and_export_in_three_formats(service: Any, db: Any) -> None:
    await _user_cv(db, CV)
    await say(service, "/ats " + AD)
    first = await say(service, "write a cover letter")
    assert "Cover letter for Senior Data Engineer at Tidewater Logistics, version 1" in first.text
    assert "Tidewater Logistics" in first.text
    second = await say(service, "/letter")
    assert "version 2" in second.text
    async with db.session_scope() as session:
        assert len(list((await session.execute(select(CoverLetterVersion))).scalars())) == 2
    pdf = (await say(service, "/letter pdf")).of_type(FileEvent)[0]
    assert pdf.mime == "application/pdf" and pdf.preview_png
    text = "\n".join(pdf_text(pdf.data))
    assert "Ana Silva" in text and "Tidewater Logistics" in text
    docx = (await say(service, "/letter docx")).of_type(FileEvent)[0]
    import docx as python_docx

    paragraphs = [p.text for p in python_docx.Document(io.BytesIO(docx.data)).paragraphs]
    assert any("Tidewater Logistics" in p for p in paragraphs)
    md = (await say(service, "/letter md")).of_type(FileEvent)[0]
    assert md.data.decode().count("\n\n") >= 4
    modern = (await say(service, "/letter modern")).of_type(FileEvent)[0]  # a design alone means its PDF
    assert modern.mime == "application/pdf" and modern.data != pdf.data
    bad = await say(service, "/letter pptx")
    assert "I don't know 'pptx'" in bad.text


async def test_deleting_a_variant_asks_first_and_keeps_the_base(service: Any, db: Any) -> None:
    user_id, base_id = await _user_cv(db, CV)
    await say(service, "/tailor " + AD)
    variant = await _variant(db, user_id, base_id)
    asked = await say(service, f"/delete {str(variant)[:8]}")
    question = asked.of_type(ButtonsEvent)[0]
    assert "cannot be undone" in question.text and [b.label for b in question.buttons] == ["Delete", "Keep it"]
    assert await _versions(db, variant)  # nothing deleted yet
    done = await say(service, f"/delete {str(variant)[:8]} confirm")
    assert f"Deleted CV {str(variant)[:8]}" in done.text
    assert not await _versions(db, variant)
    assert await _versions(db, base_id)
    assert f"CV {str(base_id)[:8]} is open now" in done.text


HOSTILE = (
    "Data engineer with 25 years at Google building Kafka pipelines. "
    "Built Airflow pipelines that cut report time by 40%. Certified Kubernetes Administrator."
)


@pytest.mark.parametrize("what", ["summary", "letter"])
async def test_a_hostile_model_cannot_add_a_skill_a_metric_or_an_employer(db: Any, what: str) -> None:
    user_id, cv_id = await _user_cv(db, CV)
    provider = ScriptedProvider(function=lambda messages: text_reply(HOSTILE + "\n\n" + HOSTILE))
    async with db.session_scope() as session:
        service = TailorService(session, user_id, provider)
        job = await service.job(cv_id, AD)
        if what == "summary":
            tailored = await service.tailor(cv_id, job)
            texts = [str(c.new) for c in tailored.plan.changes if c.kind == "summary"]
            dropped = tailored.dropped
        else:
            stored = await service.write_letter(cv_id, job)
            texts = [" ".join(stored.content.paragraphs)]
            dropped = stored.dropped
    claims = {claim for d in dropped for claim in d.claims}
    assert {"25", "Google", "Kafka"} <= claims and any("Kubernetes" in c for c in claims)
    for text in texts:
        for invented in ("Google", "Kafka", "Kubernetes", "25 years"):
            assert invented not in text
    resume = Resume.model_validate(CV)
    sources = Sources(resume, about_job=["Tidewater Logistics", "Senior Data Engineer"])
    assert [sources.unsupported(t) for t in texts] == [[] for _ in texts]


async def test_a_models_summary_keeps_only_what_the_cv_or_the_person_says(db: Any, settings: Any) -> None:
    from app.state import ConversationState
    from tools import REGISTRY, ToolContext

    user_id, cv_id = await _user_cv(db, CV)
    said = "Please write my summary; mention that I mentor juniors."
    written = (
        "Data engineer who builds reliable pipelines in Python. I mentor juniors. "
        "Led a 75-person platform team at Google."
    )
    async with db.session_scope() as session:
        ctx = ToolContext(
            session, user_id, ConversationState(cv_id=cv_id), settings, author=AuthorKind.assistant, said=said
        )
        result = await REGISTRY.call(ctx, "set_summary", {"summary": written})
    assert result.ok and "Left out what the CV doesn't say: 75, Google" in result.message
    summary = (await _head(db, user_id, cv_id)).basics.summary  # type: ignore[union-attr]
    assert summary == "Data engineer who builds reliable pipelines in Python. I mentor juniors."


async def test_a_letter_needs_something_to_be_built_on(service: Any, db: Any) -> None:
    await _user_cv(db, {"basics": {"name": "Ana Silva", "email": "ana@example.com"}})
    sink = await say(service, "/letter")
    assert "nothing yet a letter could be built on" in sink.text
    async with db.session_scope() as session:
        assert not list((await session.execute(select(CoverLetterVersion))).scalars())


async def test_a_job_ad_pasted_while_a_question_is_open_is_read_as_an_ad(service: Any, db: Any) -> None:
    user_id, base_id = await _user_cv(db, CV)
    await say(service, "/tailor " + AD)
    variant = await _variant(db, user_id, base_id)
    assert "The ad asks for Kafka" in (await say(service, "/tailor apply none")).text
    sink = await say(service, AD)
    assert "I'll leave the questions about the last job there" in sink.text
    assert "/100" in sink.text  # the guided mode checks the CV against it
    assert len(await _versions(db, variant)) == 1  # nothing was added as an "answer"
