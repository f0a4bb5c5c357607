"""Hostile CV files at the command line: control characters, NUL, deep nesting, invisible skills, bad URLs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ALTOC = str(Path(sys.executable).parent / "altoc")
# What a terminal must never receive from a CV: escape sequences (retitle, clear, recolour), NUL, BEL,
# C1 controls, bidi overrides.
RAW_CONTROLS = ("\x1b", "\x00", "\x07", "\x9b", "\u202e", "\u200b")


def write(tmp_path: Path, name: str, document: Any) -> str:
    path = tmp_path / name
    path.write_text(document if isinstance(document, str) else json.dumps(document), encoding="utf-8")
    return str(path)


HOSTILE = {
    "basics": {
        "name": "Maria\x1b]0;you have been pwned\x07 Kowalska\x00",
        "label": "\x1b[2J\x1b[31mStaff Engineer\u202e",
        "summary": "Builds\u200b payment\x9b31m systems.\r\nLine two.",
        "url": "https://example.com/a><script>alert(1)</script>",
    },
    "work": [{"name": "Pay\u00adFlow\ufeff", "position": "Engineer\x08\x08\x08\x08Boss", "x-note\x00": "kept\x00"}],
    "skills": [{"name": "Python", "keywords": ["Go\u200d", "SQL"]}],
}


def test_control_characters_in_a_cv_never_reach_the_terminal(altoc: Any, tmp_path: Path) -> None:
    imported = altoc("import", write(tmp_path, "evil.json", HOSTILE), "--user", "evil")
    assert imported.returncode == 0, imported.stderr  # the NUL used to make PostgreSQL refuse it, with a traceback
    for args in (("cv", "show"), ("cv", "list"), ("cv", "history")):
        shown = altoc(*args, "--user", "evil")
        assert shown.returncode == 0, shown.stderr
        assert not [c for c in RAW_CONTROLS if c in shown.stdout + shown.stderr], (args, shown.stdout)
    shown = altoc("cv", "show", "--json", "--user", "evil")
    stored = json.loads(shown.stdout)
    assert stored["basics"]["name"] == "Maria Kowalska"  # cleaned on the way in, not only on the way out
    assert stored["basics"]["label"] == "Staff Engineer"
    assert stored["basics"]["summary"] == "Builds payment systems.\nLine two."
    assert stored["work"][0] == {"name": "PayFlow", "position": "EngineerBoss", "x-note": "kept"}
    assert stored["skills"][0]["keywords"] == ["Go", "SQL"]

    exported = altoc("export", "--cv-file", write(tmp_path, "evil2.json", HOSTILE), "--format", "md", "-o", "-")
    assert exported.returncode == 0, exported.stderr
    assert not [c for c in RAW_CONTROLS if c in exported.stdout]


def test_markdown_export_lets_no_html_through_a_url(altoc: Any, tmp_path: Path) -> None:
    document = {
        "basics": {
            "name": "Maria",
            "url": "https://example.com/a><script>alert(1)</script>",
            "profiles": [{"network": "GitHub", "url": "https://github.com/m)<img/src=x/onerror=alert(1)>"}],
        },
        "projects": [{"name": "Ledger", "url": 'https://example.com/p>"><iframe/src=javascript:alert(1)>'}],
    }
    exported = altoc("export", "--cv-file", write(tmp_path, "cv.json", document), "--format", "md", "-o", "-")
    assert exported.returncode == 0, exported.stderr
    from markdown_it import MarkdownIt

    # Rendered as a CommonMark viewer (a job portal, GitHub) would, with raw HTML on: none comes through.
    html = MarkdownIt("commonmark").render(exported.stdout)
    for raw in ("<script", "<img", "<iframe"):
        assert raw not in html, html
    assert '<a href="https://example.com/a%3E%3Cscript%3Ealert%281%29%3C/script%3E">' in html  # still a link


def test_nul_deep_nesting_and_invisible_skills_get_sentences(altoc: Any, tmp_path: Path) -> None:
    deep = write(tmp_path, "deep.json", '{"basics": ' + "[" * 100_000 + "]" * 100_000 + "}")
    for args in (("import", deep), ("export", "--cv-file", deep, "--format", "md")):
        refused = altoc(*args, "--user", "deep")
        assert refused.returncode == 1
        assert "nested more than 64 levels deep" in refused.stderr and "Traceback" not in refused.stderr

    invisible = write(tmp_path, "zw.json", {"basics": {"name": "Maria"}, "skills": [{"name": "\u200b"}]})
    refused = altoc("import", invisible, "--user", "deep")
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert "skills[0].name has only invisible or control characters" in refused.stderr
    assert "No CVs yet" in altoc("cv", "list", "--user", "deep").stdout  # nothing was stored

    nul = write(tmp_path, "nul.json", '{"basics": {"name": "Maria\\u0000 Kowalska", "x\\u0000": "y\\u0000"}}')
    imported = altoc("import", nul, "--user", "deep")
    assert imported.returncode == 0 and "Traceback" not in imported.stderr, imported.stderr
    assert json.loads(altoc("cv", "show", "--json", "--user", "deep").stdout)["basics"] == {
        "name": "Maria Kowalska",
        "x": "y",
    }


async def test_the_terminal_chat_prints_no_escape_sequence_a_model_wrote(
    pg_data_dir: Path, tmp_path: Path, db: Any, fake_openai: Any
) -> None:
    import asyncio

    from tests.fakes import openai_server as oai

    # A model repeating a hostile job ad: retitle the terminal, clear it, hide text, reverse it.
    fake_openai.enqueue(oai.text("Hello\x1b]0;you have been pwned\x07 \x1b[2J\x1b[8mthere\u202e, \x9b31mMaria."))
    env = {
        **os.environ,
        "ALTOC_DATA_DIR": str(pg_data_dir),
        "ALTOC_LLM": "openai",
        "OPENAI_API_KEY": "sk-test",
        "OPENAI_BASE_URL": fake_openai.base_url,
    }
    proc = await asyncio.to_thread(
        subprocess.run,
        [ALTOC, "chat", "--user", "esc"],
        input="hi\n",
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Hello there, Maria." in proc.stdout
    assert not [c for c in RAW_CONTROLS if c in proc.stdout + proc.stderr], repr(proc.stdout)
