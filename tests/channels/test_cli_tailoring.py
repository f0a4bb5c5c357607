"""Tailoring in the terminal: `altoc chat` shows the changes and, for each button, the command to type."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any

from app.cv.service import CvService
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
