"""A CV brought into the chat: a new open CV with its source recorded, the summary, questions one at a time,
and bad files that get a sentence and store nothing."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from app.assistant.commands import Skip
from app.assistant.conversation import ConversationService
from app.events import ButtonsEvent, IncomingFile, TextEvent
from app.imports.document import ImportResult, Uncertain
from app.llm.base import LlmReply
from app.llm.scripted import ScriptedProvider, text_reply, tool_reply
from db.models import AuthorKind, Cv, CvVersion
from tests.conftest import say
from tests.import_files import (
    PASTED_CV,
    PNG,
    damaged_docx,
    encrypted_pdf,
    full_pdf,
    linkedin_zip,
    pages_pdf,
    small_docx_bomb,
    zip_bomb,
)


async def stored_cvs(db: Any) -> list[tuple[Cv, CvVersion]]:
    """Every CV with each of its versions."""
    async with db.session_scope() as session:
        rows = await session.execute(select(Cv, CvVersion).join(CvVersion, CvVersion.cv_id == Cv.id))
        return [(cv, version) for cv, version in rows]


def said(sink: Any) -> str:
    """Every message of the turn, with the ones that carry buttons, in order."""
    return "\n".join(e.text for e in sink.events if isinstance(e, TextEvent | ButtonsEvent) and e.text)


def labels(sink: Any) -> list[str]:
    return [b.label for e in sink.events if isinstance(e, ButtonsEvent) for b in e.buttons]


async def test_a_pdf_becomes_an_open_cv_that_records_its_source(service: Any, db: Any) -> None:
    sink = await say(service, files=(IncomingFile("cv.pdf", full_pdf()),))
    assert "Imported Maria Kowalska from cv.pdf as CV" in sink.text and ": contact details" in sink.text, sink.text
    ((cv, version),) = await stored_cvs(db)
    assert (cv.source_name, cv.source_kind) == ("cv.pdf", "pdf")
    assert version.number == 1 and version.author_kind == AuthorKind.import_
    assert version.summary == "Imported cv.pdf (PDF)"
    assert "Maria Kowalska" in (await say(service, "/show")).text  # opened in the conversation
    # With the real builder (app/imports/structure.py): the whole CV is recognised.
    assert "2 jobs" in sink.text and "1 school" in sink.text, sink.text


async def test_a_linkedin_export_imports_and_ends_with_the_next_steps(service: Any, db: Any) -> None:
    sink = await say(service, files=(IncomingFile("Basic_LinkedInDataExport.zip", linkedin_zip()),))
    assert "Imported Maria Kowalska from Basic_LinkedInDataExport.zip" in sink.text and "2 jobs" in sink.text, sink.text
    assert labels(sink)[-3:] == ["Show CV", "Export PDF", "Check against a job"]
    ((cv, _),) = await stored_cvs(db)
    assert cv.source_kind == "linkedin"


async def test_a_cv_pasted_in_the_guided_mode_is_imported(service: Any, db: Any) -> None:
    sink = await say(service, PASTED_CV)
    assert "olena" in sink.text.lower(), sink.text
    ((cv, version),) = await stored_cvs(db)
    assert (cv.source_name, cv.source_kind) == ("pasted text", "text")
    assert version.data["basics"]["email"] == "olena.shevchenko@example.com"
    assert version.summary == "Imported the pasted text"
    # With the real builder: the preamble is no name.
    assert version.data["basics"]["name"] == "Olena Shevchenko"


DRAFT = ImportResult(
    {
        "basics": {"name": "Maria Kowalska", "label": "Engneer"},
        "work": [
            {"name": "PayFlow", "position": "Staff Engineer", "startDate": "2021-03"},
            {"name": "References available on request"},
        ],
    },
    "pdf",
    unplaced=["★★★★☆"],
    uncertain=[
        Uncertain("work.0.name", "PayFlow", "Is “PayFlow” the company?"),
        Uncertain("work.0.startDate", "2021-03", "Did you start at PayFlow in March 2021?"),
        Uncertain("basics.label", "Engneer", "Is “Engneer” your headline?"),
        Uncertain("work.1", "References available on request", "Is “References available on request” a job?"),
    ],
)


class RecordingModel:
    """A model that only says it was asked: the answers to an import's questions do not reach it."""

    name = "recording"
    model = "recording"

    def __init__(self) -> None:
        self.asked: list[str] = []

    async def complete(self, messages: Any, tools: Any, on_text: Any = None) -> LlmReply:
        self.asked.append(messages[-1].text)
        return LlmReply("The model answered.")


@pytest.mark.parametrize("with_model", [False, True])
async def test_uncertain_pieces_are_asked_one_at_a_time(
    db: Any, settings: Any, monkeypatch: pytest.MonkeyPatch, with_model: bool
) -> None:
    async def read(*args: Any, **kwargs: Any) -> ImportResult:
        return DRAFT

    monkeypatch.setattr("app.assistant.imported.import_file", read)
    model = RecordingModel()
    service = ConversationService(db, settings, provider=model if with_model else None)  # type: ignore[arg-type]
    sink = await say(service, files=(IncomingFile("cv.pdf", full_pdf()),))
    assert "“★★★★☆”" in said(sink)
    assert "I am unsure of 4 things; one at a time. Is “PayFlow” the company?" in said(sink)
    assert "March 2021" not in said(sink)  # one question at a time
    assert labels(sink) == ["Keep as it is"]
    sink = await say(service, "yes")
    assert said(sink).startswith("Kept. Did you start at PayFlow in March 2021?")
    if not with_model:  # a correction in place of yes or no (with a model, other words are the model's)
        sink = await say(service, "2021-04")
    else:
        assert "What should it be?" in said(await say(service, "no"))
        sink = await say(service, "2021-04")
    assert "Is “Engneer” your headline?" in said(sink)
    assert "What should it be?" in said(await say(service, "no"))
    assert "Is “References available on request” a job?" in said(await say(service, "Staff Engineer"))
    sink = await say(service, "no")  # not a job: it goes
    assert "That was the last question" in said(sink), sink.events
    assert labels(sink) == ["Show CV", "Export PDF", "Check against a job"]
    assert model.asked == []

    async with db.session_scope() as session:
        cv = (await session.execute(select(Cv))).scalar_one()
        head = await session.get(CvVersion, cv.head_version_id)
        assert head is not None
        assert head.data["work"] == [{"name": "PayFlow", "position": "Staff Engineer", "startDate": "2021-04"}]
        assert head.data["basics"]["label"] == "Staff Engineer"
        assert head.author_kind == AuthorKind.user  # the person's answers, through the edit tools


async def test_with_a_model_a_new_request_ends_the_questions(
    db: Any, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def read(*args: Any, **kwargs: Any) -> ImportResult:
        return DRAFT

    monkeypatch.setattr("app.assistant.imported.import_file", read)
    model = RecordingModel()
    service = ConversationService(db, settings, provider=model)  # type: ignore[arg-type]
    await say(service, files=(IncomingFile("cv.pdf", full_pdf()),))
    assert "The model answered." in said(await say(service, "Make my summary shorter"))
    assert model.asked == ["Make my summary shorter"]
    assert "Kept" not in said(await say(service, "yes"))  # no question is open any more


async def test_skip_keeps_and_a_long_message_ends_the_questions(
    service: Any, db: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def read(*args: Any, **kwargs: Any) -> ImportResult:
        return DRAFT

    monkeypatch.setattr("app.assistant.imported.import_file", read)
    await say(service, files=(IncomingFile("cv.pdf", full_pdf()),))
    assert "Did you start at PayFlow" in said(await say(service, "skip"))
    await say(service, "/show")  # a command in between leaves the question open
    pressed = await say(service, button=Skip())  # the "Keep as it is" button
    assert "Is “Engneer” your headline?" in said(pressed)
    assert "unsure" not in said(await say(service, "Please make my summary\nsay that I like payments."))
    assert "Is “References" not in said(await say(service, "yes"))  # the questions ended


async def test_bad_files_get_a_sentence_each_and_store_nothing(service: Any, db: Any) -> None:
    files = {
        "locked.pdf": (encrypted_pdf(), "password"),
        "broken.pdf": (b"%PDF-1.7\n%broken", "damaged"),
        "book.pdf": (pages_pdf(60), "60 pages"),
        "bomb.docx": (small_docx_bomb(), "100,000 elements"),
        "broken.docx": (damaged_docx(), "damaged"),
        "bomb.zip": (zip_bomb(), "limit"),
        "photo.png": (PNG, "photo.png is a picture"),
        "empty-export.zip": (linkedin_zip(useful=False), "LinkedIn"),
        "empty.pdf": (b"", "empty.pdf is empty"),
        "huge.pdf": (b"%PDF-1.7\n" + b"0" * 5_000_001, "the limit is 5 MB"),
    }
    sink = await say(service, files=tuple(IncomingFile(name, data) for name, (data, _) in files.items()))
    messages = [e.text for e in sink.events if isinstance(e, TextEvent)]
    assert len(messages) == len(files), messages
    for (name, (_, expected)), message in zip(files.items(), messages, strict=True):
        assert expected in message, (name, message)
        assert "went wrong" not in message
    assert await stored_cvs(db) == []
    async with db.session_scope() as session:
        assert await session.scalar(select(func.count()).select_from(Cv)) == 0


async def test_a_draft_the_cv_model_refuses_stores_nothing(
    service: Any, db: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def read(*args: Any, **kwargs: Any) -> ImportResult:
        return ImportResult({"basics": {"name": "Maria", "email": "not an email"}}, "pdf")

    monkeypatch.setattr("app.assistant.imported.import_file", read)
    sink = await say(service, files=(IncomingFile("cv.pdf", full_pdf()),))
    assert "basics.email: not a valid email address" in sink.text, sink.text
    assert await stored_cvs(db) == []


async def test_with_a_model_a_pasted_cv_is_imported_from_the_persons_own_words(db: Any, settings: Any) -> None:
    model = RecordingModel()
    service = ConversationService(db, settings, provider=model)  # type: ignore[arg-type]
    sink = await say(service, PASTED_CV)
    assert "Imported Olena Shevchenko from the pasted text" in sink.text, sink.text
    assert model.asked == []  # plainly a CV: read from what she wrote, not retyped by the model
    ((_, version),) = await stored_cvs(db)
    assert version.data["work"][0]["name"] == "Nova Poshta"


async def test_a_model_that_adds_to_a_pasted_cv_is_caught(db: Any, settings: Any) -> None:
    """The model passes the CV's text to import_cv; what it adds (a job, a skill) is not in her message."""
    message = "Can you take my details from this?\n" + PASTED_CV.removeprefix("Here is my CV:\n")
    retyped = message + "Senior Engineer at Google\n2023 - 2024\n\nSkills\nKubernetes\n"
    model = ScriptedProvider().enqueue(tool_reply("import_cv", {"text": retyped}), text_reply("Done."))
    service = ConversationService(db, settings, provider=model)
    sink = await say(service, "Olena here. " + message.replace("Experience", "Work"))  # not plainly a CV
    ((_, version),) = await stored_cvs(db)
    assert [job["name"] for job in version.data["work"]] == ["Nova Poshta"], version.data
    assert "skills" not in version.data
    assert "Google" in sink.text and "Kubernetes" in sink.text  # named back as left out
