"""Corrections the way people say them: "actually I left Monzo in August 2025", "my Spanish is C1 now",
"remove Kafka from skills and add Java", "I was a Senior Engineer at Acme, not Backend Engineer".

`parse_requests` reads a message as one or more `Correction`s (requests.py holds the command-like forms).
A thing named without its section ("Monzo", "Kafka", "French") is an `EntryRef` with section ANY, which the
applier finds among the CV's entries, so the same sentence works for a job, a school or a volunteer role.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import replace

from app.assistant.guided import phrasings as forms
from app.assistant.guided.requests import (
    ANY,
    FIELD_WORDS,
    SECTION_WORDS,
    Correction,
    EntryRef,
    Kind,
    parse_correction,
    parse_ref,
    plausible,
)
from app.cv.parse import ordinal_index


def clean(text: str) -> str:
    """Without the small words around a request: 'oops, no wait, …', '… please'."""
    text = " ".join("".join(c for c in text if unicodedata.category(c) not in ("So", "Cs", "Mn", "Cf")).split()).strip()
    text = forms.FILLER.sub("", text)
    if polite := forms.POLITE.match(text):  # "could you please …", "would you mind updating …"
        text = forms.GERUND.sub(lambda m: forms.GERUNDS[m.group(1).lower()], text[polite.end() :])
    text = forms.FILLER.sub("", text)
    first, _, rest = text.partition(" ")
    if (
        first.lower() not in forms.VERBS
        and first.lower() not in forms.NOT_VERBS
        and first.lower() not in FIELD_WORDS  # "name should be …" is not "rename"
        and rest
    ):  # "chnage", "remvoe", "udpate"
        close = difflib.get_close_matches(first.lower(), forms.VERBS, n=1, cutoff=0.8)
        text = f"{close[0]} {rest}" if close else text
    text = re.sub(r"^(i|i'm|i've|i\s+have)\s+(?:actually|just|really|in\s+fact)\s+", r"\1 ", text, flags=re.I)
    text = forms.BE_FILLER.sub(r"\1 ", text)
    text = re.sub(
        r"^(?:bump|promote)\s+(?=(?:my|the)\s+(?:job\s+)?(?:title|headline|tagline|role|position)\b)",
        "change ",
        text,
        flags=re.I,
    )  # recruiters' "bump my title at Monzo to …"
    text = re.sub(r"\btenure\b", "dates", text, flags=re.I)  # "update tenure at Monzo: Apr 2021 – Aug 2025"
    if reason := forms.REASON.match(text):
        text = reason.group("ask")
    if so := forms.SO_ASK.match(text):
        text = so.group("ask")
    if arrow := forms.ARROW.match(text):  # "headline → X", "Kafka -> Apache Kafka", "Monzo: Senior X -> Lead X"
        text = f"change {arrow.group('old').strip()} to {arrow.group('new').strip()}"
        if arrow.group("dash") and arrow.group("where"):  # "Acme — Backend Engineer → Senior …": within Acme
            text = f"in {arrow.group('where').strip()}, {text}"
    for _ in range(2):
        text = forms.TAIL.sub("", text.rstrip(" .!?")).rstrip(" .!?")
        text = forms.ASK_TAIL.sub("", text).rstrip(" .!?")  # "…, could you update that", "…, thank you so much"
        text = forms.WHEN_TAIL.sub("", text).rstrip(" .!?")  # "… last month"
    text = forms.IN_CV.sub("", text)  # "remove linkedin from my cv"
    text = forms.VAGUE_WHEN.sub("", text)
    if said := forms.IS_NOT_IT_IS.match(text):  # "my french is not B1 it is B2" -> "my french is B2, not B1"
        text = f"{said.group('thing')} {said.group('be')} {said.group('new')}, not {said.group('old')}"
    return text


def parse_requests(text: str) -> list[Correction]:
    """The corrections in a message, in order; [] when it holds none. A part not understood makes the whole []."""
    cleaned = clean(text)
    if not cleaned:
        return []
    several = forms.REMOVE_SEVERAL.match(cleaned)
    if several is not None and not re.search(
        r"\b(?:remove|delete|drop|add|change)\b", several.group("names"), re.I
    ):  # "remove Docker and Terraform from my skills"
        names = [n for n in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", several.group("names")) if n]
        section = next(s for s in ("skills", "languages", "interests") if several.group("section").startswith(s[:5]))
        return [Correction(Kind.REMOVE_ENTRY, target=EntryRef(section, name=n)) for n in names]
    if bare := forms.REMOVE_BARE.match(cleaned):  # "take out kafka and docker"
        names = [n for n in re.split(r"\s*,\s*(?:and\s+)?|,?\s+and\s+", bare.group("names")) if n]
        if all(n.lower() not in forms.NOT_NAMES and n.lower() not in SECTION_WORDS for n in names):
            return [Correction(Kind.REMOVE_ENTRY, target=EntryRef(ANY, name=n)) for n in names]
    if prefix := _SECTION_PREFIX.match(cleaned):  # "skills: remove Terraform and add Kubernetes"
        cleaned = _in_section(prefix.group("rest"), prefix.group("section"))
    elif swap := _SECTION_SWAP.match(cleaned):  # "hobbies: swap running for cycling"
        cleaned = f"{swap.group('rest')} in {swap.group('section')}"
    parts = [p for p in forms.SPLIT.split(cleaned) if p and p.strip()]
    if len(parts) > 1:
        found = [parse_one(clean(p)) for p in parts]
        verb = re.match(r"^(change|update|set|remove|delete|drop|add)\s", parts[0], re.I)
        for i, part in enumerate(parts):  # "change my email to … and my phone to …": the verb said once
            if found[i] is None and verb is not None:
                found[i] = parse_one(f"{verb.group(1)} {clean(part)}")
        if found[0] is not None and found[0].kind == Kind.REMOVE_ENTRY:
            found = [_same_section(found[0], c, clean(p)) for c, p in zip(found, parts, strict=True)]
        if all(found):
            return _there([c for c in found if c is not None], parts)
    one = parse_one(cleaned)
    if one is None:
        return []
    # In prose (an achievement being written) only a plain request counts: "Finished the migration in 2020" is not.
    said = " ".join(text.split())
    sure = one.certain and (
        parse_correction(cleaned) is not None or bool(forms.SURE.match(said) or forms.SURE.match(cleaned))
    )  # "could you please update …" is as sure as "update …"
    return [one if sure else replace(one, certain=False)]


_SECTION_PREFIX = re.compile(
    r"^(?P<section>skills|languages|interests|hobbies)\s*:?\s*(?P<rest>(?:remove|delete|drop|add)\b.+)$", re.I
)


_SECTION_SWAP = re.compile(
    r"^(?P<section>skills|languages|interests|hobbies)\s*:?\s*(?P<rest>(?:swap|replace)\s+[^,]+)$", re.I
)


def _in_section(text: str, section: str) -> str:
    """Each 'remove X' / 'add Y' of a message that began 'skills:' said with its section."""
    parts = re.split(r"\s*(?:,\s*and|,|;|\band)\s+(?=(?:remove|delete|drop|add)\b)", text, flags=re.I)
    said = [f"{p} {'from' if re.match(r'(?:remove|delete|drop)', p, re.I) else 'to'} {section}" for p in parts]
    return " and ".join(said)


def _there(found: list[Correction], parts: list[str]) -> list[Correction]:
    """'my title at Monzo is … and I started there in 2020': 'there' is the entry named before."""
    named = None
    for i, (correction, part) in enumerate(zip(found, parts, strict=True)):
        unnamed = correction.target is not None and correction.target.name is None and correction.target.index is None
        if unnamed and named is not None and re.search(r"\b(?:there|that\s+job|that\s+role|it)\b", part, re.I):
            found[i] = replace(correction, target=named)
        elif correction.target is not None and (correction.target.name or correction.target.index is not None):
            named = correction.target
    return found


def understood_parts(text: str) -> tuple[list[str], list[str]]:
    """A message of several parts, split into the parts read as corrections and the ones that were not."""
    parts = [p.strip() for p in forms.SPLIT.split(clean(text)) if p and p.strip()]
    if len(parts) < 2:
        return [], []
    read = [parse_one(clean(p)) is not None for p in parts]
    return [p for p, ok in zip(parts, read, strict=True) if ok], [
        p for p, ok in zip(parts, read, strict=True) if not ok
    ]


def _same_section(first: Correction, correction: Correction | None, text: str) -> Correction | None:
    """'remove Kafka from skills and add Java': the second part adds to the section of the first."""
    if first.target is None or first.target.section not in ("skills", "languages", "interests"):
        return correction
    match = re.match(
        r"^add\s+(?P<items>.+?)(?:\s+(?:to|in|into)\s+(?:my\s+|the\s+)?(?:skills?|languages?|interests?))?$", text, re.I
    )
    if match and (correction is None or correction.kind == Kind.ADD_SKILLS):
        section = first.target.section
        if section == "skills":
            return Correction(Kind.ADD_SKILLS, value=match.group("items"))
        return Correction(Kind.ADD_ENTRY, value=match.group("items"), section=section)
    return correction


def parse_one(text: str) -> Correction | None:
    """One correction, or None: 'my summary should be shorter' asks for a rewrite, which needs a model."""
    if scoped := forms.REPLACE_IN.match(text):
        ref = _named(scoped.group("where"))
        new = scoped.group("new").strip(" .'\"")
        return (
            Correction(Kind.REPLACE, value=new, field=scoped.group("old").strip(" .'\""), target=ref) if ref else None
        )
    found = _parse_one(text)
    if found is None and (pasted := forms.PASTED.match(text)):
        found = _pasted(pasted.group("where").strip(), pasted.group("rest").strip())
    if found is not None and found.value and _VAGUE.match(found.value) and found.kind != Kind.FIX:
        return None
    return found


def _pasted(where: str, rest: str) -> Correction | None:
    """'summary — …', 'Code Club — 2019 to 2022', 'Warsaw Uni — masters finished Sept 2015': the part after the dash
    read on its own, about the entry named before it. A change the rest makes to another entry is not taken."""
    if forms.LABELLED.match(f"{where}: {rest}"):
        return _read_early(f"{where}: {rest}")
    where = re.sub(r"\s+(?:uni|university|college|school)$", "", where, flags=re.I)
    ref = _named(where)
    if ref is None:
        return None
    if forms.DATE_SPAN.fullmatch(rest):
        return _entry("dates", where, re.sub(r"\s*(?:–|—|to|until)\s*", " - ", rest, flags=re.I))
    found = _parse_one(clean(rest))
    if found is None or found.kind not in (Kind.UPDATE_ENTRY, Kind.SET_BULLET, Kind.ADD_BULLET) or found.target is None:
        return None
    target = found.target
    if target.name is not None or target.index is not None:
        return found if target.name and target.name.lower() in where.lower() else None
    named = EntryRef(target.section or ref.section, name=ref.name) if ref.name else ref
    return replace(found, target=named, certain=False)


_VAGUE = re.compile(
    r"^(?:a\s+bit\s+|much\s+|more\s+|less\s+)?(?:shorter|longer|better|clearer|different|updated|changed|fixed|improved|"
    r"nicer|simpler|punchier|stronger|more\s+\w+|less\s+\w+|something\s+else|correct|right|wrong)\b",
    re.I,
)


def _parse_one(text: str) -> Correction | None:
    stripped = forms.NOT.match(text)
    if stripped and (figure := _figure_in_bullet(stripped.group("rest"), stripped.group("old"))) is not None:
        return figure
    if stripped and (found := _read(forms.TAIL.sub("", stripped.group("rest")))) is not None:
        return found
    if stripped and (labelled := re.match(r"^[^:]{1,40}(?<!\d):(?!\d)\s*(?P<new>[^:]{1,60})$", stripped.group("rest"))):
        return Correction(Kind.REPLACE, value=labelled.group("new").strip(), field=stripped.group("old").strip())
    if stripped and (said := forms.NEW_VALUE.match(stripped.group("rest"))) and not _DATE_ONLY.match(said["new"]):
        return Correction(Kind.REPLACE, value=said.group("new").strip(), field=stripped.group("old").strip())
    return _read(text)


def _figure_in_bullet(text: str, old: str) -> Correction | None:
    """'the bullet about latency should say 100 ms, not 120 ms', 'pennywise had 5k users, not 2k': a figure said
    instead of another is changed inside the one bullet holding the old figure (the applier asks when it is not one).
    Years are dates, never figures of a bullet."""
    said = re.fullmatch(r"(?P<number>\d[\d.,]*)(?P<unit>\s?(?:%|[a-z]{1,3}))?", old.strip(), re.I)
    if said is None or re.fullmatch(r"(?:19|20)\d\d", said.group("number")):
        return None
    unit = said.group("unit") or ""
    numbers = re.findall(rf"(?<![\w.])(\d[\d.,]*){re.escape(unit.strip())}(?![\w%])", re.sub(r"(\d)\s+", r"\1", text))
    if len(numbers) != 1 or numbers[0] == said.group("number") or re.fullmatch(r"(?:19|20)\d\d", numbers[0]):
        return None
    return Correction(Kind.SET_BULLET, field="text:" + old.strip(), value=numbers[0] + unit)


def _named(name: str) -> EntryRef | None:
    """'my Monzo job' / 'job 2' / 'Monzo' / 'the Acme one' as a reference."""
    name = re.sub(r"^(?:my|the)\s+", "", name.strip(" ,.'\"’"), flags=re.I)
    if len(name.split()) > 1:  # "the Acme one", "the ACM Queue article", "Code Club tutoring"
        name = re.sub(
            r"\s+(?:one|job|role|position|article|paper|publication|tutoring|mentoring|volunteering|stint)$",
            "",
            name,
            flags=re.I,
        )
    name = re.sub(r"(?:'s|’s)$", "", name)
    lowered = name.lower()
    if (
        not name
        or lowered in forms.NOT_NAMES
        or re.match(r"^(?:change|update|set|rename|make|remove|delete|drop)\b", lowered)
    ):
        return None
    if (
        lowered in _FIELD_NAMES or _ENDS_WITH_FIELD.search(lowered) or _FIELD_AT.match(lowered)
    ):  # "the company name", "deliveroo end date"
        return None
    if lowered in SECTION_WORDS:
        return EntryRef(SECTION_WORDS[lowered])
    if _DEGREE.fullmatch(lowered):  # "my masters", "the BSc"
        return EntryRef("education")
    if re.search(r"\s(?:group|category)$", lowered):  # "the Cloud group" of skills
        return EntryRef("skills", name=re.sub(r"\s+(?:group|category)$", "", name, flags=re.I))
    if (match := forms.EDGE.match(lowered)) and match.group("section") in SECTION_WORDS:
        index = -1 if match.group("edge") in ("oldest", "earliest", "first ever") else 0
        return EntryRef(SECTION_WORDS[match.group("section")], index=index)
    ref = parse_ref(name)
    if ref is not None:
        return ref
    if re.fullmatch(r"(?:the\s+)?(?:first|second|third|fourth|fifth|\d(?:st|nd|rd|th))", name, re.I):
        return EntryRef("work", index=ordinal_index(name))
    if len(name.split()) > 5 or re.search(r"\d{3}", name):
        return None
    return EntryRef(ANY, name=name)


_DATE_ONLY = re.compile(r"^(?:[a-z]+\.?\s+)?(?:19|20)\d\d$", re.I)
_FIELD_NAMES = set(FIELD_WORDS) | set(re.sub(r"\\", "", forms.FIELD).split("|")) | {"company name", "job title"}
_ENDS_WITH_FIELD = re.compile(r"\s(?:start\s+date|end\s+date|dates?|job\s+title|title|location|city|grade|score|"
                             r"description|url|link|website|level|fluency|issuer|company\s+name)$")  # fmt: skip
_FIELD_AT = re.compile(rf"^(?:{forms.FIELD})\s+(?:at|of|for|in|on)\s")  # "start date at Acme": a field of an entry
_NOT_WORDS = re.compile(r"(?:the|a|this|that|my|first|second|third|fourth|fifth|last|latest|\d{1,2}(?:st|nd|rd|th)?)",
                        re.I)  # fmt: skip
_DEGREE = re.compile(r"(?:masters?|master's|bachelors?|bachelor's|phd|doctorate|ba|bsc|beng|ma|msc|meng|mba|mphil|"
                     r"undergrad|postgrad)(?:\s+degree)?")  # fmt: skip


def _entry(field: str, name: str, value: str) -> Correction | None:
    ref = _named(name)
    value = value.strip(" .,").lstrip(": ")
    if field in ("start date", "end date", "date"):
        value = forms.DATE_WORDS.sub("", value)
    if ref is not None and ref.section == "education" and field == "location":  # "my masters was in Maths"
        field = "field"
    if field == "dates":  # "between 2016 and 2018", "Apr 2021 – Aug 2025"
        value = re.sub(r"\s+and\s+|\s*[–—]\s*", " - ", value)
    return Correction(Kind.UPDATE_ENTRY, field, value, ref) if ref and value else None


def _read(text: str) -> Correction | None:  # noqa: C901 - one list of sentence forms, tried in order
    found = parse_correction(text)
    if found is not None and found.target == EntryRef("work", index=-1) and forms.MY_LAST.search(text):
        return replace(found, target=EntryRef("work"))  # the latest, or the last listed? Readings decide
    edge = found.target.name.lower() if found is not None and found.target and found.target.name else ""
    if found is not None and found.target is not None and edge in forms.EDGE_WORDS:
        return replace(found, target=EntryRef(found.target.section, index=forms.EDGE_WORDS[edge]))
    if found is not None:
        return found
    if match := forms.STILL_GOING.match(text):
        ref = _named(match.group("name"))
        return Correction(Kind.UPDATE_ENTRY, "end date", "present", ref) if ref else None
    if match := forms.STILL.match(text):
        ref = _named(match.group("name") or match.group("name2") or "")
        return Correction(Kind.UPDATE_ENTRY, "end date", "present", ref) if ref else None
    if match := forms.UNNAMED_DATE.match(text):  # "I left in 2024": which job is settled by context, or by readings
        field = "start date" if match.group("verb").lower() in ("started", "joined", "began") else "end date"
        return Correction(Kind.UPDATE_ENTRY, field, match.group("date"), EntryRef("work"))
    if early := _read_early(text):
        return early
    for field, pattern in forms.ENTRY_FORMS:
        if match := pattern.match(text):
            groups = match.groupdict()
            value = groups.get("date") or groups.get("value") or ""
            if (result := _entry(field, match.group("name"), value)) is not None:
                return result
    for pattern in (forms.CHANGE_THING_FIELD, forms.THING_FIELD):
        if match := pattern.match(text):
            field = (match.groupdict().get("field") or match.groupdict().get("field2") or "").lower()
            name = match.groupdict().get("name") or match.groupdict().get("name2") or ""
            if (result := _entry(field, name, match.group("value"))) is not None:
                return result
    return _read_more(text)


def _read_early(text: str) -> Correction | None:
    """Forms whose first words settle what they are: 'email: …', 'remove the 2nd bullet of …', 'rename …'."""
    if match := forms.LABELLED.match(text):
        word = match.group("field").lower().replace("e-mail", "email").replace("tagline", "headline")
        field = FIELD_WORDS.get(word) or FIELD_WORDS.get(word.split()[0]) or "name"
        return Correction(Kind.SET_FIELD, field, match.group("value").strip())
    if match := forms.BULLET_N.match(text):
        index = int(match.group("number")) - 1 if match.group("number") else ordinal_index(match.group("which") or "")
        target = _named(match.group("target"))
        if index is not None and target is not None:
            return Correction(Kind.REMOVE_BULLET, value=str(index), target=target)
    if match := forms.ADD_BULLET_TO.match(text):
        target = _named(match.group("target"))
        return Correction(Kind.ADD_BULLET, value=match.group("value"), target=target) if target else None
    if match := forms.CHANGE_OF.match(text):
        return _entry(match.group("field").lower(), match.group("name"), match.group("value"))
    if match := forms.RENAME.match(text):
        name = match.group("name")
        if held := re.match(r"^(?:job|role|position|title)\s+(?:at|with|in)\s+(?P<name>.+)$", name, re.I):
            return _entry("title", held.group("name"), match.group("value"))
        field = "title" if re.search(r"\b(?:role|position|title|job)$", name, re.I) else "name"
        return _entry(field, re.sub(r"\s+(?:role|position|title)$", "", name, flags=re.I), match.group("value"))
    if (match := forms.WAS_IN.match(text)) and (ref := _named(match.group("name"))) is not None:
        return Correction(Kind.UPDATE_ENTRY, "date", match.group("date"), ref)
    return None


def _read_more(text: str) -> Correction | None:  # noqa: C901 - one list of sentence forms, tried in order
    if match := forms.OWN_FIELD.match(text):
        field = match.group("field").lower()
        field = {"gpa": "grade", "major": "field", "subject": "field", "course": "field", "field of study": "field",
                 "college": "school"}.get(field, field)  # fmt: skip
        return Correction(Kind.UPDATE_ENTRY, field, match.group("value").strip(), EntryRef("education"))
    for pattern, field in (
        (forms.GRADE_GOT, "grade"),
        (forms.STUDIED, "field"),
        (forms.WENT_TO, "school"),
        (forms.SCHOOL_WAS, "school"),
    ):
        if match := pattern.match(text):
            value = match.group("value").strip()
            if field == "grade" and value.lower().startswith("gpa"):
                value = value.upper().replace("GPA", "GPA")
            return Correction(Kind.UPDATE_ENTRY, field, value, EntryRef("education"))
    if match := forms.GRADUATED.match(text):
        return Correction(Kind.UPDATE_ENTRY, "end date", match.group("date"), EntryRef("education"))
    if match := forms.STARTED_UNI.match(text):
        return Correction(Kind.UPDATE_ENTRY, "start date", match.group("date"), EntryRef("education"))
    bare = re.match(r"(?:moved|relocated)\b", text, re.I)  # "relocated to Manchester": a place has a capital
    if (match := forms.MOVED.match(text)) and (not bare or match.group("value")[0].isupper()):
        value = match.group("value").strip()
        return Correction(Kind.SET_FIELD, "location" if "," in value else "city", value)
    for pattern in (forms.NEW_ONE, forms.BARE_CONTACT):  # "…, the new one is +44 …", "email sam@x.io"
        if match := pattern.match(text):
            field = "email" if "mail" in match.group("field").lower() else "phone"
            if plausible(field, match.group("value").strip()):
                return Correction(Kind.SET_FIELD, field, match.group("value").strip())
    if match := forms.NEW_CONTACT.match(text):
        return Correction(Kind.SET_FIELD, "email", match.group("value"))
    if match := forms.CONTACT_IT_IS.match(text):
        return _contact(match)
    if match := forms.HEADLINE.match(text):
        return Correction(Kind.SET_FIELD, "label", next(v for v in match.groups() if v))
    if match := forms.FULL_NAME.match(text):
        return Correction(Kind.SET_FIELD, "name", match.group("value"))
    if match := forms.SUMMARY.match(text):
        return Correction(Kind.SET_FIELD, "summary", next(v for v in match.groups() if v))
    if match := forms.REMOVE_CONTACT.match(text):
        field = next((v for v in match.groups() if v), "summary").lower()
        return Correction(Kind.REMOVE_FIELD, {"website": "url"}.get(field, field))
    return _read_lists(text)


def _contact(match: re.Match[str]) -> Correction | None:
    groups = match.groupdict()
    value = next((groups[k] for k in sorted(groups) if k.startswith("value") and groups[k]), "")
    word = next((groups[k] for k in sorted(groups) if k.startswith("field") and groups[k]), None)
    if word is None:
        field = "email"
    else:
        word = word.lower()
        field = "email" if "mail" in word else "url" if word in ("site", "website", "homepage") else "phone"
    return Correction(Kind.SET_FIELD, field, value.strip())


def _read_lists(text: str) -> Correction | None:  # noqa: C901 - one list of sentence forms, tried in order
    if match := forms.LANG_ENTRY.match(text):
        ref = parse_ref(match.group("which"))
        return Correction(Kind.UPDATE_ENTRY, "entry", match.group("value"), ref) if ref else None
    if (match := forms.LANG_LEVEL.match(text)) and match.group("name").lower() in forms.LANGUAGE_NAMES:
        ref = EntryRef("languages", name=match.group("name"))
        return Correction(Kind.UPDATE_ENTRY, "level", match.group("level"), ref)
    if (match := forms.SPEAK.match(text)) and match.group("name").lower() in forms.LANGUAGE_NAMES:
        level = match.group("level") or ("Elementary" if match.group("little") else None)
        value = f"{match.group('name')} {level}" if level else match.group("name")
        return Correction(Kind.ADD_ENTRY, value=value, section="languages")
    if match := forms.NO_LONGER.match(text):
        name = next(v for v in match.groups() if v)
        ref = _named(name)
        return Correction(Kind.REMOVE_ENTRY, target=ref) if ref else None
    if match := forms.BULLET_ABOUT.match(text):
        return _bullet_about(match)
    if match := forms.BULLET_SET.match(text):
        return _bullet_set(match)
    if (match := forms.BULLET_WORDS_SET.match(text)) and not _NOT_WORDS.fullmatch(match.group("words")):
        return Correction(Kind.SET_BULLET, field="text:" + match.group("words").strip(), value=match.group("value"))
    if match := forms.BULLET_ADD.match(text):
        groups = match.groupdict()
        ref = _named(groups.get("target") or groups.get("target2") or groups.get("target3") or "")
        value = groups.get("value") or groups.get("value2") or groups.get("value3") or ""
        if ref is None or ref.section in ("skills", "languages", "interests"):  # "in skills, add Go" is no bullet
            return None
        return Correction(Kind.ADD_BULLET, value=value, target=ref)
    if (match := forms.FIGURE_NEWS.match(text)) and _named(match.group("name")) is not None:
        return Correction(Kind.SET_BULLET, field="text:" + match.group("words"), value=match.group("figure"))
    if (match := forms.ALSO_WORKED.match(text)) and (forms.BEFORE.match(text) or match.group("company2")):
        title = match.group("title") or match.group("title2")
        company = match.group("company") or match.group("company2")
        company = re.sub(r"\s+(?:in|from|during)\s+(?=(?:[a-z]+\s+)?(?:19|20)\d\d)", ", ", company, flags=re.I)
        return Correction(Kind.ADD_ENTRY, value=f"{title} at {company}", section="work")
    if match := forms.MOVE_FIRST.match(text):
        section = next((s for s in SECTION_WORDS.values() if s.startswith((match.group("section") or "-")[:5])), None)
        ref = EntryRef(section, name=match.group("target").strip()) if section else _named(match.group("target"))
        return Correction(Kind.MOVE_ENTRY, value="0", target=ref) if ref else None
    if match := forms.REMOVE_FROM.match(text):
        return _removal(match)
    if match := forms.ADD_TO.match(text):
        return _addition(match)
    if match := forms.SWAP.match(text):
        groups = match.groupdict()
        old = next(groups[k] for k in sorted(groups) if k.startswith("old") and groups[k])
        new = next(groups[k] for k in sorted(groups) if k.startswith("new") and groups[k])
        if old.strip(" .'\"").lower() in forms.NOT_NAMES:
            return None
        return Correction(Kind.REPLACE, value=new.strip(" .'\""), field=old.strip(" .'\""))
    return None


def _removal(match: re.Match[str]) -> Correction | None:
    groups = match.groupdict()
    name = (groups.get("name") or groups.get("name2") or groups.get("name3") or "").strip()
    section = (groups.get("section") or groups.get("section2") or "").lower()
    section = next((s for s in ("skills", "languages", "interests") if section.startswith(s[:5])), "")
    if section == "" and (groups.get("section") or "").lower() in ("hobbies",):
        section = "interests"
    if section:
        return Correction(Kind.REMOVE_ENTRY, target=EntryRef(section, name=name))
    ref = _named(name)
    return Correction(Kind.REMOVE_ENTRY, target=ref) if ref else None


def _addition(match: re.Match[str]) -> Correction | None:
    groups = match.groupdict()
    items = next(groups[k] for k in ("items", "items2", "items3", "items4", "items5") if groups.get(k))
    section = (groups.get("section") or groups.get("section2") or "skills").lower()
    if section.startswith(("interest", "hobb")):
        return Correction(Kind.ADD_ENTRY, value=items, section="interests")
    if section.startswith("language") or items.split()[0].lower() in forms.LANGUAGE_NAMES:
        return Correction(Kind.ADD_ENTRY, value=items, section="languages")
    items = re.sub(r"\s+(?:and|&)\s+", ", ", items)
    group = (groups.get("group") or "").strip() or None
    if group and group.lower() in ("my", "the"):
        group = None
    if groups.get("items5") and items.lower() in ("it", "that", "this", "them", "one", "a job", "more"):
        return None
    return Correction(Kind.ADD_SKILLS, field=group, value=items)


def _bullet_about(match: re.Match[str]) -> Correction | None:
    groups = match.groupdict()
    words = groups.get("quoted") or groups.get("words") or groups.get("words2") or ""
    if groups.get("words2") and (ordinal_index(words) is not None or words.lower() in ("the", "a")):
        return None
    target = _named(groups["target"]) if groups.get("target") else None
    return Correction(Kind.REMOVE_BULLET, value="text:" + words.strip(), target=target)


def _bullet_set(match: re.Match[str]) -> Correction | None:
    groups = match.groupdict()
    which = groups.get("which") or groups.get("number") or groups.get("which3") or ""
    index = ordinal_index(which)
    target = _named(groups.get("target") or groups.get("target2") or groups.get("target3") or "")
    value = groups.get("value") or groups.get("value2") or groups.get("value3") or ""
    if index is None or target is None:
        return None
    return Correction(Kind.SET_BULLET, value=value.strip(), field=str(index), target=target)
