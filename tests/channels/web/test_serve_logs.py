"""`altoc serve` logs on stderr, as the README says: stdout carries only what the server tells the person who ran it."""

from __future__ import annotations

import signal
import time
from pathlib import Path
from typing import Any

from tests.channels.web.test_serve import get, spawn_serve
from tests.fakes.telegram_server import TOKEN
from tests.webclient import free_port


def test_error_logs_go_to_stderr_not_stdout(pg_data_dir: Path, tmp_path: Path, db: Any) -> None:
    dead = free_port()  # nothing listens there: the Telegram bot cannot start, which is logged as an error
    process, url = spawn_serve(
        pg_data_dir, tmp_path, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=f"http://127.0.0.1:{dead}"
    )
    try:
        assert get(url + "/login")[0] == 200
        time.sleep(1.5)
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    assert "ERROR - channels.telegram.service - The Telegram bot could not start" in err, err
    assert "ERROR" not in out and "could not start" not in out, out
    assert out.startswith("Altoc CV assistant on http://localhost:")
