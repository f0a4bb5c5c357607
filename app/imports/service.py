"""One file in, one `ImportResult` out: the type sniffed from the content, the readers run in a limited child.

`import_bytes` reads in this process (the bench, the child itself); `import_file` and `import_pasted` are what
the conversation, the `import_cv` tool and `altoc import` call: untrusted files are read in a child process
with the parse limits (app/sandbox.py), and with a model configured the draft is refined in this process.
"""

from __future__ import annotations

import logging
import re
from dataclasses import asdict, replace
from typing import TYPE_CHECKING, Any

from app.errors import AltocError, InvalidInput, OutOfAllowance
from app.imports.document import KIND_NAMES, ImportResult, ReadDocument
from app.llm.base import Gate, ProviderError
from app.sandbox import Limits, run_limited
from app.uploads import (
    DocumentLimits,
    SniffedFile,
    clean_text_document,
    decode_text,
    document_limits,
    load_json,
    sniff,
)

if TYPE_CHECKING:
    from app.config import Settings
    from app.cv.model import Resume

log = logging.getLogger(__name__)
MAX_UNPLACED_SHOWN = 8  # lines quoted back in the summary; the rest are counted
PASTED_CV_MIN_LINES = 6
_CONTACT = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\+?\d[\d ()-]{7,}\d")


def import_limits(settings: Settings) -> tuple[Limits, DocumentLimits]:
    """The parse limits, with a CV's own page limit (job ads keep `parse_max_pages`)."""
    worker, document = document_limits(settings)
    return worker, replace(document, pages=settings.import_max_pages)


def import_bytes(name: str, data: bytes, settings: Settings | None = None) -> ImportResult:
    """A CV file read and structured offline, in this process (no child, no model): for the bench and tests."""
    if settings is None:
        from app.config import get_settings

        settings = get_settings()
    file = sniff(name, data, settings.max_upload_bytes)
    return _read(file, import_limits(settings)[1])[0]


def read_cv_file(file: SniffedFile, settings: Settings) -> ImportResult:
    """A sniffed file read and structured in a limited child process (blocks this thread: see `import_file`)."""
    return _read_in_child(file, settings)[0]


async def import_file(
    file: SniffedFile, settings: Settings, *, refine: bool = False, gate: Gate | None = None
) -> ImportResult:
    """A sniffed file as a CV draft, read off the event loop in a child; `refine`: a model is configured, asked
    when the `gate` (the person's allowance) lets it."""
    import asyncio

    if file.kind == "json":  # structured already: checked (a large file in a child first), never sent to a model
        document = await asyncio.to_thread(load_json, file, document_limits(settings)[0])
        return ImportResult(_valid_json_resume(document), "json")
    result, text = await asyncio.to_thread(_read_in_child, file, settings)
    return await _refined(result, text, settings, refine, gate)


def _valid_json_resume(document: dict[str, Any]) -> dict[str, Any]:
    from app.cv.validation import validate_document

    return validate_document(document, intro="That JSON Resume file is not valid").to_json()


async def import_pasted(
    text: str, settings: Settings, *, refine: bool = False, gate: Gate | None = None
) -> ImportResult:
    """A CV pasted as text (a chat message holds at most `max_message_chars`: read in this process)."""
    from app.imports.structure import build_resume
    from app.imports.text import read_text

    text = text.strip()
    if not text:
        raise InvalidInput("There is no text to import: paste your CV's text, or send it as a file.")
    result = build_resume(read_text(text))
    return await _refined(result, text, settings, refine, gate)


def looks_like_pasted_cv(text: str) -> bool:
    """A message that is a CV: "here is my CV" and more lines, or contacts and two CV headings on their own lines
    (in the five CV languages, as the import reads them)."""
    from app.imports.headings import heading_key
    from app.imports.text import strip_preamble

    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) < PASTED_CV_MIN_LINES:
        return False
    if strip_preamble(lines[0]) != lines[0]:
        return True
    headings = {key for line in lines if (key := heading_key(line)) is not None}
    return len(headings) >= 2 and _CONTACT.search(text) is not None


def describe_import(result: ImportResult, resume: Resume, source_name: str, cv_ref: str) -> str:
    """What the import recognised, what it could not place and what a model said that the source does not hold."""
    from app.cv.readable import cv_outline  # not in the sandbox's child, which only reads

    source = "the pasted text" if source_name == PASTED else source_name
    parts = [f"Imported {resume.display_name()} from {source} as CV {cv_ref}: {cv_outline(resume)}."]
    if result.unplaced:
        quoted = [f"“{line}”" for line in result.unplaced[:MAX_UNPLACED_SHOWN]]
        more = len(result.unplaced) - MAX_UNPLACED_SHOWN
        tail = f" and {more} more" if more > 0 else ""
        parts.append("I could not place these lines: " + "; ".join(quoted) + tail + ".")
    if result.dropped:
        parts.append(LEFT_OUT + "; ".join(f"“{value}”" for value in result.dropped[:MAX_UNPLACED_SHOWN]) + ".")
    parts += result.notes
    return "\n".join(parts)


PASTED = "pasted text"  # the source name of a CV pasted in the chat
LEFT_OUT = "The model also suggested values your CV's text does not contain, so I left them out: "


def source_summary(name: str, kind: str) -> str:
    """The first version's summary: "Imported cv.pdf (PDF)", "Imported the pasted text"."""
    if name == PASTED:
        return "Imported the pasted text"
    return f"Imported {name} ({KIND_NAMES.get(kind, kind)})"


# --- reading ------------------------------------------------------------------------------------------


def _read_in_child(file: SniffedFile, settings: Settings) -> tuple[ImportResult, str]:
    worker, document = import_limits(settings)
    params = {"name": file.name, "kind": file.kind, "limits": asdict(document)}
    answer = run_limited("app.imports.service:read_in_worker", file.data, params, worker, file.name)
    return ImportResult.from_json(answer["result"]), str(answer["text"])


def read_in_worker(data: bytes, name: str, kind: str, limits: dict[str, int]) -> dict[str, Any]:
    """In the child: the reader and the builder; the result and the source text go back as JSON."""
    result, text = _read(SniffedFile(name, kind, data), DocumentLimits(**limits))  # type: ignore[arg-type]
    return {"result": result.to_json(), "text": text}


def _read(file: SniffedFile, limits: DocumentLimits) -> tuple[ImportResult, str]:
    """The reader for the file's kind, then the structure builder; the text a model may check values against."""
    if file.kind == "json":
        from app.uploads import parse_json_document

        return ImportResult(parse_json_document(file.name, file.data), "json"), ""
    if file.kind == "linkedin":
        from app.imports.linkedin import read_linkedin

        return read_linkedin(file.data, file.name, limits), ""
    document = _read_document(file, limits)
    from app.imports.structure import build_resume

    return build_resume(document), document.source_text()


def _read_document(file: SniffedFile, limits: DocumentLimits) -> ReadDocument:
    if file.kind == "pdf":
        from app.imports.pdf import read_pdf

        return read_pdf(file.data, file.name, limits)
    if file.kind == "docx":
        from app.imports.docx import read_docx

        return read_docx(file.data, file.name, limits)
    from app.imports.text import read_text

    return read_text(clean_text_document(file.name, decode_text(file.data) or ""))


async def _refined(
    result: ImportResult, text: str, settings: Settings, refine: bool, gate: Gate | None
) -> ImportResult:
    """The model's structured CV, checked against the source; never for an unreadable or empty text layer."""
    if not refine or result.kind in ("json", "linkedin"):
        return result
    from app.imports.model import readable_enough, refine_with_model

    if not readable_enough(text):
        return result
    try:
        return await refine_with_model(result, text, settings, gate)
    except OutOfAllowance:
        result.notes.append("This is what I read without the language model: this month's allowance is used (/plan).")
        return result
    except (AltocError, ProviderError) as exc:  # the model is a refinement: without it the offline reading stands
        log.warning("the model could not refine an import: %s", exc)
        result.notes.append("The language model did not answer, so this is what I read without it.")
        return result


def refuse_empty(result: ImportResult, name: str) -> None:
    """An import that found nothing at all is refused rather than stored as an empty CV."""
    document = result.document
    if not any(value for key, value in document.items() if key != "meta"):
        raise InvalidInput(
            f"I found nothing I could use in {name}: no name, contacts or sections. "
            "Send the PDF your CV tool exported, a Word file, or paste the text."
        )
