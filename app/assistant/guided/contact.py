"""Changing a contact field in plain words: which tool call a value makes, and how it is confirmed back."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from app.assistant.guided import questions as q
from app.assistant.guided.readers import (
    COUNTRIES,
    COUNTRY_NAMES,
    looks_like_name,
    parse_place,
    place_text,
    sentence,
    tidy_headline,
    tidy_name,
)
from app.cv.model import repair_url
from app.cv.parse import find_email, find_phone

PROFILE_NETWORKS = {"linkedin": "LinkedIn", "github": "GitHub", "twitter": "Twitter", "gitlab": "GitLab",
                    "behance": "Behance", "dribbble": "Dribbble", "medium": "Medium"}  # fmt: skip
# The user name is the last part of a profile link: a new link carries the new name, the old one would be stale.
_USERNAME = re.compile(r"(?:linkedin\.com/in|github\.com|twitter\.com|x\.com|gitlab\.com|behance\.net|dribbble\.com|"
                       r"medium\.com/@?)/?@?(?P<name>[\w.-]+)/?$", re.I)  # fmt: skip


@dataclass(frozen=True)
class FieldChange:
    """One tool call, and what to say once it has stored the value (in its stored form)."""

    tool: str
    arguments: dict[str, Any]
    confirmation: str


Reader = Callable[[str], "FieldChange | str"]  # a change, or why the value can't be used


def _email(value: str) -> FieldChange | str:
    email = find_email(value)
    if email is None:
        return q.BAD_EMAIL.format(value=value)
    return FieldChange("update_basics", {"email": email}, f"Saved: email {email}.")


def _phone(value: str) -> FieldChange | str:
    phone = find_phone(value)
    if phone is None:
        return f"I couldn't find a phone number in '{value}' (e.g. +48 600 123 456)."
    return FieldChange("update_basics", {"phone": phone}, f"Saved: phone {phone}.")


def _name(value: str) -> FieldChange | str:
    name = tidy_name(value)
    if not looks_like_name(name):
        return f"'{value}' doesn't look like a name (e.g. Maria Kowalska)."
    return FieldChange("update_basics", {"name": name}, f"Saved: name {name}.")


def _headline(value: str) -> FieldChange | str:
    label = tidy_headline(value)
    return FieldChange("update_basics", {"label": label}, f"Saved: headline {label}.")


def _summary(value: str) -> FieldChange | str:
    return FieldChange("set_summary", {"summary": sentence(value)}, "Saved your new summary.")


def _website(value: str) -> FieldChange | str:
    url = repair_url(value)
    return FieldChange("update_basics", {"url": url}, f"Saved: website {url}.")


def _profile(network: str) -> Reader:
    def read(value: str) -> FieldChange | str:
        url = repair_url(value)
        return FieldChange("set_profile", {"network": network, "url": url}, f"Saved: {network} {url}.")

    return read


def _country(value: str) -> FieldChange | str:
    code = COUNTRIES.get(value.lower()) or (value.upper() if len(value) == 2 and value.isalpha() else None)
    if code is None:
        return f"I don't know the country '{value}'. Try its English name or two-letter code (e.g. PL)."
    return FieldChange("update_basics", {"country_code": code}, f"Saved: country {COUNTRY_NAMES.get(code, code)}.")


def _city(value: str) -> FieldChange | str:
    place = parse_place(value)
    if place.country_code:  # "change my city to Berlin, Germany" moves the whole place
        return _location(value)
    return FieldChange("update_basics", {"city": place.city or ""}, f"Saved: city {place.city}.")


def _location(value: str) -> FieldChange | str:
    place = parse_place(value)
    if not place.city and not place.country_code:
        return "Which city and country? For example: change my location to Berlin, Germany."
    if place.city and not place.country_code and "," not in value:  # "my location should be Edinburgh": the city
        return _city(value)
    arguments = {"city": place.city or "", "region": place.region or "", "country_code": place.country_code or ""}
    return FieldChange("update_basics", arguments, f"Saved: location {place_text(place)}.")


READERS: dict[str, Reader] = {
    "email": _email,
    "phone": _phone,
    "name": _name,
    "label": _headline,
    "summary": _summary,
    "url": _website,
    "city": _city,
    "location": _location,
    "country": _country,
    **{field: _profile(network) for field, network in PROFILE_NETWORKS.items()},
}


def profile_username(url: str) -> str | None:
    """The user name a profile link ends with ('linkedin.com/in/maria-k' -> 'maria-k'), or None."""
    found = _USERNAME.search(url)
    return found.group("name") if found else None


def field_change(field: str, value: str) -> FieldChange | str:
    """'phone', '+48600123456' -> update_basics(phone='+48 600 123 456'); a message when the value won't do."""
    value = value.strip()
    return READERS[field](value if field == "summary" else value.rstrip("."))


def field_removal(field: str) -> FieldChange | str:
    """'remove my phone' -> update_basics(phone=''); a message when there is no tool for it."""
    if field in PROFILE_NETWORKS:
        network = PROFILE_NETWORKS[field]
        return FieldChange(
            "remove_profile", {"network": network}, f"Removed your {network} profile. /undo brings it back."
        )
    shown = {"label": "headline", "url": "website"}.get(field, field)
    done = f"Removed your {shown} from the CV. /undo brings it back."
    if field == "summary":
        return FieldChange("set_summary", {"summary": ""}, done)
    if field == "location":
        empty = dict.fromkeys(("city", "region", "country_code", "address", "postal_code"), "")
        return FieldChange("update_basics", empty, done)
    return FieldChange("update_basics", {"country_code" if field == "country" else field: ""}, done)
