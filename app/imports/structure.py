"""A CV's lines to a JSON Resume document: headings, entries, dates, contacts, skills.

Every value is text the source holds (trimmed, split at separators, broken lines joined); the only
values made rather than copied are ISO dates and a profile's network named after its URL. What fits
nowhere is quoted back in `unplaced`; what was guessed (a role/company order, a heading known only by
its look, a date that reads two ways) is asked about through `uncertain`.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from app.cv.model import check_email, check_iso_date, check_url, repair_url
from app.cv.sections import SECTIONS
from app.errors import InvalidInput
from app.imports.dates import PRESENT, Found, find_period, strip_period
from app.imports.document import ImportResult, Line, ReadDocument, Uncertain
from app.imports.headings import heading_guess, heading_key, inline_heading

# Bullet glyphs: the usual ones, and any arrow, geometric shape or dingbat a design sets before its items ("▸", "➜").
_GLYPH = "•‣⁃∙·*◊♦❖★☆✦✧✓✔✗✘»›❯\u2190-\u21ff\u25a0-\u25ff\u2794-\u27bf\u27f5-\u27ff\u2b00-\u2bff"
_WRAPPED_DATE_END = re.compile(rf"(?:\d{{1,2}}[./])?\d{{4}}|(?:{PRESENT})", re.I)  # the end of a wrapped period
_BULLET = re.compile(rf"^\s*(?:[{_GLYPH}–—-]|\d{{1,2}}[.)](?=\s))\s*")
_ICONS = re.compile("[\ue000-\uf8ff\U000f0000-\U000ffffd]+")  # icon fonts' private-use glyphs: a separator
_GLYPHS_ONLY = re.compile(rf"^[\s{_GLYPH}|–—-]*$")
_PAGE_MARK = re.compile(r"^(?:page|seite|página|сторінка)?\s*\d{1,2}\s*(?:/|of|von|de|sur|з)\s*\d{1,2}$", re.I)
_DOC_TITLE = re.compile(r"^(?:curriculum vitae|resume|résumé|cv|lebenslauf|резюме|hoja de vida)$", re.I)
_SENTENCE_END = re.compile(r"[.!?;:]$")
_OPEN_END = re.compile(r"\s(?:of|and|for|in|at|de|del|la|y|e|et|und|für|der|des|du|von|zu|en|і|та|з|для)$", re.I)
_MID_SENTENCE = re.compile(r"[a-zà-ÿа-яіїєґ]{3}[.!?]\s+[A-ZÀ-ÖØ-ÞА-ЯІЇЄҐ]")  # "… und Controlling. Ich sorge für"
# A full stop that ends an abbreviation, not a sentence: "Tecnologías del Sur S.L.", "Acme Inc.", "Smith & Co."
_ABBREVIATION_END = re.compile(r"(?:(?<![\w'’])\w\.|\b(?:inc|ltd|co|corp|bros|mfg|jr|sr|e\.v|dr|st|etc)\.)$", re.I)
_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(
    r"^(?:(?:https?://)?(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?:[/?#]\S*)?|https?://\S+)$", re.I
)
_PHONE = re.compile(r"^\+?[\d\s().\-/]{6,}\d(?:\s*(?:ext\.?|x|доб\.?|durchwahl|poste)\s*\d{1,6})?$", re.I)
_LABEL = re.compile(
    r"^(?P<label>e-?mail|mail|courriel|correo(?: electrónico)?|пошта|ел\. ?пошта|tel\.?|tél\.?|telephone|téléphone|"
    r"teléfono|telefon|phone|mobile|mobil|handy|cell|móvil|portable|телефон|тел\.?|address|adresse|dirección|"
    r"адреса|location|wohnort|ort|ubicación|localisation|localización|місто|website|web|site|homepage|portfolio|"
    r"сайт|linkedin|github|gitlab|twitter|x|behance|dribbble|stack ?overflow|xing|medium|telegram)\s*[:：]\s*",
    re.I,
)
_NETWORKS = {
    "linkedin": "LinkedIn", "github": "GitHub", "gitlab": "GitLab", "stackoverflow": "Stack Overflow",
    "twitter": "Twitter", "x": "X", "behance": "Behance", "dribbble": "Dribbble", "xing": "XING", "medium": "Medium",
    "telegram": "Telegram",
}  # fmt: skip
_PROFILE_URL = re.compile(
    r"^(?:https?://)?(?:[\w-]+\.)?(?P<site>linkedin\.com/(?:in|pub)|github\.com|gitlab\.com|stackoverflow\.com/users"
    r"(?:/\d+)?|twitter\.com|x\.com|behance\.net|dribbble\.com|xing\.com/profile|medium\.com|t\.me)"
    r"/@?(?P<user>[\w.%-]+)/?$",
    re.I,
)
_SITE_NETWORK = {
    "linkedin": "LinkedIn", "github": "GitHub", "gitlab": "GitLab", "stackoverflow": "Stack Overflow",
    "twitter": "Twitter", "x.com": "X", "behance": "Behance", "dribbble": "Dribbble", "xing": "XING",
    "medium": "Medium", "t.me": "Telegram",
}  # fmt: skip
_NAME = re.compile(r"^(?:[A-ZÀ-ÖØ-ÞА-ЯІЇЄҐ][\w'’.-]*\.?)(?:[ \u00a0]+(?:[A-ZÀ-ÖØ-ÞА-ЯІЇЄҐ]|d[aeiu]|v[ao]n|de|la)"
                   r"[\w'’.-]*){1,4}$")  # fmt: skip
_PLACE_PART = r"[A-ZÀ-ÖØ-ÞА-ЯІЇЄҐ][\w'’.\-]*(?:[ -][\w'’.\-]+){0,2}"
_PLACE = re.compile(
    rf"^(?:(?P<postal>\d{{4,6}}|[A-Z]{{1,2}}-?\d{{4,5}})\s+)?{_PLACE_PART}(?:,\s*{_PLACE_PART}){{1,2}}$"
)
_COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")
_LONE_PLACE = re.compile(r"[A-ZÀ-ÖØ-ÞА-ЯІЇЄҐ][^\W\d_]+(?:[ -][^\W\d_]+){0,2}")
_SEPARATORS = re.compile(r"\t+|\s+[·|•▪◦∙]\s+|\s{3,}|\s*[·|•▪◦∙]\s*(?=\S)(?<=[·|•▪◦∙]\S)|\s+/\s+|;\s+")
_HEAD_SPLIT = re.compile(r"\t+|\s+[·|•▪∙]\s+|\s{3,}")
_ITEM_SPLIT = re.compile(r"\s*(?:[,;|•·▪∙]|\t+|\s{3,}|\s/\s)\s*(?![^()]*\))")
_EMPLOYMENT = re.compile(
    r"^(?:full[- ]time|part[- ]time|freelance|self[- ]employed|contract|internship|apprenticeship|seasonal|"
    r"vollzeit|teilzeit|praktikum|werkstudent|temps plein|temps partiel|stage|cdi|cdd|jornada completa|"
    r"media jornada|prácticas|повна зайнятість|часткова зайнятість|remote|hybrid|on-?site)$",
    re.I,
)
_TITLE_WORDS = re.compile(
    r"\b(?:engineer|developer|programmer|architect|manager|director|head|lead|chief|officer|analyst|scientist|"
    r"consultant|designer|specialist|administrator|coordinator|assistant|associate|intern|trainee|student|"
    r"researcher|professor|lecturer|teacher|tutor|nurse|doctor|physician|accountant|auditor|editor|writer|"
    r"technician|operator|representative|agent|advisor|adviser|owner|founder|co-founder|partner|president|"
    r"ceo|cto|cfo|coo|vp|mentor|volunteer|cashier|clerk|secretary|sales|marketing|recruiter|officer|"
    r"staff|senior|junior|principal|werkstudent|praktikant|ingenieur|ingenieurin|entwickler|entwicklerin|"
    r"berater|beraterin|leiter|leiterin|referent|referentin|sachbearbeiter|kaufmann|kauffrau|lehrer|lehrerin|"
    r"pflegefachkraft|krankenschwester|geschäftsführer|mitarbeiter|développeur|développeuse|ingénieur|"
    r"chef|responsable|chargé|chargée|directeur|directrice|stagiaire|enseignant|infirmier|infirmière|"
    r"ingeniero|ingeniera|desarrollador|desarrolladora|jefe|jefa|gerente|director|directora|analista|"
    r"profesor|profesora|enfermero|enfermera|becario|інженер|розробник|розробниця|програміст|менеджер|"
    r"керівник|директор|аналітик|вчитель|викладач|бухгалтер|медсестра|лікар|консультант|дизайнер|стажер|"
    r"тестувальник|адміністратор|фахівець|спеціаліст)\w*",
    re.I,
)
_COMPANY_WORDS = re.compile(
    r"(?:\b(?:gmbh|ag|kg|ltd|limited|inc|llc|llp|plc|corp|corporation|company|co|sa|sas|sarl|s\.?l\.?|s\.?a\.?|"
    r"bv|nv|ab|oy|as|srl|spa|sp\. z o\.o|group|gruppe|bank|university|universität|université|universidad|"
    r"se|hospital|klinikum|clinic|school|agency|agentur|agence|partners|holdings|foundation|stiftung|institute|"
    r"institut|ministry|council|"
    r"тов|пп|фоп|ат|пат|банк|університет|компанія)\b\.?|\b[\w-]+\.(?:com|io|de|fr|es|ua|org|net)\b)",
    re.I,
)
_INSTITUTION = re.compile(
    r"universi|hochschule|fachhochschule|college|school|institut|academy|akademie|académie|academia|école|ecole|"
    r"escuela|colegio|lycée|lyceum|gymnasium|schule|polytechn|politécnica|politechnika|campus|conservatoire|"
    r"університет|інститут|академія|політехн|коледж|ліцей|школа|училище|kpi|mit\b|eth\b|epfl|\btu\b|\bfh\b",
    re.I,
)
_DEGREE = re.compile(
    r"\b(?:b\.?\s?sc|m\.?\s?sc|b\.?\s?s|m\.?\s?s|b\.?\s?a|m\.?\s?a|b\.?\s?eng|m\.?\s?eng|mba|ph\.?\s?d|dphil|"
    r"bachelor|master|"
    r"doctor(?:ate)?|dipl[oô]m[a-zé-]*(?:\s+d['’]\s?ing[ée]nieur)?|ingenier[ií]a|magister|licence|licenciatura|licenciado|grado|máster|doctorado|mastère|"
    r"doctorat|bts|dut|but|baccalauréat|bac|abitur|staatsexamen|ausbildung|associate|a\.?\s?s|certificate|"
    r"hnd|gcse|a-levels?|бакалавр|магістр|спеціаліст|кандидат наук|доктор|аспірантура|молодший спеціаліст)"
    r"(?:'s)?\b\.?(?:\s+(?:of|in|en|der|des|de|of arts|of science|of engineering)\s+(?:arts|science|sciences|"
    r"engineering|business administration|laws))?",
    re.I,
)
_SCORE = re.compile(
    r"^(?P<label>grade|gpa|cgpa|note|abschlussnote|mention|nota|оцінка|середній бал|score|average|moyenne|"
    r"promedio|durchschnitt)\s*[:：]?\s*(?P<value>\S.*)$",
    re.I,
)
# A grade on its own: "3.8/4.0", "16/20", "85%", "1,7".
_GRADE = re.compile(r"^(?:\d{1,3}(?:[.,]\d{1,2})?\s*(?:/\s*\d{1,3}(?:[.,]\d{1,2})?|%)|\d[.,]\d{1,2})$")
_COURSES = re.compile(
    r"^(?:courses|relevant coursework|coursework|relevant courses|kurse|schwerpunkte|cours|cursos|"
    r"asignaturas|курси|дисципліни)\s*[:：]\s*(?P<value>\S.*)$",
    re.I,
)
_KEYWORDS = re.compile(r"^(?:technologies|tech stack|stack|tools|keywords|technologien|technologies utilisées|"
                       r"tecnologías|технології)\s*[:：]\s*(?P<value>\S.*)$", re.I)  # fmt: skip
# A list of spoken languages, not programming ones: levels in brackets or after a dash, CEFR levels, "native".
_SPOKEN = re.compile(
    r"\((?:[^)]*\b(?:[abc][12]|native|fluent|mother tongue|muttersprache|fließend|courant|langue maternelle|nativo|"
    r"lengua materna|рідна|вільно)\b[^)]*)\)|\b[abc][12]\b|\bnative\b|muttersprache|langue maternelle|lengua materna",
    re.I,
)
_LEVEL = re.compile(
    r"^(?:expert|advanced|intermediate|beginner|basic|proficient|professional|fluent|native|native speaker|"
    r"bilingual|conversational|elementary|good|very good|excellent|working proficiency|full professional proficiency|"
    r"limited working proficiency|elementary proficiency|native or bilingual proficiency|mother tongue|"
    r"[abc][12](?:[+/-][abc]?[12]?)?|muttersprache|fließend|verhandlungssicher|gut|sehr gut|grundkenntnisse|"
    r"langue maternelle|courant|bilingue|intermédiaire|notions|nativo|nativa|lengua materna|avanzado|intermedio|"
    r"básico|рідна|вільно|вільне володіння|середній|базовий|upper[- ]intermediate|pre[- ]intermediate)"
    r"(?:\s*\([^)]*\))?$",
    re.I,
)
_SUFFIXES = ("ment", "tion", "sion", "ing", "ung", "keit", "heit", "lich", "ness", "ity", "ed", "er", "es", "en",
             "ly", "ance", "ence", "able", "ible", "ure", "ive", "ist", "ism", "al", "ie", "age", "ción")  # fmt: skip
_CONTACT_MARKS = " ·|•▪◦∙"  # separators; any symbol (✉ ☎ ⌂ ⊕ ⌥ 🔗) is a mark too, except a phone's "+"


def _unmark(text: str) -> str:
    """A contact without the marks set before or after it ("+49 151 … ☎", "⌥ mariak", "⊕ maria.dev")."""
    start, end = 0, len(text)
    while start < end and _is_mark(text[start]):
        start += 1
    while end > start and _is_mark(text[end - 1]):
        end -= 1
    return text[start:end]


def _is_mark(char: str) -> bool:
    return char in _CONTACT_MARKS or (char != "+" and unicodedata.category(char) in ("So", "Sm", "Sk", "Co"))


_SAME_COLUMN = 30.0  # points: columns on two pages whose left edges are this close are one column
_ITEM_SECTIONS = {"certificates", "awards", "publications"}
_LIST_SECTIONS = {"skills", "languages", "interests"}
_INLINE_OK = _LIST_SECTIONS | {"contact", "summary"}
_ALPHANUMERIC = re.compile(r"[^\W_]")


def _handle(uri: str) -> str:
    """'https://linkedin.com/in/maria-k/' -> 'maria-k': what a profile link's line may show."""
    return urlsplit(uri).path.rstrip("/").rsplit("/", 1)[-1].lstrip("@").lower()


def _shows_handle(text: str, handles: set[str]) -> bool:
    """'maria-k', 'in maria-k' or 'maria-k in' on a line that links to .../maria-k."""
    words = [_unmark(w) for w in text.split()]
    words = [w for w in words if w]
    handle = [i for i, w in enumerate(words) if w.lstrip("@/").lower() in handles]
    if not handle:
        return False
    others = [w for i, w in enumerate(words) if i != handle[0]]
    return not others or (len(others) == 1 and _LINK_LABELS.match(others[0]) is not None)


_LINK_LABELS = re.compile(
    r"^(?:in|gh|li|portfolio|website|web|site|homepage|blog|linkedin|github|gitlab|twitter|x|behance|dribbble|"
    r"stack ?overflow|xing|medium|email|e-mail|mail|phone|telegram)$",
    re.I,
)


@dataclass
class _L:
    text: str
    line: Line
    bullet: bool = False


@dataclass
class _Entry:
    head: list[_L] = field(default_factory=list)
    found: Found | None = None
    body: list[_L] = field(default_factory=list)


@dataclass
class _Section:
    key: str
    heading: _L | None
    lines: list[_L] = field(default_factory=list)
    resumed: bool = False  # the same section going on in another column or on the next page


class _Builder:
    """One document's reading: the state that the section readers share."""

    def __init__(self, doc: ReadDocument) -> None:
        self.doc = doc
        self.unplaced: list[str] = []
        self.uncertain: list[Uncertain] = []
        self.basics: dict[str, Any] = {}
        self.profiles: list[dict[str, str]] = []
        self.out: dict[str, list[dict[str, Any]]] = {}
        self.summary: list[str] = []
        self.words: set[str] = set()
        self.body_bold = False
        self.right_edge = 0.0
        self.wrap_chars = 60
        self.headings_gapped = False
        self.offset = 0  # entries already read into the section being read (a CV may repeat a heading)
        self.name_lines: set[int] = set()  # ids of the Lines that hold the person's name

    # ---- lines and sections -------------------------------------------------------------------------------

    def prepare(self) -> list[_L]:
        lines: list[_L] = []
        first_page = {ln.text.strip() for ln in self.doc.lines if ln.page == 0}
        for line in self.doc.lines:
            text = _ICONS.sub("   ", line.text.replace("\r", "").replace("\u00a0", " ")).strip()
            if not text or _GLYPHS_ONLY.match(text) or _PAGE_MARK.match(text):
                continue
            if line.page > 0 and line.where in ("header", "footer") and text in first_page:
                continue  # a page header the reader let through
            match = _BULLET.match(text)
            glyph = bool(match and text[match.end() :]) and not (
                match is not None and match.group(0).strip() in "-–—" and " " not in match.group(0)
            )
            if glyph and match:
                text = text[match.end() :].strip()
            bullet = line.bullet or line.style.lower().startswith("list") or glyph
            lines.append(_L(text, line, bullet))
        lines = self.wrapped_dates(lines)
        bolds: Counter[bool] = Counter()
        for ln in lines:
            bolds[ln.line.bold] += len(ln.text)
        self.body_bold = bolds[True] > bolds[False]
        self.right_edge = max((ln.line.x1 for ln in lines), default=0.0)
        lengths = sorted(len(ln.text) for ln in lines)
        self.wrap_chars = max(50, int(0.75 * lengths[int(len(lengths) * 0.95)])) if lengths else 60
        self.words = {w.lower() for ln in lines for w in re.findall(r"[^\W\d_]+", ln.text)}
        return lines

    @staticmethod
    def wrapped_dates(lines: list[_L]) -> list[_L]:
        """A period broken in a narrow date column ('April 2019 – September' over '2023<tab>…', 'noviembre
        2024 –' over 'actualidad<tab>…'): its end is taken back to the line it belongs to, the rest of the next
        line kept."""
        out: list[_L] = []
        for ln in lines:
            prev = out[-1] if out else None
            first, tab, rest = ln.text.partition("\t")
            if (
                prev is not None
                and tab
                and (prev.line.page, prev.line.column) == (ln.line.page, ln.line.column)
                and ln.line.gap_before < 0.6
                and _WRAPPED_DATE_END.fullmatch(first)
            ):
                start, prev_tab, prev_rest = prev.text.partition("\t")
                if re.search(r"(?:[–—-]|[^\W\d_]{3,}\.?)$", start) and find_period(start):
                    out[-1] = _L(f"{start} {first}{prev_tab}{prev_rest}", prev.line, prev.bullet)
                    match = _BULLET.match(rest)
                    text = rest[match.end() :].strip() if match and rest[match.end() :].strip() else rest
                    out.append(_L(text, ln.line, ln.bullet or bool(match and text != rest)))
                    continue
            out.append(ln)
        return out

    def body_size(self, lines: list[_L]) -> float:
        if self.doc.body_size:
            return self.doc.body_size
        sizes = Counter(round(ln.line.size, 1) for ln in lines if ln.line.size)
        return sizes.most_common(1)[0][0] if sizes else 0.0

    def look(self, ln: _L, body: float) -> tuple[bool, bool, bool, bool]:
        letters = [c for c in ln.text if c.isalpha()]
        caps = len(letters) >= 3 and all(c.isupper() for c in letters)
        big = bool(body and ln.line.size > body * 1.08)
        styled = ln.line.style.lower().startswith(("heading", "title", "überschrift", "titre", "título"))
        return (ln.line.bold and not self.body_bold, caps, big, styled)

    def sections(self, lines: list[_L]) -> list[_Section]:
        body = self.body_size(lines)
        known: list[str | None] = [None if ln.bullet else heading_key(ln.text) for ln in lines]
        self.group_names(lines, known)
        looks = {self.look(ln, body) for ln, key in zip(lines, known, strict=True) if key}
        looks.discard((False, False, False, False))
        first = next((i for i, key in enumerate(known) if key), len(lines))
        gaps = [lines[i].line.gap_before for i, key in enumerate(known) if key and i > first]
        self.headings_gapped = bool(gaps) and all(g >= 0.5 for g in gaps)
        for i, ln in enumerate(lines):
            guess = None if known[i] or ln.bullet else heading_guess(ln.text)
            if guess and self.look(ln, body) in looks and (not self.headings_gapped or ln.line.gap_before >= 0.5):
                known[i] = guess  # "Core Skills" set like the known headings
        self.group_names(lines, known)
        looks = {self.look(ln, body) for ln, key in zip(lines, known, strict=True) if key}
        looks.discard((False, False, False, False))
        first = next((i for i, key in enumerate(known) if key), len(lines))
        out: list[_Section] = [_Section("header", None)]
        last_in_column: dict[tuple[int, int], _Section] = {}
        column_x: dict[tuple[int, int], float] = {}  # each column's left edge: a page's column 0 may be page 1's 1
        for ln in lines:
            where = (ln.line.page, ln.line.column)
            column_x[where] = min(column_x.get(where, ln.line.x0), ln.line.x0)
        previous: Line | None = None
        for i, ln in enumerate(lines):
            if previous is not None and (ln.line.column, ln.line.page) != (previous.column, previous.page):
                resumed = last_in_column.get((ln.line.page, ln.line.column))
                for page in range(ln.line.page - 1, -1, -1):  # the same column (by its left edge) on a page before
                    if resumed is not None:
                        break
                    here = column_x[ln.line.page, ln.line.column]
                    near = [c for (p, c), x in column_x.items() if p == page and abs(x - here) <= _SAME_COLUMN]
                    resumed = next((last_in_column[page, c] for c in near if (page, c) in last_in_column), None)
                if resumed is None and ln.line.page == 0:
                    resumed = out[0]
                if resumed is not None and resumed is not out[-1]:
                    out.append(_Section(resumed.key, None, resumed=True))
            previous = ln.line
            key = None if id(ln.line) in self.name_lines else known[i]
            inline = None if key or ln.bullet or out[-1].key in _LIST_SECTIONS else inline_heading(ln.text)
            if inline and inline[0] in _INLINE_OK:
                out.append(_Section(inline[0], None, [_L(inline[1], ln.line)]))
            elif key:
                out.append(_Section(key, ln))
            elif i > first and looks and self._looks_like_heading(ln, lines, i, body, looks, known):
                out.append(_Section("unknown", ln))
                self.uncertain.append(
                    Uncertain("unplaced", ln.text, f"Is '{ln.text}' a section of its own? Its lines were not placed.")
                )
            else:
                out[-1].lines.append(ln)
                continue
            last_in_column[(ln.line.page, ln.line.column)] = out[-1]
        return out

    @staticmethod
    def group_names(lines: list[_L], known: list[str | None]) -> None:
        """A heading word set plainer than the heading above it, inside a list, names a group of that list:
        'Tools' or 'Languages' (bold, body size) under 'CORE SKILLS' (bold capitals) are skill groups."""

        def signature(ln: _L) -> tuple[float, bool, bool]:
            letters = [c for c in ln.text if c.isalpha()]
            return round(ln.line.size, 1), ln.line.bold, bool(letters) and all(c.isupper() for c in letters)

        current: dict[tuple[int, int], int] = {}  # the heading each column is under
        for i, key in enumerate(known):
            if not key:
                continue
            where = (lines[i].line.page, lines[i].line.column)
            above = current.get(where)
            if (
                above is not None
                and known[above] in _LIST_SECTIONS
                and signature(lines[i]) < signature(lines[above])  # set smaller, or plainer, than the heading
                and not (i + 1 < len(lines) and known[i + 1])
            ):
                known[i] = None
                continue
            current[where] = i

    def _looks_like_heading(
        self, ln: _L, lines: list[_L], i: int, body: float, looks: set[tuple[bool, bool, bool, bool]], known: list[Any]
    ) -> bool:
        text = ln.text
        if id(ln.line) in self.name_lines:
            return False
        if ln.bullet or len(text.split()) > 4 or re.search(r"[.,;!?@\d]", text) or find_period(text):
            return False
        if self.look(ln, body) not in looks:
            return False
        if self.headings_gapped and ln.line.gap_before < 0.5:
            return False  # the known headings have space above them; a line without it is no heading
        following = lines[i + 1] if i + 1 < len(lines) else None
        return following is not None and not known[i + 1]

    # ---- joining broken lines -----------------------------------------------------------------------------

    def join(self, left: str, right: str) -> str:
        """Two pieces of one sentence; 'develop-' + 'ment' -> 'development' when that word is likelier."""
        hyphen = re.search(r"(\w+)-$", left)
        if hyphen and right[:1].islower():
            word = re.match(r"[^\W\d_]+", right)
            tail = word.group(0) if word else ""
            joined = (hyphen.group(1) + tail).lower()
            hyphened = f"{hyphen.group(1)}-{tail}".lower()
            if joined in self.words or (hyphened not in self.words and tail.lower().endswith(_SUFFIXES)):
                return left[:-1] + right
            return left + right
        return f"{left} {right}"

    def continues(self, prev: _L, ln: _L) -> bool:
        """Whether `ln` goes on with the sentence `prev` started (same paragraph)."""
        if ln.bullet or ln.line.gap_before >= 0.8 or ends_sentence(prev.text):
            return False
        first = ln.text[:1]
        if first.islower() or prev.text.endswith(("-", ",", "&", "/")):
            return True
        if prev.bullet and prev.line.x0 and ln.line.x0 > prev.line.x0 + 1:
            return True
        if prev.line.x1 and self.right_edge:
            return prev.line.x1 >= self.right_edge * 0.9 and not ln.line.bold
        return len(prev.text) >= self.wrap_chars and not ln.line.bold

    def paragraphs(self, lines: list[_L]) -> list[tuple[str, bool]]:
        """Lines to (text, is_bullet) items: bullets and paragraphs with their broken lines joined."""
        out: list[tuple[str, bool]] = []
        prev: _L | None = None
        for ln in lines:
            if prev is not None and out and self.continues(prev, ln):
                text, bullet = out[-1]
                out[-1] = (self.join(text, ln.text), bullet)
                prev = _L(ln.text, ln.line, prev.bullet)
                continue
            out.append((ln.text, ln.bullet))
            prev = ln
        return out

    # ---- header and contacts ------------------------------------------------------------------------------

    def contacts(self, lines: list[_L], header: bool) -> None:
        leftovers: list[_L] = []
        for ln in lines:
            if _DOC_TITLE.match(ln.text):
                continue
            rest = [_unmark(p) for p in _SEPARATORS.split(ln.text) if p and _unmark(p)]
            kept = [p.strip() for p in rest if not self.contact_part(p.strip())]
            for uri in ln.line.links:
                self.link(uri)  # after the text: the text's spelling of a phone or a link is kept
            if ln.line.links:  # what an icon link's line shows: a label ("in", "GitHub") and/or its handle
                handles = {_handle(uri) for uri in ln.line.links}
                kept = [p for p in kept if not _LINK_LABELS.match(p) and not _shows_handle(p, handles)]
            if len(kept) < len(rest) and "location" not in self.basics:
                places = [p for p in kept if self.lone_place(p)]
                if len(places) == 1 and self.set_location(places[0]):  # "München · jonas@web.de · 0176 …"
                    kept.remove(places[0])
            if len(kept) == len(rest):
                leftovers.append(ln)
            else:
                leftovers.extend(_L(p, ln.line, ln.bullet) for p in kept)
        if not header:
            self.unplaced.extend(ln.text for ln in leftovers)
            return
        sizes = [ln.line.size for ln in leftovers]
        biggest = max(sizes) if sizes else 0.0
        name_at: int | None = None
        if self.name_lines:  # the name is the page's biggest text: here, or in another column
            at = [i for i, ln in enumerate(leftovers) if id(ln.line) in self.name_lines]
            leftovers = [ln for ln in leftovers if id(ln.line) not in self.name_lines]
            if at:
                name_at = at[0]
                leftovers.insert(name_at, _L(self.basics["name"], Line(self.basics["name"])))
        else:
            name_at = next(
                (i for i, ln in enumerate(leftovers) if biggest and ln.line.size == biggest and _NAME.match(ln.text)),
                next((i for i, ln in enumerate(leftovers) if _NAME.match(ln.text)), None),
            )
        if (
            not self.name_lines
            and name_at is None
            and leftovers
            and biggest
            and leftovers[0].line.size == biggest
            and len(leftovers[0].text.split()) <= 5
        ):
            name_at = 0
        if name_at is not None and "name" not in self.basics:
            self.basics["name"] = leftovers[name_at].text
        for i, ln in enumerate(leftovers):
            if i == name_at:
                continue
            words = len(ln.text.split())
            if (
                "label" not in self.basics
                and name_at is not None
                and i > name_at
                and words <= 10
                and not ends_sentence(ln.text)
                and not re.search(r"@|://|\d{4}", ln.text)
            ):
                self.basics["label"] = ln.text
            elif words >= 8:
                self.summary.append(ln.text)
            else:
                self.unplaced.append(ln.text)

    def find_name(self, lines: list[_L]) -> None:
        """The person's name: the biggest text on the first page, wherever it sits (a sidebar may be read first),
        its lines joined when it is set over two ('Mathieu' / 'Chevalier')."""
        body = self.body_size(lines)
        first = [ln for ln in lines if ln.line.page == 0 and ln.line.size and not ln.bullet]
        if not body or not first:
            return
        biggest = max(ln.line.size for ln in first)
        if biggest < body * 1.25:
            return
        for at, ln in enumerate(first):
            if abs(ln.line.size - biggest) > 0.2:
                continue
            group = [ln]
            for nxt in first[at + 1 : at + 2]:
                same = abs(nxt.line.size - biggest) <= 0.2 and nxt.line.column == ln.line.column
                short = len(ln.text.split()) <= 2 and len(nxt.text.split()) <= 2 and person_name(nxt.text)
                if same and short and nxt.line.gap_before < 1.0 and person_name(ln.text):
                    group.append(nxt)
            text = " ".join(g.text for g in group)
            if person_name(text):
                self.basics["name"] = text
                self.name_lines = {id(g.line) for g in group}
                return

    def contact_part(self, part: str) -> bool:
        """Take one piece of a contact line into basics; False when it is no contact."""
        label_match = _LABEL.match(part)
        label = label_match.group("label").lower().replace(" ", "").rstrip(".") if label_match else ""
        value = part[label_match.end() :].strip() if label_match else part
        if not value:
            return False
        email = _EMAIL.fullmatch(value.removeprefix("mailto:"))
        if email:
            return self.set_email(email.group(0))
        if label in _NETWORKS and not _URL.match(value):
            username = value.rstrip("/").rsplit("/", 1)[-1].lstrip("@")
            if username:
                self.profiles.append({"network": _NETWORKS[label], "username": username})
                return True
        if _URL.match(value) and not _PHONE.match(value):
            return self.link(value)
        if _PHONE.match(value) and 7 <= len(re.sub(r"\D", "", value.split("x")[0])) <= 15 and not find_period(value):
            known = self.basics.get("phone")
            if known is None or re.sub(r"\D", "", known) == re.sub(r"\D", "", value):
                self.basics["phone"] = value
                return True
            return False
        if (label and label[:3] in ("add", "loc", "ort", "woh", "ubi", "mis", "адр", "dir")) or _PLACE.match(value):
            return self.set_location(value)
        return False

    def lone_place(self, part: str) -> bool:
        """A town set among contacts without its country: one capitalised word ('München'), or up to three when
        the name is known and this is not it ('Frankfurt am Main'); never a role or an employer."""
        words = part.split()
        if not _LONE_PLACE.fullmatch(part) or _TITLE_WORDS.search(part) or _COMPANY_WORDS.search(part):
            return False
        return len(words) == 1 or ("name" in self.basics and part != self.basics["name"] and len(words) <= 3)

    def set_email(self, value: str) -> bool:
        try:
            check_email(value)
        except ValueError:
            return False
        self.basics.setdefault("email", value)
        return True

    def link(self, value: str) -> bool:
        """A URL from the text or a link annotation: email, phone, a profile, or the person's site."""
        value = value.strip().rstrip(".,;")
        if value.lower().startswith("mailto:"):
            return self.set_email(value[7:].split("?")[0])
        if value.lower().startswith("tel:"):
            self.basics.setdefault("phone", value[4:])
            return True
        try:
            url = check_url(repair_url(value))
        except ValueError:
            return False
        if not url:
            return False
        key = re.sub(r"^https?://(www\.)?", "", url.lower()).rstrip("/")
        profile = _PROFILE_URL.match(value)
        if profile:
            site = profile.group("site").lower()
            network = next(name for k, name in _SITE_NETWORK.items() if k in site)
            for known in self.profiles:
                if known.get("url") and re.sub(r"^https?://(www\.)?", "", known["url"].lower()).rstrip("/") == key:
                    return True
                if known.get("network") == network and not known.get("url"):
                    known["url"] = url
                    return True
            self.profiles.append({"network": network, "username": profile.group("user"), "url": url})
            return True
        existing = self.basics.get("url")
        if existing and re.sub(r"^https?://(www\.)?", "", existing.lower()).rstrip("/") == key:
            return True
        if existing:
            if any(p.get("url") == url for p in self.profiles):
                return True
            self.profiles.append({"url": url})
        else:
            self.basics["url"] = url
        return True

    def set_location(self, value: str) -> bool:
        if "location" in self.basics:
            return False
        match = _PLACE.match(value)
        place: dict[str, str] = {}
        text = value
        if match and match.group("postal"):
            place["postalCode"] = match.group("postal")
            text = value[match.end("postal") :].strip()
        parts = [p.strip() for p in text.split(",") if p.strip()]
        if not parts:
            return False
        if not match and not _LONE_PLACE.fullmatch(text):
            place["address"] = value
        else:
            if len(parts) > 1 and _COUNTRY_CODE.match(parts[-1]):
                place["countryCode"] = parts.pop()
            place["city"] = parts[0]
            if len(parts) > 1:
                place["region"] = ", ".join(parts[1:])
        self.basics["location"] = place
        return True

    # ---- entries ------------------------------------------------------------------------------------------

    def date_in(self, ln: _L) -> Found | None:
        """A period that belongs to the line's title, not one mentioned in a sentence."""
        if len(ln.text) > 160 or not re.search(r"\d", ln.text):
            return None
        found = find_period(ln.text)
        if not found:
            return None
        rest = strip_period(ln.text, found)
        if not rest or "\t" in ln.text or found.span[0] == 0:
            return found
        at_end = found.span[1] >= len(ln.text.rstrip(" )")) - 1
        before = ln.text[: found.span[0]].rstrip()
        if (
            at_end
            and len(rest.split()) <= 12
            and not re.search(
                r"\b(?:in|since|from|of|by|until|im|seit|von|bis|en|de|depuis|desde|у|в|з|до|ab|le|el|the)$",
                before,
                re.I,
            )
        ):
            return found
        return None

    def entries(self, lines: list[_L], key: str) -> list[_Entry]:
        entries: list[_Entry] = []
        cur: _Entry | None = None
        for ln in lines:
            if ln.bullet and key in _ITEM_SECTIONS:
                found = self.date_in(ln)
                cur = _Entry([_L(strip_period(ln.text, found), ln.line)] if found else [ln], found)
                entries.append(cur)
                continue
            if ln.bullet:
                if cur is None:
                    cur = _Entry()
                    entries.append(cur)
                cur.body.append(ln)
                continue
            found = self.date_in(ln)
            if found:
                rest = strip_period(ln.text, found)
                head = [_L(rest, ln.line)] if rest else []
                if cur is not None and cur.found is None and not cur.body and cur.head:
                    cur.found = found
                    cur.head.extend(head)
                    continue
                moved: list[_L] = []
                if cur is not None and cur.body:
                    moved = self._title_lines_before(cur, ln, date_only=not rest)
                cur = _Entry(moved + head, found)
                entries.append(cur)
                continue
            sentence = ends_sentence(ln.text) or len(ln.text.split()) > 12 or bool(_MID_SENTENCE.search(ln.text))
            if cur is None:
                cur = _Entry([ln])
                entries.append(cur)
            elif (
                not cur.body
                and not sentence
                and (len(cur.head) < 2 or len(ln.text.split()) <= 5)
                and len(cur.head) < 3
                and not self._new_title(ln, cur, key)
            ):
                last = cur.head[-1] if cur.head else None
                if last is not None and _OPEN_END.search(last.text) and last.line.bold == ln.line.bold:
                    cur.head[-1] = _L(f"{last.text} {ln.text}", last.line)  # a title broken after "de", "of"
                else:
                    cur.head.append(ln)
            elif self._new_title(ln, cur, key) and not sentence:
                cur = _Entry([ln])
                entries.append(cur)
            else:
                cur.body.append(ln)
        return entries

    def _new_title(self, ln: _L, cur: _Entry, key: str) -> bool:
        if not cur.body and not cur.found and key not in _ITEM_SECTIONS | {"references"}:
            return False
        bold = ln.line.bold and not self.body_bold and not all(h.line.bold for h in cur.body if not h.bullet)
        if bold and cur.head and not cur.head[0].line.bold:
            bold = False  # a bold word in a design whose titles are not bold
        if bold and (cur.body or cur.found):
            return True
        if not cur.body:
            return key in _ITEM_SECTIONS and cur.found is not None and len(cur.head) >= 2
        if ln.line.gap_before >= 0.8 and len(ln.text.split()) <= 10:
            return True
        return key in _ITEM_SECTIONS | {"references"} and len(ln.text.split()) <= 10

    def _title_lines_before(self, cur: _Entry, ln: _L, date_only: bool) -> list[_L]:
        """Short lines ending the previous entry's body that are the new entry's title (date below them)."""
        moved: list[_L] = []
        while cur.body and len(moved) < 2:
            last = cur.body[-1]
            short = not last.bullet and len(last.text.split()) <= 10 and not ends_sentence(last.text)
            title_like = (
                date_only or "\t" in last.text or last.line.gap_before >= 0.8 or (last.line.bold and not self.body_bold)
            )
            if not (short and title_like):
                break
            moved.insert(0, cur.body.pop())
            if last.line.gap_before >= 0.8:
                break
        return moved

    def fragments(self, entry: _Entry, places: bool = True) -> tuple[list[str], str | None, str | None]:
        """The title lines' texts split at separators; the url and the location found among them."""
        texts: list[str] = []
        url = location = None
        for h in entry.head:
            for at, piece in enumerate(_HEAD_SPLIT.split(h.text)):
                piece = piece.strip(" ,|·")
                if not piece or _EMPLOYMENT.match(piece):
                    continue
                if url is None and _URL.match(piece) and " " not in piece:
                    try:
                        url = check_url(repair_url(linked(piece, h.line.links)))
                        continue
                    except ValueError:
                        pass
                beside = at > 0 and len(piece.split()) <= 3 and piece[:1].isupper() and not re.search(r"\d", piece)
                plain = not _TITLE_WORDS.search(piece) and not _COMPANY_WORDS.search(piece)
                after_degree = bool(texts) and bool(_DEGREE.fullmatch(texts[-1]))  # "Master · Computer Science"
                if beside and places and location is None and plain and texts and not after_degree:
                    location = piece  # "Monzo Bank Ltd | London": a place set beside the company
                    continue
                whole_line_ok = at > 0 or len(texts) >= 2  # a line of its own is a place after role and company
                if (
                    places
                    and whole_line_ok
                    and location is None
                    and _PLACE.match(piece)
                    and not _COMPANY_WORDS.search(piece)
                ):
                    location = piece
                    continue
                texts.append(piece)
        return texts, url, location

    def dates(self, entry: _Entry, path: str, single: bool = False) -> dict[str, str]:
        found = entry.found
        if not found:
            return {}
        out: dict[str, str] = {}
        for name, value in (("startDate", found.start), ("endDate", found.end)):
            if value:
                try:
                    out[name] = check_iso_date(value)
                except ValueError:
                    continue
        if found.ambiguous:
            self.uncertain.append(
                Uncertain(f"{path}.startDate", out.get("startDate", ""), "Is the date read day first, as written?")
            )
        if single:
            return {"date": out.get("endDate") or out.get("startDate", "")} if out else {}
        return out

    def body(self, entry: _Entry) -> tuple[list[str], list[str]]:
        """The entry's paragraphs and its bullets."""
        paragraphs: list[str] = []
        bullets: list[str] = []
        for text, bullet in self.paragraphs(entry.body):
            (bullets if bullet else paragraphs).append(text)
        return paragraphs, bullets

    def split_role(
        self, texts: list[str], path: str, role: str, place: str, role_first: bool | None = None
    ) -> dict[str, str]:
        """Position and company from a title's pieces, by job-title words and company suffixes; where those
        do not tell, in the order the section's other entries show (`role_first`), else asked."""
        if not texts:
            return {}
        first = texts[0]
        pair: tuple[str, str] | None = None
        sure = False
        if len(texts) >= 2:
            pair = (first, texts[1])
        else:
            match = re.match(r"^(.+?)\s+(?:at|@|bei|chez|en|в|у)\s+(.+)$", first)
            if match and _TITLE_WORDS.search(match.group(1)):
                return {role: match.group(1), place: match.group(2)}
            match = re.match(r"^(.+?)\s*(?:\s[—–-]\s|\s\|\s|,\s)\s*(.+)$", first)
            if match:
                pair = (match.group(1), match.group(2))
        if pair is None:
            if _COMPANY_WORDS.search(first) and not _TITLE_WORDS.search(first):
                return {place: first}
            return {role: first}
        a, b = pair
        score_a, score_b = role_score(a), role_score(b)
        sure = score_a != score_b
        if score_b > score_a or (not sure and role_first is False):
            a, b = b, a
        if not sure and role_first is None:
            self.uncertain.append(
                Uncertain(
                    f"{path}.{role}", a, f"Is '{a}' the role and '{b}' the {'company' if place == 'name' else place}?"
                )
            )
        out = {role: a, place: b}
        if place in ("name", "organization"):
            split = re.match(r"^(.+?)(?:\s+[–—-]\s+|,\s*)(.+)$", b)
            if split and place_like(split.group(2)) and not _COMPANY_WORDS.fullmatch(split.group(2).strip(" .")):
                out[place] = split.group(1).strip()  # "PayFlow GmbH, Berlin, Germany", "Ferrovial S.A. – Madrid"
                out["location"] = split.group(2).strip()
        return out

    def work(self, entries: list[_Entry], key: str) -> list[dict[str, Any]]:
        role, place = ("position", "name") if key == "work" else ("position", "organization")
        out = []
        read = [self.fragments(entry) for entry in entries]
        # The order most entries show by their words ("PayFlow GmbH" / "Staff Engineer") holds for the others.
        votes = sum((role_score(t[0]) > role_score(t[1])) - (role_score(t[0]) < role_score(t[1])) for t, _, _ in read
                    if len(t) >= 2)  # fmt: skip
        role_first = None if votes == 0 else votes > 0
        for n, entry in enumerate(entries):
            path = f"{key}.{self.offset + n}"
            texts, url, location = read[n]
            item: dict[str, Any] = self.split_role(texts[:2], path, role, place, role_first)
            extra = texts[2:]
            if location and "location" not in item:
                item["location"] = location
            if key == "volunteer" and "location" in item:
                extra.insert(0, item.pop("location"))
            if url:
                item["url"] = url
            item.update(self.dates(entry, path))
            paragraphs, bullets = self.body(entry)
            if extra and key == "work":
                item["description"] = "\n".join(extra)
            elif extra:
                paragraphs[:0] = extra
            if paragraphs and not bullets and len(paragraphs) > 1:
                bullets, paragraphs = paragraphs[1:], paragraphs[:1]
            if paragraphs:
                item["summary"] = "\n".join(paragraphs)
            if bullets:
                item["highlights"] = bullets
            out.append(item)
        return out

    def education(self, entries: list[_Entry]) -> list[dict[str, Any]]:
        out = []
        for n, entry in enumerate(entries):
            item: dict[str, Any] = {}
            head = []
            for h in entry.head:
                pair = degree_pair(h.text) if len(entry.head) > 1 and "studyType" not in item else None
                if pair:  # "Master · Computer Science" on a line of its own: the degree, then the field
                    item["studyType"], item["area"] = pair
                else:
                    head.append(h)
            texts, url, location = self.fragments(_Entry(head, entry.found, entry.body))
            rest: list[str] = []
            texts = [part for text in texts for part in split_school(text)]
            for text in texts:
                score = _SCORE.match(text)
                if _GRADE.match(text):
                    item.setdefault("score", text)
                elif score:
                    item.setdefault("score", text if score.group("label").lower() == "gpa" else score.group("value"))
                elif "institution" not in item and _INSTITUTION.search(text) and not _DEGREE.match(text):
                    item["institution"] = text
                elif "studyType" not in item and "area" not in item and self.degree(text, item):
                    pass
                else:
                    rest.append(text)
            if "institution" not in item:  # by elimination: the first piece that is no degree and no "Degree, Field"
                named = next((t for t in rest if not _DEGREE.search(t) and not degree_shaped(t)), None)
                if named is not None:
                    item["institution"] = named
                    rest.remove(named)
            for text in rest:
                if "area" not in item and "studyType" in item and not degree_shaped(text):
                    item["area"] = text  # "Master · Computer Science": the field beside the degree
                elif "area" not in item and "studyType" not in item:
                    first, comma, field_name = text.partition(", ")
                    if degree_shaped(text):  # "Ingeniería, Marketing" beside its school: the degree, then the field
                        item["studyType"], item["area"] = first, field_name
                    else:
                        item["area"] = text
                elif location is None and len(text.split()) <= 3:
                    location = text
                else:
                    self.unplaced.append(text)
            if url:
                item["url"] = url
            item.update(self.dates(entry, f"education.{self.offset + n}"))
            paragraphs, bullets = self.body(entry)
            for text in paragraphs + bullets:
                score = _SCORE.match(text)
                courses = _COURSES.match(text)
                if _GRADE.match(text) and "score" not in item:
                    item["score"] = text
                elif score and "score" not in item:
                    item["score"] = text if score.group("label").lower() == "gpa" else score.group("value")
                elif courses:
                    item["courses"] = items(courses.group("value"))
                else:
                    self.unplaced.append(text)
            if location:
                item["location"] = location
            out.append(item)
        return out

    def degree(self, text: str, item: dict[str, Any]) -> bool:
        """'Master, Computer Science' / 'BSc in Physics' / 'Computer Science (M.Sc.)' into studyType and area."""
        first, comma, rest = text.partition(", ")
        if comma and rest and len(first.split()) <= 5 and _DEGREE.search(first) and not _INSTITUTION.search(first):
            item["studyType"] = first  # "Diplôme d'ingénieur, Informatique": the degree as written, then the field
            item["area"] = rest
            return True
        match = _DEGREE.search(text)
        if not match:
            return False
        before, degree, after = text[: match.start()], match.group(0).strip(), text[match.end() :]
        if (
            before.strip(" ,(–—-")
            and after.strip(" ,)–—-.")
            and not re.match(r"^\s*(?:,|in|of|en|im|–|—|-|:)\s", after)
        ):
            item["area"] = text  # the degree word sits inside a longer name: keep the name whole
            return True
        if after.strip(" ,)–—-.") and not before.strip(" ,(–—-"):
            area = re.sub(r"^\s*(?:,|in|of|en|im|de|–|—|-|:|з)\s*", "", after).strip(" ,)")
            abbreviation = _DEGREE.match(area)  # LinkedIn's "Master of Science - MS, Informatics"
            if abbreviation and area[abbreviation.end() :].lstrip().startswith(","):
                degree = text[match.start() : text.index(area) + abbreviation.end()]
                area = area[abbreviation.end() :].lstrip(" ,")
            item["studyType"] = degree.rstrip(",")
            if area:
                item["area"] = area
            return True
        item["studyType"] = degree
        area = before.strip(" ,(–—-")
        if area:
            item["area"] = area
        return True

    def simple(self, entries: list[_Entry], key: str) -> list[dict[str, Any]]:
        """Awards, certificates, publications, references: a title, who gave it, a date, a text."""
        title, by, date, text = {
            "awards": ("title", "awarder", "date", "summary"),
            "certificates": ("name", "issuer", "date", ""),
            "publications": ("name", "publisher", "releaseDate", "summary"),
            "references": ("name", "", "", "reference"),
        }[key]
        out = []
        for n, entry in enumerate(entries):
            texts, url, location = self.fragments(entry)
            if location:
                texts.append(location)
            if key == "references" and texts:
                texts = [", ".join(texts)]
            elif len(texts) == 1 and by:
                parts = re.split(r"\s+[—–-]\s+|,\s+(?=[A-ZÀ-ÖØ-ÞА-ЯІЇЄҐ])", texts[0], maxsplit=1)
                texts = parts
            item: dict[str, Any] = {}
            if texts:
                item[title] = texts[0]
            if by and len(texts) > 1:
                item[by] = texts[1]
            for extra in texts[2 if by else 1 :]:
                self.unplaced.append(extra)
            if url and key != "references" and key != "awards":
                item["url"] = url
            elif url:
                self.unplaced.append(url)
            if date:
                dated = self.dates(entry, f"{key}.{self.offset + n}", single=True)
                if dated.get("date"):
                    item[date] = dated["date"]
            paragraphs, bullets = self.body(entry)
            if text and (paragraphs or bullets):
                item[text] = "\n".join(paragraphs + bullets)
            else:
                self.unplaced.extend(paragraphs + bullets)
            if item:
                out.append(item)
        return out

    def projects(self, entries: list[_Entry]) -> list[dict[str, Any]]:
        out = []
        for n, entry in enumerate(entries):
            texts, url, location = self.fragments(entry, places=False)
            item: dict[str, Any] = {}
            if texts:
                item["name"] = texts[0]
            if len(texts) > 1:
                role, _, entity = texts[1].partition(", ")
                item["roles"] = [role]
                if entity:
                    item["entity"] = entity
            description = texts[2:] + ([location] if location else [])
            if url:
                item["url"] = url
            item.update(self.dates(entry, f"projects.{self.offset + n}"))
            paragraphs, bullets = self.body(entry)
            for i, text in enumerate(paragraphs):
                labelled = _KEYWORDS.match(text)
                parts = items(labelled.group("value") if labelled else text)
                last = i == len(paragraphs) - 1 and (bullets or i > 0)
                if labelled or (last and len(parts) > 1 and all(len(p.split()) <= 3 for p in parts)):
                    item["keywords"] = parts
                else:
                    description.append(text)
            if description:
                item["description"] = "\n".join(description)
            if bullets:
                item["highlights"] = bullets
            out.append(item)
        return out

    # ---- lists: skills, languages, interests --------------------------------------------------------------

    def list_lines(self, lines: list[_L]) -> list[_L]:
        """One item line per entry, broken lines joined ('Python, Go,' + 'Kafka')."""
        out: list[_L] = []
        for ln in lines:
            if out and (out[-1].text.endswith((",", ";", "/", "&")) or ln.text[:1].islower()) and not ln.bullet:
                out[-1] = _L(f"{out[-1].text} {ln.text}", out[-1].line, out[-1].bullet)
            else:
                out.append(ln)
        return out

    def skills(self, lines: list[_L], key: str) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        pending: _L | None = None
        for ln in self.list_lines(lines):
            if key == "skills" and self.other_list(ln):
                continue
            match = re.match(
                r"^(?P<name>[^:：]{1,50}?)\s*(?:\((?P<level>[^)]{1,40})\))?\s*[:：](?!//)\s*(?P<items>\S.*)$", ln.text
            )
            parts = items(ln.text)
            if pending is not None:
                if len(parts) > 1 or not (ln.line.bold and not self.body_bold):
                    out.append({"name": pending.text.rstrip(":："), "keywords": parts})
                    pending = None
                    continue
                out.append(one_item(pending.text, key))
                pending = None
            if match and not _URL.match(ln.text):
                entry: dict[str, Any] = {"name": match.group("name").strip()}
                if match.group("level") and key == "skills":
                    entry["level"] = match.group("level").strip()
                elif match.group("level"):
                    entry["name"] = f"{entry['name']} ({match.group('level').strip()})"
                entry["keywords"] = items(match.group("items"))
                out.append(entry)
            elif len(parts) == 2 and "\t" in ln.text and _LEVEL.match(parts[1]) and key == "skills":
                out.append({"name": parts[0], "level": parts[1]})  # "Python<tab>Expert"
            elif len(parts) > 1:
                out.extend(one_item(p, key) for p in parts)
            elif ln.line.bold and not self.body_bold and not ln.bullet:
                pending = ln
            else:
                out.append(one_item(ln.text, key))
        if pending is not None:
            out.append(one_item(pending.text, key))
        return [e for e in out if e.get("name")]

    def languages(self, lines: list[_L]) -> list[dict[str, Any]]:
        out = []
        for ln in self.list_lines(lines):
            for part in re.split(r"\s*(?:[,;|•·▪∙]|\s/\s|\s{3,})\s*(?![^()]*\))", ln.text):
                part = part.strip()
                if not part:
                    continue
                match = re.match(
                    r"^(?P<lang>.+?)\s*(?:\((?P<f>[^)]+)\)|\s[—–-]\s*(?P<g>.+)|[:：\t]\s*(?P<h>.+))$", part
                )
                if match:
                    fluency = match.group("f") or match.group("g") or match.group("h")
                    out.append({"language": match.group("lang").strip(), "fluency": fluency.strip()})
                    continue
                words = part.rsplit(" ", 1)
                if len(words) == 2 and _LEVEL.match(words[1]):
                    out.append({"language": words[0], "fluency": words[1]})
                elif out and _LEVEL.match(part) and "fluency" not in out[-1]:
                    out[-1]["fluency"] = part
                else:
                    out.append({"language": part})
        return out

    # ---- the whole document -------------------------------------------------------------------------------

    def build(self) -> dict[str, Any]:
        lines = self.prepare()
        for uri in self.doc.links:
            if _PROFILE_URL.match(uri) or uri.lower().startswith(("mailto:", "tel:")):
                self.link(uri)
        self.find_name(lines)
        sections = self.sections(lines)
        in_header = {id(ln.line) for section in sections if section.key == "header" for ln in section.lines}
        if not self.name_lines <= in_header:  # the biggest text sits inside a section: the header tells the name
            self.name_lines = set()
            self.basics.pop("name", None)
        blocks: list[tuple[str, list[_L]]] = []
        last: dict[str, list[_L]] = {}
        for section in sections:
            if section.key == "header":
                self.contacts(section.lines, header=True)
            elif section.key == "contact":
                self.contacts(section.lines, header="name" not in self.basics)
            elif section.key == "unknown":
                self.unplaced.extend(ln.text for ln in ([section.heading] if section.heading else []) + section.lines)
            elif section.resumed and section.key in last:
                last[section.key].extend(section.lines)
            else:
                last[section.key] = list(section.lines)
                blocks.append((section.key, last[section.key]))
        paragraphs = [t for key, block in blocks if key == "summary" for t, _ in self.paragraphs(block)]
        if paragraphs:
            self.basics["summary"] = "\n".join(paragraphs)
            self.unplaced.extend(self.summary)
        elif self.summary:
            self.basics["summary"] = "\n".join(self.summary)
        if self.profiles:
            self.basics["profiles"] = self.profiles
        for key, block in blocks:
            if key != "summary":
                self.section(key, block)
        document: dict[str, Any] = {}
        basics = self.valid_basics()
        if basics:
            document["basics"] = basics
        document.update({k: v for k, v in self.out.items() if v})
        return document

    def section(self, key: str, lines: list[_L]) -> None:
        """One section's lines read into its entries, after those of an earlier section of the same kind."""
        self.offset = len(self.out.get(key, []))
        if key in ("work", "volunteer"):
            made = self.work(self.entries(lines, key), key)
        elif key == "education":
            made = self.education(self.entries(lines, key))
        elif key == "projects":
            made = self.projects(self.entries(lines, key))
        elif key in ("skills", "interests"):
            made = self.skills(lines, key)
        elif key == "languages":
            made = self.languages(lines)
        else:
            made = self.simple(self.entries(lines, key), key)
        self.out.setdefault(key, []).extend(self.valid(key, [e for e in made if e]))

    def other_list(self, ln: _L) -> bool:
        """A 'Languages: German (native), English (C1)' or 'Interests: chess' line a skills section often ends
        with, put in its own section ('Languages: Python, Go' stays a skill group); False for a skills line."""
        label, _, rest = ln.text.partition(":")
        other = heading_key(label) if rest.strip() and len(label) <= 30 else None
        parts = items(ln.text)
        if other is None and parts and all(_SPOKEN.search(p) for p in parts):  # "Deutsch (Muttersprache), …"
            other, rest = "languages", ln.text
        if other == "interests" or (other == "languages" and _SPOKEN.search(rest)):
            line = _L(rest.strip(), ln.line, False)
            made = self.languages([line]) if other == "languages" else self.skills([line], other)
            self.out.setdefault(other, []).extend(self.valid(other, made))
            return True
        return False

    def valid(self, key: str, entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Entries the CV model accepts; another's strings are quoted back instead of failing the import."""
        model = SECTIONS[key].model
        kept = []
        for entry in entries:
            try:
                model.model_validate(entry)
            except ValueError:
                for name in ("endDate", "url", "date", "releaseDate"):
                    entry.pop(name, None)
                try:
                    model.model_validate(entry)
                except ValueError:
                    self.unplaced.extend(strings(entry))
                    continue
            kept.append(entry)
        return kept

    def valid_basics(self) -> dict[str, Any]:
        from app.cv.model import Basics

        try:
            Basics.model_validate(self.basics)
        except ValueError:
            for name in ("url", "profiles", "email", "location"):
                value = self.basics.pop(name, None)
                if value is not None:
                    self.unplaced.extend(strings(value))
        return self.basics


def items(text: str) -> list[str]:
    """'Python, Go · Kafka' -> ['Python', 'Go', 'Kafka']; commas inside brackets stay."""
    seen: dict[str, str] = {}
    for part in _ITEM_SPLIT.split(text):
        part = part.strip(" .")
        if part and part.lower() not in seen:
            seen[part.lower()] = part
    return list(seen.values())


def person_name(text: str) -> bool:
    """'Maria Kowalska', 'JEAN-LUC PICARD', 'Ірина Руденко': a few words of letters, no heading, title or contact."""
    words = text.split()
    return (
        1 <= len(words) <= 5
        and all(w[:1].isalpha() for w in words)
        and words[0][:1].isupper()
        and words[-1][:1].isupper()
        and not re.search(r"[\d@:/|•·,;!?()]", text)
        and not _DOC_TITLE.match(text)
        and not heading_key(text)
        and not heading_guess(text)
    )


def ends_sentence(text: str) -> bool:
    """'… for the ledger.' ends a sentence; 'Tecnologías del Sur S.L.' and 'Acme Inc.' end a name."""
    return bool(_SENTENCE_END.search(text)) and not _ABBREVIATION_END.search(text)


def _bare(url: str) -> str:
    return re.sub(r"^[a-z]+://(www\.)?", "", url.strip().lower()).rstrip("/")


def linked(text: str, links: tuple[str, ...]) -> str:
    """The link a line holds for the URL it shows ('ou.edu' printed, 'https://www.ou.edu/' linked), else the text."""
    return next((link for link in links if _bare(link) == _bare(text)), text)


def place_like(text: str) -> bool:
    """'Berlin, Germany', 'Madrid, ES', 'London': capitalised words without digits, job titles or suffixes."""
    text = text.strip()
    if _PLACE.match(text):
        return True
    words = text.split()
    return (
        0 < len(words) <= 3
        and text[:1].isupper()
        and not re.search(r"\d", text)
        and not _TITLE_WORDS.search(text)
        and not _COMPANY_WORDS.search(text)
    )


def split_school(text: str) -> list[str]:
    """'Grado en Diseño, Universidad Politécnica de Madrid' -> the degree and the institution apart."""
    dash = re.split(r"\s+[—–-]\s+|\s+\|\s+", text, maxsplit=1)
    if len(dash) == 2:  # "Universidad de Deusto — MBA en Publicidad": the school and the degree either way round
        school = [bool(_INSTITUTION.search(p)) and not _DEGREE.match(p) for p in dash]
        degree = [bool(_DEGREE.search(p)) for p in dash]
        if (school[0] != school[1] and (degree[1] if school[0] else degree[0])) or (
            degree[0] != degree[1] and not (school[1] if degree[1] else school[0])
        ):
            return [piece for part in dash for piece in split_school(part)]
    parts = text.split(", ")
    grades: list[str] = []
    while len(parts) > 1 and _GRADE.match(parts[-1]):  # "…, University of Warsaw, 5.0/5": the grade apart
        grades.insert(0, parts.pop())
    if grades:
        return [*split_school(", ".join(parts)), *grades]
    if len(parts) < 2:
        return [text]
    at = next((i for i, p in enumerate(parts) if _INSTITUTION.search(p)), None)
    if at:  # "Програмна інженерія, Львівська політехніка": what comes before the school, then the school
        return [", ".join(parts[:at]), ", ".join(parts[at:])]
    leading = _DEGREE.match(parts[0])
    if (
        at is None
        and len(parts) == 2
        and leading
        and re.match(r"\s+(?:in|en|of|de|der|im|з|у)\s+\S", parts[0][leading.end() :])
    ):
        return parts  # "Diplôme d'ingénieur en Informatique, INSA Lyon": the degree with its field, then the school
    if at == 0:
        degree_at = next((i for i, p in enumerate(parts) if _DEGREE.match(p)), None)
        if degree_at:
            return [", ".join(parts[:degree_at]), ", ".join(parts[degree_at:])]
    return [text]


def role_score(text: str) -> int:
    """Above 0 for a job title ('Senior Engineer'), below for an employer ('PayFlow GmbH')."""
    return len(_TITLE_WORDS.findall(text)) - 2 * len(_COMPANY_WORDS.findall(text))


def degree_pair(text: str) -> tuple[str, str] | None:
    """'Master · Computer Science' -> ('Master', 'Computer Science'): a degree (or a short word) and a field set
    apart, naming no school."""
    pieces = [p.strip() for p in _HEAD_SPLIT.split(text) if p.strip()]
    if len(pieces) != 2 or any(_INSTITUTION.search(p) or re.search(r"[\d,@]", p) for p in pieces):
        return None
    degree, area = pieces
    return (degree, area) if _DEGREE.search(degree) or len(degree.split()) <= 2 else None


def degree_shaped(text: str) -> bool:
    """'Ingeniería, Marketing' / 'Licence, Gestion': a short first part, then a field, and no school named."""
    first, comma, rest = text.partition(", ")
    return (
        bool(comma)
        and 0 < len(first.split()) <= 2
        and bool(rest)
        and ", " not in rest
        and not any(_INSTITUTION.search(t) or re.search(r"\d", t) for t in (first, rest))
    )


def one_item(text: str, key: str) -> dict[str, Any]:
    """'Python (Expert)' / 'Python — Expert' -> a skill with its level; an interest as it is."""
    match = re.match(r"^(?P<name>.+?)\s*(?:\((?P<a>[^)]+)\)|\s[—–-]\s*(?P<b>.+))$", text)
    if key == "skills" and match:
        level = match.group("a") or match.group("b")
        if match.group("a") or _LEVEL.match(level):
            return {"name": match.group("name").strip(), "level": level.strip()}
    return {"name": text.strip()}


def strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []


def build_resume(doc: ReadDocument) -> ImportResult:
    """The CV a document's lines hold, with the lines that fit nowhere and the pieces to confirm."""
    if not any(line.text.strip() for line in doc.lines):
        raise InvalidInput(
            "No text could be read from that file. Send a PDF with selectable text, a Word file, or paste the text."
        )
    builder = _Builder(doc)
    document = builder.build()
    # A line of marks alone ("✉", "• • •") says nothing that could be placed: it is not quoted back.
    unplaced = list(dict.fromkeys(t.strip() for t in builder.unplaced if _ALPHANUMERIC.search(t)))
    return ImportResult(document=document, kind=doc.kind, unplaced=unplaced, uncertain=builder.uncertain)
