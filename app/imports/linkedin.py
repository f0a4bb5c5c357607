# TEMPORARY (helper integ): replaced at merge
"""A minimal LinkedIn export reader for developing the import service: Profile.csv and Positions.csv."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable
from typing import Any

from app.errors import InvalidInput
from app.imports.document import ImportResult
from app.uploads import DocumentLimits

_KNOWN = {"profile.csv", "positions.csv", "education.csv", "skills.csv", "languages.csv", "email addresses.csv"}


def is_linkedin_export(names: Iterable[str]) -> bool:
    return any(n.rsplit("/", 1)[-1].lower() in _KNOWN for n in names)


def read_linkedin(data: bytes, name: str, limits: DocumentLimits) -> ImportResult:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        files = {n.rsplit("/", 1)[-1].lower(): n for n in archive.namelist()}

        def rows(file: str) -> list[dict[str, str]]:
            if file not in files:
                return []
            text = archive.read(files[file]).decode("utf-8-sig", "replace")
            return list(csv.DictReader(io.StringIO(text)))

        document: dict[str, Any] = {}
        profile = rows("profile.csv")
        if profile:
            first = profile[0]
            full = f"{first.get('First Name', '')} {first.get('Last Name', '')}".strip()
            document["basics"] = {k: v for k, v in {"name": full, "label": first.get("Headline", "")}.items() if v}
        work = [
            {k: v for k, v in {"name": r.get("Company Name", ""), "position": r.get("Title", "")}.items() if v}
            for r in rows("positions.csv")
        ]
        if any(work):
            document["work"] = [w for w in work if w]
    if not document:
        raise InvalidInput(f"{name} is a LinkedIn export with nothing I can use (no profile, no positions).")
    return ImportResult(document, "linkedin")
