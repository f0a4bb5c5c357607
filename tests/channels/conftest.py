"""Fixtures of the channel tests."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests import cliprocess


@pytest.fixture
def altoc(pg_data_dir: Path, tmp_path: Path, db: Any) -> Any:
    """Run `altoc ARGS` against the test session's embedded database, offline; returns the finished process.

    Commands run as processes forked from one that has imported the command line (tests/cliprocess.py)."""

    def run(
        *args: str, stdin: str | None = None, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        environment = {**os.environ, "ALTOC_DATA_DIR": str(pg_data_dir), "ALTOC_LLM": "offline", **(env or {})}
        return cliprocess.run(*args, cwd=tmp_path, env=environment, stdin=stdin)

    return run
