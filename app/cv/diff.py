"""What changed between two CV documents, in a person's words — worked out in one place.

`changes(old, new)` lists each change as data (section, entry, field, old, new); `change_lines` renders
them for /diff and tool results ("Skills: + Kafka", "Experience · Engineer at Monzo: end date Aug 2025 →
Present"), and `describe` makes the sentence a version is named by ("Removed the skill Kafka").
Sections come from app/cv/sections.py, so a new section reads right here without a word added.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any, Literal

from app.cv.parse import format_date
from app.cv.sections import SECTIONS, entry_label

Kind = Literal["added", "removed", "changed", "moved"]

# A field as a person names it; list fields by one of their items ("a bullet"). Unlisted: from its name.
FIELD_LABELS = {
    "position": "title", "startDate": "start date", "endDate": "end date", "highlights": "bullet",
    "url": "link", "studyType": "degree", "area": "field of study", "institution": "school", "score": "grade",
    "courses": "course", "keywords": "keyword", "fluency": "level", "awarder": "awarded by", "releaseDate":
    "release date", "reference": "reference text", "roles": "role", "entity": "organisation", "organization":
    "organisation", "countryCode": "country", "postalCode": "postcode", "network": "network",
}  # fmt: skip
# Per section, where the general word is wrong: a job's `name` is its company, a skill group's keywords are skills.
SECTION_FIELD_LABELS = {
    ("work", "name"): "company", ("skills", "keywords"): "skill", ("skills", "name"): "name",
    ("interests", "keywords"): "keyword", ("volunteer", "organization"): "organisation",
}  # fmt: skip
# The contact details, each its own line: "Headline: 'X' → 'Y'"; in a sentence "your headline".
BASICS_LABELS = {
    "name": "Name", "label": "Headline", "email": "Email", "phone": "Phone", "url": "Website", "image": "Photo",
    "summary": "Summary", "location": "Location", "profiles": "Profiles",
}  # fmt: skip
_BASICS_NOUNS = {"name": "your name", "phone": "your phone number", "url": "your website", "image": "your photo"}
_DATE_FIELDS = {"startDate", "endDate", "date", "releaseDate"}
_END_DATES = {"endDate"}  # absent means "Present" for these
_QUOTED_LIMIT = 60
_SHORT_ITEMS = {"keywords", "courses", "roles"}  # single words or names: shown without quotes
_UNNAMED_ITEMS = {"skill"}  # "Skills · Backend: + Kafka" says enough without the field


@dataclass(frozen=True)
class Change:
    """One change as a person sees it. `old`/`new` are display text, None when absent."""

    kind: Kind
    section: str  # "Skills", "Experience", "Headline"
    entry: str | None = None  # the entry as a person knows it: "Backend Engineer at Monzo"
    field: str | None = None  # "end date", "bullet"; None for the whole entry or contact detail
    old: str | None = None
    new: str | None = None
    subject: str = ""  # the thing in a sentence: "your Monzo job", "the skill Kafka", "your headline"
    noun: str = ""  # the entry's noun for "Added a job: …"; "" for contact details

    def line(self) -> str:
        """The change as one line: 'Skills: + Kafka', 'Headline: 'X' → 'Y''."""
        where = self.section + (f" · {self.entry}" if self.entry else "")
        field = f"{self.field} " if self.field and self.field not in _UNNAMED_ITEMS else ""
        if self.kind == "added":
            return f"{where}: + {field}{self.new}"
        if self.kind == "removed":
            return f"{where}: − {field}{self.old}"
        if self.kind == "moved":
            return f"{where}: moved from position {self.old} to {self.new}"
        return f"{where}: {field}{self.old} → {self.new}"

    def as_dict(self) -> dict[str, str | None]:
        """For tool results the model reads."""
        return {"kind": self.kind, "section": self.section, "entry": self.entry, "field": self.field,
                "old": self.old, "new": self.new}  # fmt: skip


def _humanize(key: str) -> str:
    """'releaseDate' -> 'release date'; 'x-pronouns' (a JSON Resume extension) -> 'pronouns'."""
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", key.removeprefix("x-")).lower()


def _field_label(section: str, key: str) -> str:
    return SECTION_FIELD_LABELS.get((section, key)) or FIELD_LABELS.get(key) or _humanize(key)


def _shown(key: str, value: Any) -> str:
    """A value for display: dates as 'Aug 2025', text quoted and cut short, an absent end date 'Present'."""
    if value is None or value == "":
        return "Present" if key in _END_DATES else ""
    if key in _DATE_FIELDS and isinstance(value, str):
        return format_date(value)
    if isinstance(value, (dict, list)):
        value = json.dumps(value, ensure_ascii=False)
    text = " ".join(str(value).split())
    if len(text) > _QUOTED_LIMIT:
        text = text[: _QUOTED_LIMIT - 1] + "…"
    return text if key in ("email", "phone", "url", "image", "countryCode", *_SHORT_ITEMS) else f"'{text}'"


def _key(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _article(noun: str) -> str:
    return ("an " if noun[:1].lower() in "aeiou" else "a ") + noun


# --- sections of entries --------------------------------------------------------------------------------


def _is_single_item(section: str, entry: Mapping[str, Any]) -> bool:
    """A skill or interest named alone ('Kafka'): said as 'the skill Kafka', not 'the skill group Kafka'."""
    return section in ("skills", "interests") and not entry.get("keywords") and set(entry) <= {"name", "level"}


def _noun(section: str, entry: Mapping[str, Any]) -> str:
    found = SECTIONS.get(section)
    noun = found.noun if found else "entry"
    if section == "skills" and _is_single_item(section, entry):
        return "skill"
    return noun


def _subject(section: str, entry: Mapping[str, Any]) -> str:
    """How a sentence names the entry: 'your Monzo job', 'the language German'."""
    if section == "work" and entry.get("name"):
        return f"your {entry['name']} job"
    return f"the {_noun(section, entry)} {entry_label(section, entry)}"


def _heading(section: str) -> str:
    found = SECTIONS.get(section)
    return found.headings["en"] if found else _humanize(section).capitalize()


def _entry_changes(section: str, heading: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    """The fields that changed in one entry; list fields item by item."""
    out: list[Change] = []
    entry = entry_label(section, new)
    subject = _subject(section, new)
    base = {"section": heading, "entry": entry, "subject": subject, "noun": _noun(section, new)}
    for key in dict.fromkeys([*old, *new]):
        before, after = old.get(key), new.get(key)
        if before == after:
            continue
        label = _field_label(section, key)
        if isinstance(before, list) or isinstance(after, list):
            out += _item_changes(key, label, list(before or []), list(after or []), base)
        elif before in (None, "") and key not in _END_DATES:
            out.append(Change("added", field=label, new=_shown(key, after), **base))
        elif after in (None, "") and key not in _END_DATES:
            out.append(Change("removed", field=label, old=_shown(key, before), **base))
        else:
            out.append(Change("changed", field=label, old=_shown(key, before), new=_shown(key, after), **base))
    return out


def _item_changes(key: str, label: str, old: list[Any], new: list[Any], base: dict[str, str]) -> list[Change]:
    """A list of short items (bullets, skills of a group): added, removed, or reworded in place."""
    out: list[Change] = []
    matcher = SequenceMatcher(a=[_key(x) for x in old], b=[_key(x) for x in new], autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            continue
        paired = min(a1 - a0, b1 - b0) if key not in _SHORT_ITEMS else 0  # a reworded bullet, not a new one
        for before, after in zip(old[a0 : a0 + paired], new[b0 : b0 + paired], strict=True):
            out.append(Change("changed", field=label, old=_shown(key, before), new=_shown(key, after), **base))
        out += [Change("removed", field=label, old=_shown(key, item), **base) for item in old[a0 + paired : a1]]
        out += [Change("added", field=label, new=_shown(key, item), **base) for item in new[b0 + paired : b1]]
    return out


def _whole(kind: Literal["added", "removed"], section: str, heading: str, entry: Mapping[str, Any]) -> Change:
    label = entry_label(section, entry)
    value = {"old": label} if kind == "removed" else {"new": label}
    return Change(kind, heading, subject=_subject(section, entry), noun=_noun(section, entry), **value)


def _pairs(old: list[dict[str, Any]], new: list[dict[str, Any]], section: str) -> list[tuple[int | None, int | None]]:
    """Old and new entries of a changed stretch matched by their label, then by position."""
    labels_new = [entry_label(section, e) for e in new]
    free = list(range(len(new)))
    pairs: list[tuple[int | None, int | None]] = []
    unmatched: list[int] = []
    for i, entry in enumerate(old):
        j = next((j for j in free if labels_new[j] == entry_label(section, entry)), None)
        if j is None:
            unmatched.append(i)
        else:
            free.remove(j)
            pairs.append((i, j))
    for i in list(unmatched):  # renamed in place: the next new entry that still shares a field with it
        j = next((j for j in free if any(new[j].get(k) == v for k, v in old[i].items())), None)
        if j is not None:
            unmatched.remove(i)
            free.remove(j)
            pairs.append((i, j))
    return pairs + [(i, None) for i in unmatched] + [(None, j) for j in free]


def _section_changes(section: str, old: list[Any], new: list[Any]) -> list[Change]:
    heading = _heading(section)
    old_e = [e if isinstance(e, dict) else {"name": e} for e in old]
    new_e = [e if isinstance(e, dict) else {"name": e} for e in new]
    removed: list[int] = []
    added: list[int] = []
    out: list[Change] = []
    matcher = SequenceMatcher(a=[_key(x) for x in old_e], b=[_key(x) for x in new_e], autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            continue
        for i, j in _pairs(old_e[a0:a1], new_e[b0:b1], section):
            if i is not None and j is not None:
                out += _entry_changes(section, heading, old_e[a0 + i], new_e[b0 + j])
            elif i is not None:
                removed.append(a0 + i)
            elif j is not None:
                added.append(b0 + j)
    for i in list(removed):  # the same entry taken out in one place and put back in another: a move
        j = next((j for j in added if new_e[j] == old_e[i]), None)
        if j is not None:
            removed.remove(i)
            added.remove(j)
            entry = new_e[j]
            subject, noun = _subject(section, entry), _noun(section, entry)
            label = entry_label(section, entry)
            out.append(Change("moved", heading, label, old=str(i + 1), new=str(j + 1), subject=subject, noun=noun))
    out += [_whole("removed", section, heading, old_e[i]) for i in removed]
    out += [_whole("added", section, heading, new_e[j]) for j in added]
    return out


# --- contact details ------------------------------------------------------------------------------------


def _basics_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    out: list[Change] = []
    for key in dict.fromkeys([*old, *new]):
        before, after = old.get(key), new.get(key)
        if before == after:
            continue
        heading = BASICS_LABELS.get(key) or _humanize(key).capitalize()
        if key == "location":
            base = {"section": heading, "subject": "your location"}
            out += _field_changes(dict(before or {}), dict(after or {}), base, "location")
        elif key == "profiles":
            out += _profile_changes(list(before or []), list(after or []))
        else:
            subject = _BASICS_NOUNS.get(key) or f"your {heading.lower()}"
            out += _field_changes({key: before}, {key: after}, {"section": heading, "subject": subject}, None)
    return out


def _field_changes(
    old: Mapping[str, Any], new: Mapping[str, Any], base: dict[str, str], fields_of: str | None
) -> list[Change]:
    """Scalar fields: the field named only when they belong to something ('Location: city …')."""
    out: list[Change] = []
    for key in dict.fromkeys([*old, *new]):
        before, after = old.get(key), new.get(key)
        if before == after:
            continue
        field = _field_label("basics", key) if fields_of else None
        if before in (None, ""):
            out.append(Change("added", field=field, new=_shown(key, after), **base))
        elif after in (None, ""):
            out.append(Change("removed", field=field, old=_shown(key, before), **base))
        else:
            out.append(Change("changed", field=field, old=_shown(key, before), new=_shown(key, after), **base))
    return out


def _profile_changes(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[Change]:
    def network(p: Mapping[str, Any]) -> str:
        return str(p.get("network") or p.get("url") or "profile")

    before = {network(p).lower(): p for p in old}
    after = {network(p).lower(): p for p in new}
    out: list[Change] = []
    for name in dict.fromkeys([*before, *after]):
        a, b = before.get(name), after.get(name)
        if a == b:
            continue
        shown = network(b or a or {})
        base = {"section": "Profiles", "subject": f"your {shown} profile"}
        if a is None or b is None:
            kind: Kind = "added" if a is None else "removed"
            text = shown + (f" ({(a or b or {}).get('url')})" if (a or b or {}).get("url") else "")
            out.append(Change(kind, **base, **({"new": text} if a is None else {"old": text})))
        else:
            base["entry"] = shown
            out += _field_changes(a, b, base, "profile")
    return out


# --- the whole document ---------------------------------------------------------------------------------


def changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    """Every change from `old` to `new`, contact details first, then the sections in the document's order."""
    out: list[Change] = []
    for key in dict.fromkeys([*old, *new]):
        before, after = old.get(key), new.get(key)
        if before == after or key in ("$schema", "meta", "x-generator"):  # bookkeeping, not what a person wrote
            continue
        if key == "basics":
            out += _basics_changes(dict(before or {}), dict(after or {}))
        elif isinstance(before, list) or isinstance(after, list):
            out += _section_changes(key, list(before or []), list(after or []))
        else:
            out.append(Change("changed", _humanize(key).capitalize(), old=_shown(key, before), new=_shown(key, after)))
    return out


def change_lines(found: list[Change]) -> list[str]:
    """The lines /diff shows and tool results carry."""
    return [c.line() for c in found]


def diff_documents(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    """Lines like 'Phone: +48 1 → +48 2', 'Experience: + CTO at Acme', 'Skills: − Go'."""
    return change_lines(changes(old, new))


# --- sentences ------------------------------------------------------------------------------------------


def _sentence(kind: Kind, group: list[Change]) -> str:
    first = group[0]
    if first.field is None and first.noun:  # whole entries
        names = [c.new if kind == "added" else c.old for c in group]
        if kind == "moved":
            return f"Moved {first.subject} to position {first.new}"
        if first.noun in ("skill", "language", "interest") or len(group) > 1:
            noun = first.noun if len(group) == 1 else _plural(first)
            return f"{'Added' if kind == 'added' else 'Removed'} the {noun} {_and(names)}"
        return (
            f"Added {_article(first.noun)}: {names[0]}" if kind == "added" else f"Removed the {first.noun} {names[0]}"
        )
    if first.field is None:  # a contact detail or a profile
        if kind == "changed":
            short = first.new and len(first.new) <= 40 and first.section not in ("Summary",)
            return f"Changed {first.subject}" + (f" to {first.new}" if short else "")
        return f"{'Added' if kind == 'added' else 'Removed'} {first.subject}"
    fields = list(dict.fromkeys(c.field or "" for c in group))
    if kind == "changed":
        return f"Changed the {_and(fields)} of {first.subject}"
    if first.noun == "skill group" and first.field == "skill":  # "Added the skills Kafka and Go to Backend"
        items = [str(c.new if kind == "added" else c.old).strip("'") for c in group]
        noun = "skill" if len(items) == 1 else "skills"
        where = f"to {first.entry}" if kind == "added" else f"from {first.entry}"
        return f"{'Added' if kind == 'added' else 'Removed'} the {noun} {_and(items)} {where}"
    count = len(group)
    what = _and([_article(f) if count == 1 else f"{count} {f}s" for f in fields])
    return f"Added {what} to {first.subject}" if kind == "added" else f"Removed {what} from {first.subject}"


def _plural(change: Change) -> str:
    found = next((s for s in SECTIONS.values() if s.noun == change.noun), None)
    return found.plural if found else change.noun + "s"


def _and(items: list[Any], most: int = 5) -> str:
    """'Kafka', 'Kafka and Go', 'A, B, C, D and 8 more'."""
    words = [str(i) for i in items]
    if len(words) > most:
        words = [*words[: most - 1], f"{len(words) - most + 1} more"]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def sentences(found: list[Change]) -> list[str]:
    """One plain sentence per kind of change to one thing: 'Added 2 bullets to your Monzo job'."""
    groups: dict[tuple[Kind, str, str, bool], list[Change]] = {}
    for change in found:
        whole = change.field is None and bool(change.noun)
        # Whole entries of one kind group by their noun ("Added the skills Kafka and Go"), fields by their owner.
        owner = change.noun if whole and change.kind != "moved" else change.subject
        groups.setdefault((change.kind, owner, change.section, whole), []).append(change)
    return [_sentence(kind, group) for (kind, *_), group in groups.items()]


def describe(old: Mapping[str, Any], new: Mapping[str, Any], limit: int = 3) -> str:
    """The change from `old` to `new` as one line of plain words; '' when nothing a person wrote changed."""
    said = sentences(changes(old, new))
    if not said:
        return ""
    if len(said) > limit:
        rest = len(said) - (limit - 1)
        said = [*said[: limit - 1], f"{rest} more changes"]
    # Every sentence starts with its verb; a verb said just before is not said again ("Added your email and your
    # phone number").
    later = [
        s.partition(" ")[2] if " " in s and s.partition(" ")[0] == before.partition(" ")[0] else s[0].lower() + s[1:]
        for before, s in zip(said, said[1:], strict=False)
    ]
    return said[0] if not later else ", ".join([said[0], *later[:-1]]) + " and " + later[-1]
