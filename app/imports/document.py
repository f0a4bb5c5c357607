"""What every CV reader hands to the structure builder, and what an import gives back.

A reader (PDF `pdf.py`, Word `docx.py`, pasted text `text.py`) turns a file into a `ReadDocument`: the
lines in reading order (each column of a page in turn, never interleaved), each with what the page shows
about it: font size, bold, italic, position, the gap above it, a Word style. The builder (`structure.py`)
reads the CV's sections, entries and contacts from those lines and returns an `ImportResult`. LinkedIn's
data export (`linkedin.py`) and JSON Resume are structured already and make an `ImportResult` directly.

Everything here crosses the sandbox boundary (app/sandbox.py) as JSON: `to_json`/`from_json` only.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

SourceKind = Literal["pdf", "docx", "linkedin", "text", "json", "ocr"]
KIND_NAMES: dict[str, str] = {
    "pdf": "PDF",
    "docx": "Word document",
    "linkedin": "LinkedIn export",
    "text": "text",
    "json": "JSON Resume",
    "ocr": "scanned PDF (read by OCR)",
}


@dataclass(frozen=True)
class Line:
    """One line of text as the document shows it. Unknown measures are 0 / False / ""."""

    # Pieces set far apart on one line (a title left, its dates right) are joined with "\t". A line of icons
    # only (LinkedIn, GitHub) has text "" and keeps its links.
    text: str
    page: int = 0  # 0-based
    column: int = 0  # 0 = the first column read on this page (a sidebar read first is column 0)
    x0: float = 0.0  # points from the page's left edge
    x1: float = 0.0
    top: float = 0.0  # points from the page's top edge
    size: float = 0.0  # the font size most of the line is set in, points
    bold: bool = False  # most of the line is bold (weight >= 600 or a bold font name)
    italic: bool = False
    gap_before: float = 0.0  # blank space above the line, in units of the document's body line height
    style: str = ""  # a Word paragraph style ("Heading 1", "List Bullet"), else ""
    bullet: bool = False  # a list item by its list formatting (Word numbering), not by a glyph in the text
    where: Literal["body", "header", "footer", "table", "textbox"] = "body"
    links: tuple[str, ...] = ()  # URIs of links that sit on this line (icons and labels that link somewhere)


@dataclass
class ReadDocument:
    """A document's lines in reading order, and what holds for the whole document."""

    kind: SourceKind
    lines: list[Line]
    pages: int = 1
    body_size: float = 0.0  # the most common font size, points (0 when unknown, as in pasted text)
    links: list[str] = field(default_factory=list)  # every link URI in the document, in order, once each

    def source_text(self) -> str:
        """What was read, as the text a model sees and its values are checked against: the lines in reading
        order, then the links no line shows (an icon's link has no text of its own)."""
        lines = [line.text for line in self.lines]
        known = "\n".join(lines)
        return "\n".join([*lines, *(link for link in self.links if link not in known)])

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ReadDocument:
        lines = [Line(**{**line, "links": tuple(line.get("links", ()))}) for line in data["lines"]]
        return cls(data["kind"], lines, data["pages"], data["body_size"], list(data["links"]))


@dataclass(frozen=True)
class Uncertain:
    """A piece the import placed but is not sure of: the assistant asks about it, one at a time."""

    path: str  # JSON path in the CV: "work.0.startDate", "basics.name", "skills"
    value: str  # what was read, as the source shows it
    question: str  # the question to ask, in plain words ("Is 'PayFlow' the company and 'Engineer' the role?")


@dataclass
class ImportResult:
    """A CV read from a file: the JSON Resume document and what the person should hear about it."""

    document: dict[str, Any]
    kind: SourceKind
    unplaced: list[str] = field(default_factory=list)  # source lines that fit nowhere, quoted back
    uncertain: list[Uncertain] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)  # values a model returned that the source does not hold
    notes: list[str] = field(default_factory=list)  # other things to say ("read by OCR: check the spelling")

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ImportResult:
        return cls(
            document=data["document"],
            kind=data["kind"],
            unplaced=list(data.get("unplaced", [])),
            uncertain=[Uncertain(**u) for u in data.get("uncertain", [])],
            dropped=list(data.get("dropped", [])),
            notes=list(data.get("notes", [])),
        )
