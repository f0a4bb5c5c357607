"""The one settings object: every environment variable the product reads is declared here."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

# Prices of the default models, US dollars per million tokens: input, output, cached input. A model not named
# here or in ALTOC_MODEL_PRICES is priced as "*" (deliberately high: set the real price).
DEFAULT_MODEL_PRICES: dict[str, tuple[float, float, float]] = {
    "gpt-5.4-mini": (0.25, 2.0, 0.025),
    "claude-sonnet-5-5": (3.0, 15.0, 0.3),
    "*": (5.0, 25.0, 0.5),
}


class CreditPack(BaseModel):
    """A one-time purchase of credits, with its price in Stripe and/or Telegram Stars."""

    id: str = Field(pattern=r"^[a-z0-9_-]{1,20}$")
    credits: int = Field(gt=0)
    label: str = ""
    stripe_price: str | None = None
    stars: int = Field(default=0, ge=0)

    @property
    def title(self) -> str:
        return self.label or f"{self.credits:,} credits"


SmtpSecurity = Literal["starttls", "ssl", "none"]
SecureCookies = Literal["auto", "true", "false"]


def default_data_dir() -> Path:
    """Where the embedded database and uploads live when ALTOC_DATA_DIR is not set.

    The embedded PostgreSQL runs as a separate system user when we are root and makes every parent
    of its directory world-readable, so root gets /var/lib/altoc instead of a path under /root.
    """
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        return Path("/var/lib/altoc")
    import platformdirs

    return Path(platformdirs.user_data_dir("altoc", appauthor=False))


class Settings(BaseSettings):
    """Configuration from the environment or a `.env` file in the working directory."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore", populate_by_name=True)

    database_url: str | None = None
    altoc_data_dir: Path = Field(default_factory=default_data_dir)

    # "auto" (the configured providers, in the registry's order), "offline", or a provider's name from
    # app/llm/registry.py (checked there, since providers register themselves).
    altoc_llm: str = "auto"
    openai_api_key: SecretStr | None = None
    openai_base_url: str | None = None
    openai_model: str = "gpt-5.4-mini"
    anthropic_api_key: SecretStr | None = None
    anthropic_base_url: str | None = None
    anthropic_model: str = "claude-sonnet-5-5"
    llm_timeout_seconds: float = Field(default=60.0, alias="ALTOC_LLM_TIMEOUT")
    llm_max_retries: int = Field(default=2, alias="ALTOC_LLM_RETRIES")
    llm_retry_base_delay: float = Field(default=0.5, alias="ALTOC_LLM_RETRY_DELAY")
    agent_max_steps: int = Field(default=8, alias="ALTOC_AGENT_MAX_STEPS")
    # Output budget of the model's reading of an imported CV (a long CV as JSON is a few thousand tokens).
    import_max_tokens: int = Field(default=8192, ge=256, alias="ALTOC_IMPORT_MAX_TOKENS")

    max_message_chars: int = Field(default=20_000, alias="ALTOC_MAX_MESSAGE_CHARS")
    max_upload_bytes: int = Field(default=5_000_000, alias="ALTOC_MAX_UPLOAD_BYTES")
    parse_seconds: float = Field(default=8.0, gt=0, alias="ALTOC_PARSE_SECONDS")
    parse_memory_mb: int = Field(default=512, ge=64, alias="ALTOC_PARSE_MEMORY_MB")
    parse_max_pages: int = Field(default=50, ge=1, alias="ALTOC_PARSE_MAX_PAGES")
    import_max_pages: int = Field(default=10, ge=1, alias="ALTOC_IMPORT_MAX_PAGES")  # a CV, not a job ad or a book
    parse_max_unpacked_mb: int = Field(default=50, ge=1, alias="ALTOC_PARSE_MAX_UNPACKED_MB")
    parse_max_elements: int = Field(default=100_000, ge=1, alias="ALTOC_PARSE_MAX_ELEMENTS")
    render_workers: int = Field(default=2, ge=1, le=32, alias="ALTOC_RENDER_WORKERS")
    render_seconds: float = Field(default=30.0, gt=0, alias="ALTOC_RENDER_SECONDS")
    link_code_minutes: int = Field(default=10, ge=1, le=60, alias="ALTOC_LINK_CODE_MINUTES")

    telegram_bot_token: SecretStr | None = None
    telegram_api_base_url: str | None = None
    telegram_webhook_url: str | None = None
    telegram_webhook_secret: SecretStr | None = None

    chainlit_auth_secret: SecretStr | None = None
    # Where people reach the web chat (https://cv.example.com): links in emails, and Secure cookies when https.
    public_url: str | None = Field(default=None, alias="ALTOC_PUBLIC_URL")
    secure_cookies: SecureCookies = Field(default="auto", alias="ALTOC_SECURE_COOKIES")

    # Email for verification links (sign-up). Without a host, sign-up creates the account at once (unproven email).
    smtp_host: str | None = Field(default=None, alias="ALTOC_SMTP_HOST")
    smtp_port: int = Field(default=587, ge=1, le=65535, alias="ALTOC_SMTP_PORT")
    smtp_security: SmtpSecurity = Field(default="starttls", alias="ALTOC_SMTP_SECURITY")
    smtp_user: str | None = Field(default=None, alias="ALTOC_SMTP_USER")
    smtp_password: SecretStr | None = Field(default=None, alias="ALTOC_SMTP_PASSWORD")
    smtp_from: str = Field(default="Altoc CV assistant <no-reply@localhost>", alias="ALTOC_SMTP_FROM")

    # Payments. Billing is on when a way to pay is configured: Stripe (a secret key and a price id) or Telegram
    # Stars (a Stars price and a bot). Off, everything stays unlimited, as for a self-hosted instance.
    stripe_secret_key: SecretStr | None = None
    stripe_webhook_secret: SecretStr | None = None
    stripe_api_base: str | None = None  # a fake or proxy Stripe API (tests); the real one when unset
    stripe_pro_price: str | None = Field(default=None, alias="ALTOC_STRIPE_PRO_PRICE")  # the monthly plan's price id
    # Credit packs: [{"id": "p500", "credits": 500, "label": "500 credits", "stripe_price": "price_…", "stars": 250}]
    credit_packs: list[CreditPack] = Field(default_factory=list, alias="ALTOC_CREDIT_PACKS")
    pro_stars: int = Field(default=0, ge=0, alias="ALTOC_PRO_STARS")  # 30 days of the plan in Stars (0: not sold)
    pro_price_label: str = Field(default="", alias="ALTOC_PRO_PRICE_LABEL")  # "€9 a month", shown by /buy
    free_messages: int = Field(default=30, ge=0, alias="ALTOC_FREE_MESSAGES")  # model-assisted messages a month
    pro_credits: int = Field(default=2000, ge=0, alias="ALTOC_PRO_CREDITS")  # the monthly plan's fair-use budget
    credit_usd: float = Field(default=0.01, gt=0, alias="ALTOC_CREDIT_USD")  # what one credit buys of model use
    # US dollars per million tokens, per model ("*": any other model): {"gpt-5.4-mini": [0.25, 2.0, 0.025]}
    # as [input, output, cached input].
    model_prices: dict[str, tuple[float, float, float]] = Field(
        default_factory=lambda: dict(DEFAULT_MODEL_PRICES), alias="ALTOC_MODEL_PRICES"
    )

    log_level: str = Field(default="WARNING", alias="ALTOC_LOG_LEVEL")

    @property
    def stripe_enabled(self) -> bool:
        """Stripe takes payments: a secret key and something to sell with a Stripe price."""
        return self.stripe_secret_key is not None and bool(
            self.stripe_pro_price or any(p.stripe_price for p in self.credit_packs)
        )

    @property
    def stars_enabled(self) -> bool:
        """The Telegram bot sells in Stars: a bot and something with a Stars price."""
        return self.telegram_bot_token is not None and bool(self.pro_stars or any(p.stars for p in self.credit_packs))

    @property
    def billing_enabled(self) -> bool:
        """Plans and limits apply: some way to pay is configured. Off, model use is unlimited."""
        return self.stripe_enabled or self.stars_enabled

    @property
    def mail_enabled(self) -> bool:
        """Whether sign-up proves emails with a link (an SMTP server is configured)."""
        return bool(self.smtp_host)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
