"""The section recipe: a section declared once (app/cv/sections.py) reaches every place that shows or edits it.

Adding a section is its model class, its `Resume` field and `SectionName` entry (app/cv/model.py), one
`SectionSpec` in SECTIONS (app/cv/sections.py), an entry of it in tests/fixtures/full_resume.json, and a
template partial only if none fits. Each test below walks every spec, so a new section is checked
by render, ATS segments, chat text, the guided mode and its generated tool without editing them.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any, get_args

import pytest
from pydantic import Field

from app.assistant.guided.requests import SECTION_WORDS, EntryRef, parse_ref
from app.assistant.guided.sections import ADDERS
from app.assistant.guided.steps import LOOP_START
from app.ats.segments import segments
from app.cv import edit
from app.cv.diff import diff_documents
from app.cv.model import Entry, IsoDate, Resume, SectionName
from app.cv.readable import cv_outline, cv_to_text
from app.cv.sections import CV_LANGUAGES, SECTIONS, SectionSpec, Shown, ToolText, entry_label, page_order
from app.cv.service import CvService
from app.render import render_cv
from app.render.designs import TEMPLATES_DIR
from app.render.document import build_document
from app.render.i18n import LANGUAGES
from app.state import ConversationState
from db.models import AuthorKind
from db.repositories.users import UserRepository
from tools import REGISTRY, ToolContext
from tools.cv_tools import section_tool
from tools.registry import ToolRegistry

FULL = json.loads((Path(__file__).parents[2] / "fixtures" / "full_resume.json").read_text())
RESUME = Resume.model_validate(FULL)
SPECS = list(SECTIONS.values())


@cache
def _html() -> str:
    return render_cv(RESUME, "html", language="en").data.decode().replace("&#39;", "'")


def each(test: Any) -> Any:
    return pytest.mark.parametrize("spec", SPECS, ids=list(SECTIONS))(test)


def test_the_specs_and_the_model_name_the_same_sections() -> None:
    assert sorted(get_args(SectionName)) == sorted(SECTIONS)
    assert set(Resume.model_fields) - set(SECTIONS) == {"schema_", "basics", "meta"}
    for key, spec in SECTIONS.items():
        assert spec.key == key
        assert Resume.model_fields[key].annotation == list[spec.model] | None  # type: ignore[name-defined]
        assert FULL[key], f"add a {key} entry to tests/fixtures/full_resume.json"
    assert tuple(LANGUAGES) == CV_LANGUAGES


def test_page_orders_place_every_section_once() -> None:
    assert sorted(s.order for s in SPECS) == list(range(len(SPECS)))
    assert sorted(s.academic_order for s in SPECS) == list(range(len(SPECS)))
    assert [s.key for s in page_order(academic=True)][:3] == ["education", "publications", "awards"]


@each
def test_every_section_is_on_the_page_in_every_language(spec: SectionSpec) -> None:
    assert (TEMPLATES_DIR / "partials" / f"{spec.partial}.html.j2").is_file()
    assert set(spec.headings) == set(CV_LANGUAGES) and all(spec.headings.values())
    for code in CV_LANGUAGES:
        for academic in (False, True):
            document = build_document(RESUME, code, academic=academic)
            assert [s.key for s in document.sections] == [s.key for s in page_order(academic)]
            (section,) = [s for s in document.sections if s.key == spec.key]
            assert section.heading == spec.headings[code] and section.partial == spec.partial
            assert section.entries or section.inline or section.groups
    assert f'<section class="section section-{spec.key}">\n  <h2>{spec.headings["en"]}</h2>' in _html()


@each
def test_every_section_field_the_ats_reads_is_searched(spec: SectionSpec) -> None:
    found = {(s.location.section, s.location.field) for s in segments(RESUME)}
    for field, kind in spec.ats:
        assert field in spec.model.model_fields and kind in ("title", "text", "bullet", "skills")
        assert (spec.key, field) in found


@each
def test_every_section_reads_in_chat_text(spec: SectionSpec) -> None:
    text = cv_to_text(RESUME)
    assert f"**{spec.headings['en']}**" in text
    for entry in RESUME.section(spec.key):
        assert spec.text(entry) in text
        for bullet in getattr(entry, spec.bullets) if spec.bullets else []:
            assert f"   • {bullet}" in text
    assert spec.counted(spec.count(RESUME.section(spec.key))) in cv_outline(RESUME)
    assert spec.label(FULL[spec.key][0]) and not spec.label({}).startswith("untitled entry")


@each
def test_every_section_has_its_guided_words(spec: SectionSpec) -> None:
    assert spec.words
    for word in spec.words:
        assert SECTION_WORDS[word] == spec.key
    assert parse_ref(f"the second {spec.words[0]}") == EntryRef(spec.key, index=1)
    assert set(spec.field_words.values()) <= set(spec.model.model_fields) | {"dates"}
    # Added in the guided mode: by the interview's loop, a reader of its own, or one line of (title, by, date).
    assert spec.key in LOOP_START or spec.key in ADDERS or spec.one_line is not None
    assert spec.key in LOOP_START or spec.usage
    assert spec.one_line is None or set(spec.one_line) <= set(spec.model.model_fields)
    if spec.bullets:
        assert spec.bullets in spec.model.model_fields


@each
def test_every_section_has_a_typed_add_tool(spec: SectionSpec) -> None:
    tool = REGISTRY.get(spec.tool.name)
    assert tool is not None and tool.description == spec.tool.description
    schema = tool.schema()
    entry = schema["properties"]["entry"]
    assert entry["$ref"] == f"#/$defs/{spec.model.__name__}" and entry["description"] == spec.tool.entry
    fields = schema["$defs"][spec.model.__name__]["properties"]
    assert set(fields) == set(spec.model.model_fields)
    assert schema["required"] == ["entry"] and "index" in schema["properties"]


async def test_every_generated_tool_adds_its_entry_as_one_version(db: Any, settings: Any) -> None:
    async with db.session_scope() as session:
        user = await UserRepository(session).get_or_create_by_identity("cli", "sections")
        state = await CvService(session, user.id).create({"basics": {"name": "Maria"}}, author=AuthorKind.user)
        ctx = ToolContext(session, user.id, ConversationState(cv_id=state.id), settings, author=AuthorKind.user)
        for number, spec in enumerate(SPECS, start=2):
            result = await REGISTRY.call(ctx, spec.tool.name, {"entry": FULL[spec.key][0]})
            said = entry_label(spec.key, FULL[spec.key][0])
            assert result.ok and result.message.startswith("Added ") and said in result.message, result.message
            assert result.data["version"] == number
        bad = await REGISTRY.call(ctx, "add_work_entry", {"entry": {"name": "X", "startDate": "soon"}})
        assert not bad.ok and "entry.startDate" in bad.message and "YYYY-MM" in bad.message
        stored = await CvService(session, user.id).load(state.id)
        assert stored.version.number == len(SPECS) + 1
        assert {k: v for k, v in stored.resume.to_json().items() if k != "basics"} == {
            key: [FULL[key][0]] for key in SECTIONS
        }


class Talk(Entry):
    """A section the project does not have: declared here only, as a new section would be."""

    title: str | None = Field(default=None, examples=["Ledgers at scale"])
    event: str | None = Field(default=None, examples=["PyCon PL"])
    date: IsoDate | None = None


class TalkResume(Resume):
    talks: list[Talk] | None = None  # in app/cv/model.py, the field goes on Resume itself


TALKS = SectionSpec(
    key="talks",
    model=Talk,
    noun="talk",
    plural="talks",
    label=lambda e: str(e.get("title") or "untitled talk"),
    text=lambda t: ", ".join(p for p in (t.title, t.event) if p),
    layout=lambda t, page: Shown(title=t.title or "", subtitle=t.event or "", date=page.date(t.date) if t.date else ""),
    order=len(SECTIONS),
    academic_order=len(SECTIONS),
    headings={"en": "Talks", "de": "Vorträge", "fr": "Conférences", "es": "Charlas", "uk": "Доповіді"},
    tool=ToolText("add_talk", "Add a talk given at a conference or meetup.", "title, event, date."),
    ats=(("title", "text"),),
    words=("talk", "talks"),
    usage="Which talk? For example: add talk Ledgers at scale, PyCon PL, 2023.",
    one_line=("title", "event", "date"),
)


def test_a_section_declared_once_reaches_every_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    """The recipe followed in a test: a model class and a spec, nothing else, and every reader shows it."""
    monkeypatch.setitem(SECTIONS, "talks", TALKS)
    added = edit.add_entry(TalkResume(), "talks", {"title": "Ledgers at scale", "event": "PyCon PL", "date": "2023-09"})
    assert added.summary == "Added talk Ledgers at scale"
    resume = TalkResume.model_validate(edit.draft(added.resume))  # the one validation

    document = build_document(resume, "de")
    (section,) = [s for s in document.sections if s.key == "talks"]
    assert section.heading == "Vorträge" and [field.text for field in section.entries[0].fields()] == [
        "Ledgers at scale",
        "Sept. 2023",
        "PyCon PL",
    ]
    html = render_cv(resume, "html", language="en").data.decode()
    assert '<section class="section section-talks">\n  <h2>Talks</h2>' in html and "PyCon PL" in html
    assert [(s.text, s.location.section) for s in segments(resume)] == [("Ledgers at scale", "talks")]
    assert "**Talks**\n1. Ledgers at scale, PyCon PL" in cv_to_text(resume) and cv_outline(resume) == "1 talk"
    assert diff_documents({}, resume.to_json()) == ["Talks: + Ledgers at scale"]

    registry = ToolRegistry()
    registry.register(section_tool(TALKS))
    schema = registry.specs()[0].parameters
    assert registry.names() == ["add_talk"] and schema["properties"]["entry"]["description"] == "title, event, date."
    assert schema["$defs"]["Talk"]["properties"]["title"]["examples"] == ["Ledgers at scale"]
