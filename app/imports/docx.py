"""Word documents to lines: the body's paragraphs and tables in order, text boxes, headers and footers.

python-docx's `paragraphs` skip tables, text boxes, headers and footers, where CVs keep sidebars and
contacts, so the package's XML is walked here with lxml (no entities, no network, no huge trees), after
`app.uploads.check_docx` has refused zip bombs and element floods.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Literal

from lxml import etree

from app.errors import InvalidInput
from app.imports.document import Line, ReadDocument
from app.imports.wordml import (
    DEFAULT_SIZE,
    R_NAMESPACES,
    W_NAMESPACES,
    Package,
    Relationships,
    RunLook,
    Styles,
    attr,
    child,
    damaged,
    local,
    run_look,
    target_path,
    toggle,
    twips,
)
from app.uploads import MAX_TEXT_CHARS, DocumentLimits, SniffedFile, check_docx

Where = Literal["body", "header", "footer", "table", "textbox"]

LINE_HEIGHT = 1.2  # a body line is about 1.2 times the body font size
PAGE_FIELDS = {"PAGE", "NUMPAGES", "SECTIONPAGES"}
PAGE_WORDS = {"page", "of", "seite", "von", "strona", "z", "página", "de", "sur", "сторінка", "з", "із", "pg", "p"}
_HYPERLINK_FIELD = re.compile(r'^\s*HYPERLINK\s+(?:"([^"]+)"|([^\s\\"]+))')


@dataclass
class Piece:
    """Text in one look, on one line of the paragraph (a line break starts a new line)."""

    text: str
    look: RunLook
    page: int
    link: str | None = None


@dataclass
class Paragraph:
    style: str
    bullet: bool
    before: float  # points
    pieces: list[Piece] = field(default_factory=list)
    boxes: list[etree._Element] = field(default_factory=list)  # text boxes anchored here
    page_field: bool = False  # a page number was left out


@dataclass
class Field:
    """A complex field (begin … separate … end): its code, and whether its shown result is being read."""

    code: str = ""
    showing: bool = False


@dataclass
class Pending:
    """A line before its gap is measured in body lines (the body size is known only at the end)."""

    line: Line
    empties: float
    before: float  # points


class Walker:
    """Reads paragraphs and tables in document order; fields may span runs and paragraphs."""

    def __init__(self, styles: Styles, links: dict[str, str]) -> None:
        self.styles = styles
        self.rels = links
        self.fields: list[Field] = []
        self.page = 0
        self.lines: list[Pending] = []
        self.characters = 0

    def block(self, container: etree._Element | None, where: Where, column: int = 0, empties: float = 0.0) -> float:
        """Paragraphs, tables and content controls of a body, cell, text box, header or footer.

        Returns the empty lines at its end, which count towards the gap above the next line.
        """
        for element in _chosen(container) if container is not None else ():
            kind = local(element)
            if kind == "p":
                empties = self.paragraph(element, where, column, empties)
            elif kind == "tbl":
                empties = self.table(element, where, empties)
            elif kind in ("sdt", "customXml", "ins", "smartTag"):
                inner = child(element, "sdtContent") if kind == "sdt" else element
                empties = self.block(inner, where, column, empties)
        return empties

    def table(self, table: etree._Element, where: Where, empties: float) -> float:
        """Row by row; in a row each cell whole, left to right, so a sidebar cell is never interleaved."""
        inner: Where = "table" if where == "body" else where
        for row in _chosen(table):
            if local(row) != "tr":
                continue
            cells = [c for c in _chosen(row) if local(c) == "tc"]
            for index, cell in enumerate(cells):
                self.block(cell, inner, index, empties)
                empties = 0.0  # the space above a table is above its first cell only
        return 0.0

    def paragraph(self, element: etree._Element, where: Where, column: int, empties: float) -> float:
        """Emit the paragraph's lines (its text boxes first); return the empty lines still to add above."""
        ppr = child(element, "pPr")
        style_id = attr(child(ppr, "pStyle"), "val") or self.styles.default_paragraph
        numbering = child(ppr, "numPr")
        if numbering is not None:
            bullet = attr(child(numbering, "numId"), "val") not in (None, "0")
        else:
            bullet = self.styles.numbered(style_id)
        before = twips(attr(child(ppr, "spacing"), "before"))
        if toggle(child(ppr, "pageBreakBefore")) and where == "body":
            self.page += 1
        paragraph = Paragraph(
            self.styles.name(style_id), bullet, self.styles.before(style_id) if before is None else before
        )
        base = self.styles.look(style_id).over(self.styles.default_look)
        self.content(element, paragraph, base, None, where)
        for box in paragraph.boxes:
            self.block(box, "textbox" if where in ("body", "table") else where, column)
        return self.emit(paragraph, where, column, empties)

    def content(
        self, element: etree._Element, paragraph: Paragraph, base: RunLook, link: str | None, where: Where
    ) -> None:
        for item in _chosen(element):
            kind = local(item)
            if kind == "r":
                self.run(item, paragraph, base, link, where)
            elif kind == "hyperlink":
                target = self.rels.get(attr(item, "id", R_NAMESPACES) or "")
                self.content(item, paragraph, base, target or link, where)
            elif kind == "fldSimple":
                code = (attr(item, "instr") or "").strip()
                if code.split(" ", 1)[0].upper() in PAGE_FIELDS:
                    paragraph.page_field = True
                    continue
                self.content(item, paragraph, base, _field_link(code) or link, where)
            elif kind in ("ins", "smartTag", "customXml", "sdt", "sdtContent", "dir", "bdo"):
                self.content(item, paragraph, base, link, where)
            # del, moveFrom, pPr, bookmarks, proofing marks and comments show no text

    def run(self, run: etree._Element, paragraph: Paragraph, base: RunLook, link: str | None, where: Where) -> None:
        rpr = child(run, "rPr")
        look = run_look(rpr).over(self.styles.look(attr(child(rpr, "rStyle"), "val"))).over(base)
        for item in _chosen(run):
            kind = local(item)
            if kind == "fldChar":
                self.field_char(attr(item, "fldCharType"))
            elif kind == "instrText":
                if self.fields and not self.fields[-1].showing:
                    self.fields[-1].code += item.text or ""
            elif kind == "lastRenderedPageBreak":
                self.page += where == "body"
            elif kind in ("drawing", "pict", "object") or kind.startswith("*"):
                self.drawing(item, paragraph, look, link)
            elif (text := _run_text(item, kind)) is not None:
                if kind == "br" and attr(item, "type") == "page":
                    self.page += where == "body"
                self.add(paragraph, text, look, link)

    def drawing(self, item: etree._Element, paragraph: Paragraph, look: RunLook, link: str | None) -> None:
        """A picture or shape: its text boxes (read after the paragraph's own text is known) and icon links."""
        for element in _chosen_descendants(item):
            kind = local(element)
            if kind == "txbxContent":
                paragraph.boxes.append(element)
            elif kind == "*hlinkClick":
                target = self.rels.get(attr(element, "id", R_NAMESPACES) or "")
                if target:
                    self.add(paragraph, "", look, target)

    def add(self, paragraph: Paragraph, text: str, look: RunLook, link: str | None) -> None:
        if any(f.showing and f.code.strip().split(" ", 1)[0].upper() in PAGE_FIELDS for f in self.fields):
            paragraph.page_field = True
            return
        if any(not f.showing for f in self.fields) or look.hidden:
            return  # a field's code, or hidden text (keywords stuffed in white or vanished text)
        shown = next((_field_link(f.code) for f in reversed(self.fields) if f.showing and _field_link(f.code)), None)
        paragraph.pieces.append(Piece(text, look, self.page, link or shown))

    def field_char(self, kind: str | None) -> None:
        if kind == "begin":
            self.fields.append(Field())
        elif kind == "separate" and self.fields:
            self.fields[-1].showing = True
        elif kind == "end" and self.fields:
            self.fields.pop()

    def emit(self, paragraph: Paragraph, where: Where, column: int, empties: float) -> float:
        """Add the paragraph's lines; return the empty lines it leaves for the next line's gap."""
        text = "".join(p.text for p in paragraph.pieces)
        if paragraph.page_field and not _without_page_words(text):
            return empties  # "Page 2 of 3"
        if not text.strip() and not any(p.link for p in paragraph.pieces):
            return empties if paragraph.boxes else empties + 1.0  # an empty paragraph is an empty line
        lines: list[list[Piece]] = [[]]
        for piece in paragraph.pieces:
            for index, part in enumerate(piece.text.split("\n")):
                if index:
                    lines.append([])
                lines[-1].append(replace(piece, text=part))
        before = paragraph.before
        for pieces in lines:
            line_text = "".join(p.text for p in pieces).strip()
            links = tuple(dict.fromkeys(p.link for p in pieces if p.link))
            if not line_text and not links:
                empties += 1.0
                continue
            line_text = line_text or " ".join(links)  # a linked icon alone: its link is what it says
            self.characters += len(line_text)
            self.lines.append(Pending(self._line(line_text, pieces, paragraph, where, column, links), empties, before))
            empties, before = 0.0, 0.0
        return empties

    def _line(
        self, text: str, pieces: list[Piece], paragraph: Paragraph, where: Where, column: int, links: tuple[str, ...]
    ) -> Line:
        weights: Counter[float] = Counter()
        bold = italic = total = 0
        for piece in pieces:
            count = len(piece.text.strip())
            total += count
            weights[piece.look.size or DEFAULT_SIZE] += count
            bold += count if piece.look.bold else 0
            italic += count if piece.look.italic else 0
        first = next((p for p in pieces if p.text.strip()), pieces[0])
        return Line(
            text=text,
            page=first.page if where in ("body", "table", "textbox") else 0,
            column=column,
            size=weights.most_common(1)[0][0] if total else (first.look.size or DEFAULT_SIZE),
            bold=bool(total) and bold * 2 > total,
            italic=bool(total) and italic * 2 > total,
            style=paragraph.style,
            bullet=paragraph.bullet,
            where=where,
            links=links,
        )


def _run_text(item: etree._Element, kind: str) -> str | None:
    """The text a run's child shows, or None for what shows no text (properties, pictures, field marks)."""
    if kind == "t":
        return item.text or ""
    if kind in ("tab", "ptab"):
        return "\t"
    if kind in ("br", "cr"):
        return "\n"
    if kind == "noBreakHyphen":
        return "-"
    return None


def _field_link(code: str) -> str | None:
    match = _HYPERLINK_FIELD.match(code)
    return (match.group(1) or match.group(2)) if match else None


def _without_page_words(text: str) -> str:
    words = re.findall(r"\w+", text.lower())
    return " ".join(w for w in words if w not in PAGE_WORDS and not w.isdigit())


def _chosen(element: etree._Element) -> list[etree._Element]:
    """Children, with each `mc:AlternateContent` replaced by its first Choice's children (never the Fallback)."""
    out: list[etree._Element] = []
    for item in element:
        if local(item) == "mc:AlternateContent":
            choice = next((c for c in item if local(c) in ("mc:Choice", "mc:Fallback")), None)
            if choice is not None:
                out.extend(_chosen(choice))
        else:
            out.append(item)
    return out


def _chosen_descendants(element: etree._Element) -> list[etree._Element]:
    """Descendants in order, through the chosen branch of each alternative, not inside text boxes."""
    out: list[etree._Element] = []
    for item in _chosen(element):
        out.append(item)
        if local(item) != "txbxContent":
            out.extend(_chosen_descendants(item))
    return out


def read_docx(data: bytes, name: str, limits: DocumentLimits) -> ReadDocument:
    """A Word document (.docx, .docm) as lines in reading order: headers, the body, footers.

    Raises InvalidInput for a damaged file, one over `limits`, and one without text.
    """
    check_docx(SniffedFile(name, "docx", data), limits)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            package = Package(archive, name)
            main_path = package.main_part()
            document = package.xml(main_path)
            if document is None:
                raise damaged(name)
            rels = package.relationships(main_path)
            styles = Styles(
                package.xml(target_path(main_path, rels.by_type["styles"])) if "styles" in rels.by_type else None
            )
            walker = Walker(styles, rels.links)
            header_lines, footer_lines = _headers_and_footers(package, walker, document, main_path, rels)
            body = child(document, "body")
            if body is not None:
                walker.fields.clear()
                walker.block(body, "body")
            pages = package.pages()
    except (zipfile.BadZipFile, zlib.error, etree.XMLSyntaxError, EOFError, NotImplementedError, RuntimeError):
        raise damaged(name) from None
    pending = header_lines + walker.lines + footer_lines
    if walker.characters > MAX_TEXT_CHARS:
        raise InvalidInput(f"{name} has {walker.characters:,} characters of text; the limit is {MAX_TEXT_CHARS:,}.")
    if not pending:
        raise InvalidInput(
            f"{name} is a Word document with no text in it (only pictures?). Send the CV as text, or as a PDF "
            "with selectable text."
        )
    sizes: Counter[float] = Counter()
    for item in pending:
        sizes[item.line.size] += len(item.line.text)
    body_size = sizes.most_common(1)[0][0]
    line_height = body_size * LINE_HEIGHT
    lines = [replace(p.line, gap_before=round(p.empties + p.before / line_height, 2)) for p in pending]
    links = list(dict.fromkeys(link for line in lines for link in line.links))
    last_page = max((line.page for line in lines), default=0)
    return ReadDocument("docx", lines, max(pages, last_page + 1), body_size, links)


def _headers_and_footers(
    package: Package, walker: Walker, document: etree._Element, main_path: str, rels: Relationships
) -> tuple[list[Pending], list[Pending]]:
    """Every header and footer the sections use (first-page, default, even), each once, each line once."""
    order = {"first": 0, "default": 1, "even": 2}
    found: dict[str, list[str]] = {"headerReference": [], "footerReference": []}
    for section in document.iter(*(f"{{{ns}}}sectPr" for ns in W_NAMESPACES)):
        refs = [r for r in section if local(r) in found]
        refs.sort(key=lambda r: order.get(attr(r, "type") or "default", 1))
        for ref in refs:
            rel_id = attr(ref, "id", R_NAMESPACES) or ""
            kind_target = rels.by_id.get(rel_id)
            if kind_target and kind_target[1] not in found[local(ref)]:
                found[local(ref)].append(kind_target[1])
    out: tuple[list[Pending], list[Pending]] = ([], [])
    parts: tuple[tuple[str, Where], ...] = (("headerReference", "header"), ("footerReference", "footer"))
    for index, (reference, where) in enumerate(parts):
        seen: set[str] = set()
        for target in found[reference]:
            path = target_path(main_path, target)
            root = package.xml(path)
            if root is None:
                continue
            part_rels = package.relationships(path)
            walker.rels, walker.lines, walker.fields = part_rels.links, [], []  # ids are per part
            walker.block(root, where)
            for item in walker.lines:
                if item.line.text not in seen:
                    seen.add(item.line.text)
                    out[index].append(item)
            walker.rels = rels.links
    walker.lines = []
    return out
