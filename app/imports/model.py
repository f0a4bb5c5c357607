"""Reading a CV with a language model: the layout parser's draft and the text go to the model, which
answers with a structured CV (instructor over a compact CV model); every value it returns must then be
found in the text (`verify.py`), and what is not is dropped and reported. Text that is empty or
unreadable (a scan, fonts without a Unicode map) never reaches the model; a failing model leaves the
draft as it was.
"""

from __future__ import annotations

import json
import logging
import re
import unicodedata
from dataclasses import replace
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, WithJsonSchema

from app.config import Settings
from app.cv.model import Resume
from app.errors import AltocError, OutOfAllowance
from app.imports.document import KIND_NAMES, ImportResult, Uncertain
from app.imports.verify import normalise, verify_against_source
from app.llm.base import Gate
from app.llm.structured import ask_structured, structured_providers
from prompts import load_prompt

__all__ = ["readable_enough", "refine_with_model", "verify_against_source"]

log = logging.getLogger(__name__)
MODEL_FAILED = "The model could not read it, so this is the offline reading."
# The text a model reads: a long CV is ~15,000 characters; beyond this it is not a CV worth paying for.
MAX_MODEL_CHARS = 60_000
# What a model can improve: a layout read from a page. LinkedIn's export and JSON Resume are structured already.
MODEL_KINDS = frozenset({"pdf", "docx", "text", "ocr"})

# --- the compact CV the model fills in ------------------------------------------------------------

_ONGOING = {
    "present",
    "now",
    "current",
    "today",
    "ongoing",
    "heute",
    "aujourd'hui",
    "aujourd’hui",
    "actualidad",
    "дотепер",
}
_DATE_RE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def _cv_date(value: Any) -> Any:
    """YYYY, YYYY-MM or YYYY-MM-DD; an ongoing end is no date. Anything else goes back to the model."""
    if value is None or not isinstance(value, str):
        return value
    value = value.strip()
    if not value or value.casefold() in _ONGOING:
        return None
    if not _DATE_RE.fullmatch(value):
        raise ValueError("write dates as YYYY-MM, or YYYY when the text gives only a year")
    return value


# The schema the model sees says "string" (a null is still accepted): half the size of `anyOf [string, null]`.
Text = Annotated[str | None, WithJsonSchema({"type": "string"})]
CvDate = Annotated[
    str | None, BeforeValidator(_cv_date), WithJsonSchema({"type": "string", "description": "YYYY-MM or YYYY"})
]


def _lean_schema(schema: dict[str, Any]) -> None:
    """No field titles (they repeat the names) or defaults (every field may be left out): the schema goes
    in every request."""
    for field_schema in schema.get("properties", {}).values():
        field_schema.pop("title", None)
        field_schema.pop("default", None)


class _Part(BaseModel):
    model_config = ConfigDict(extra="ignore", json_schema_extra=_lean_schema)


class ReadLocation(_Part):
    city: Text = None
    region: Text = None
    countryCode: Text = None


class ReadProfile(_Part):
    network: Text = Field(default=None, description="The site: LinkedIn, GitHub, ...")
    username: Text = None
    url: Text = None


class ReadBasics(_Part):
    name: Text = None
    label: Text = Field(default=None, description="The headline under the name")
    email: Text = None
    phone: Text = None
    url: Text = Field(default=None, description="The person's own website")
    location: ReadLocation | None = None
    profiles: list[ReadProfile] = []


class ReadWork(_Part):
    company: Text = None
    position: Text = None
    location: Text = None
    start: CvDate = None
    end: CvDate = None
    highlights: list[str] = []


class ReadEducation(_Part):
    institution: Text = None
    area: Text = Field(default=None, description="Field of study")
    studyType: Text = Field(default=None, description="Degree")
    start: CvDate = None
    end: CvDate = None
    score: Text = None


class ReadSkill(_Part):
    name: Text = None
    level: Text = None
    keywords: list[str] = []


class ReadLanguage(_Part):
    language: Text = None
    fluency: Text = None


class ReadCertificate(_Part):
    name: Text = None
    issuer: Text = None
    date: CvDate = None


class ReadProject(_Part):
    name: Text = None
    description: Text = None
    url: Text = None
    start: CvDate = None
    end: CvDate = None
    highlights: list[str] = []


class CvFromText(_Part):
    """The CV as its text gives it: every value copied verbatim from the text, nothing added."""

    basics: ReadBasics | None = None
    summary: Text = Field(default=None, description="The profile or summary paragraph")
    work: list[ReadWork] = []
    education: list[ReadEducation] = []
    skills: list[ReadSkill] = []
    languages: list[ReadLanguage] = []
    certificates: list[ReadCertificate] = []
    projects: list[ReadProject] = []

    def to_json_resume(self) -> dict[str, Any]:
        """The same CV in JSON Resume's names (company -> name, start -> startDate), empty values left out."""
        renamed = {"company": "name", "start": "startDate", "end": "endDate"}

        def entries(items: list[_Part]) -> list[dict[str, Any]]:
            return [{renamed.get(k, k): v for k, v in item.model_dump(exclude_none=True).items()} for item in items]

        document: dict[str, Any] = {}
        basics = self.basics.model_dump(exclude_none=True) if self.basics else {}
        if self.summary:
            basics["summary"] = self.summary
        if basics:
            document["basics"] = basics
        for section in ("work", "education", "skills", "languages", "certificates", "projects"):
            if items := getattr(self, section):
                document[section] = entries(items)
        pruned: dict[str, Any] = _prune(document)
        return pruned


def _prune(value: Any) -> Any:
    """Empty strings, lists and objects left out, at every depth."""
    if isinstance(value, dict):
        pruned = {k: _prune(v) for k, v in value.items()}
        return {k: v for k, v in pruned.items() if v not in ("", [], {}, None)}
    if isinstance(value, list):
        return [v for v in (_prune(item) for item in value) if v not in ("", [], {}, None)]
    return value.strip() if isinstance(value, str) else value


# --- what may reach the model ---------------------------------------------------------------------

_CID = re.compile(r"\(cid:\d+\)")
_WORD = re.compile(r"[^\W\d_]{2,}")
MIN_LETTERS, MIN_WORDS = 40, 8


def readable_enough(text: str) -> bool:
    """Whether a text layer reads as words: enough letters, and almost no replacement characters,
    private-use glyphs, control characters or "(cid:NN)" codes (a scan, or fonts without a Unicode map)."""
    unmapped = len(_CID.findall(text))
    text = _CID.sub(" ", text)
    letters = other = 0
    for char in text:
        if char.isspace():
            continue
        category = unicodedata.category(char)
        if char == "\ufffd" or category in ("Co", "Cn", "Cs", "Cc"):
            unmapped += 1
        elif category[0] == "L":
            letters += 1
        else:
            other += 1
    visible = letters + other + unmapped
    return (
        letters >= MIN_LETTERS
        and len(_WORD.findall(text)) >= MIN_WORDS
        and unmapped <= 0.05 * visible
        and letters >= 0.4 * visible
    )


# --- the model's reading ------------------------------------------------------------------------


async def refine_with_model(
    draft: ImportResult, source_text: str, settings: Settings, gate: Gate | None = None
) -> ImportResult:
    """The draft improved by the model's reading of the text, or the draft itself: without a provider,
    for an unreadable text (never sent), for a structured source (LinkedIn, JSON Resume), or with a note
    when the model fails. The model's values are
    kept only where the text holds them; the draft fills what the model left out."""
    try:
        if draft.kind not in MODEL_KINDS or not readable_enough(source_text) or not structured_providers(settings):
            return draft
        answer = await ask_structured(
            settings,
            CvFromText,
            load_prompt("import_cv"),
            _model_input(draft, source_text),
            max_tokens=settings.import_max_tokens,
            gate=gate,
        )
    except OutOfAllowance:
        raise
    except AltocError as exc:  # every provider failed or is misconfigured: the offline reading stands
        log.warning("the model's reading of an import failed: %s", exc)
        return replace(draft, notes=[*draft.notes, MODEL_FAILED])
    read, dropped = verify_against_source(answer.to_json_resume(), source_text)
    document, invalid = _valid_parts(_merge(read, draft.document))
    if document is None:
        return replace(draft, notes=[*draft.notes, MODEL_FAILED])
    return ImportResult(
        document=document,
        kind=draft.kind,
        unplaced=_still_unplaced(draft.unplaced, document),
        uncertain=[u for u in draft.uncertain if _still_there(u, document)],
        dropped=[*draft.dropped, *dropped, *invalid],
        notes=list(draft.notes),
    )


def _model_input(draft: ImportResult, text: str) -> str:
    return load_prompt("import_cv_input").format(
        kind=KIND_NAMES.get(draft.kind, draft.kind),
        text=text[:MAX_MODEL_CHARS],
        draft=json.dumps(draft.document, ensure_ascii=False, separators=(",", ":")),
    )


# Sections the model reads, each with the field that says two entries are the same one.
_KEYS = {"work": "name", "education": "institution", "skills": "name", "languages": "language",
         "certificates": "name", "projects": "name"}  # fmt: skip


def _merge(read: dict[str, Any], draft: dict[str, Any]) -> dict[str, Any]:
    """The model's reading, with the draft filling what it left out: sections the compact model has no
    place for (volunteer, awards...), fields of `basics` and, in entries both found, fields such as a URL."""
    merged = dict(read)
    for key, value in draft.items():
        mine = merged.get(key)
        if not mine:
            merged[key] = value
        elif isinstance(mine, dict) and isinstance(value, dict):
            merged[key] = _fill(mine, value)
        elif key in _KEYS and isinstance(mine, list) and isinstance(value, list):
            by_key = {normalise(str(e.get(_KEYS[key], ""))): e for e in value if isinstance(e, dict)}
            merged[key] = [_fill(e, by_key.get(normalise(str(e.get(_KEYS[key], ""))), {})) for e in mine]
    return merged


def _fill(mine: dict[str, Any], theirs: dict[str, Any]) -> dict[str, Any]:
    out = dict(mine)
    for key, value in theirs.items():
        if key not in out or out[key] in ("", [], {}, None):
            out[key] = value
        elif isinstance(out[key], dict) and isinstance(value, dict):
            out[key] = _fill(out[key], value)
    return out


def _valid_parts(document: dict[str, Any]) -> tuple[dict[str, Any] | None, list[str]]:
    """The document as a valid JSON Resume: a value the CV model refuses (an email that is no email, an end
    before its start) is left out and named. None when it cannot be made valid."""
    document = json.loads(json.dumps(document))
    problems: list[str] = []
    for _ in range(20):
        try:
            return _prune(Resume.model_validate(document).to_json()), problems
        except ValidationError as exc:
            error = exc.errors()[0]
            path = [p for p in error["loc"] if not (isinstance(p, str) and p.startswith(("function-", "constrained")))]
            if not _remove(document, path, problems):
                break
    return None, problems


def _remove(document: dict[str, Any], path: list[Any], problems: list[str]) -> bool:
    """Take out the value at `path` (an entry's bad period: its end); False when there is nothing to take."""
    parent: Any = document
    for step in path[:-1]:
        try:
            parent = parent[step]
        except (KeyError, IndexError, TypeError):
            return False
    if not path:
        return False
    last = path[-1]
    try:
        value = parent[last]
    except (KeyError, IndexError, TypeError):
        return False
    why = f"not a valid {last}" if isinstance(last, str) else "not valid"
    if isinstance(value, dict) and "endDate" in value:  # a check on the whole entry: its period is wrong
        parent, last, value, why = value, "endDate", value["endDate"], "ends before it starts"
    label = str(path[0]) if path[0] != "basics" or len(path) < 2 else str(path[1])
    shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)[:80]
    problems.append(f"{label}: '{shown}' ({why})")
    del parent[last]
    return True


def _still_unplaced(lines: list[str], document: dict[str, Any]) -> list[str]:
    """The draft's unplaced lines that the model did not place either: some word of the line is in no value."""
    placed = {w for v in _strings(document) for w in _words(v)}
    return [line for line in lines if not _words(line) <= placed]


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w{2,}", normalise(text)))


def _still_there(question: Uncertain, document: dict[str, Any]) -> bool:
    """An uncertain piece is still worth asking about when the new document has it at the same place."""
    value: Any = document
    for step in question.path.split("."):
        if isinstance(value, list) and step.isdigit() and int(step) < len(value):
            value = value[int(step)]
        elif isinstance(value, dict) and step in value:
            value = value[step]
        else:
            return False
    return normalise(question.value) in "\n".join(normalise(v) for v in _strings(value))


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    return []
