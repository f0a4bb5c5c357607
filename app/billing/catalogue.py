"""What can be bought and what model use costs, from the settings: the one place prices are read."""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from app.config import DEFAULT_MODEL_PRICES, Settings
from app.llm.base import Usage

MILLI = 1000  # amounts are kept in thousandths of a credit
PRO = "pro"
PRO_DAYS = 30  # the monthly plan bought in Stars: 30 days, not renewed by itself
# The chat where digital goods must be sold in Telegram Stars (Telegram's rule); every other chat sells through
# Stripe. Its name as the Telegram channel reports it in `UserTurn.channel`.
STARS_CHANNEL = "telegram"


@dataclass(frozen=True)
class Item:
    """Something /buy offers: the monthly plan or a credit pack, with its prices where it is sold."""

    id: str  # "pro" or a pack's id
    kind: Literal["plan", "pack"]
    title: str
    credits: int  # a pack's credits; the plan's monthly budget
    stripe_price: str | None
    stars: int  # 0: not sold in Stars


def catalogue(settings: Settings) -> list[Item]:
    """The monthly plan first, then the packs, each with the ways it can be paid for."""
    items: list[Item] = []
    if settings.stripe_pro_price or settings.pro_stars:
        items.append(
            Item(PRO, "plan", "Monthly plan", settings.pro_credits, settings.stripe_pro_price, settings.pro_stars)
        )
    items += [Item(p.id, "pack", p.title, p.credits, p.stripe_price, p.stars) for p in settings.credit_packs]
    return items


def find_item(settings: Settings, item_id: str) -> Item | None:
    return next((item for item in catalogue(settings) if item.id == item_id), None)


def cost(settings: Settings, model: str, usage: Usage) -> int:
    """A model call's price in millicredits, from the tokens the provider reported (rounded up)."""
    prices = settings.model_prices
    input_price, output_price, cached_price = (
        _exact(p) for p in prices.get(model) or prices.get("*") or DEFAULT_MODEL_PRICES["*"]
    )
    cached = min(usage.cached_input_tokens, usage.input_tokens)
    usd = (
        (usage.input_tokens - cached) * input_price + cached * cached_price + usage.output_tokens * output_price
    ) / 1_000_000
    return math.ceil(usd / _exact(settings.credit_usd) * MILLI)


def _exact(price: float) -> Decimal:
    """A price as written (0.25, not the nearest binary fraction): in floats, 595 tokens at $2 per million
    came to 120 millicredits instead of 119, a rounding error charged by the ceiling."""
    return Decimal(repr(price))


def credits(amount: int) -> str:
    """Millicredits as a person reads them: "12", "0.4", "1,250"."""
    value = amount / MILLI
    if abs(value) >= 100 or value == int(value):
        return f"{value:,.0f}"
    return f"{value:,.1f}"
