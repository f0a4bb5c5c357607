"""LinkedIn's data export ("Get a copy of your data": a ZIP of CSV files) to a JSON Resume document.

Files and columns vary by account and year: each CSV is read by header name (linkedin_zip.py), and a file
or column that is missing is simply not used. What cannot be used is said in the result's notes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from app.cv.limits import MAX_ENTRIES, MAX_ITEMS
from app.cv.model import check_email, check_url, repair_url
from app.cv.validation import validate_document
from app.errors import InvalidInput
from app.imports.document import ImportResult, Uncertain
from app.imports.linkedin_zip import CV_FILES, OTHER_FILES, ExportArchive, file_base
from app.uploads import DocumentLimits

NOTHING_USEFUL = (
    "{name} is a LinkedIn export without profile, positions, education or skills. In LinkedIn: Settings → "
    'Data privacy → Get a copy of your data → choose the larger archive (or "Profile", "Positions", '
    '"Education", "Skills"), then send the ZIP.'
)
MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                                      "dec"), 1)}  # fmt: skip
# "Mar 2021", "4 Mar 2021", "March 4, 2021"
_DATE_WORDS = re.compile(r"^(?:\d{1,2}\s+)?([a-z]{3})[a-z]*\.?\s+(?:\d{1,2},\s*)?(\d{4})$")
_NUMERIC_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$|^(\d{1,2})/(?:\d{1,2}/)?(\d{4})$")
_BULLET = re.compile(r"^\s*[•●▪◦‣∙·*\-–—]\s+")
_TYPED_ITEM = re.compile(r"^([A-Z][A-Z_ ]{1,20}):(?!//)(.+)$")  # "PERSONAL:https://…", "SKYPE:maria.k"
NETWORKS = {"github.com": "GitHub", "gitlab.com": "GitLab", "twitter.com": "Twitter", "x.com": "X",
            "stackoverflow.com": "Stack Overflow", "medium.com": "Medium", "behance.net": "Behance",
            "dribbble.com": "Dribbble", "linkedin.com": "LinkedIn"}  # fmt: skip


def is_linkedin_export(names: Sequence[str]) -> bool:
    """Whether a ZIP with these entry names is LinkedIn's export (its CSV names, in any folder, any case)."""
    known = set(CV_FILES) | set(OTHER_FILES)
    return any(file_base(name) in known for name in names)


@dataclass
class Reading:
    """What the import has to tell besides the CV."""

    notes: list[str] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)
    uncertain: list[Uncertain] = field(default_factory=list)

    def date(self, value: str, where: str) -> str | None:
        """LinkedIn's "Mar 2021", "2021", "2021-03-04" or "03/2021" as YYYY-MM or YYYY; a note otherwise."""
        if not value:
            return None
        text = value.strip().lower()
        if match := _DATE_WORDS.match(text):
            month = MONTHS.get(match.group(1))
            if month:
                return f"{match.group(2)}-{month:02d}"
        elif match := _NUMERIC_DATE.match(text):
            year, month_text = (match.group(1), match.group(2)) if match.group(1) else (match.group(5), match.group(4))
            if 1900 <= int(year) <= 2100 and (month_text is None or 1 <= int(month_text) <= 12):
                return f"{year}-{int(month_text):02d}" if month_text else year
        self.notes.append(f'{where}: the date "{value}" was not understood and is left out.')
        return None

    def url(self, value: str, where: str) -> str | None:
        if not value:
            return None
        fixed = repair_url(value)
        try:
            return check_url(fixed)
        except ValueError:
            self.notes.append(f'{where}: "{value}" is not a web address and is left out.')
            return None

    def email(self, value: str, where: str) -> str | None:
        try:
            return check_email(value) or None
        except ValueError:
            self.notes.append(f'{where}: "{value}" is not an email address and is left out.')
            return None

    def period(self, entry: dict[str, Any], start: str, end: str, where: str) -> None:
        """startDate and endDate; an end before the start is left out (and said)."""
        first, last = self.date(start, where), self.date(end, where)
        if first:
            entry["startDate"] = first
        if last:
            if first and _date_key(last) < _date_key(first):
                self.notes.append(f"{where}: it ends ({end}) before it starts ({start}); the end date is left out.")
            else:
                entry["endDate"] = last


def _date_key(value: str) -> tuple[int, ...]:
    return tuple(int(p) for p in value.split("-")) + (1,) * (3 - len(value.split("-")))


def _described(entry: dict[str, Any], text: str, summary_key: str = "summary") -> None:
    """A description's "•" and "-" lines become highlights; its other lines the summary."""
    bullets: list[str] = []
    prose: list[str] = []
    for line in text.splitlines():
        if _BULLET.match(line):
            bullets.append(_BULLET.sub("", line).strip())
        elif line.strip():
            prose.append(line.strip())
    if prose:
        entry[summary_key] = "\n".join(prose)
    if bullets:
        entry["highlights"] = bullets[:MAX_ITEMS]
        if len(bullets) > MAX_ITEMS:
            entry[summary_key] = "\n".join(prose + [f"• {b}" for b in bullets[MAX_ITEMS:]])


def _compact(entry: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in entry.items() if v not in (None, "", [], {})}


def read_linkedin(data: bytes, name: str, limits: DocumentLimits) -> ImportResult:
    """A CV from LinkedIn's data export. InvalidInput for a damaged or oversized ZIP, or one with nothing useful."""
    archive = ExportArchive(data, name, limits)
    reading = Reading()
    document: dict[str, Any] = {}
    with archive.zip:
        basics = _basics(archive, reading)
        sections: dict[str, list[dict[str, Any]]] = {
            "work": _positions(archive, reading),
            "education": _education(archive, reading),
            "skills": [{"name": v} for v in _names(archive, "skills.csv", ("Name",), reading)],
            "languages": _languages(archive, reading),
            "certificates": _certificates(archive, reading),
            "projects": _projects(archive, reading),
            "volunteer": _volunteering(archive, reading),
            "awards": _honors(archive, reading),
            "publications": _publications(archive, reading),
        }
        courses = _names(archive, "courses.csv", ("Name",), reading)
    if not basics.get("name") and not any(sections[s] for s in ("work", "education", "skills")):
        raise InvalidInput(NOTHING_USEFUL.format(name=name))
    _place_courses(courses, sections["education"], reading)
    if basics:
        document["basics"] = basics
    for key, entries in sections.items():
        if len(entries) > MAX_ENTRIES:
            reading.notes.append(
                f"{key}: {len(entries)} entries; the first {MAX_ENTRIES} are kept (a CV holds at most {MAX_ENTRIES})."
            )
        if entries:
            document[key] = entries[:MAX_ENTRIES]
    misfit = f"{name} does not fit in a CV"
    valid = validate_document(document, intro=misfit, size_intro=misfit).to_json()
    return ImportResult(valid, "linkedin", reading.unplaced, reading.uncertain, notes=reading.notes)


def _basics(archive: ExportArchive, reading: Reading) -> dict[str, Any]:
    basics: dict[str, Any] = {}
    profile = archive.table(
        "profile.csv", ("First Name", "Last Name", "Headline", "Summary", "Geo Location", "Websites"), reading.notes
    )
    for number, get in profile.numbered() if profile else ():
        where = f"Profile.csv row {number}"
        name = " ".join(p for p in (get("First Name"), get("Last Name")) if p)
        location = _location(get("Geo Location", "Location"), get("Address"), get("Zip Code", "Postal Code"))
        basics = _compact(
            {"name": name, "label": get("Headline"), "summary": get("Summary"), "location": location or None}
        )
        profiles, url = _websites(get("Websites"), where, reading)
        if url:
            basics["url"] = url
        profile_url = reading.url(get("Profile URL", "Public Profile Url"), where)
        if profile_url:
            profiles.insert(0, {"network": "LinkedIn", "url": profile_url})
        for handle in _list_items(get("Twitter Handles")):
            handle = handle.lstrip("@")
            if re.fullmatch(r"\w{1,30}", handle):
                profiles.append({"network": "Twitter", "username": handle, "url": f"https://twitter.com/{handle}"})
        for item in _list_items(get("Instant Messengers")):
            match = _TYPED_ITEM.match(item)
            if match:
                profiles.append({"network": match.group(1).strip().title(), "username": match.group(2).strip()})
        if profiles:
            basics["profiles"] = profiles[:MAX_ITEMS]
        if get("Birth Date"):
            reading.notes.append("Your birth date (Profile.csv) is left out: a CV does better without it.")
        break  # one profile per export
    email = _email(archive, reading)
    if email:
        basics["email"] = email
    phone = _phone(archive, reading)
    if phone:
        basics["phone"] = phone
    return basics


def _location(geo: str, address: str, postal: str) -> dict[str, str]:
    """ "Warsaw, Mazowieckie, Poland" → city Warsaw, region "Mazowieckie, Poland" (nothing guessed, nothing lost)."""
    parts = [p.strip() for p in geo.split(",") if p.strip()]
    location = {"city": parts[0] if parts else "", "region": ", ".join(parts[1:]), "address": address}
    location["postalCode"] = postal
    return _compact(location)


def _list_items(value: str) -> list[str]:
    """LinkedIn writes lists as "[A,B]" (or just "A")."""
    value = value.strip()
    if value.startswith("[") and value.endswith("]"):
        value = value[1:-1]
    return [item.strip() for item in value.split(",") if item.strip()]


def _websites(value: str, where: str, reading: Reading) -> tuple[list[dict[str, Any]], str | None]:
    """The personal website (the first, else the first of any kind) and the rest as profiles."""
    found: list[tuple[str, str]] = []
    for item in _list_items(value):
        match = _TYPED_ITEM.match(item)
        kind, address = (match.group(1).strip().upper(), match.group(2).strip()) if match else ("OTHER", item)
        url = reading.url(address, where)
        if url:
            found.append((kind, url))
    if not found:
        return [], None
    main = next((f for f in found if f[0] == "PERSONAL"), found[0])
    profiles = []
    for kind, url in found:
        if (kind, url) == main:
            continue
        host = re.sub(r"^www\.", "", url.split("//", 1)[-1].split("/", 1)[0].lower())
        profiles.append({"network": NETWORKS.get(host, kind.replace("_", " ").title()), "url": url})
    return profiles, main[1]


def _email(archive: ExportArchive, reading: Reading) -> str | None:
    table = archive.table("email addresses.csv", ("Email Address", "Primary"), reading.notes)
    ranked: list[tuple[int, str]] = []
    for number, get in table.numbered() if table else ():
        address = reading.email(get("Email Address", "Email"), f"Email Addresses.csv row {number}")
        if address:
            rank = 0 if get("Primary").lower() == "yes" else 1 if get("Confirmed").lower() == "yes" else 2
            ranked.append((rank, address))
    return min(ranked, key=lambda r: r[0])[1] if ranked else None


def _phone(archive: ExportArchive, reading: Reading) -> str | None:
    table = archive.table("phonenumbers.csv", ("Number", "Type"), reading.notes)
    phones: list[tuple[int, str]] = []
    for _, get in table.numbered() if table else ():
        number = get("Number")
        if number:
            extension = get("Extension")
            shown = number + (f" ext. {extension}" if extension else "")
            phones.append((0 if get("Type").lower() == "mobile" else 1, shown))
    return min(phones, key=lambda p: p[0])[1] if phones else None


def _positions(archive: ExportArchive, reading: Reading) -> list[dict[str, Any]]:
    table = archive.table("positions.csv", ("Company Name", "Title", "Started On"), reading.notes)
    jobs = []
    for number, get in table.numbered() if table else ():
        where = f"Positions.csv row {number}"
        company, title = get("Company Name", "Company"), get("Title", "Position")
        if not company and not title:
            reading.notes.append(f"{where} has no company or title; it is left out.")
            if get("Description"):
                reading.unplaced.append(get("Description"))
            continue
        job: dict[str, Any] = {"name": company, "position": title, "location": get("Location")}
        reading.period(job, get("Started On", "Start Date"), get("Finished On", "End Date"), where)
        _described(job, get("Description"))
        jobs.append(_compact(job))
    return jobs


def _education(archive: ExportArchive, reading: Reading) -> list[dict[str, Any]]:
    table = archive.table("education.csv", ("School Name", "Degree Name", "Start Date"), reading.notes)
    schools = []
    for number, get in table.numbered() if table else ():
        where = f"Education.csv row {number}"
        school = get("School Name", "School")
        if not school and not get("Degree Name"):
            reading.notes.append(f"{where} has no school or degree; it is left out.")
            continue
        entry: dict[str, Any] = {
            "institution": school,
            "studyType": get("Degree Name", "Degree"),
            "area": get("Field Of Study", "Fields Of Study", "Field"),
        }
        reading.period(entry, get("Start Date", "Started On"), get("End Date", "Finished On"), where)
        for label in ("Notes", "Activities"):
            if get(label):
                reading.unplaced.append(f"{school or 'Education'} ({label.lower()}): {get(label)}")
        schools.append(_compact(entry))
    return schools


def _names(archive: ExportArchive, file: str, columns: tuple[str, ...], reading: Reading) -> list[str]:
    table = archive.table(file, columns, reading.notes)
    names = [get(*columns) for _, get in table.numbered()] if table else []
    return list(dict.fromkeys(n for n in names if n))


def _languages(archive: ExportArchive, reading: Reading) -> list[dict[str, Any]]:
    table = archive.table("languages.csv", ("Name", "Proficiency"), reading.notes)
    languages = []
    for _, get in table.numbered() if table else ():
        fluency = re.sub(r"\s+proficiency$", "", get("Proficiency"), flags=re.IGNORECASE)
        if get("Name"):
            languages.append(_compact({"language": get("Name"), "fluency": fluency}))
    return languages


def _certificates(archive: ExportArchive, reading: Reading) -> list[dict[str, Any]]:
    table = archive.table("certifications.csv", ("Name", "Authority", "Url"), reading.notes)
    out = []
    for number, get in table.numbered() if table else ():
        where = f"Certifications.csv row {number}"
        if not get("Name"):
            continue
        entry = {
            "name": get("Name"),
            "issuer": get("Authority"),
            "date": reading.date(get("Started On"), where),
            "url": reading.url(get("Url"), where),
        }
        out.append(_compact(entry))
    return out


def _projects(archive: ExportArchive, reading: Reading) -> list[dict[str, Any]]:
    table = archive.table("projects.csv", ("Title", "Description", "Url"), reading.notes)
    out = []
    for number, get in table.numbered() if table else ():
        where = f"Projects.csv row {number}"
        if not get("Title"):
            continue
        entry: dict[str, Any] = {"name": get("Title"), "url": reading.url(get("Url"), where)}
        reading.period(entry, get("Started On"), get("Finished On"), where)
        _described(entry, get("Description"), "description")
        out.append(_compact(entry))
    return out


def _volunteering(archive: ExportArchive, reading: Reading) -> list[dict[str, Any]]:
    table = archive.table("volunteering.csv", ("Company Name", "Role", "Cause"), reading.notes)
    out = []
    for number, get in table.numbered() if table else ():
        where = f"Volunteering.csv row {number}"
        if not get("Company Name") and not get("Role"):
            continue
        entry: dict[str, Any] = {"organization": get("Company Name"), "position": get("Role")}
        reading.period(entry, get("Started On"), get("Finished On"), where)
        _described(entry, get("Description"))
        if get("Cause") and "summary" not in entry:
            entry["summary"] = get("Cause")
        out.append(_compact(entry))
    return out


def _honors(archive: ExportArchive, reading: Reading) -> list[dict[str, Any]]:
    table = archive.table("honors.csv", ("Title", "Issued On", "Description"), reading.notes)
    out = []
    for number, get in table.numbered() if table else ():
        if get("Title"):
            entry = {
                "title": get("Title"),
                "awarder": get("Issuer", "Associated With"),
                "date": reading.date(get("Issued On"), f"Honors.csv row {number}"),
                "summary": get("Description"),
            }
            out.append(_compact(entry))
    return out


def _publications(archive: ExportArchive, reading: Reading) -> list[dict[str, Any]]:
    table = archive.table("publications.csv", ("Name", "Published On", "Publisher"), reading.notes)
    out = []
    for number, get in table.numbered() if table else ():
        where = f"Publications.csv row {number}"
        if get("Name"):
            entry = {
                "name": get("Name"),
                "publisher": get("Publisher"),
                "releaseDate": reading.date(get("Published On"), where),
                "url": reading.url(get("Url"), where),
                "summary": get("Description"),
            }
            out.append(_compact(entry))
    return out


def _place_courses(courses: list[str], schools: list[dict[str, Any]], reading: Reading) -> None:
    """LinkedIn's courses name no school: with one school they go there, with several to the latest (asked)."""
    if not courses:
        return
    if not schools:
        reading.unplaced.extend(f"Course: {course}" for course in courses)
        return
    schools[0]["courses"] = courses[:MAX_ITEMS]
    if len(schools) > 1:
        school = schools[0].get("institution") or "your latest school"
        question = f"LinkedIn does not say where you took these courses; I put them under {school}. Is that right?"
        reading.uncertain.append(Uncertain("education.0.courses", ", ".join(courses), question))
