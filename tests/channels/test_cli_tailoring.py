"""Tailoring in the terminal: `altoc chat` shows the changes and, for each button, the command to type; `altoc tailor`
prints a tailored variant's id, and `altoc letter` writes the cover letter."""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path
from typing import Any

import pytest

from app.cv.service import CvService
from app.render.check import pdf_text
from db.models import AuthorKind
from db.repositories.users import UserRepository
from tests import cliprocess
from tests.app.tailor.test_plan import CV

AD = (  # one line: a pipe sends one message a line
    "Senior Data Engineer (m/f/d) at Tidewater Logistics. Requirements: strong Python and SQL, experience with Apache "
    "Airflow and PostgreSQL, Kafka for event streaming, Terraform for infrastructure as code. Nice to have: dbt."
)


async def test_tailor_in_the_terminal_offers_the_buttons_as_typed_commands(
    pg_data_dir: Path, tmp_path: Path, db: Any
) -> None:
    async with db.session_scope() as session:
        person = await UserRepository(session).get_or_create_by_identity("local", "ana-tailor")
        await CvService(session, person.id).create(CV, author=AuthorKind.import_)
    env = {**os.environ, "ALTOC_DATA_DIR": str(pg_data_dir), "ALTOC_LLM": "offline"}
    script = f"/tailor {AD}\n/tailor pick 2\n/tailor apply none\nno\n/letter\n"
    proc = await asyncio.to_thread(cliprocess.run, "chat", "--user", "ana-tailor", cwd=tmp_path, env=env, stdin=script)
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr
    out = proc.stdout
    assert "a variant of your CV for Senior Data Engineer at Tidewater Logistics, and opened it" in out, out
    assert "What I would change:\n1. Your headline — " in out
    assert "Apply them with /tailor apply all, some with /tailor apply 1 3, or none with /tailor apply none." in out
    options = next(line for line in out.splitlines() if line.startswith("Options: Apply all"))
    # Each button with the command that does the same when typed.
    assert options.startswith("Options: Apply all (/tailor apply all) · 1. Apply: your headline (/tailor pick ")
    assert options.endswith(" · None (/tailor apply none)")
    assert options.count(". Apply: ") == options.count("(/tailor pick ") >= 3
    # `/tailor pick 2` is one change's button: the others stay on offer, with Done.
    assert "Applied 1 change as version 2 of the variant (/undo reverts it). ATS score " in out
    assert "Pick another, or Done." in out
    rest = next(line for line in out.splitlines() if line.startswith("Options: Apply: "))
    assert rest.endswith(" · Done (/tailor apply none)") and "your summary" not in rest
    assert "The ad asks for Kafka. Have you used it?" in out
    assert "Kafka stays out" in out
    assert "Cover letter for Senior Data Engineer at Tidewater Logistics, version 1" in out
    letter = "Options: Letter as PDF (/letter pdf) · Letter as Word (/letter docx) · Letter as Markdown (/letter md)"
    assert letter in out


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    cv = tmp_path / "cv.json"
    cv.write_text(json.dumps(CV))
    ad = tmp_path / "ad.txt"
    ad.write_text(AD)
    return cv, ad


def test_tailor_prints_the_variants_id_and_leaves_the_cv_alone(altoc: Any, files: tuple[Path, Path]) -> None:
    cv, ad = files
    base = altoc("import", str(cv), "--user", "ana").stdout.strip()
    before = altoc("cv", "show", "--json", "--user", "ana", "--cv", base).stdout
    tailored = altoc("tailor", "--job", str(ad), "--user", "ana", "--cv", base[:8])
    assert tailored.returncode == 0, tailored.stderr
    variant = tailored.stdout.strip()
    assert len(variant) == 36 and variant != base
    assert "a variant of your CV for Senior Data Engineer at Tidewater Logistics" in tailored.stderr
    assert "Applied" in tailored.stderr and "ATS score" in tailored.stderr
    assert "Not added (your CV doesn't show them): Kafka" in tailored.stderr
    assert "Have you used it" not in tailored.stderr
    assert altoc("cv", "show", "--json", "--user", "ana", "--cv", base).stdout == before
    shown = json.loads(altoc("cv", "show", "--json", "--user", "ana", "--cv", variant).stdout)
    assert "PostgreSQL" in [s["name"] for s in shown["skills"]]  # the CV's "Postgres", in the ad's words
    assert shown["work"][0]["highlights"][0].startswith(("Built Airflow", "Migrated 120"))
    assert [w["name"] for w in shown["work"]] == [w["name"] for w in CV["work"]]
    listed = altoc("cv", "list", "--user", "ana").stdout
    assert f"↳ {variant[:8]}  for Senior Data Engineer at Tidewater Logistics" in listed


def test_letter_writes_a_pdf_and_refuses_a_missing_ad(altoc: Any, files: tuple[Path, Path], tmp_path: Path) -> None:
    cv, ad = files
    altoc("import", str(cv), "--user", "ana")
    written = altoc("letter", "--job", str(ad), "--user", "ana", "-o", "letter.pdf")
    assert written.returncode == 0, written.stderr
    assert "Cover letter for Senior Data Engineer at Tidewater Logistics, version 1" in written.stderr
    text = "\n".join(pdf_text((tmp_path / "letter.pdf").read_bytes()))
    assert "Ana Silva" in text and "Tidewater Logistics" in text and "Kafka" not in text
    markdown = altoc("letter", "--job", str(ad), "--user", "ana", "--format", "md", "-o", "-")
    assert markdown.returncode == 0 and "Tidewater Logistics" in markdown.stdout
    missing = altoc("letter", "--job", "nope.txt", "--user", "ana")
    assert missing.returncode != 0 and "nope.txt: no such file" in missing.stderr
    bad_pages = altoc("tailor", "--job", str(ad), "--user", "ana", "--pages", "9")
    assert bad_pages.returncode == 2 and "invalid choice" in bad_pages.stderr
