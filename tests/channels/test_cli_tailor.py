"""`altoc tailor` and `altoc letter`: a tailored variant and a cover letter from the terminal, real processes."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from app.render.check import pdf_text
from tests import cliprocess
from tests.app.tailor.test_plan import AD, CV


@pytest.fixture
def altoc(pg_data_dir: Path, tmp_path: Path, db: Any) -> Any:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        environment = {**os.environ, "ALTOC_DATA_DIR": str(pg_data_dir), "ALTOC_LLM": "offline"}
        return cliprocess.run(*args, cwd=tmp_path, env=environment)

    return run


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
