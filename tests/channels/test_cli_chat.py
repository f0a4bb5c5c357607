"""The offline guided interview end to end through the terminal: `altoc chat` reading a pipe."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from app.cv.service import CvService
from db.repositories.users import UserRepository
from tests.app.guided.test_interview import EXPECTED, MARIA


async def test_altoc_chat_builds_a_cv_from_a_pipe(pg_data_dir: Path, tmp_path: Path, db: Any) -> None:
    env = {**os.environ, "ALTOC_DATA_DIR": str(pg_data_dir), "ALTOC_LLM": "offline"}
    script = "\n".join([*MARIA, "/show", "/export json", "/export modern letter"]) + "\n"
    proc = await asyncio.to_thread(
        subprocess.run,
        [str(Path(sys.executable).parent / "altoc"), "chat", "--user", "maria"],
        input=script,
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert out.startswith("Let's build your CV.")
    assert "Saved: email maria.k@example.com, phone +48 600 123 456." in out
    assert "Options: Show CV (/show) · Check against a job ad (/ats) · Export PDF (/export) · Undo (/undo)" in out
    assert "1. Staff Engineer, PayFlow GmbH (Mar 2021 – Present)" in out
    assert "Saved Maria_Kowalska_CV.json (" in out
    assert "Saved Maria_Kowalska_CV.pdf (" in out and "checked: an ATS reads all" in out
    assert (tmp_path / "Maria_Kowalska_CV.pdf").read_bytes().startswith(b"%PDF-")
    assert proc.stderr == ""  # no tool chatter on a pipe, no warnings

    async with db.session_scope() as session:
        user = await UserRepository(session).find_by_identity("local", "maria")
        assert user is not None
        assert (await CvService(session, user.id).load()).resume.to_json() == EXPECTED
    assert (
        (tmp_path / "Maria_Kowalska_CV.json").read_text().startswith('{\n  "basics": {\n    "name": "Maria Kowalska"')
    )
