"""The parts of a Word package read safely: XML without entities or network, relationships, styles.

lxml parses with entities left unresolved, no network and no huge trees; a part with a DTD is refused
(Word never writes one). Element names are matched in both the usual and the "Strict" namespaces.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass

from lxml import etree

from app.errors import InvalidInput

W_NAMESPACES = (
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",  # "Strict Open XML", as Word can save it
)
R_NAMESPACES = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://purl.oclc.org/ooxml/officeDocument/relationships",
)
MC_NAMESPACE = "http://schemas.openxmlformats.org/markup-compatibility/2006"
DEFAULT_SIZE = 10.0  # Word's size when no style says one

_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False, dtd_validation=False
)


def damaged(name: str) -> InvalidInput:
    return InvalidInput(f"{name} is a damaged Word document. Save it again, or paste the text.")


_NAMES: dict[str, str] = {}  # "{namespace}name" -> what `local` says; a document uses a few dozen tags


def local(element: etree._Element) -> str:
    """The element's name in the Word namespace ("p", "tbl"), "mc:…" for markup compatibility, "*…" in other
    namespaces (DrawingML, VML: only their Word descendants, such as text boxes, count), "" for comments."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    known = _NAMES.get(tag)
    if known is None:
        namespace, _, name = tag[1:].partition("}") if tag.startswith("{") else ("", "", "")
        known = name if namespace in W_NAMESPACES else ("mc:" if namespace == MC_NAMESPACE else "*") + name
        if len(_NAMES) < 10_000:
            _NAMES[tag] = known
    return known


def attr(element: etree._Element | None, name: str, namespaces: tuple[str, ...] = W_NAMESPACES) -> str | None:
    if element is None:
        return None
    for namespace in namespaces:
        value = element.get(f"{{{namespace}}}{name}")
        if value is not None:
            return str(value)
    return None


def child(element: etree._Element | None, name: str) -> etree._Element | None:
    if element is None:
        return None
    for item in element:
        if local(item) == name:
            return item
    return None


def toggle(element: etree._Element | None) -> bool | None:
    """A toggle such as <w:b/> or <w:b w:val="0"/>: None when absent."""
    if element is None:
        return None
    return attr(element, "val") not in ("0", "false", "off")


@dataclass
class RunLook:
    """Character formatting; None = not said at this level (the level below decides)."""

    bold: bool | None = None
    italic: bool | None = None
    size: float | None = None
    hidden: bool | None = None

    def over(self, base: RunLook) -> RunLook:
        return RunLook(
            base.bold if self.bold is None else self.bold,
            base.italic if self.italic is None else self.italic,
            base.size if self.size is None else self.size,
            base.hidden if self.hidden is None else self.hidden,
        )


def run_look(rpr: etree._Element | None) -> RunLook:
    size = attr(child(rpr, "sz"), "val")
    try:
        points = float(size) / 2 if size else None
    except ValueError:
        points = None
    return RunLook(toggle(child(rpr, "b")), toggle(child(rpr, "i")), points, toggle(child(rpr, "vanish")))


@dataclass
class Style:
    name: str
    based_on: str | None
    look: RunLook
    numbered: bool | None  # a list style (numPr with a numId other than 0), None = not said
    before: float | None  # space before, points


class Styles:
    """styles.xml: style ids to names, and what each style (with the ones it is based on) sets."""

    def __init__(self, root: etree._Element | None) -> None:
        self.elements: dict[str, etree._Element] = {}  # read when first used: templates define hundreds
        self.styles: dict[str, Style] = {}
        self.looks: dict[str | None, RunLook] = {}
        self.default_paragraph: str | None = None
        self.default_look = RunLook(False, False, DEFAULT_SIZE, False)
        if root is None:
            return
        defaults = child(child(child(root, "docDefaults"), "rPrDefault"), "rPr")
        self.default_look = run_look(defaults).over(self.default_look)
        for style in root:
            style_id = attr(style, "styleId")
            if style_id and local(style) == "style":
                self.elements.setdefault(style_id, style)
                if attr(style, "type") == "paragraph" and attr(style, "default") in ("1", "true", "on"):
                    self.default_paragraph = style_id

    def style(self, style_id: str) -> Style | None:
        if style_id not in self.styles:
            element = self.elements.get(style_id)
            if element is None:
                return None
            ppr = child(element, "pPr")
            numbering = child(ppr, "numPr")
            self.styles[style_id] = Style(
                name=_display_name(attr(child(element, "name"), "val") or style_id),
                based_on=attr(child(element, "basedOn"), "val"),
                look=run_look(child(element, "rPr")),
                numbered=None if numbering is None else attr(child(numbering, "numId"), "val") not in (None, "0"),
                before=twips(attr(child(ppr, "spacing"), "before")),
            )
        return self.styles[style_id]

    def chain(self, style_id: str | None) -> list[Style]:
        """The style and the ones it is based on, nearest first (cycles and unknown ids end the chain)."""
        out: list[Style] = []
        seen: set[str] = set()
        while style_id and style_id not in seen and len(out) < 20 and (style := self.style(style_id)):
            seen.add(style_id)
            out.append(style)
            style_id = style.based_on
        return out

    def look(self, style_id: str | None) -> RunLook:
        look = self.looks.get(style_id)
        if look is None:
            look = RunLook()
            for style in self.chain(style_id):
                look = look.over(style.look)
            self.looks[style_id] = look
        return look

    def numbered(self, style_id: str | None) -> bool:
        return next((s.numbered for s in self.chain(style_id) if s.numbered is not None), False)

    def before(self, style_id: str | None) -> float:
        return next((s.before for s in self.chain(style_id) if s.before is not None), 0.0)

    def name(self, style_id: str | None) -> str:
        chain = self.chain(style_id)
        return chain[0].name if chain else ""


def _display_name(name: str) -> str:
    """Word stores built-in names in lower case ("heading 1") and shows them capitalised ("Heading 1")."""
    return name.title() if name == name.lower() else name


def twips(value: str | None) -> float | None:
    try:
        return int(value) / 20 if value is not None else None
    except ValueError:
        return None


@dataclass
class Relationships:
    by_type: dict[str, str]  # the last part of the relationship type ("styles", "header") -> first target
    by_id: dict[str, tuple[str, str]]  # id -> (type, target)
    links: dict[str, str]  # id -> external hyperlink target


class Package:
    def __init__(self, archive: zipfile.ZipFile, name: str) -> None:
        self.archive = archive
        self.name = name
        self.parts = {n.lower(): n for n in archive.namelist()}

    def xml(self, path: str) -> etree._Element | None:
        real = self.parts.get(path.lower())
        if real is None:
            return None
        tree = etree.fromstring(self.archive.read(real), _PARSER)
        if tree.getroottree().docinfo.doctype:
            raise damaged(self.name)  # Word never writes a DTD; one here is a trick, not a CV
        return tree

    def relationships(self, part: str) -> Relationships:
        folder, base = posixpath.split(part)
        root = self.xml(posixpath.join(folder, "_rels", base + ".rels"))
        rels = Relationships({}, {}, {})
        for rel in root if root is not None else ():
            kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
            target = rel.get("Target") or ""
            rel_id = rel.get("Id") or ""
            rels.by_type.setdefault(kind, target)
            rels.by_id[rel_id] = (kind, target)
            if kind == "hyperlink" and rel.get("TargetMode") == "External":
                rels.links[rel_id] = target
        return rels

    def main_part(self) -> str:
        root = self.relationships("")
        target = root.by_type.get("officeDocument", "word/document.xml")
        return target_path("", target)

    def pages(self) -> int:
        """The page count Word saved in docProps/app.xml (1 when absent)."""
        real = self.parts.get("docprops/app.xml")
        if real is None:
            return 1
        match = re.search(rb"<(?:\w+:)?Pages>(\d{1,4})</", self.archive.read(real))
        return max(1, int(match.group(1))) if match else 1


def target_path(source: str, target: str) -> str:
    """A relationship's target as a path in the package (relative to the source part's folder)."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))
