"""LinkedIn's data export opened safely: which ZIPs are one, and its CSV files read by header name.

Only the CSVs a CV needs are unpacked, each counted against the unpacked-size limit as it is read, so a
ZIP bomb elsewhere in the archive is never opened. A CSV's header row is found below any "Notes:" lines.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from app.cleantext import clean_text
from app.errors import InvalidInput
from app.uploads import DocumentLimits

# The CSV files a CV is made of, and the other files every export holds (to tell an export that holds
# nothing useful from any other ZIP).
CV_FILES = (
    "profile.csv", "positions.csv", "education.csv", "skills.csv", "languages.csv", "certifications.csv",
    "projects.csv", "email addresses.csv", "phonenumbers.csv", "honors.csv", "publications.csv",
    "volunteering.csv", "courses.csv",
)  # fmt: skip
OTHER_FILES = (
    "connections.csv", "messages.csv", "invitations.csv", "registration.csv", "ad_targeting.csv", "rich_media.csv",
    "reactions.csv", "comments.csv", "shares.csv", "learning.csv", "searchqueries.csv", "company follows.csv",
    "member_follows.csv", "endorsement_received_info.csv", "endorsement_given_info.csv", "inferences_about_you.csv",
    "recommendations_received.csv", "recommendations_given.csv", "saved_jobs.csv", "job applications.csv",
    "job seeker preferences.csv", "events.csv", "votes.csv", "receipts.csv", "logins.csv", "whatsapp phone numbers.csv",
    "causes you care about.csv", "guide_messages.csv", "learning_role_play_messages.csv", "private_identity_asset.csv",
)  # fmt: skip


def file_base(name: str) -> str:
    """An entry's file name without its folder, in lower case: how export files are matched."""
    return name.replace("\\", "/").rsplit("/", 1)[-1].strip().lower()


def column_key(header: str) -> str:
    """A header as it is matched: "Started On", "started_on" and "\ufeffStarted On" are all "startedon"."""
    return re.sub(r"[^a-z0-9]", "", header.lower())


@dataclass
class Table:
    """One CSV: rows as dicts keyed by normalised header ("companyname")."""

    rows: list[dict[str, str]]

    def numbered(self) -> Iterator[tuple[int, Callable[..., str]]]:
        """(row number, get) per non-empty row; get("Started On", "Start Date") is the first column present."""
        for number, row in enumerate(self.rows, 1):
            if any(row.values()):
                yield number, lambda *names, row=row: next((row[k] for n in names if (k := column_key(n)) in row), "")


class ExportArchive:
    """The export's CSV files, each unpacked within the size limit that is left."""

    def __init__(self, data: bytes, name: str, limits: DocumentLimits) -> None:
        self.name = name
        self.limits = limits
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            entries = self.zip.infolist()
        except (zipfile.BadZipFile, EOFError, ValueError):
            raise InvalidInput(f"{name} is a damaged ZIP archive. Download your data from LinkedIn again.") from None
        if len(entries) > limits.zip_entries:
            raise InvalidInput(
                f"{name} holds {len(entries):,} files inside; the limit is {limits.zip_entries:,}. Send LinkedIn's "
                "export as it came."
            )
        self.files: dict[str, zipfile.ZipInfo] = {}
        for entry in entries:
            base = file_base(entry.filename)
            if base in CV_FILES and not entry.is_dir() and "__macosx" not in entry.filename.lower():
                self.files.setdefault(base, entry)
        declared = sum(entry.file_size for entry in self.files.values())
        if declared > limits.unpacked_bytes:
            raise self._too_big(declared)
        self.unpacked = 0

    def _too_big(self, size: int) -> InvalidInput:
        return InvalidInput(
            f"{self.name}: its CV files unpack to more than {size / 1e6:,.0f} MB; the limit is "
            f"{self.limits.unpacked_bytes / 1e6:,.0f} MB. Send LinkedIn's export as it came, or paste your CV as text."
        )

    def table(self, file: str, columns: Sequence[str], notes: list[str]) -> Table | None:
        """The CSV's rows under its header row (the first row naming one of `columns`), or None."""
        entry = self.files.get(file)
        if entry is None:
            return None
        text = self._text(entry)
        shown = entry.filename.replace("\\", "/").rsplit("/", 1)[-1]  # "Skills.csv" as the export spells it
        try:
            rows = list(csv.reader(io.StringIO(text, newline="")))
        except csv.Error as exc:
            notes.append(f"{shown} could not be read as CSV ({exc}); it is left out.")
            return None
        wanted = {column_key(c) for c in columns}
        for index, row in enumerate(rows):
            keys = [column_key(cell) for cell in row]
            if wanted & set(keys):
                body = rows[index + 1 :]
                return Table(
                    [{k: clean_text(v).strip() for k, v in zip(keys, values, strict=False) if k} for values in body]
                )
        notes.append(f"{shown} has none of the columns I know; it is left out.")
        return None

    def _text(self, entry: zipfile.ZipInfo) -> str:
        chunks: list[bytes] = []
        try:
            with self.zip.open(entry) as part:
                while chunk := part.read(1 << 16):
                    self.unpacked += len(chunk)
                    if self.unpacked > self.limits.unpacked_bytes:
                        raise self._too_big(self.unpacked)
                    chunks.append(chunk)
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError):
            raise InvalidInput(
                f"{self.name} is a damaged ZIP archive ({entry.filename} cannot be unpacked). Download your data "
                "from LinkedIn again."
            ) from None
        raw = b"".join(chunks)
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            return raw.decode("utf-16", errors="replace")
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            return raw.decode("cp1252", errors="replace")
