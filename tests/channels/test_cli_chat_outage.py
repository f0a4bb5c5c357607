"""`altoc chat` when the embedded PostgreSQL dies between two messages: the turn says so, the database comes back,
and the conversation goes on where it was."""

from __future__ import annotations

import os
import queue
import subprocess
import threading
import time
from pathlib import Path

import pytest

from tests.channels.web.test_database_outage import RESTARTING, kill_postmaster, restarts_held_back
from tests.cliprocess import AltocPopen


class Terminal:
    """`altoc chat` reading a pipe, one line per message; its stdout read line by line as it comes."""

    def __init__(self, data_dir: Path, cwd: Path) -> None:
        env = {**os.environ, "ALTOC_DATA_DIR": str(data_dir), "ALTOC_LLM": "offline"}
        self.process = AltocPopen(  # forked from a process that has imported the command line (tests/cliprocess.py)
            ["chat"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            cwd=cwd,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line)

    def say(self, text: str, timeout: float = 60) -> str:
        assert self.process.stdin is not None
        self.process.stdin.write(text + "\n")
        self.process.stdin.flush()
        return self.lines.get(timeout=timeout)

    def close(self) -> str:
        """End of input (as Ctrl-D): the chat ends; returns what it wrote on stderr."""
        assert self.process.stdin is not None and self.process.stderr is not None
        self.process.stdin.close()
        self.process.wait(timeout=30)
        return self.process.stderr.read()


@pytest.mark.slow
def test_the_terminal_says_the_database_stopped_and_carries_on(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    terminal = Terminal(data_dir, tmp_path)
    try:
        assert "full name" in terminal.say("/new")
        with restarts_held_back():
            kill_postmaster(data_dir)
            assert terminal.say("Maria Kowalska").startswith(RESTARTING)
        deadline = time.monotonic() + 30
        while (answer := terminal.say("Maria Kowalska")).startswith(RESTARTING):  # as a person would: again
            assert time.monotonic() < deadline, "the database did not come back within 30 s"
            time.sleep(0.5)
        assert answer.startswith("Thanks, Maria. Your email and phone?")
    finally:
        err = terminal.close()
    assert terminal.process.returncode == 0, err
    assert "stopped; restarting it" in err and "is running again" in err and "Traceback" not in err, err
