"""`altoc telegram` as a process: long polling the fake Bot API server, answering, stopping on Ctrl-C."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

from tests import cliprocess
from tests.cliprocess import AltocPopen
from tests.fakes.telegram_server import TOKEN, FakeTelegram


def test_altoc_telegram_polls_answers_and_stops(pg_data_dir: Path, tmp_path: Path, db: Any) -> None:
    fake = FakeTelegram().start()
    env = {
        **os.environ,
        "ALTOC_DATA_DIR": str(pg_data_dir),
        "ALTOC_LLM": "offline",
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": fake.url,
        "ALTOC_LOG_LEVEL": "DEBUG",  # the most talkative level: the token must still not be printed
    }
    process = AltocPopen(  # forked from a process that has imported the command line (tests/cliprocess.py)
        ["telegram"], env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        fake.wait_for(lambda: any(method == "getUpdates" for method, _ in fake.calls), timeout=60)
        fake.send_text(701, "/start")
        welcome = fake.wait_for(lambda: fake.sent_to(701))
        assert "offline guided mode" in welcome[0].text
        fake.send_text(701, "/new")
        fake.wait_for(lambda: len(fake.sent_to(701)) >= 2)
    finally:
        time.sleep(0.2)
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
        fake.stop()
    assert process.returncode == 0, err
    assert "long polling" in out
    assert TOKEN not in out + err and TOKEN.split(":")[1] not in out + err


def test_altoc_telegram_without_a_token_says_what_to_do(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
    done = cliprocess.run("telegram", env=env, cwd=tmp_path, timeout=60)
    assert done.returncode == 1
    assert "TELEGRAM_BOT_TOKEN is not set" in done.stderr and "@BotFather" in done.stderr
