"""The command line under the same limits as the chats: hostile job ads and oversize CVs get a sentence
naming the limit, in seconds, and nothing is stored (issue 12, items 4 and 5)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

from tests import cliprocess
from tests.hostile import docx_bomb, long_resume, pdf_bomb

FULL = Path(__file__).parents[1] / "fixtures" / "full_resume.json"


def altoc(*args: str, cwd: Path, data_dir: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """`altoc ARGS` as a process (tests/cliprocess.py); the old code ran past 60 s on these inputs (the timeout
    fails the test)."""
    environment = {**os.environ, "ALTOC_DATA_DIR": str(data_dir), "ALTOC_LLM": "offline"}
    return cliprocess.run(*args, cwd=cwd, env=environment, timeout=timeout)


def test_ats_refuses_a_decompression_bomb_job_ad(tmp_path: Path) -> None:
    (tmp_path / "job.docx").write_bytes(docx_bomb(3_000_000))  # the file: 82 s and 3.7 GB before
    (tmp_path / "job.pdf").write_bytes(pdf_bomb(400))  # the PDF: 27 s and 8.3 GB before
    for name, message in (
        ("job.docx", "the limit is 50 MB of unpacked content"),
        ("job.pdf", "job.pdf unpacks to more than 50 MB; the limit is 50 MB of unpacked content"),
    ):
        result = altoc("ats", "--cv-file", str(FULL), "--job", name, cwd=tmp_path, data_dir=tmp_path / "data")
        assert result.returncode == 1, result.stdout[-500:]
        assert message in result.stderr and "Traceback" not in result.stderr


def test_a_cv_over_the_size_limits_is_refused_by_export_and_import(pg_data_dir: Path, tmp_path: Path, db: Any) -> None:
    big = tmp_path / "big.json"
    big.write_text(json.dumps(long_resume(10_000)))  # its PDF took 161 s before
    exported = altoc("export", "--cv-file", str(big), "--format", "pdf", cwd=tmp_path, data_dir=tmp_path / "data")
    assert exported.returncode == 1
    assert "big.json is too big for a CV" in exported.stderr
    assert "work has 10,000 entries; the limit is 100 per section" in exported.stderr
    assert not list(tmp_path.glob("*.pdf"))

    imported = altoc("import", str(big), "--user", "big", cwd=tmp_path, data_dir=pg_data_dir)
    assert imported.returncode == 1 and "the limit is 100 per section" in imported.stderr
    listed = altoc("cv", "list", "--user", "big", cwd=tmp_path, data_dir=pg_data_dir)
    assert "No CVs yet" in listed.stdout  # refused before anything was stored
