"""Keys derived from the bot token (stable across restarts and workers), and the token kept out of logs.

PTB logs its API URL (which contains the token) at DEBUG, httpx logs every request URL at INFO, and an
error can quote the token (PTB's InvalidToken) in a message or traceback from any logger (PTB's, ours,
asyncio's). So the token is removed where records are written out: a filter on every handler.
"""

from __future__ import annotations

import hmac
import logging
import re
from hashlib import sha256

from app.config import Settings
from app.errors import ConfigurationError

WEBHOOK_SECRET_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")  # what Telegram accepts as secret_token
REDACTED = "<TELEGRAM_BOT_TOKEN>"


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


class TokenRedactor(logging.Filter):
    """Replaces the registered tokens with `REDACTED` in a record's message and traceback (in place, so every
    handler after this one gets the clean record too); drops nothing."""

    def __init__(self) -> None:
        super().__init__()
        self.tokens: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.tokens:
            return True
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: leave it to the logging machinery to report
            return True
        cleaned = self.clean(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and record.exc_info[0] is not None and not record.exc_text:
            # e.g. PTB's InvalidToken quotes the token; pre-format the traceback so the handler uses ours.
            text = logging.Formatter().formatException(record.exc_info)
            if self.clean(text) != text:
                record.exc_text = self.clean(text)
        return True

    def clean(self, text: str) -> str:
        for token in self.tokens:
            text = text.replace(token, REDACTED)
        return text


_redactor = TokenRedactor()


def redact_token_in_logs(token: str) -> None:
    """Keep `token` out of the logs: the redacting filter goes on every handler configured now (the root
    logger's, other loggers' and the last-resort one), so call it once logging is set up. Idempotent."""
    if token:
        _redactor.tokens.add(token)
    for handler in _handlers():
        if _redactor not in handler.filters:
            handler.addFilter(_redactor)
    # httpx's INFO line per request is noise besides being the token's main leak.
    for name in ("httpx", "httpcore"):
        logger = logging.getLogger(name)
        if logger.getEffectiveLevel() < logging.WARNING:
            logger.setLevel(logging.WARNING)


def _handlers() -> list[logging.Handler]:
    loggers = [logging.getLogger(), *logging.Logger.manager.loggerDict.values()]
    found = [h for logger in loggers if isinstance(logger, logging.Logger) for h in logger.handlers]
    if logging.lastResort is not None:
        found.append(logging.lastResort)
    return list(dict.fromkeys(found))
