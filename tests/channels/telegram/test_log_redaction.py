"""The bot token never reaches a log line: not in httpx's request lines, PTB's debug lines or an error's
traceback, from whichever logger; done by a filter on the handlers, not by a process-wide record factory."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest
from telegram.error import InvalidToken

from channels.telegram.keys import REDACTED, redact_token_in_logs
from tests.fakes.telegram_server import TOKEN

URL = f"https://api.telegram.org/bot{TOKEN}/getUpdates"


@pytest.fixture
def log_output() -> Iterator[io.StringIO]:
    """The root logger writing to a buffer at DEBUG, as `ALTOC_LOG_LEVEL=DEBUG` has it; restored afterwards."""
    root = logging.getLogger()
    saved = (root.handlers[:], root.level, logging.getLogger("httpx").level, logging.getLogger("httpcore").level)
    output = io.StringIO()
    handler = logging.StreamHandler(output)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root.handlers[:] = [handler]
    root.setLevel(logging.DEBUG)
    logging.getLogger("httpx").setLevel(logging.NOTSET)
    logging.getLogger("httpcore").setLevel(logging.NOTSET)
    try:
        yield output
    finally:
        root.handlers[:], root.level = saved[0], saved[1]
        logging.getLogger("httpx").setLevel(saved[2])
        logging.getLogger("httpcore").setLevel(saved[3])


def test_the_token_never_reaches_a_log_line(log_output: io.StringIO) -> None:
    factory = logging.getLogRecordFactory()
    redact_token_in_logs(TOKEN)
    redact_token_in_logs(TOKEN)  # idempotent: one filter per handler
    assert logging.getLogRecordFactory() is factory  # no global hook
    assert [type(f).__name__ for f in logging.getLogger().handlers[0].filters] == ["TokenRedactor"]
    logging.getLogger("telegram.ext.ExtBot").debug("Set Bot API URL: %s", URL[:-11])
    logging.getLogger("httpx").warning('HTTP Request: POST %s "HTTP/1.1 502 Bad Gateway"', URL)
    try:
        raise InvalidToken(f"The token `{TOKEN}` was rejected by the server.")
    except InvalidToken:
        logging.getLogger("telegram.ext.Updater").exception("Invalid token. Aborting retry loop.")
        logging.getLogger("channels.telegram.bot").error("Telegram update failed", exc_info=True)
    logging.getLogger("asyncio").error("Task exception was never retrieved: %r", InvalidToken(TOKEN))
    text = log_output.getvalue()
    assert TOKEN not in text and TOKEN.split(":")[1] not in text
    assert text.count(REDACTED) == 5, text  # every line and traceback kept, the token replaced
    assert f"https://api.telegram.org/bot{REDACTED}/getUpdates" in text and "InvalidToken" in text


def test_httpx_request_lines_are_quieted(log_output: io.StringIO) -> None:
    redact_token_in_logs(TOKEN)
    logging.getLogger("httpx").info("HTTP Request: GET %s", URL)
    assert log_output.getvalue() == ""


def test_a_record_without_any_handler_is_cleaned_by_the_last_resort(
    log_output: io.StringIO, capsys: pytest.CaptureFixture[str]
) -> None:
    redact_token_in_logs(TOKEN)
    logging.getLogger().handlers[:] = []  # nothing configured: Python writes warnings to stderr itself
    logging.getLogger("telegram.ext.Application").error("No error handlers: %s", InvalidToken(TOKEN))
    written = capsys.readouterr().err
    assert "No error handlers" in written and TOKEN not in written and REDACTED in written
