"""The `altoc` command line as a person uses it: real processes, real database, clear errors.

Commands run as processes forked from one that has imported the command line (tests/cliprocess.py); those
marked `script` run the installed `altoc` script itself, as a person's shell does."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

FULL = Path(__file__).parents[1] / "fixtures" / "full_resume.json"
# JSON Resume's own sample (jsonresume/resume-schema, MIT licence), as published.
SAMPLE = Path(__file__).parents[1] / "fixtures" / "jsonresume_sample.json"
ALTOC = str(Path(sys.executable).parent / "altoc")


@pytest.fixture
def script(pg_data_dir: Path, tmp_path: Path, db: Any) -> Any:
    """Run the installed `altoc` script itself, as a person's shell does; returns the finished process."""

    def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        environment = {**os.environ, "ALTOC_DATA_DIR": str(pg_data_dir), "ALTOC_LLM": "offline", **(env or {})}
        return subprocess.run(
            [ALTOC, *args], env=environment, cwd=tmp_path, capture_output=True, text=True, timeout=120
        )

    return run


def test_import_show_and_export_are_lossless(altoc: Any, tmp_path: Path) -> None:
    imported = altoc("import", str(FULL), "--user", "maria")
    assert imported.returncode == 0, imported.stderr
    cv_id = imported.stdout.strip()
    assert len(cv_id) == 36 and imported.stderr.startswith(f"{FULL.resolve()}: Imported Maria Kowalska")

    shown = altoc("cv", "show", "--json", "--user", "maria", "--cv", cv_id[:8])
    assert json.loads(shown.stdout) == json.loads(FULL.read_text())

    exported = altoc("export", "--format", "json", "--user", "maria", "-o", "out.json")
    assert exported.returncode == 0, exported.stderr
    assert exported.stderr.startswith(f"Wrote {tmp_path / 'out.json'} (")
    assert json.loads((tmp_path / "out.json").read_text()) == json.loads(FULL.read_text())

    listed = altoc("cv", "list", "--user", "maria")
    assert cv_id[:8] in listed.stdout and "Maria Kowalska" in listed.stdout
    assert "No CVs yet" in altoc("cv", "list", "--user", "someone-else").stdout


def test_json_resumes_own_sample_round_trips_unchanged(altoc: Any, tmp_path: Path) -> None:
    imported = altoc("import", str(SAMPLE), "--user", "richard")
    assert imported.returncode == 0, imported.stderr
    exported = altoc("export", "--format", "json", "--user", "richard", "-o", "out.json")
    assert exported.returncode == 0, exported.stderr
    assert json.loads((tmp_path / "out.json").read_text()) == json.loads(SAMPLE.read_text())
    pdf = altoc("export", "--format", "pdf", "--user", "richard", "-o", "out.pdf")
    assert pdf.returncode == 0 and "an ATS reads all" in pdf.stderr, pdf.stderr


def test_history_and_undo_after_a_chat(altoc: Any) -> None:
    altoc("import", str(FULL), "--user", "h")
    chat = altoc("chat", "--user", "h", stdin="/help\nchange my phone to +49 30 1234567\n")
    assert chat.returncode == 0, chat.stderr
    history = altoc("cv", "history", "--user", "h")
    assert "v1" in history.stdout and "Imported full_resume.json (JSON Resume)" in history.stdout
    undone = altoc("cv", "undo", "--user", "h")
    assert undone.returncode == 0 and undone.stdout.startswith("Undid")
    shown = altoc("cv", "show", "--json", "--user", "h")
    assert json.loads(shown.stdout)["basics"]["phone"] == "+48 600 123 456"
    redone = altoc("cv", "redo", "--user", "h")
    assert redone.returncode == 0 and redone.stdout.startswith("Redid"), redone.stderr
    again = [altoc("cv", "undo", "--user", "h") for _ in range(2)][-1]
    assert again.returncode == 1 and "Nothing to undo" in again.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", "not valid JSON (line 1, column 2"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe", "bad.json is a picture (PNG)"),
        (b"[1, 2]", "a JSON Resume file is a JSON object"),
        (json.dumps({"work": [{"name": "X", "startDate": "March 2021"}]}).encode(), "work[0].startDate: use YYYY-MM"),
        (json.dumps({"basics": {"email": "nope"}}).encode(), "basics.email: not a valid email address"),
    ],
)
def test_bad_import_files_are_refused_and_nothing_is_stored(
    altoc: Any, tmp_path: Path, content: bytes, message: str
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    result = altoc("import", str(bad), "--user", "bad")
    assert result.returncode == 1
    assert message in result.stderr and "Traceback" not in result.stderr
    assert "No CVs yet" in altoc("cv", "list", "--user", "bad").stdout


def test_stateless_export_needs_no_database(script: Any, tmp_path: Path) -> None:
    # An unreachable database: the command must not touch it.
    env = {"DATABASE_URL": f"postgresql://nobody@/none?host={tmp_path}/nowhere"}
    result = script("export", "--cv-file", str(FULL), "--format", "json", "-o", "-", env=env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == json.loads(FULL.read_text())


def test_user_mistakes_get_sentences_not_tracebacks(altoc: Any) -> None:
    missing = altoc("import", "nope.json")
    assert missing.returncode == 1 and missing.stderr.strip() == "altoc: nope.json: no such file"
    no_cv = altoc("cv", "show", "--user", "nobody-yet")
    assert no_cv.returncode == 1 and "You have no CV yet" in no_cv.stderr
    wrong_id = altoc("cv", "show", "--cv", "0000dead", "--user", "nobody-yet")
    assert wrong_id.returncode == 1 and "No CV with id '0000dead'" in wrong_id.stderr
    unknown = altoc("frobnicate")
    assert unknown.returncode == 2 and "invalid choice: 'frobnicate'" in unknown.stderr
    db_url = altoc("cv", "list", env={"DATABASE_URL": "mysql://x@y/z"})
    assert db_url.returncode == 1 and "DATABASE_URL must point at PostgreSQL" in db_url.stderr


def test_db_upgrade(script: Any) -> None:
    result = script("db", "upgrade")
    assert result.returncode == 0 and "Database schema is up to date" in result.stdout


def test_templates_and_stateless_pdf_export(altoc: Any, tmp_path: Path) -> None:
    listed = altoc("templates", "--format", "json")
    assert [t["name"] for t in json.loads(listed.stdout)] == ["classic", "modern", "compact", "academic"]
    assert "compact" in altoc("templates").stdout
    result = altoc("export", "--cv-file", str(FULL), "--format", "pdf", "--template", "academic", "--paper", "letter")
    assert result.returncode == 0, result.stderr
    assert "checked: an ATS reads all" in result.stderr
    assert (tmp_path / "Maria_Kowalska_CV_academic.pdf").read_bytes().startswith(b"%PDF-")
    wrong = altoc("export", "--cv-file", str(FULL), "--template", "fancy")
    assert wrong.returncode == 1
    assert wrong.stderr.strip() == "altoc: Unknown template 'fancy'. Choose one of: classic, modern, compact, academic."
    docx = altoc("export", "--cv-file", str(FULL), "--format", "docx", "-o", "cv.docx")
    assert docx.returncode == 0 and (tmp_path / "cv.docx").read_bytes().startswith(b"PK")


def test_ats_json_report_stateless_and_stored(altoc: Any, tmp_path: Path) -> None:
    fixtures = Path(__file__).parents[2] / "bench" / "fixtures"
    job = fixtures / "ats_job_backend.txt"
    cv = fixtures / "ats_cv_backend_strong.json"
    stateless = altoc("ats", "--cv-file", str(cv), "--job", str(job), "--format", "json")
    assert stateless.returncode == 0, stateless.stderr
    report = json.loads(stateless.stdout)
    assert 0 <= report["score"] <= 100 and report["job"]["title"] == "Senior Backend Engineer"
    kafka = next(s for s in report["job"]["skills"] if s["name"] == "Apache Kafka")
    assert kafka["found"] is True and "Kafka consumers" in kafka["evidence"] and kafka["importance"] == "required"
    assert {c["status"] for c in report["categories"]} <= {"pass", "warn", "fail", "skipped"}

    altoc("import", str(cv), "--user", "ats")
    stored = altoc("ats", "--user", "ats", "--job", str(job))
    assert stored.returncode == 0 and stored.stdout.startswith("Score ") and "Senior Backend Engineer" in stored.stdout
    general = altoc("ats", "--user", "ats", "--format", "json")
    assert json.loads(general.stdout)["job"] is None

    empty = tmp_path / "empty.txt"
    empty.write_text("  \n")
    refused = altoc("ats", "--cv-file", str(cv), "--job", str(empty))
    assert refused.returncode == 1 and "empty" in refused.stderr and "Traceback" not in refused.stderr
    binary = tmp_path / "ad.bin"
    binary.write_bytes(bytes(range(256)) * 40)
    assert "not a document I know" in altoc("ats", "--cv-file", str(cv), "--job", str(binary)).stderr
