"""`altoc serve` with TELEGRAM_BOT_TOKEN and TELEGRAM_WEBHOOK_URL: the web chat and the bot in one process."""

from __future__ import annotations

import json
import signal
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from channels.telegram.service import SECRET_HEADER
from tests.channels.web.test_serve import get, spawn_serve
from tests.fakes.telegram_server import TOKEN, FakeTelegram
from tests.webclient import free_port


def post(url: str, body: bytes, headers: dict[str, str]) -> int:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code


def test_serve_runs_the_bot_by_webhook(pg_data_dir: Path, tmp_path: Path, db: Any) -> None:
    fake = FakeTelegram().start()
    process, url = spawn_serve(
        pg_data_dir,
        tmp_path,
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_BASE_URL=fake.url,
        TELEGRAM_WEBHOOK_URL="https://cv.example.com/tg/updates",
        TELEGRAM_WEBHOOK_SECRET="s3cret-for-tests",
    )
    try:
        fake.wait_for(lambda: any(method == "setWebhook" for method, _ in fake.calls), timeout=60)
        registered = next(params for method, params in fake.calls if method == "setWebhook")
        assert registered["url"] == "https://cv.example.com/tg/updates"
        assert registered["secret_token"] == "s3cret-for-tests"
        assert get(url + "/health")[0] == 200  # the web chat is up too

        update = json.dumps({"update_id": 5, "message": fake.message(801, "/start")}).encode()
        # Telegram's requests name the public host (a proxy forwards them): only the secret decides.
        public = {"Host": "cv.example.com", "Content-Type": "application/json"}
        assert post(url + "/tg/updates", update, {**public, SECRET_HEADER: "wrong"}) == 403
        assert post(url + "/tg/updates", update, public) == 403
        time.sleep(0.3)
        assert fake.sent_to(801) == []
        assert post(url + "/tg/updates", update, {**public, SECRET_HEADER: "s3cret-for-tests"}) == 200
        welcome = fake.wait_for(lambda: fake.sent_to(801))
        assert "offline guided mode" in welcome[0].text
        assert get(url + "/", {"Host": "cv.example.com"})[0] == 403  # the chat itself stays local
        assert not any(method == "getUpdates" for method, _ in fake.calls)
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
        fake.stop()
    assert TOKEN not in out + err


def test_serve_keeps_the_web_chat_when_telegram_cannot_start(pg_data_dir: Path, tmp_path: Path, db: Any) -> None:
    dead = free_port()  # nothing listens there: Telegram is "unreachable"
    process, url = spawn_serve(
        pg_data_dir, tmp_path, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=f"http://127.0.0.1:{dead}"
    )
    try:
        assert get(url + "/login")[0] == 200  # the web chat serves
        time.sleep(1.0)
    finally:
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=30)
    assert "the Telegram bot could not start" in err, err
    assert TOKEN not in err
