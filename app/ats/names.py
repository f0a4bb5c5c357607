"""Names an ad writes as names: a tool's, a product's or a standard's own name ("Fivetran", "DATEV",
"SAP EWM", "ISO 27001"), which the vocabulary need not know. Job ads name the tools they want the way
people name things: with capitals mid-sentence, in capitals, with digits; an everyday word, a place
or the company's own name is not one."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from functools import cache

from app.ats.tagger import NOT_NAMES, plausible
from app.ats.vocab import DATA, GENERIC, Match, key_of, norm_token, not_skills, tokens_of

# "ISO 27001", "ISO/IEC 27001:2022", "IEC 61508", "BS 7671", "HTM 01-05", "NIST SP 800-53": a standard is its number
_STANDARD = re.compile(
    r"\b(?:ISO(?:/IEC)?|IEC|EN|DIN|BS(?: EN)?|IEEE|ANSI|ASTM|NIST(?: SP)?|HTM|PAS|IATF|AS(?:/NZS)?|IFRS|IAS|ISA|"
    r"ISAE|SSAE|NFPA|NEC|WCAG)\s?\d{1,5}(?:[-‑.]\d{1,4})*(?::\d{4})?(?![\w-])"
)


def numbered(name: str) -> bool:
    """A standard by its number ("ISO 27001", "BS 7671:2018", "WCAG 2.1") or a name with its level ("CACHE
    Level 3 Diploma", "Hochvolt-Qualifikation Stufe 2S", "EPA Section 608 Universal")."""
    return _STANDARD.fullmatch(name) is not None or _QUALIFICATION.fullmatch(name) is not None


_OPENS = ".:;!?(\"“'•·–-*"  # after one of these (or at a line's start) a capital says nothing about a name


@cache
def places() -> frozenset[tuple[str, ...]]:
    lines = (DATA / "places.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(key_of(line) for line in lines if line.strip() and not line.startswith("#"))


_EDITION = re.compile(r"/IEC|:\d{4}$")
# German compounds that end in a field's know-how: "Anlagenbuchhaltung", "Wundmanagement", "Zeitreihenanalyse"
_GERMAN_KNOW_HOW = re.compile(
    r"\b[A-ZÄÖÜ][a-zäöüß]{2,}(?:buchhaltung|pflege|analyse|prognose|management|wesen|verkehr|steuer|recht|"
    r"abschluss|abschlüsse|technik|entwicklung|programmierung|planung|controlling|prüfung|beratung|vertrieb|"
    r"logistik|schweißen|installation|wartung|montage|diagnose|diagnostik|therapie|versorgung|konstruktion|"
    r"fertigung|bilanzierung|kalkulation|disposition|beschaffung|einkauf|anmeldung(?:en)?|meldung(?:en)?)\b"
)
_CONTRACTION = re.compile(r"['’](?:ve|re|ll|s|t|d|m)$", re.I)  # "You've", "we're", "don't"
# Function words, in the five languages, and the tagger's other not-names: never a name, whatever their case
# ("AND", "OR" in a shouted heading).
STOP_WORDS = NOT_NAMES | {
    "they", "their", "he", "she", "his", "her", "i", "my", "all", "any", "from", "at", "by",
    "what", "who", "how", "why", "when", "where", "which",
    # a requirement list's own labels, run into a pasted line ("… Physiotherapist Minimum …", "Desirable Injection")
    "minimum", "desirable", "essential", "preferred", "required", "optional",
}  # fmt: skip
_ELISION = re.compile(r"^(?:[dljnstcm]|qu)['’]", re.I)  # French "d'État", "l'Ordre": the word is what follows


def odd_shaped(token: str) -> bool:
    """Written the way only names are: "DATEV", "iManage", "LlamaIndex", "GA4", "S/4HANA", "MLOps"."""
    token = _ELISION.sub("", token)
    letters = [c for c in token if c.isalpha()]
    if len(letters) < 2:
        return False
    upper_inside = any(c.isupper() for c in token[1:])
    digit_and_letter = any(c.isdigit() for c in token) and token[0].isalpha()
    return upper_inside or digit_and_letter


def _opens_clause(line: str, start: int) -> bool:
    before = line[:start].rstrip()
    return not before or before[-1] in _OPENS


def shouting(line: str) -> bool:
    """A line in capitals ("MINIMUM QUALIFICATIONS"): a heading, whose words are no names."""
    return sum(c.isupper() for c in line) > 0.7 * max(sum(c.isalpha() for c in line), 1)


def shouted(token: str, in_capitals: bool, common: Collection[str]) -> bool:
    """An everyday word in capitals ("ESSENTIAL", "APPLY NOW"), not an abbreviation ("HACCP")."""
    return token.isupper() and len(token) >= 4 and (in_capitals or norm_token(token) in common)


# A level, part or class of a name, and its number: "NVQ Level 3", "Stufe 2S", "EPA Section 608", "Part P"
_LEVEL_WORDS = frozenset({
    "level", "stufe", "type", "section", "part", "class", "grade", "category", "module", "unit", "stage", "tier",
    "niveau", "nivel", "kategorie", "catégorie", "categoría", "klasse", "рівень", "категорія",
})  # fmt: skip
_CODE = r"(?:\d+[A-Za-z]{0,2}|[IVX]{1,4}|[A-Z]\d?)"  # "3", "2S", "608", "II", "P", "C1"
_NUMBER = re.compile(rf"^{_CODE}$")
_QUALIFICATION = re.compile(
    rf"(?:[A-Z][\w&-]*\s)+(?i:{'|'.join(sorted(_LEVEL_WORDS))})\s{_CODE}(?:\s[A-Z][\w-]*){{0,2}}"
)


def _join_levels(keys: list[str], tokens: tuple[tuple[str, int, int], ...], flags: list[int]) -> list[int]:
    """The flags with a name's level and number joined to it: a level word before a number ("Level 3"), and
    a number after a name when it is long (a code: "Section 608", "Guilds 2391") or a name goes on after it
    ("ITIL 4 Foundation"); not "Java 5 years"."""
    out = list(flags)
    for i, (token, _, _) in enumerate(tokens):
        if not _NUMBER.match(token) or i == 0:
            continue
        after = i + 1 < len(tokens) and flags[i + 1] > 0
        if keys[i - 1] in _LEVEL_WORDS and (out[i - 2] if i >= 2 else 0):
            out[i - 1] = out[i] = 1
        elif out[i - 1] and (sum(c.isdigit() for c in token) >= 3 or after):
            out[i] = 1
    return out


def name_tokens(line: str, language: str, common: Collection[str]) -> list[int]:
    """How much each token of the line is written as a name: 2 a name's own shape or a capital mid-clause,
    1 a capital mid-clause on a `common` word (seen often in job ads, seldom in a skill: the "Key" of "Key
    Vault" is part of a name only beside one), 0 not. German capitalises every noun, so there only the
    name-shaped tokens count."""
    out = []
    in_capitals = shouting(line)
    for token, start, _ in tokens_of(line):
        key = norm_token(token)
        everyday = key in not_skills() or key in GENERIC or key in STOP_WORDS or bool(_CONTRACTION.search(token))
        if everyday or shouted(token, in_capitals, common):
            out.append(0)
        elif odd_shaped(token):
            out.append(2)
        elif token[:1].isupper() and len(token) >= 3 and token[1:].islower() and language != "de":
            # a capital that opens a clause says nothing, but such a word joins a name after it ("Blue Yonder")
            out.append(
                0
                if key in common and _opens_clause(line, start)
                else 1
                if key in common or _opens_clause(line, start)
                else 2
            )
        else:
            out.append(0)
    return _join_levels([norm_token(token) for token, _, _ in tokens_of(line)], tokens_of(line), out)


def name_runs(line: str, language: str, common: Collection[str]) -> list[Match]:
    """The names in a line: standards by their numbers, and runs of name-written words joined by
    spaces ("Blue Yonder", "Manhattan Active WM"), but not places, jobs ("Head Chef"), a company by its
    suffix ("Midland Fastenings Ltd"), nor a run of everyday words."""
    # a standard by its core name ("ISO/IEC 27001:2022" is ISO 27001), as written
    out = [Match(_EDITION.sub("", m.group(0)), m.start(), m.end(), m.group(0)) for m in _STANDARD.finditer(line)]
    if language == "de":  # "Kreditorenbuchhaltung", "Intensivpflege": German writes a field's know-how as one word
        out += [Match(m.group(0), m.start(), m.end(), m.group(0)) for m in _GERMAN_KNOW_HOW.finditer(line)]
    tokens = tokens_of(line)
    flags = name_tokens(line, language, common)
    i = 0
    while i < len(tokens):
        if not flags[i]:
            i += 1
            continue
        j = i + 1
        while j < len(tokens) and flags[j] and line[tokens[j - 1][2] : tokens[j][1]] in (" ", " & "):
            j += 1
        start, end = tokens[i][1], tokens[j - 1][2]
        skip = _COMPANY.match(line, end) or max(flags[i:j]) < 2  # a company, or "Great Place": everyday words
        for part_start, part_end in _parts(line, start, end):
            text = line[part_start:part_end]
            key = key_of(text)
            if skip or key in places() or any(m.start < end and start < m.end for m in out):
                continue
            if not plausible(text):  # "Head Chef": a job, not a name
                continue
            out.append(Match(text, part_start, part_end, text))
        i = j
    return sorted(out, key=lambda m: m.start)


_COMPANY = re.compile(r"\s*(?:&\s*\w+\s*)?(?:Ltd|Limited|GmbH|AG|Inc|LLC|plc|SA|SAS|SL|S\.A\.|BV|B\.V\.|Co\.)\b")


# "Maplegrove Foods is one of …", "Tallyfin builds …", "join Stackwise": the company tells its story under its name
_NAME = r"(?P<name>[A-Z][\w'’&.-]*(?:\s+(?:&\s+)?[A-Z][\w'’&.-]*){0,3})"
_COMPANY_SUBJECT = re.compile(
    _NAME + r"\s+(?:is|are|was|has|have|makes|builds|sells|supplies|helps|provides|designs|develops|operates|runs|"
    r"offers|delivers|serves|creates|connects|powers|ist|sind|est|es|son)\b(?!\s+(?:a\s+plus|a\s+bonus|an\s+advantage|"
    r"required|essential|preferred|desirable|nice|a\s+must|mandatory|used|needed|key|important|helpful|useful|"
    r"beneficial|von vorteil|wünschenswert|un plus|un atout|valorable))"
)
_COMPANY_OBJECT = re.compile(r"\b(?:at|join|joining|bei|chez|About)\s+" + _NAME)


def company_names(line: str) -> list[str]:
    """The names a line tells the company's story with."""
    return [m.group("name") for pattern in (_COMPANY_SUBJECT, _COMPANY_OBJECT) for m in pattern.finditer(line)]


def _parts(line: str, start: int, end: int) -> list[tuple[int, int]]:
    """A run cut at its slashes when one stands between two names: "SMSTS/SSSTS", "MIG/MAG", but not "S/4HANA"."""
    out = []
    position = start
    for slash in range(start, end):
        if line[slash] == "/" and slash - position >= 2 and end - slash > 2 and line[slash + 1].isalpha():
            out.append((position, slash))
            position = slash + 1
    return [*out, (position, end)]


def whole_names(found: list[Match], runs: list[Match], known: Callable[[str], bool]) -> list[Match]:
    """The line's skills with each name written as one ("SAP EWM", "Blue Yonder", "Journey Builder")
    in place of the pieces the tagger or the vocabulary read in it ("SAP" and "EWM"), unless it joins
    two known names ("Python Django"). A skill that runs past the name stays as it is."""
    out = list(found)
    for run in runs:
        inside = [m for m in out if run.start <= m.start and m.end <= run.end]
        across = [m for m in out if m.start < run.end and run.start < m.end and m not in inside]
        if not inside or any(known(m.text) for m in across) or sum(known(m.text) for m in inside) > 1:
            continue
        if any(run.text[m.end - run.start : m.end - run.start + 1] == "-" for m in inside if known(m.text)):
            continue  # "gRPC-Schnittstellen": a German noun joined to the name, which is the skill
        out = [m for m in out if m not in across]  # a piece that runs into a name is a fragment ("16 leases")
        if len(inside) == 1 and (inside[0].start, inside[0].end) == (run.start, run.end):
            continue
        kept = next((m.canonical for m in inside if known(m.text) and m.text == run.text), None)
        out = [m for m in out if m not in inside] + [Match(kept or run.canonical, run.start, run.end, run.text)]
    return sorted(out, key=lambda m: m.start)
