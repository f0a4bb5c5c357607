"""Telegram Stars payments outside a running bot: a refund made by an admin (`altoc billing refund`)."""

from __future__ import annotations

from telegram import Bot

from app.config import Settings
from channels.telegram.bot import api_base_url
from channels.telegram.keys import bot_token


async def refund_stars(settings: Settings, user_id: int, charge_id: str) -> None:
    """Give a Stars payment back to the person who paid (Bot API `refundStarPayment`).

    Raises telegram.error.TelegramError when Telegram refuses (already refunded, unknown charge)."""
    base = api_base_url(settings)
    urls = {"base_url": f"{base}/bot", "base_file_url": f"{base}/file/bot"} if base else {}
    async with Bot(bot_token(settings), **urls) as bot:
        await bot.refund_star_payment(user_id=user_id, telegram_payment_charge_id=charge_id)
