"""Parse-back check: read the PDF's text as an ATS would and find every CV field, in order, ungarbled."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

_GARBLED = re.compile(r"\ufffd|\(cid:\d+\)|[\ue000-\uf8ff]")


@dataclass(frozen=True)
class ParseCheck:
    ok: bool
    checked: int
    missing: list[str] = field(default_factory=list)
    out_of_order: list[str] = field(default_factory=list)
    garbled: bool = False

    def summary(self) -> str:
        """One line for people: what an ATS will read."""
        if self.ok:
            return f"checked: an ATS reads all {self.checked} fields, in order"
        problems = []
        if self.missing:
            problems.append(f"{len(self.missing)} field(s) could not be read back: " + "; ".join(self.missing[:3]))
        if self.out_of_order:
            problems.append(f"{len(self.out_of_order)} field(s) read out of order: " + "; ".join(self.out_of_order[:3]))
        if self.garbled:
            problems.append("some characters came out garbled")
        return "ATS check failed — " + ", ".join(problems)


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


def check_text(expected: list[str], extracted: str) -> ParseCheck:
    text = normalize(extracted)
    position = 0
    missing: list[str] = []
    out_of_order: list[str] = []
    for item in expected:
        needle = normalize(item)
        found = text.find(needle, position)
        if found >= 0:
            position = found + len(needle)
        elif text.find(needle) >= 0:
            out_of_order.append(item)
        else:
            missing.append(item)
    garbled = bool(_GARBLED.search(extracted))
    return ParseCheck(not (missing or out_of_order or garbled), len(expected), missing, out_of_order, garbled)
