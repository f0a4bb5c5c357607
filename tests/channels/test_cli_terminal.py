"""The terminal chat's sink with the real assistant: a refusal said once, one line per action, full paths."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from app.events import UserTurn
from channels.cli.chat import TerminalSink
from channels.cli.main import main

FULL = Path(__file__).parents[1] / "fixtures" / "full_resume.json"


async def test_a_refusal_is_said_once_and_each_action_is_one_line(
    service: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    sink = TerminalSink(Path("."), show_tools=True)  # as at a terminal: the steps are shown

    async def say(text: str) -> tuple[str, str]:
        await service.handle(UserTurn(channel="cli", external_user_id="jane", text=text), sink)
        sink.end_text()
        captured = capsys.readouterr()
        return captured.out, captured.err

    await say("/new")
    await say("Jane Doe")
    out, err = await say("/export")
    assert out.count("Which design?") == 1 and "Classic (/export classic)" in out
    out, err = await say("/export academic")
    saved = tmp_path / "Jane_Doe_CV_academic.pdf"  # pytest makes tmp_path absolute and resolved
    assert out.startswith(f"Saved {saved} (") and saved.read_bytes().startswith(b"%PDF-")
    assert err == "  · export cv: done\n"

    for _ in range(4):  # back to the first version, then one more
        out, err = await say("/undo")
    assert out.startswith("Nothing to undo"), out
    assert out.count("Nothing to undo") == 1 and "Nothing to undo" not in err
    assert err == "  · undo: refused\n"  # the step in one line; its reason once, as the assistant says it


def test_export_names_the_full_path_of_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["export", "--cv-file", str(FULL), "--format", "json"]) == 0
    written = tmp_path / "Maria_Kowalska_CV.json"
    assert capsys.readouterr().err == f"Wrote {written} ({written.stat().st_size:,} bytes)\n"
    assert json.loads(written.read_text()) == json.loads(FULL.read_text())
