"""Parse-back check: read the PDF's text as an ATS would and find every CV field, in order, ungarbled."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from app.render.document import Field

_GARBLED = re.compile(r"\ufffd|\(cid:\d+\)|[\ue000-\uf8ff]")


@dataclass(frozen=True)
class ParseCheck:
    """What reading the PDF back found. `missing` and `out_of_order` name fields as a person knows them
    ("the email address"); `passing_design` is another design that reads back cleanly, when one does."""

    ok: bool
    checked: int
    missing: list[str] = field(default_factory=list)
    out_of_order: list[str] = field(default_factory=list)
    garbled: bool = False
    passing_design: str | None = None

    def summary(self) -> str:
        """One line for people: what an ATS will read, and what to do when it cannot read everything."""
        if self.ok:
            return f"checked: an ATS reads all {self.checked} fields, in order"
        problems = []
        if self.missing:
            problems.append("could not read " + _some(self.missing))
        if self.out_of_order:
            problems.append("read " + _some(self.out_of_order) + " out of order")
        if self.garbled:
            problems.append("found garbled characters")
        advice = f" The {self.passing_design.title()} design reads back cleanly: try it." if self.passing_design else ""
        return "ATS check failed: an ATS " + ", and ".join(problems) + "." + advice


def _some(fields: list[str], shown: int = 2) -> str:
    """'the email address and your summary'; past `shown` fields, how many more."""
    named = fields[:shown]
    rest = len(fields) - len(named)
    if rest:
        return ", ".join(named) + f" and {rest} more field{'s' if rest > 1 else ''}"
    return " and ".join(named)


def normalize(text: str) -> str:
    """Compare text as a reader sees it: NFKC, case-folded, without soft hyphens and without whitespace
    (a line may wrap anywhere, even inside a long URL, without changing what is read)."""
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "").replace("\u2011", "-")
    return "".join(text.split()).casefold()


def load_pdf_reader() -> None:
    """Import the PDF reader `pdf_text` uses ahead of time (the server does so at start-up)."""
    import pypdfium2  # noqa: F401


def pdf_text(pdf: bytes) -> list[str]:
    """The text of each page, in content order (what text extractors and ATS parsers see)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        pages = []
        for page in document:
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return pages
    finally:
        document.close()


def check_text(expected: Sequence[Field], extracted: str) -> ParseCheck:
    """Find every expected field in the extracted text, each after the one before it."""
    text = normalize(extracted)
    position = 0
    missing: list[str] = []
    out_of_order: list[str] = []
    for item in expected:
        needle = normalize(item.text)
        found = text.find(needle, position)
        if found >= 0:
            position = found + len(needle)
        elif text.find(needle) >= 0:
            out_of_order.append(item.where)
        else:
            missing.append(item.where)
    garbled = bool(_GARBLED.search(extracted))
    return ParseCheck(not (missing or out_of_order or garbled), len(expected), missing, out_of_order, garbled)
