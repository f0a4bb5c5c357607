"""CVs typeset by Typst the way RenderCV and common Typst CV templates lay them out: a third generator.

Plain Typst (no `@preview` packages: they need the network) with Typst's bundled fonts only, so a file is the
same on every machine:
- `typst-classic`: RenderCV's "classic" theme: the name centred, one contact line with separators and links,
  headings with a rule, company and place on one line, role and dates on the next (dates in a right column),
  "•" bullets, skills as "**Label:** a, b, c", abbreviated English months ("Sept 2021 – present");
- `typst-sidebar`: a tinted left column (contacts behind Unicode icons, skills as rounded tags, languages) and
  the main column (experience dated "MM/YYYY – present", education, projects);
- `typst-moderncv`: moderncv's look: dates in a left column, "**Role**, _Company_, City" to the right, the
  contacts set right of the name.
CV text is escaped for Typst markup (`escape`): a "C#" skill or an "@" in an e-mail address is text, not code.
"""

from __future__ import annotations

import base64
import re
import string
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from bench.import_corpus.layouts import (
    _KEYS,
    HEADINGS_A,
    HEADINGS_B,
    MONTHS,
    PRESENT,
    _contacts,
    format_date,
    photo_data_url,
)

# RenderCV's English month abbreviations (its default locale); other languages print the whole month name.
_RENDERCV_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "June", "July", "Aug", "Sept", "Oct", "Nov", "Dec"]
_IN = {"en": "in", "de": "in", "fr": "en", "es": "en", "uk": "—"}  # "Master in Informatik", "Máster en …"
# Icons of the sidebar layouts: Unicode symbols that Typst's bundled fonts hold (checked: `missing_glyphs`).
ICONS = {"email": "✉", "phone": "☎", "location": "⌂", "url": "⊕", "github": "⌥"}
_PUNCTUATION = frozenset(string.punctuation)


def escape(text: Any) -> str:
    """CV text as Typst markup that prints it as it is.

    Typst markup takes a backslash before any ASCII punctuation as that character itself, which covers every
    character with a meaning (`# * _ ` $ < > @ [ ] \\ ~ = - + / ' "` and "//" comments, "--" dashes, "..." and
    bare URLs that would become links); line breaks become spaces.
    """
    flat = " ".join(str(text or "").split())
    return "".join("\\" + c if c in _PUNCTUATION else c for c in flat)


def _string(text: str) -> str:
    """A Typst string literal (for `link` targets)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _date(value: str | None, language: str, style: str) -> str:
    if style == "rendercv" and value and re.match(r"\d{4}-\d{2}", value):
        month = int(value[5:7])
        word = _RENDERCV_MONTHS[month - 1] if language == "en" else MONTHS[language].split()[month - 1]
        return f"{word} {value[:4]}"
    return format_date(value, language, "numeric" if style == "numeric" else "long")


def period(start: str | None, end: str | None, language: str, style: str, current: bool = True) -> str:
    """ "Sept 2021 – present", "03/2021 – heute", "mars 2021 – aujourd'hui"; a school without an end: its start."""
    first, last = _date(start, language, style), _date(end, language, style)
    if not last and current and first:
        present = PRESENT[language]
        return f"{first} – {present.lower() if style == 'rendercv' else present}"
    return " – ".join(p for p in (first, last) if p)


@dataclass(frozen=True)
class TypstLayout:
    """One Typst layout: the headings it uses, how it dates jobs, and the function that writes its source."""

    name: str
    headings: dict[str, str]
    date_style: str  # "rendercv": "Sept 2021"; "numeric": "09/2021"; "long": "September 2021"
    source: Callable[[dict[str, Any], str, TypstLayout, bytes | None], str]


def _view(document: dict[str, Any], language: str, layout: TypstLayout) -> dict[str, Any]:
    skills = document.get("skills") or []
    return {
        "basics": document.get("basics") or {},
        "h": dict(zip(_KEYS, layout.headings[language].split("|"), strict=True)),
        "jobs": document.get("work") or [],
        "schools": document.get("education") or [],
        "groups": [s for s in skills if s.get("keywords")],
        "flat": [s["name"] for s in skills if not s.get("keywords") and s.get("name")],
        "languages": document.get("languages") or [],
        "certificates": document.get("certificates") or [],
        "projects": document.get("projects") or [],
    }


def _contact_text(contact: dict[str, str]) -> str:
    text = escape(contact["text"])
    return f"#link({_string(contact['href'])})[{text}]" if contact["href"] else text


def _degree(school: dict[str, Any], language: str) -> str:
    degree, area = school.get("studyType") or "", school.get("area") or ""
    if degree and area:
        joiner = f" {_IN[language]} " if _IN[language] != "—" else " — "
        return escape(degree) + joiner + escape(area)
    return escape(degree or area)


def _bullets(items: list[str], marker: str = "•") -> str:
    return "".join(f"#list(marker: [{marker}])[{escape(item)}]\n" for item in items if item)


def _image(photo: bytes) -> str:
    return f"image(bytes(({','.join(str(b) for b in photo)},)), width: 100%)"


def _footer(name: str) -> str:
    """A running footer on CVs longer than a page, as RenderCV prints: "Name – 1/2"."""
    return (
        "#set page(footer: context { let total = counter(page).final().first(); if total > 1 { "
        f"align(center, text(size: 8pt, fill: luma(120))[{escape(name)} – #counter(page).display() / #total]) }} }})\n"
    )


def classic_source(document: dict[str, Any], language: str, layout: TypstLayout, photo: bytes | None) -> str:
    """RenderCV "classic": centred header, ruled headings, entries with dates and places in a right column."""
    del photo  # RenderCV's classic theme prints none
    v = _view(document, language, layout)
    basics, h = v["basics"], v["h"]
    accent = 'rgb("#004f90")'
    out = [
        '#set page(paper: "a4", margin: (x: 2cm, y: 1.8cm))\n',
        f'#set text(font: "New Computer Modern", size: 10pt, lang: "{language}")\n',
        "#set par(justify: true, spacing: 0.8em)\n",
        "#set list(indent: 0.6em, spacing: 0.5em)\n",
        _footer(basics.get("name", "")),
        "#let section(title) = block(above: 1.3em, below: 0.7em, width: 100%)[#text(size: 1.3em, weight: "
        f'"bold", fill: {accent})[#title] #box(width: 1fr, baseline: -0.3em, line(length: 100%, stroke: 0.5pt + '
        f"{accent}))]\n",
        "#let entry(a, b, c, d) = grid(columns: (1fr, auto), align: (left, right), column-gutter: 1em, "
        "row-gutter: 0.55em, a, b, c, d)\n",
        f"#align(center)[#text(size: 25pt, fill: {accent})[{escape(basics.get('name'))}]]\n",
    ]
    if basics.get("label"):
        out.append(f"#align(center)[#text(size: 11pt)[{escape(basics['label'])}]]\n")
    contacts = [_contact_text(c) for c in _contacts(basics)]
    if contacts:
        out.append("#align(center)[#text(size: 9pt)[" + " #h(0.4em)|#h(0.4em) ".join(contacts) + "]]\n")
    if basics.get("summary"):
        out.append(f"#section[{escape(h['summary'])}]\n{escape(basics['summary'])}\n")
    if v["jobs"]:
        out.append(f"#section[{escape(h['work'])}]\n")
        for job in v["jobs"]:
            dates = period(job.get("startDate"), job.get("endDate"), language, "rendercv")
            out.append(
                f"#entry([*{escape(job.get('name'))}*], [{escape(job.get('location'))}], "
                f"[_{escape(job.get('position'))}_], [{escape(dates)}])\n"
            )
            if job.get("summary"):
                out.append(f"#block(above: 0.6em)[{escape(job['summary'])}]\n")
            out.append(_bullets(job.get("highlights") or []) + "#v(0.5em)\n")
    if v["schools"]:
        out.append(f"#section[{escape(h['education'])}]\n")
        for school in v["schools"]:
            dates = period(school.get("startDate"), school.get("endDate"), language, "rendercv", current=False)
            out.append(
                f"#entry([*{escape(school.get('institution'))}* — {_degree(school, language)}], [{escape(dates)}], "
                f"[{escape(school.get('score'))}], [])\n#v(0.3em)\n"
            )
    if v["groups"] or v["flat"]:
        out.append(f"#section[{escape(h['skills'])}]\n")
        for group in v["groups"]:
            out.append(f"*{escape(group['name'])}:* {', '.join(escape(k) for k in group['keywords'])}\n\n")
        if v["flat"]:
            out.append(", ".join(escape(k) for k in v["flat"]) + "\n\n")
    if v["languages"]:
        out.append(f"#section[{escape(h['languages'])}]\n")
        out.append(
            " #h(1em) ".join(f"*{escape(x.get('language'))}:* {escape(x.get('fluency'))}" for x in v["languages"])
            + "\n"
        )
    if v["certificates"]:
        out.append(f"#section[{escape(h['certificates'])}]\n")
        for cert in v["certificates"]:
            when = _date(cert.get("date"), language, "rendercv")
            out.append(
                f"#entry([*{escape(cert.get('name'))}* — {escape(cert.get('issuer'))}], [{escape(when)}], [], [])\n"
            )
    if v["projects"]:
        out.append(f"#section[{escape(h['projects'])}]\n")
        for project in v["projects"]:
            when = _date(project.get("startDate"), language, "rendercv")
            name, description = escape(project.get("name")), escape(project.get("description"))
            out.append(f"#entry([*{name}*], [{escape(when)}], [{description}], [])\n")
            out.append(_bullets(project.get("highlights") or []) + "#v(0.4em)\n")
    return "".join(out)


def _icon(kind: str) -> str:
    if kind == "linkedin":  # the LinkedIn mark as a boxed "in", as templates without an icon font draw it
        return (
            '#box(fill: rgb("#0a66c2"), inset: (x: 1.5pt, y: 1pt), radius: 1.5pt)'
            '[#text(fill: white, size: 7pt, weight: "bold")[in]]'
        )
    return f"#text(fill: accent)[{ICONS.get(kind, ICONS['url'])}]"


def _tags(names: list[str]) -> str:
    return "#block[#set par(leading: 0.95em)\n" + " ".join(f"#tag[{escape(k)}]" for k in names) + "]\n"


def sidebar_source(document: dict[str, Any], language: str, layout: TypstLayout, photo: bytes | None) -> str:
    """A tinted sidebar (photo, contacts with icons, skills as tags, languages) beside the main column."""
    v = _view(document, language, layout)
    basics, h = v["basics"], v["h"]
    out = [
        '#let accent = rgb("#2b6c8a")\n',
        '#set page(paper: "a4", margin: (x: 0pt, y: 1.4cm), background: place(left + top, '
        'rect(width: 30%, height: 100%, fill: rgb("#e6eef3"))))\n',
        f'#set text(font: "Libertinus Serif", size: 10pt, lang: "{language}")\n',
        "#set par(spacing: 0.7em)\n",
        '#let side(title) = block(above: 1.2em, below: 0.6em)[#text(fill: accent, weight: "bold", size: 11pt, '
        "upper(title)) #v(-0.5em) #line(length: 100%, stroke: 0.7pt + accent)]\n",
        '#let sect(title) = block(above: 1.3em, below: 0.7em)[#text(fill: accent, weight: "bold", size: 13pt, '
        "title) #v(-0.6em) #line(length: 100%, stroke: 1pt + luma(200))]\n",
        "#let tag(t) = box(fill: accent, radius: 5pt, inset: (x: 4pt, y: 2.5pt), outset: (y: 1pt), "
        "text(fill: white, size: 8.5pt, t))\n",
        "#grid(columns: (30%, 1fr), inset: (x: 0.9cm), [\n",
    ]
    if photo:
        out.append(f"#align(center, box(clip: true, radius: 50%, width: 2.8cm, height: 2.8cm, {_image(photo)}))\n")
    out.append(f"#side[{escape(h['contact'])}]\n")
    for contact in _contacts(basics):
        out.append(f"#block(below: 0.6em)[{_icon(contact['kind'])} #h(0.3em) {_contact_text(contact)}]\n")
    if v["groups"] or v["flat"]:
        out.append(f"#side[{escape(h['skills'])}]\n")
        for group in v["groups"]:
            out.append(f"#block(above: 0.8em, below: 0.5em)[*{escape(group['name'])}*]\n")
            out.append(_tags(group["keywords"]))
        if v["flat"]:
            out.append(_tags(v["flat"]))
    if v["languages"]:
        out.append(f"#side[{escape(h['languages'])}]\n")
        for lang in v["languages"]:
            out.append(f"*{escape(lang.get('language'))}* #h(1fr) {escape(lang.get('fluency'))}\n\n")
    out.append("], [\n")
    out.append(f'#text(size: 24pt, weight: "bold", fill: accent)[{escape(basics.get("name"))}]\n\n')
    if basics.get("label"):
        out.append(f"#text(size: 12pt, fill: luma(90))[{escape(basics['label'])}]\n\n")
    if basics.get("summary"):
        out.append(f"#sect[{escape(h['summary'])}]\n{escape(basics['summary'])}\n")
    if v["jobs"]:
        out.append(f"#sect[{escape(h['work'])}]\n")
        for job in v["jobs"]:
            dates = period(job.get("startDate"), job.get("endDate"), language, "numeric")
            place = f" · {escape(job['location'])}" if job.get("location") else ""
            out.append(f"#block(above: 1em, below: 0.5em)[*{escape(job.get('position'))}* #h(1fr) "
                       f"#text(size: 9pt, fill: luma(80))[{escape(dates)}]]\n")  # fmt: skip
            out.append(f"#block(below: 0.5em)[#text(fill: accent)[{escape(job.get('name'))}]{place}]\n")
            if job.get("summary"):
                out.append(f"{escape(job['summary'])}\n\n")
            out.append(_bullets(job.get("highlights") or [], "▪"))
    if v["schools"]:
        out.append(f"#sect[{escape(h['education'])}]\n")
        for school in v["schools"]:
            dates = period(school.get("startDate"), school.get("endDate"), language, "numeric", current=False)
            out.append(f"#block(above: 1em, below: 0.5em)[*{_degree(school, language)}* #h(1fr) "
                       f"#text(size: 9pt, fill: luma(80))[{escape(dates)}]]\n")  # fmt: skip
            out.append(f"#text(fill: accent)[{escape(school.get('institution'))}]\n\n")
    if v["projects"]:
        out.append(f"#sect[{escape(h['projects'])}]\n")
        for project in v["projects"]:
            out.append(f"#block(above: 1em, below: 0.5em)[*{escape(project.get('name'))}*]\n")
            out.append(f"{escape(project.get('description'))}\n\n" + _bullets(project.get("highlights") or [], "▪"))
    if v["certificates"]:
        out.append(f"#sect[{escape(h['certificates'])}]\n")
        for cert in v["certificates"]:
            when = _date(cert.get("date"), language, "numeric")
            out.append(f"{escape(cert.get('name'))} — {escape(cert.get('issuer'))} #h(1fr) {escape(when)}\n\n")
    out.append("])\n")
    return "".join(out)


def moderncv_source(document: dict[str, Any], language: str, layout: TypstLayout, photo: bytes | None) -> str:
    """moderncv: dates (and skill labels) in a left column, the entry to the right, contacts right of the name."""
    v = _view(document, language, layout)
    basics, h = v["basics"], v["h"]
    first, _, last = str(basics.get("name") or "").partition(" ")
    out = [
        '#let accent = rgb("#3873b3")\n',
        '#set page(paper: "a4", margin: (x: 1.6cm, y: 1.6cm))\n',
        f'#set text(font: "Libertinus Serif", size: 10.5pt, lang: "{language}")\n',
        "#set par(spacing: 0.65em)\n",
        "#let row(l, r) = grid(columns: (24%, 1fr), column-gutter: 0.9em, align(right, text(fill: luma(90), l)), r)\n",
        "#let section(title) = block(above: 1.4em, below: 0.8em, row(box(width: 100%, height: 0.5em, "
        "fill: accent), text(size: 14pt, fill: accent, title)))\n",
        "#grid(columns: (1fr, auto), column-gutter: 1em, [\n",
        f"#text(size: 30pt)[{escape(first)} #text(fill: luma(110))[{escape(last)}]]\n\n",
    ]
    if basics.get("label"):
        out.append(f'#text(size: 13pt, style: "italic", fill: luma(90))[{escape(basics["label"])}]\n')
    out.append("], align(right)[\n")
    if photo:
        out.append(f"#box(width: 2.2cm, stroke: 0.8pt + accent, inset: 1pt, {_image(photo)})\n\n")
    for contact in _contacts(basics):
        symbol = "in" if contact["kind"] == "linkedin" else ICONS.get(contact["kind"], ICONS["url"])
        out.append(f"#text(size: 9pt)[{_contact_text(contact)} #h(0.2em) #text(fill: accent)[{symbol}]]\n\n")
    out.append("])\n")
    if basics.get("summary"):
        out.append(f"#section[{escape(h['summary'])}]\n#row([], [{escape(basics['summary'])}])\n")
    if v["jobs"]:
        out.append(f"#section[{escape(h['work'])}]\n")
        for job in v["jobs"]:
            dates = period(job.get("startDate"), job.get("endDate"), language, "long")
            place = f", {escape(job['location'])}" if job.get("location") else ""
            body = f"*{escape(job.get('position'))}*, _{escape(job.get('name'))}_{place}"
            if job.get("summary"):
                body += f" \\ #text(size: 9.5pt)[{escape(job['summary'])}]"
            body += "".join(f"\n#list(marker: [•])[{escape(x)}]" for x in job.get("highlights") or [])
            out.append(f"#row([{escape(dates)}], [{body}])\n#v(0.4em)\n")
    if v["schools"]:
        out.append(f"#section[{escape(h['education'])}]\n")
        for school in v["schools"]:
            dates = period(school.get("startDate"), school.get("endDate"), language, "long", current=False)
            grade = f", {escape(school['score'])}" if school.get("score") else ""
            body = f"*{_degree(school, language)}*, _{escape(school.get('institution'))}_{grade}"
            out.append(f"#row([{escape(dates)}], [{body}])\n#v(0.3em)\n")
    if v["groups"] or v["flat"]:
        out.append(f"#section[{escape(h['skills'])}]\n")
        for group in v["groups"]:
            out.append(f"#row([{escape(group['name'])}], [{', '.join(escape(k) for k in group['keywords'])}])\n")
        if v["flat"]:
            out.append(f"#row([], [{', '.join(escape(k) for k in v['flat'])}])\n")
    if v["languages"]:
        out.append(f"#section[{escape(h['languages'])}]\n")
        for lang in v["languages"]:
            out.append(f"#row([{escape(lang.get('language'))}], [_{escape(lang.get('fluency'))}_])\n")
    if v["certificates"]:
        out.append(f"#section[{escape(h['certificates'])}]\n")
        for cert in v["certificates"]:
            when = _date(cert.get("date"), language, "long")
            out.append(f"#row([{escape(when)}], [*{escape(cert.get('name'))}*, _{escape(cert.get('issuer'))}_])\n")
    if v["projects"]:
        out.append(f"#section[{escape(h['projects'])}]\n")
        for project in v["projects"]:
            when = _date(project.get("startDate"), language, "long")
            body = f"*{escape(project.get('name'))}* \\ {escape(project.get('description'))}"
            body += "".join(f"\n#list(marker: [•])[{escape(x)}]" for x in project.get("highlights") or [])
            out.append(f"#row([{escape(when)}], [{body}])\n#v(0.3em)\n")
    return "".join(out)


TYPST_LAYOUTS: dict[str, TypstLayout] = {
    "typst-classic": TypstLayout("typst-classic", HEADINGS_A, "rendercv", classic_source),
    "typst-sidebar": TypstLayout("typst-sidebar", HEADINGS_B, "numeric", sidebar_source),
    "typst-moderncv": TypstLayout("typst-moderncv", HEADINGS_A, "long", moderncv_source),
}


def _compile(source: str) -> bytes:
    import typst

    data = typst.compile(source.encode(), ignore_system_fonts=True)
    assert isinstance(data, bytes)
    return data


@cache
def missing_glyphs() -> tuple[str, ...]:
    """The icons Typst's bundled fonts cannot draw: a missing glyph prints as a box and leaves the text layer."""
    import pypdfium2

    probe = " ".join(ICONS.values())
    pdf = pypdfium2.PdfDocument(_compile(f'#set text(font: "Libertinus Serif")\n{probe}\n'))
    try:
        text = pdf[0].get_textpage().get_text_range()
    finally:
        pdf.close()
    return tuple(icon for icon in ICONS.values() if icon not in text)


def render_typst(document: dict[str, Any], language: str, layout: TypstLayout, photo: bytes | None = None) -> bytes:
    """The CV as a PDF typeset by Typst in `layout`, offline."""
    missing = missing_glyphs()
    if missing:
        raise RuntimeError(f"Typst's bundled fonts cannot draw the icons {' '.join(missing)}: choose others")
    return _compile(layout.source(document, language, layout, photo))


def photo_png(seed: str) -> bytes:
    """The corpus CV's photo (the HTML layouts' one) as PNG bytes."""
    return base64.b64decode(photo_data_url(seed).partition(",")[2])
