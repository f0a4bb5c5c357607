"""Keys derived from the bot token (stable across restarts and workers), and the token kept out of logs.

PTB logs its API URL (which contains the token) at DEBUG and httpx logs every request URL at INFO;
a log record factory removes the token from every record, whatever logger or level made it.
"""

from __future__ import annotations

import hmac
import logging
import re
from hashlib import sha256
from typing import Any

from app.config import Settings
from app.errors import ConfigurationError

WEBHOOK_SECRET_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")  # what Telegram accepts as secret_token
REDACTED = "<TELEGRAM_BOT_TOKEN>"
_redacted_tokens: set[str] = set()


def configured_token(settings: Settings) -> str | None:
    """TELEGRAM_BOT_TOKEN, or None when it is unset or blank."""
    token = settings.telegram_bot_token.get_secret_value().strip() if settings.telegram_bot_token else ""
    return token or None


def bot_token(settings: Settings) -> str:
    token = configured_token(settings)
    if token is None:
        raise ConfigurationError(
            "TELEGRAM_BOT_TOKEN is not set. Create a bot with @BotFather in Telegram, then put its token in "
            "the environment or .env: TELEGRAM_BOT_TOKEN=123456:ABC..."
        )
    return token


def derived_key(token: str, purpose: str) -> bytes:
    """A key for one purpose, from the bot token (HMAC, so the token cannot be recovered from it)."""
    return hmac.new(token.encode(), f"altoc-telegram:{purpose}".encode(), sha256).digest()


def webhook_secret(settings: Settings) -> str:
    """TELEGRAM_WEBHOOK_SECRET, or a secret derived from the token: the same in every worker and after restarts."""
    if settings.telegram_webhook_secret is not None:
        secret = settings.telegram_webhook_secret.get_secret_value()
        if not WEBHOOK_SECRET_PATTERN.match(secret):
            raise ConfigurationError(
                "TELEGRAM_WEBHOOK_SECRET may only contain letters, digits, '_' and '-' (1-256 characters)."
            )
        return secret
    return derived_key(bot_token(settings), "webhook").hex()


def redact_token_in_logs(token: str) -> None:
    """Replace `token` with a placeholder in every log record from now on (idempotent)."""
    if not token or token in _redacted_tokens:
        return
    first = not _redacted_tokens
    _redacted_tokens.add(token)
    if first:
        previous = logging.getLogRecordFactory()

        def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
            record = previous(*args, **kwargs)
            return _redact(record)

        logging.setLogRecordFactory(factory)
    # httpx's INFO line per request is noise besides being the token's main leak.
    for name in ("httpx", "httpcore"):
        logger = logging.getLogger(name)
        if logger.getEffectiveLevel() < logging.WARNING:
            logger.setLevel(logging.WARNING)


def _redact(record: logging.LogRecord) -> logging.LogRecord:
    try:
        message = record.getMessage()
    except Exception:  # a broken format string: leave it to the logging machinery to report
        return record
    cleaned = _without_tokens(message)
    if cleaned != message:
        record.msg, record.args = cleaned, None
    if record.exc_info and record.exc_info[0] is not None and not record.exc_text:
        # e.g. PTB's InvalidToken quotes the token; pre-format the traceback so the handler uses ours.
        text = logging.Formatter().formatException(record.exc_info)
        if _without_tokens(text) != text:
            record.exc_text = _without_tokens(text)
    return record


def _without_tokens(text: str) -> str:
    for token in _redacted_tokens:
        text = text.replace(token, REDACTED)
    return text
