"""The offline guided interview end to end through the terminal: the real `altoc chat` reading a pipe."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from app.cv.service import CvService
from db.repositories.users import UserRepository
from tests import cliprocess
from tests.app.assistant.guided.test_interview import EXPECTED, MARIA

TRANSCRIPT_START = """\
Let's build your CV. It takes about ten minutes; you can stop at any time and /show what we have — every answer \
is saved as you go. What is your full name?
Thanks, Maria. Your email and phone? (e.g. maria@example.com, +48 600 123 456)
Saved: email maria.k@example.com, phone +48 600 123 456. Where are you based? (city, country — e.g. Warsaw, \
Poland; or /skip)
Saved: Warsaw, Poland. Your professional headline — the title recruiters should see? (e.g. Backend Engineer; or \
/skip)
"""
AFTER_INTERVIEW = [
    "change my phone to +48 600 999 888",
    "add certificate AWS Solutions Architect, Amazon, 2023",
    "/show",
    "/export json",
    "/export modern letter",
]


async def test_altoc_chat_builds_a_cv_from_a_pipe(pg_data_dir: Path, tmp_path: Path, db: Any) -> None:
    """`altoc chat` as a process (forked from one that has imported the command line: tests/cliprocess.py)."""
    env = {**os.environ, "ALTOC_DATA_DIR": str(pg_data_dir), "ALTOC_LLM": "offline"}
    script = "\n".join([*MARIA, *AFTER_INTERVIEW]) + "\n"
    proc = await asyncio.to_thread(cliprocess.run, "chat", "--user", "maria", cwd=tmp_path, env=env, stdin=script)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""  # no tool chatter on a pipe, no warnings
    out = proc.stdout
    assert out.startswith(TRANSCRIPT_START)
    assert 'Added: "Designed the ledger service that settles 2.1M transactions a day." Next one, or /done.\n' in out
    assert (
        "That's the whole interview — nicely done. Your CV has contact details, a summary, 2 jobs, 1 school, "
        "4 skills, 3 languages and 1 project.\n"
    ) in out
    assert "Options: Show CV (/show) · Check against a job ad (/ats) · Export PDF (/export)\n" in out
    assert "Saved: phone +48 600 999 888.\nAdded certificate: AWS Solutions Architect, Amazon, 2023.\n" in out
    assert "maria.k@example.com · +48 600 999 888 · Warsaw, PL" in out  # /show
    assert "1. Staff Engineer, PayFlow GmbH (Mar 2021 – Present)" in out
    assert f"Saved {tmp_path / 'Maria_Kowalska_CV.json'} (" in out  # the full path
    assert f"Saved {tmp_path / 'Maria_Kowalska_CV_modern.pdf'} (" in out
    assert "checked: an ATS reads all" in out
    assert (tmp_path / "Maria_Kowalska_CV_modern.pdf").read_bytes().startswith(b"%PDF-")

    expected = {
        **EXPECTED,
        "basics": {**EXPECTED["basics"], "phone": "+48 600 999 888"},
        "certificates": [{"name": "AWS Solutions Architect", "issuer": "Amazon", "date": "2023"}],
    }
    async with db.session_scope() as session:
        user = await UserRepository(session).find_by_identity("local", "maria")
        assert user is not None
        state = await CvService(session, user.id).load()
    assert state.resume.to_json() == expected
    assert state.version.number == 24  # the interview's 22, the phone, the certificate
    exported = (tmp_path / "Maria_Kowalska_CV.json").read_text()
    assert exported.startswith('{\n  "basics": {\n    "name": "Maria Kowalska"')


def test_bold_is_bold_on_a_terminal_and_plain_in_a_pipe() -> None:
    from channels.cli.chat import terminal_text

    assert terminal_text("Code **K7QF-3MZP** now", tty=False) == "Code K7QF-3MZP now"
    assert terminal_text("**Maria**", tty=True) == "\033[1mMaria\033[0m"
    assert terminal_text("2**10 and a ** b", tty=False) == "2**10 and a ** b"  # not markup


def _read_until(fd: int, marker: bytes, seen: bytearray, timeout: float = 60) -> str:
    """The terminal's output up to the next `marker` (the prompt), reading the pty's master side."""
    import select
    import time

    deadline = time.monotonic() + timeout
    start = len(seen)
    while marker not in seen[start:]:
        ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
        assert ready, f"no {marker!r} within {timeout} s; got: {bytes(seen[start:])[-800:]!r}"
        seen += os.read(fd, 65536)
    end = seen.index(marker, start) + len(marker)
    text = bytes(seen[start:end]).decode(errors="replace")
    del seen[:end]
    return text


def test_a_job_ad_pasted_into_the_terminal_is_one_message(pg_data_dir: Path, tmp_path: Path) -> None:
    """The installed `altoc` script itself, on a terminal (a pty)."""
    import pty

    env = {**os.environ, "ALTOC_DATA_DIR": str(pg_data_dir), "ALTOC_LLM": "offline", "TERM": "dumb"}
    altoc = str(Path(sys.executable).parent / "altoc")
    fixtures = Path(__file__).parents[2] / "bench" / "fixtures"
    imported = cliprocess.run(
        "import", str(fixtures / "ats_cv_backend_strong.json"), "--user", "paste", cwd=tmp_path, env=env
    )
    assert imported.returncode == 0, imported.stderr
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [altoc, "chat", "--user", "paste"], stdin=slave, stdout=slave, stderr=slave, env=env, cwd=tmp_path
    )
    os.close(slave)
    seen = bytearray()
    try:
        _read_until(master, b"you> ", seen)
        os.write(master, b"/ats\n")
        assert "Paste the job ad" in _read_until(master, b"you> ", seen)
        ad = (fixtures / "ats_job_backend.txt").read_text()
        assert ad.count("\n") > 10
        os.write(master, ad.encode())  # all lines at once, as a paste arrives
        answer = _read_until(master, b"you> ", seen)
        assert 'for "Senior Backend Engineer"' in answer and "Job match" in answer, answer
        assert "PostgreSQL" in answer and "Rust (preferred)" in answer  # the whole ad, not its first line
        assert answer.count("Score ") == 1  # one analysis, not one reply per pasted line
        os.write(master, b"apply all\n")
        assert "Applied " in _read_until(master, b"you> ", seen)
        os.write(master, b"\x04")  # Ctrl-D leaves
        assert proc.wait(30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
