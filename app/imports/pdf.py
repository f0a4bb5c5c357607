"""PDF pages to lines with their look: every character's font, size, weight and position (pypdfium2), the
columns of each page read one after another, link targets; a scan is read by Tesseract when it is installed.

Why pypdfium2 and not pdfplumber: both are permissively licensed (pdfium BSD-3, pypdfium2 Apache-2.0/BSD-3;
PyMuPDF's AGPL would not suit a hosted service), but pdfplumber's pure-Python layout pass took ~200 ms for a
sparse two-page CV here, while pdfium's per-character calls read a dense one in ~20-60 ms.
"""

from __future__ import annotations

import ctypes
import re
import shutil
import subprocess
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path
from statistics import median
from typing import Any

from app.errors import InvalidInput
from app.imports.dates import PRESENT
from app.imports.document import Line, ReadDocument
from app.uploads import MAX_TEXT_CHARS, DocumentLimits, SniffedFile, check_pdf_streams

MIN_TEXT_CHARS = 20  # fewer visible characters on all pages together: a scan (or letters drawn as shapes)
OCR_LANGUAGES = ("eng", "deu", "fra", "spa", "ukr")  # the five CV languages, where Tesseract has them
OCR_PAGE_SECONDS = 60
OCR_INSTALL = "apt-get install tesseract-ocr " + " ".join(f"tesseract-ocr-{code}" for code in OCR_LANGUAGES)

# Gaps between characters on one baseline, in units of the font size.
WORD_GAP = 0.12  # past the line's usual letter spacing: the next word (Chromium and Typst write no spaces)
GUESSED_GAP = 0.04  # a gap where pdfium guessed a space (an italic "f" overhangs the next word's gap)
PIECE_GAP = 1.0  # a tab stop, a tag beside a tag, or another column: the pieces of one line are joined with "\t"
TAB_GAP = 0.5  # a gap this wide before a letter on a column edge other lines start at: a tab stop too
BASELINE_TOLERANCE = 0.4
COLUMN_INDENT = 15.0  # points: a column's rows start this close to its left edge (bullets are indented)
HEADER_BAND = 0.12  # the top and bottom part of a page where running headers, footers and page numbers sit

_LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
                            "\ufb05": "st", "\ufb06": "st"})  # fmt: skip
_SPACES = frozenset(" \xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000")
# Control characters are dropped too; icons are kept as empty glyphs, for the room they take and their links.
_NOT_TEXT = frozenset((0x7F, 0xFFFE, 0xFFFF, 0xFFFD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF))  # markers, zero widths
_BOLD_NAME = re.compile(r"bold|black|heavy|semibd|demi|[-_ ]bd\b", re.IGNORECASE)
_ITALIC_NAME = re.compile(r"italic|oblique|[-_ ]it\b", re.IGNORECASE)
_FORCE_BOLD, _ITALIC_FLAG = 1 << 18, 1 << 6  # font descriptor flags (PDF 32000, table 123)
_DATE_LIKE = re.compile(rf"\b(19|20)\d\d\b|\b\d{{1,2}}[./]\d{{2,4}}\b|\b(?:{PRESENT})\b", re.IGNORECASE)
# "Page 2 of 3", "Seite 2 von 3", "2/3", "- 2 -", "2": a page number, in any of the five languages.
_PAGE_NUMBER = re.compile(
    r"^[-–—(\[]?\s*(page|seite|pagina|página|p\.|s\.|стор\.?|сторінка)?\s*\d{1,3}\s*"
    r"((of|von|de|sur|di|з|из|/)\s*\d{1,3})?\s*[-–—)\]]?$",
    re.IGNORECASE,
)


@dataclass(slots=True)
class _Glyph:
    text: str  # "" for an icon: it still takes room on its line (and may carry a link)
    x0: float
    x1: float
    top: float
    bottom: float
    base: float  # the baseline, from the page's top edge
    size: float
    bold: bool
    italic: bool
    space: bool = False
    guessed: bool = False  # a space pdfium guessed (no drawn character): a word break when the gap is not nothing
    source: int = 0  # the text object that drew it: a ligature's letters ("ff") share one object and one box


_BY_BASE, _BY_X = attrgetter("base"), attrgetter("x0")


@dataclass
class _Piece:
    """Words on one baseline with no wide gap between them."""

    glyphs: list[_Glyph]
    text: str
    x0: float
    x1: float
    top: float
    bottom: float


@dataclass
class _Row:
    base: float
    pieces: list[_Piece]


@dataclass
class _PageLine:
    pieces: list[_Piece]
    column: int
    page: int
    links: list[str] = field(default_factory=list)
    bullet: bool = False
    top: float = field(init=False)
    bottom: float = field(init=False)

    def __post_init__(self) -> None:
        self.top = min(p.top for p in self.pieces)
        self.bottom = max(p.bottom for p in self.pieces)

    @property
    def text(self) -> str:
        return "\t".join(p.text for p in self.pieces if p.text)


@dataclass(frozen=True)
class _Link:
    uri: str
    x0: float
    x1: float
    top: float
    bottom: float


@dataclass(frozen=True)
class _Mark:
    """A small shape drawn on the page: a list's bullet when it sits just before a line."""

    x0: float
    x1: float
    top: float
    bottom: float


@dataclass
class _Page:
    glyphs: list[_Glyph]
    height: float
    links: list[_Link]
    marks: list[_Mark]


class _Pdfium:
    """The per-character calls of pdfium, bound once: a dense page makes tens of thousands of them."""

    def __init__(self) -> None:
        import pypdfium2.raw as raw

        self.raw = raw
        self.rect = raw.FS_RECTF()
        self.matrix = raw.FS_MATRIX()
        self.x, self.y = ctypes.c_double(), ctypes.c_double()
        self.flags = ctypes.c_int()
        self.name = ctypes.create_string_buffer(256)


def read_pdf(data: bytes, name: str, limits: DocumentLimits, *, ocr: bool = True) -> ReadDocument:
    """The lines of a PDF in reading order with their look, or InvalidInput saying what to send instead.

    Untrusted input: `limits` (pages, unpacked bytes) are checked before pdfium parses the pages.
    A PDF without a text layer is read by OCR when `ocr` is on and Tesseract is installed.
    """
    import pypdfium2

    check_pdf_streams(SniffedFile(name, "pdf", data), limits)
    try:
        pdf = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        if exc.err_code in (pypdfium2.raw.FPDF_ERR_PASSWORD, pypdfium2.raw.FPDF_ERR_SECURITY):
            raise InvalidInput(
                f"{name} is protected by a password; open it, save a copy without a password (or print it to PDF), "
                "and send that."
            ) from None
        raise InvalidInput(
            f"{name} is a damaged PDF I cannot open. Export it again from the program that made it, send a Word "
            "document, or paste the text."
        ) from None
    try:
        if len(pdf) > limits.pages:
            raise InvalidInput(
                f"{name} has {len(pdf):,} pages; a CV import reads at most {limits.pages}. "
                "Send the pages of the CV, or paste its text."
            )
        api = _Pdfium()
        pages: list[_Page] = []
        characters = 0
        for index in range(len(pdf)):
            pages.append(_read_page(api, pdf, index))
            characters += len(pages[-1].glyphs)
            if characters > MAX_TEXT_CHARS * 2:
                raise InvalidInput(f"{name} has more than {MAX_TEXT_CHARS:,} characters of text; that is the limit.")
        visible = sum(1 for page in pages for g in page.glyphs if g.text and not g.space)
        if visible < MIN_TEXT_CHARS:
            return _read_scan(pdf, name, ocr=ocr)
    finally:
        pdf.close()
    return _document(pages)


def _read_page(api: _Pdfium, pdf: Any, index: int) -> _Page:
    """Every drawn character of one page (pdfium's own guessed spaces and line breaks left out), its links
    and its bullet marks."""
    raw = api.raw
    page = pdf[index]
    textpage = page.get_textpage()
    try:
        height = page.get_height()
        tp = textpage.raw
        count = raw.FPDFText_CountChars(tp)
        text = _page_text(raw, tp, count)
        rect, x, y = api.rect, api.x, api.y
        get_object, get_font = raw.FPDFText_GetTextObject, raw.FPDFTextObj_GetFont
        get_box, get_origin = raw.FPDFText_GetLooseCharBox, raw.FPDFText_GetCharOrigin
        get_render_mode, fill_stroke = raw.FPDFTextObj_GetTextRenderMode, raw.FPDF_TEXTRENDERMODE_FILL_STROKE
        address = ctypes.addressof
        # One text object has one font, size and matrix: its look, and where the baseline sits in the loose
        # boxes of its letters, are read once. Chromium draws each letter as an object of its own: both are
        # shared by font, box height and stroke too (where the font's boxes come from its ascent and descent).
        by_object: dict[int, tuple[tuple[float, bool, bool, bool], float | None]] = {}
        by_font: dict[tuple[int, float, bool], tuple[tuple[float, bool, bool, bool], float | None]] = {}
        glyphs: list[_Glyph] = []
        for i in range(count):
            obj = get_object(tp, i)
            if not obj:  # generated by pdfium: a space or line break it guessed; we measure gaps ourselves,
                if glyphs and raw.FPDFText_GetUnicode(tp, i) == 0x20:  # its guess only a hint for small gaps
                    get_box(tp, i, rect)
                    last = glyphs[-1]
                    glyphs.append(_Glyph("", rect.left, rect.left, last.top, last.bottom, last.base, last.size,
                                         last.bold, last.italic, space=True, guessed=True))  # fmt: skip
                continue
            char = text[i] if text is not None else chr(raw.FPDFText_GetUnicode(tp, i))
            code = ord(char)
            if code < 0x20 or code in _NOT_TEXT:
                continue
            get_box(tp, i, rect)
            known = by_object.get(address(obj.contents))
            if known is None:
                font = get_font(obj)
                stroked = get_render_mode(obj) == fill_stroke  # bold made by stroking the outline (Word does it)
                key = (address(font.contents) if font else 0, round(rect.top - rect.bottom, 1), stroked)
                known = by_font.get(key)
                if known is None:
                    size, bold, italic, rotated = _look(api, tp, i)
                    get_origin(tp, i, x, y)
                    offset = y.value - rect.bottom if _metric_boxes(api, font) else None
                    known = by_font[key] = ((size, bold or stroked, italic, rotated), offset)
                by_object[address(obj.contents)] = known
            (size, bold, italic, rotated), offset = known
            if rotated:  # text set sideways (a vertical label in a margin) is decoration, not CV lines
                continue
            if offset is None:
                get_origin(tp, i, x, y)
                base = height - y.value
            else:
                base = height - rect.bottom - offset
            space = char in _SPACES
            if space or 0xE000 <= code <= 0xF8FF or code >= 0xF0000:
                char = ""  # icon fonts (Font Awesome, Material Icons...) use the private-use area
            elif 0xFB00 <= code <= 0xFB06:
                char = char.translate(_LIGATURES)
            glyphs.append(
                _Glyph(char, rect.left, rect.right, height - rect.top, height - rect.bottom, base,
                       size, bold, italic, space, source=address(obj.contents))
            )  # fmt: skip
        return _Page(glyphs, height, _page_links(raw, pdf, page, height), _bullet_marks(raw, page, height))
    finally:
        textpage.close()
        page.close()


def _page_text(raw: Any, tp: Any, count: int) -> str | None:
    """All characters of a page in one call; None when they do not map one to one (characters beyond the BMP)."""
    buffer = (ctypes.c_ushort * (2 * count + 2))()
    written = raw.FPDFText_GetText(tp, 0, count, buffer)
    text = bytes(buffer)[: 2 * max(written - 1, 0)].decode("utf-16-le", errors="replace")
    return text if len(text) == count else None


def _look(api: _Pdfium, tp: Any, i: int) -> tuple[float, bool, bool, bool]:
    """Size in points (through the text and page matrices), bold, italic, and whether the text is turned."""
    raw = api.raw
    raw.FPDFText_GetMatrix(tp, i, api.matrix)
    m = api.matrix
    scale = abs(m.a * m.d - m.b * m.c) ** 0.5
    size = round(raw.FPDFText_GetFontSize(tp, i) * scale, 1)
    raw.FPDFText_GetFontInfo(tp, i, api.name, len(api.name), api.flags)
    font = api.name.value.decode("latin-1").split("+", 1)[-1]
    flags = api.flags.value
    bold = raw.FPDFText_GetFontWeight(tp, i) >= 600 or bool(_BOLD_NAME.search(font)) or bool(flags & _FORCE_BOLD)
    italic = bool(_ITALIC_NAME.search(font)) or bool(flags & _ITALIC_FLAG)
    rotated = abs(m.b) > 0.01 * abs(m.a) + 1e-9 or abs(m.a) < 1e-9
    return size, bold, italic, rotated


def _metric_boxes(api: _Pdfium, font: Any) -> bool:
    """Whether pdfium makes this font's loose boxes from its ascent and descent: the baseline then sits at the
    same height in every box of one size (else a box is the glyph's own outline)."""
    raw = api.raw
    ascent, descent = ctypes.c_float(), ctypes.c_float()
    if not font or not raw.FPDFFont_GetAscent(font, 1.0, ascent) or not raw.FPDFFont_GetDescent(font, 1.0, descent):
        return False
    return ascent.value != descent.value


MAX_PAGE_OBJECTS = 50_000  # past this many drawn objects, bullet marks are not looked for


def _bullet_marks(raw: Any, page: Any, height: float) -> list[_Mark]:
    """Small filled shapes (Chromium draws a list's discs and squares as paths, not as text)."""
    marks: list[_Mark] = []
    count = raw.FPDFPage_CountObjects(page.raw)
    if count > MAX_PAGE_OBJECTS:
        return marks
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    get_object, get_type, get_bounds = raw.FPDFPage_GetObject, raw.FPDFPageObj_GetType, raw.FPDFPageObj_GetBounds
    path = raw.FPDF_PAGEOBJ_PATH
    for j in range(count):
        obj = get_object(page.raw, j)
        if get_type(obj) != path or not get_bounds(obj, left, bottom, right, top):
            continue
        width, tall = right.value - left.value, top.value - bottom.value
        if 1.0 <= width <= 8.0 and 1.0 <= tall <= 8.0 and 0.5 <= width / tall <= 2.0:
            marks.append(_Mark(left.value, right.value, height - top.value, height - bottom.value))
    return marks


def _has_bullet_mark(line: _PageLine, marks: list[_Mark]) -> bool:
    """A mark of at most ~half the line's size, just before the line's first letter, level with it."""
    size = max((g.size for p in line.pieces for g in p.glyphs if g.text), default=0.0)
    x0 = line.pieces[0].x0
    for mark in marks:
        middle = (mark.top + mark.bottom) / 2
        if (
            line.top < middle < line.bottom
            and 0 <= x0 - mark.x1 <= 2 * size
            and mark.x1 - mark.x0 <= 0.6 * size
            and mark.bottom - mark.top <= 0.6 * size
        ):
            return True
    return False


def _page_links(raw: Any, pdf: Any, page: Any, height: float) -> list[_Link]:
    """The URI link annotations of a page: icons and labels that point at a profile, a site or an email."""
    links: list[_Link] = []
    position = ctypes.c_int(0)
    link = raw.FPDF_LINK()
    rect = raw.FS_RECTF()
    while raw.FPDFLink_Enumerate(page.raw, position, link):
        action = raw.FPDFLink_GetAction(link)
        if not action or raw.FPDFAction_GetType(action) != raw.PDFACTION_URI:
            continue
        size = raw.FPDFAction_GetURIPath(pdf.raw, action, None, 0)
        if size <= 1 or size > 4096:
            continue
        buffer = ctypes.create_string_buffer(size)
        raw.FPDFAction_GetURIPath(pdf.raw, action, buffer, size)
        uri = buffer.value.decode("latin-1").strip()
        if uri and raw.FPDFLink_GetAnnotRect(link, rect):
            top, bottom = height - max(rect.top, rect.bottom), height - min(rect.top, rect.bottom)
            links.append(_Link(uri, min(rect.left, rect.right), max(rect.left, rect.right), top, bottom))
    return links


def _document(pages: list[_Page]) -> ReadDocument:
    """Rows, columns and reading order page by page; running headers and footers dropped; gaps measured."""
    sizes: Counter[float] = Counter()
    for page in pages:
        sizes.update(g.size for g in page.glyphs if g.text)
    body_size = sizes.most_common(1)[0][0] if sizes else 0.0
    page_lines: list[list[_PageLine]] = []
    for number, page in enumerate(pages):
        lines = _page_lines(_rows(page.glyphs), number)
        for line in lines:
            line.links = _links_on(line, page.links)
            line.bullet = _has_bullet_mark(line, page.marks)
        page_lines.append(lines)
    _drop_running_lines(page_lines, [page.height for page in pages])
    ordered = [line for lines in page_lines for line in lines]
    line_height = _line_height(ordered, body_size)
    result: list[Line] = []
    uris: list[str] = []
    previous: _PageLine | None = None
    for line in ordered:
        gap = 0.0
        if previous is not None and previous.page == line.page and previous.column == line.column:
            gap = max(0.0, line.top - previous.bottom) / line_height
        previous = line
        result.append(_line(line, gap))
        uris.extend(uri for uri in line.links if uri not in uris)
    for page in pages:
        uris.extend(link.uri for link in page.links if link.uri not in uris)
    return ReadDocument("pdf", result, pages=len(pages), body_size=body_size, links=uris)


def _line(line: _PageLine, gap: float) -> Line:
    # The look of a title, not of the date set beside it: "Staff Engineer" bold, "Mar 2021 – Present" not.
    main = next((p for p in line.pieces if p.text and not _DATE_LIKE.search(p.text)), line.pieces[0])
    glyphs = [g for g in main.glyphs if g.text] or [g for p in line.pieces for g in p.glyphs if g.text]
    weights: Counter[float] = Counter(g.size for g in glyphs)
    bold = sum(1 for g in glyphs if g.bold)
    italic = sum(1 for g in glyphs if g.italic)
    text = line.text
    if "\xad" in text:  # a soft hyphen shows only where the word breaks: at the end of the line
        text = text.rstrip("\xad") + ("-" if text.endswith("\xad") else "")
        text = text.replace("\xad", "")
    return Line(
        text=text,
        page=line.page,
        column=line.column,
        x0=round(line.pieces[0].x0, 1),
        x1=round(line.pieces[-1].x1, 1),
        top=round(line.top, 1),
        size=weights.most_common(1)[0][0] if weights else 0.0,
        bold=bool(glyphs) and bold * 2 > len(glyphs),
        italic=bool(glyphs) and italic * 2 > len(glyphs),
        gap_before=round(gap, 2),
        bullet=line.bullet,
        links=tuple(line.links),
    )


def _rows(glyphs: list[_Glyph]) -> list[_Row]:
    """Glyphs grouped by baseline, each row cut into pieces at wide gaps."""
    rows: list[list[_Glyph]] = []
    limit = -1e9
    for glyph in sorted(glyphs, key=_BY_BASE):
        if glyph.base <= limit:
            rows[-1].append(glyph)
            continue
        rows.append([glyph])
        limit = glyph.base + BASELINE_TOLERANCE * (glyph.size if glyph.size > 1.0 else 1.0)
    runs = [(row[0].base, _runs(row)) for row in rows]
    starts = Counter(round(run[0].x0) for _, row_runs in runs for run in row_runs)
    stops = {x for x, n in starts.items() if n >= 3}  # where three lines or pieces start: a column's edge
    return [
        _Row(base, [_piece(part) for run in row_runs for part in _at_stops(run, stops)])
        for base, row_runs in runs
        if row_runs
    ]


def _at_stops(run: list[_Glyph], stops: set[int]) -> list[list[_Glyph]]:
    """A run cut where, after a gap wider than a space, a letter starts on a column edge other lines start at
    (moderncv's dates, right-aligned left of the titles: "2020 – 2024" | "BSc in Marketing, ...")."""
    if not stops:
        return [run]
    parts: list[list[_Glyph]] = []
    start = 0
    previous: _Glyph | None = None
    for k, glyph in enumerate(run):
        if glyph.space:
            continue
        if previous is not None:
            em = previous.size if previous.size < glyph.size else glyph.size
            x = round(glyph.x0)
            if glyph.x0 - previous.x1 > TAB_GAP * (em if em > 1.0 else 1.0) and (
                x in stops or x - 1 in stops or x + 1 in stops
            ):
                parts.append(run[start:k])
                start = k
        previous = glyph
    parts.append(run[start:])
    return parts


def _runs(row: list[_Glyph]) -> list[list[_Glyph]]:
    """A row cut at wide gaps (a tab stop, another column): runs of glyphs, each starting with a letter."""
    row.sort(key=_BY_X)
    runs: list[list[_Glyph]] = []
    run: list[_Glyph] = []
    previous: _Glyph | None = None
    for glyph in row:
        if glyph.space:
            if run:
                run.append(glyph)
            continue
        if previous is not None:
            if (
                glyph.x0 < previous.x0 + 0.3 * (previous.x1 - previous.x0)
                and glyph.text == previous.text
                and glyph.source != previous.source
            ):
                continue  # the same letter drawn twice (fake bold, a shadow), not a ligature's two letters
            em = previous.size if previous.size < glyph.size else glyph.size
            if glyph.x0 - previous.x1 > PIECE_GAP * (em if em > 1.0 else 1.0):
                runs.append(run)
                run = []
        run.append(glyph)
        previous = glyph
    if run:
        runs.append(run)
    return runs


def _piece(run: list[_Glyph]) -> _Piece:
    """Words parted by spaces, or by gaps wider than the piece's own letter spacing (wide in spaced-out
    capitals): Chromium and Typst write no space characters."""
    inked = [g for g in run if not g.space]
    spacing = 0.0
    if len(inked) > 2:
        pairs = zip(inked, inked[1:], strict=False)
        spacing = median([(b.x0 - a.x1) / (a.size if a.size > 1.0 else 1.0) for a, b in pairs])
    word_gap = WORD_GAP + (0.0 if spacing < 0.0 else min(spacing, 0.4))
    hint_gap = GUESSED_GAP + (0.0 if spacing < 0.0 else min(spacing, 0.4))
    words: list[str] = []
    word: list[str] = []
    previous: _Glyph | None = None
    spaced = guessed = False
    for glyph in run:
        if glyph.space:
            spaced = spaced or not glyph.guessed
            guessed = guessed or glyph.guessed
            continue
        if previous is not None:
            em = previous.size if previous.size < glyph.size else glyph.size
            gap = (glyph.x0 - previous.x1) / (em if em > 1.0 else 1.0)
            if spaced or gap > word_gap or (guessed and gap > hint_gap):
                words.append("".join(word))
                word = []
        word.append(glyph.text)
        previous, spaced, guessed = glyph, False, False
    words.append("".join(word))
    return _Piece(
        inked,
        " ".join(w for w in words if w),
        inked[0].x0,
        max(g.x1 for g in inked),
        min(g.top for g in inked),
        max(g.bottom for g in inked),
    )


def _page_lines(rows: list[_Row], page: int) -> list[_PageLine]:
    """A page's lines in reading order: a full-width header, then each column top to bottom, then a footer."""
    gutter = _gutter(rows)
    if gutter is None:
        return [_PageLine(row.pieces, 0, page) for row in rows]
    start, end = gutter
    crossing = [any(p.x0 < end and p.x1 > start for p in row.pieces) for row in rows]
    inside = [i for i, crosses in enumerate(crossing) if not crosses]
    first, last = inside[0], inside[-1]
    header = [_PageLine(row.pieces, 0, page) for row in rows[:first]]
    footer = [_PageLine(row.pieces, 0, page) for row in rows[last + 1 :]]
    columns: tuple[list[_PageLine], list[_PageLine]] = ([], [])
    for row in rows[first : last + 1]:
        # A row that crosses the gutter between the columns' first and last rows goes where it starts:
        # columns are never interleaved.
        left = [p for p in row.pieces if p.x0 < start]
        right = [p for p in row.pieces if p.x0 >= start]
        if left:
            columns[0].append(_PageLine(left, 0, page))
        if right:
            columns[1].append(_PageLine(right, 1, page))
    return header + columns[0] + columns[1] + footer


def _gutter(rows: list[_Row]) -> tuple[float, float] | None:
    """The x range between two columns: crossed by no text over most of the page, with text on both sides.

    A one-column CV with dates (or places) at the right edge of its title lines is not two columns: the
    right side then holds only short pieces that share their rows with text on the left.
    """
    if len(rows) < 6:
        return None
    step = 2.0
    right_edge = max(p.x1 for row in rows for p in row.pieces)
    left_edge = min(p.x0 for row in rows for p in row.pieces)
    bins = int(right_edge / step) + 2
    change = [0] * (bins + 1)
    for row in rows:
        for piece in row.pieces:
            change[int(piece.x0 / step)] += 1
            change[int(piece.x1 / step) + 1] -= 1
    cover, running = [], 0
    for delta in change[:bins]:
        running += delta
        cover.append(running)
    allowed = max(1, len(rows) // 6)  # a header and a footer across the whole page
    best: tuple[tuple[int, float], tuple[float, float]] | None = None
    b = int(left_edge / step) + 1
    last = int(right_edge / step) - 1
    while b < last:
        if cover[b] > allowed:
            b += 1
            continue
        run_start = b
        while b < last and cover[b] <= allowed:
            b += 1
        # Within the run, the stretch crossed least is the gutter itself.
        lowest = min(cover[run_start:b])
        stretches = "".join("x" if c == lowest else " " for c in cover[run_start:b])
        widest = max(stretches.split(), key=len)
        offset = stretches.index(widest)
        start, end = (run_start + offset) * step, (run_start + offset + len(widest)) * step
        if end - start < 4.0 or not _columns_on_both_sides(rows, start, end):
            continue
        score = (lowest, -(end - start))
        if best is None or score < best[0]:
            best = (score, (start, end))
    return None if best is None else best[1]


def _columns_on_both_sides(rows: list[_Row], start: float, end: float) -> bool:
    sides: tuple[list[tuple[int, _Piece]], list[tuple[int, _Piece]]] = ([], [])
    for index, row in enumerate(rows):
        if any(p.x0 < end and p.x1 > start for p in row.pieces):
            continue
        for piece in row.pieces:
            sides[0 if piece.x1 <= start else 1].append((index, piece))
    left_rows = {i for i, _ in sides[0]}
    right_rows = {i for i, _ in sides[1]}
    if len(left_rows) < 3 or len(right_rows) < 3:
        return False
    if not _aligned(sides[1]):
        return False  # a centred header (name, title, contacts) and a few dates are no column
    return not (_tab_stops(sides[0], right_rows) or _tab_stops(sides[1], left_rows))


def _aligned(pieces: list[tuple[int, _Piece]]) -> bool:
    """Whether most rows on this side start near its left edge (indented bullets too) or end at its right edge,
    as a column's rows do; a centred header's rows do neither."""
    starts: dict[int, float] = {}
    ends: dict[int, float] = {}
    for index, piece in pieces:
        starts[index] = min(starts.get(index, piece.x0), piece.x0)
        ends[index] = max(ends.get(index, piece.x1), piece.x1)
    left, right = min(starts.values()), max(ends.values())
    near_left = sum(1 for x in starts.values() if x - left <= COLUMN_INDENT)
    near_right = sum(1 for x in ends.values() if right - x <= 3.0)
    return max(near_left, near_right) * 2 > len(starts)


def _tab_stops(pieces: list[tuple[int, _Piece]], other_rows: set[int]) -> bool:
    """True when these pieces are the dates (or places) of lines on the other side, not a column of their own:
    dates mostly, each beside a line of the other side (a heading between them may stand alone), or short
    right-aligned pieces that all sit beside a line (at the right edge, or moderncv's date and label column
    left of the text)."""
    rows = {index for index, _ in pieces}  # counted by rows: a contact line's three pieces are one line
    dated = {index for index, piece in pieces if _DATE_LIKE.search(piece.text)}
    if len(dated) >= 0.5 * len(rows) and sum(1 for index in dated if index in other_rows) >= 0.8 * len(dated):
        return True
    if sum(1 for index, _ in pieces if index in other_rows) < 0.8 * len(pieces):
        return False
    edge = max(piece.x1 for _, piece in pieces)
    aligned = sum(1 for _, piece in pieces if edge - piece.x1 < 3.0 and len(piece.text) <= 40)
    return aligned >= 0.8 * len(pieces)


def _links_on(line: _PageLine, links: list[_Link]) -> list[str]:
    """The URIs of the link areas that overlap this line."""
    if not links:
        return []
    top, bottom = line.top, line.bottom
    found: list[str] = []
    for link in links:
        overlap = min(bottom, link.bottom) - max(top, link.top)
        if overlap <= 0.3 * min(bottom - top, link.bottom - link.top):
            continue
        if any(min(p.x1, link.x1) - max(p.x0, link.x0) > 0 for p in line.pieces) and link.uri not in found:
            found.append(link.uri)
    return found


def _drop_running_lines(page_lines: list[list[_PageLine]], heights: list[float]) -> None:
    """Page numbers, and headers or footers that come back at the same place on other pages (a CV's name at
    the top of page 1 is no running header unless page 2 shows it there too)."""
    seen: defaultdict[str, list[tuple[int, float]]] = defaultdict(list)
    bands: list[list[tuple[_PageLine, str]]] = []
    for number, (lines, height) in enumerate(zip(page_lines, heights, strict=True)):
        band = []
        for line in lines:
            if line.top < HEADER_BAND * height or line.bottom > (1 - HEADER_BAND) * height:
                key = re.sub(r"\d+", "#", " ".join(line.text.lower().split()))
                band.append((line, key))
                seen[key].append((number, line.top))
        bands.append(band)
    for number, band in enumerate(bands):
        for line, key in band:
            pages = {page for page, top in seen[key] if abs(top - line.top) < 5.0}
            if _PAGE_NUMBER.match(line.text.strip()) or (len(pages) >= 2 and key):
                page_lines[number].remove(line)


def _line_height(lines: list[_PageLine], body_size: float) -> float:
    """The usual distance between the baselines of two body lines in a row (1.2 × the body size if unclear)."""
    pitches = []
    for a, b in zip(lines, lines[1:], strict=False):
        if a.page == b.page and a.column == b.column:
            pitch = b.pieces[0].glyphs[0].base - a.pieces[0].glyphs[0].base
            if 0 < pitch < 3 * body_size:
                pitches.append(pitch)
    if len(pitches) >= 3:
        return max(median(pitches), 1.0)
    return max(1.2 * body_size, 1.0)


def _read_scan(pdf: Any, name: str, *, ocr: bool) -> ReadDocument:
    """A PDF without a text layer: OCR by Tesseract when it is installed, else a message saying what to send."""
    import pypdfium2.raw as raw

    images = False
    drawn: list[int] = []  # pages with anything on them: a blank page is not sent to OCR
    for index in range(len(pdf)):
        page = pdf[index]  # held while its objects are looked at: pdfium frees them with the page
        try:
            count = raw.FPDFPage_CountObjects(page.raw)
            objects = (raw.FPDFPage_GetObject(page.raw, j) for j in range(count))
            images = images or any(raw.FPDFPageObj_GetType(obj) == raw.FPDF_PAGEOBJ_IMAGE for obj in objects)
            if count:
                drawn.append(index)
        finally:
            page.close()
    tesseract = shutil.which("tesseract") if ocr and drawn else None
    if tesseract is None:
        what = "is a scanned image with no text layer" if images else "has no text layer (no letters I can read)"
        raise InvalidInput(
            f"{name} {what}, so I can't read it{' (OCR is not installed here)' if ocr and drawn else ''}. Send the "
            "original PDF exported from Word or Google Docs, a Word document (.docx), or paste the text of your CV."
        )
    return _ocr(pdf, name, tesseract, drawn)


def _ocr(pdf: Any, name: str, tesseract: str, pages: list[int]) -> ReadDocument:
    installed = _ocr_languages(tesseract)
    languages = ["-l", "+".join(installed)] if installed else []
    lines: list[Line] = []
    with tempfile.TemporaryDirectory(prefix="altoc-ocr-") as folder:
        for index in pages:
            image = Path(folder) / f"page-{index}.png"
            page = pdf[index]
            try:
                page.render(scale=300 / 72).to_pil().save(image)
            finally:
                page.close()
            try:
                result = subprocess.run(
                    [tesseract, str(image), "stdout", *languages],
                    capture_output=True, timeout=OCR_PAGE_SECONDS, check=True,
                )  # fmt: skip
            except subprocess.TimeoutExpired:
                raise InvalidInput(f"Reading the scan {name} took too long. Send the CV as text instead.") from None
            except subprocess.CalledProcessError:
                raise InvalidInput(f"I could not read the scan {name}. Send the CV as text instead.") from None
            gap = 0.0
            for text in result.stdout.decode("utf-8", errors="replace").splitlines():
                text = " ".join(text.split())
                if not text:
                    gap = 1.0
                    continue
                lines.append(Line(text, page=index, gap_before=gap))
                gap = 0.0
    if sum(len(line.text) for line in lines) < MIN_TEXT_CHARS:
        raise InvalidInput(f"{name} is a scan and I found no text in it. Send the CV as text instead.")
    return ReadDocument("ocr", lines, pages=len(pdf))


def _ocr_languages(tesseract: str) -> list[str]:
    try:
        listed = subprocess.run([tesseract, "--list-langs"], capture_output=True, timeout=20, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return []
    available = set(listed.stdout.decode("utf-8", errors="replace").split())
    return [code for code in OCR_LANGUAGES if code in available]
