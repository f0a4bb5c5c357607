"""File names and sniffing for what we send and receive."""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.cv.model import Resume


def ascii_slug(text: str, fallback: str = "CV") -> str:
    """'Łucja Żółć-Nowak' -> 'Lucja_Zolc-Nowak' (safe in a Content-Disposition header and on any disk)."""
    text = text.replace("ł", "l").replace("Ł", "L").replace("ø", "o").replace("Ø", "O").replace("ß", "ss")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^A-Za-z0-9-]+", "_", ascii_text).strip("_")
    return slug[:60] or fallback


def cv_filename(resume: Resume, extension: str, design: str | None = None) -> str:
    """'Jane_Doe_CV_classic.pdf': the design in the name, so two exports in two designs never overwrite each
    other and the person can tell them apart."""
    name = resume.basics.name if resume.basics and resume.basics.name else ""
    return f"{ascii_slug(name, 'My')}_CV{f'_{ascii_slug(design)}' if design else ''}.{extension}"


def letter_filename(resume: Resume, extension: str, company: str | None = None) -> str:
    """'Maria_Kowalska_Cover_Letter_Acme.pdf': the company in the name, so letters to two companies differ."""
    name = resume.basics.name if resume.basics and resume.basics.name else ""
    to = ascii_slug(company, "") if company else ""
    return f"{ascii_slug(name, 'My')}_Cover_Letter{f'_{to}' if to else ''}.{extension}"
