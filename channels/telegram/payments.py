"""Telegram Stars in the bot: the pre-checkout answer, a successful payment credited once per charge, refunds.

The invoice itself is sent by TelegramSink (an InvoiceEvent of the `buy` tool); its payload names the item, the
account and the price, and app.billing checks it. Telegram waits 10 s for the pre-checkout answer, so it is one
short transaction with no model call, and a refusal rather than silence when anything goes wrong. Money taken is
never dropped: a payment whose invoice no longer matches the offers is credited with the item it names, or
refunded when that item is gone.
"""

from __future__ import annotations

import asyncio
import logging
import uuid

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Bot, Message, PreCheckoutQuery, User
from telegram.error import BadRequest, TelegramError

from app.assistant.runtime import Runtime
from app.billing.catalogue import MILLI, PRO, Item, credits, find_item
from app.billing.service import BillingService
from app.config import Settings
from app.errors import AltocError, DatabaseUnavailable, InvalidInput, ProviderUnavailable
from app.events import TextEvent
from channels.telegram.keys import bot_token, redact_token_in_logs
from channels.telegram.sink import TelegramSink
from db.models import User as DbUser
from db.repositories.billing import BillingRepository
from db.repositories.users import UserRepository

log = logging.getLogger(__name__)
CHANNEL = "telegram"
PRE_CHECKOUT_SECONDS = 5.0  # Telegram waits 10 s; a check slower than this is refused, not left unanswered
CREDIT_ATTEMPTS = 3  # a payment is tried again when the database is briefly away (Telegram sends it once)
NOT_NOW = "Payments are not available right now. Nothing was charged: please try again in a minute."
NOT_YOURS = "This invoice was made for another account. Send /buy for your own."


async def refund_stars(settings: Settings, telegram_user_id: int, charge_id: str) -> None:
    """Give a Stars payment back (refundStarPayment). The caller then applies it: BillingService.stars_refunded.

    Raises InvalidInput when Telegram refuses (already refunded, an unknown charge), ProviderUnavailable when
    Telegram cannot be reached."""
    from channels.telegram.bot import api_base_url

    token, base = bot_token(settings), api_base_url(settings)
    redact_token_in_logs(token)  # an error or httpx's request line would carry it
    bot = Bot(token, base_url=f"{base}/bot", base_file_url=f"{base}/file/bot") if base is not None else Bot(token)
    try:
        async with bot:
            await bot.refund_star_payment(telegram_user_id, charge_id)
    except BadRequest as exc:
        raise InvalidInput(refusal(exc.message, charge_id)) from exc
    except TelegramError as exc:
        raise ProviderUnavailable(
            f"Telegram did not refund {charge_id} ({exc}): nothing was changed. Try again."
        ) from exc


def refusal(description: str, charge_id: str) -> str:
    """Telegram's reason for refusing a refund, in words."""
    if "ALREADY_REFUNDED" in description.upper():
        return f"Telegram says the payment {charge_id} was already refunded: nothing more was given back."
    if "CHARGE" in description.upper() or "NOT_FOUND" in description.upper():
        return f"Telegram does not know the payment {charge_id} for this person: check the charge id and payer."
    return f"Telegram refused to refund {charge_id}: {description}"


def named_item(settings: Settings, payload: str) -> Item | None:
    """The item an invoice's payload names, whatever its price or account ("altoc:<item>:<user>:<stars>")."""
    parts = payload.split(":")
    return find_item(settings, parts[1]) if len(parts) == 4 and parts[0] == "altoc" else None


async def joined_payload(session: AsyncSession, payload: str, user_id: uuid.UUID) -> str:
    """The payload as made for `user_id` when the account it names is gone: an invoice sent before /link joined
    that account into this one (or before it was deleted) is still this person's to pay."""
    parts = payload.split(":")
    if len(parts) != 4 or parts[2] == str(user_id):
        return payload
    try:
        named = uuid.UUID(parts[2])
    except ValueError:
        return payload
    if await session.get(DbUser, named) is not None:  # another person's account: refused as it is
        return payload
    return ":".join([parts[0], parts[1], str(user_id), parts[3]])


class StarsPayments:
    """The bot's side of a Stars payment: pre-checkout, successful_payment and refunded_payment."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    @property
    def settings(self) -> Settings:
        return self.runtime.settings

    # --- before the payment ----------------------------------------------------------------------

    async def pre_checkout(self, query: PreCheckoutQuery) -> None:
        """Answer within Telegram's 10 s: ok when the payload is this person's current offer at its price."""
        try:
            error = await asyncio.wait_for(self._check(query), PRE_CHECKOUT_SECONDS)
        except Exception:  # a slow or absent database, anything: refuse clearly rather than not answer
            log.exception("pre-checkout query %s could not be checked; refused", query.id)
            error = NOT_NOW
        try:
            await query.answer(ok=error is None, error_message=error)
        except TelegramError as exc:
            log.warning("answerPreCheckoutQuery failed: %s", exc)

    async def _check(self, query: PreCheckoutQuery) -> str | None:
        async with self.runtime.db.session_scope() as session:
            person = await UserRepository(session).find_by_identity(CHANNEL, str(query.from_user.id))
            if person is None:
                return NOT_YOURS
            billing = BillingService(session, self.settings)
            payload = await joined_payload(session, query.invoice_payload, person.id)
            _, error = billing.check_stars_payload(person.id, payload, query.currency, query.total_amount)
            return error

    # --- the payment -----------------------------------------------------------------------------

    async def paid(self, message: Message, sink: TelegramSink) -> None:
        """A successful payment: credited once per charge id; then the person is told what they got."""
        payment = message.successful_payment
        assert payment is not None and message.from_user is not None
        charge = payment.telegram_payment_charge_id
        said = await self._credit_patiently(message.from_user, message, charge)
        await sink.emit(TextEvent(said))
        await sink.flush()

    async def _credit_patiently(self, payer: User, message: Message, charge: str) -> str:
        """Credit the payment, trying again while the database is briefly away; what to tell the person."""
        error: Exception | None = None
        for attempt in range(1, CREDIT_ATTEMPTS + 1):
            try:
                return await self._credit(payer, message, charge)
            except DatabaseUnavailable as exc:
                error = exc
                if attempt < CREDIT_ATTEMPTS:
                    await asyncio.sleep(attempt)
            except Exception as exc:
                error = exc
                break
        return self._not_recorded(message, charge, error)

    def _not_recorded(self, message: Message, charge: str, error: Exception | None) -> str:
        payment = message.successful_payment
        assert payment is not None and message.from_user is not None
        # Telegram does not send the payment again: this line is what an administrator credits it from.
        log.error(
            "STARS PAYMENT NOT RECORDED: charge %s from Telegram user %s, %s %s, payload %r",
            charge,
            message.from_user.id,
            payment.total_amount,
            payment.currency,
            payment.invoice_payload,
            exc_info=error,
        )
        return (
            "Your payment arrived, but I could not record it just now. It is not lost: it is noted with its "
            f"Telegram charge id ({charge}) and will be credited or refunded by hand."
        )

    async def _credit(self, payer: User, message: Message, charge: str) -> str:
        payment = message.successful_payment
        assert payment is not None
        async with self.runtime.db.session_scope() as session:
            person = await UserRepository(session).get_or_create_by_identity(CHANNEL, str(payer.id), payer.full_name)
            billing = BillingService(session, self.settings)
            payload = await joined_payload(session, payment.invoice_payload, person.id)
            item, problem = billing.check_stars_payload(person.id, payload, payment.currency, payment.total_amount)
            if item is None:  # paid all the same (the price or the account changed since): the item it names
                item = named_item(self.settings, payment.invoice_payload)
                log.warning("Stars payment %s did not match its offer (%s); item: %s", charge, problem, item)
            if item is None:
                return await self._refund_unknown(billing, person.id, message, charge)
            outcome = await billing.credit_stars(
                person.id, item, charge, payer=str(payer.id), amount=payment.total_amount
            )
            status = await billing.status(person.id)
        if outcome == "already applied":
            return f"That payment ({item.title}) is already recorded. /plan shows your plan and credits."
        if item.kind == "plan" and status.renews is not None:
            return (
                f"Thank you! **{item.title}**: the monthly plan is yours until {status.renews:%-d %B %Y}. "
                "/plan shows it."
            )
        added = f"{credits(item.credits * MILLI)} credits"
        return (
            f"Thank you! **{added}** added" + (f" ({item.title})" if item.title != added else "") + "; you now have "
            f"{credits(max(status.balance, 0))}. /plan shows your plan and credits."
        )

    async def _refund_unknown(self, billing: BillingService, user_id: uuid.UUID, message: Message, charge: str) -> str:
        """A payment for something no longer offered: given back at once, recorded once under its charge id."""
        payment = message.successful_payment
        assert payment is not None and message.from_user is not None
        event_id = f"telegram:{charge}"
        repo = billing.repo
        if not await repo.claim_event(event_id, "successful_payment"):
            return "That payment was already dealt with. /plan shows your plan and credits."
        try:
            await message.get_bot().refund_star_payment(message.from_user.id, charge)
        except TelegramError as exc:
            log.error("Stars payment %s for an unknown offer could not be refunded: %s", charge, exc)
            outcome, said = (
                f"unknown offer {payment.invoice_payload!r}; refund failed: {exc}",
                "This offer no longer exists, and I could not refund your payment automatically. It is noted "
                f"with its Telegram charge id ({charge}) and will be refunded by hand.",
            )
        else:
            outcome, said = (
                f"unknown offer {payment.invoice_payload!r}: refunded",
                f"This offer no longer exists, so your {payment.total_amount} ⭐ were refunded. "
                "Send /buy to see the current offers.",
            )
        await repo.finish_event(event_id, user_id, outcome)
        return said

    # --- refunds ---------------------------------------------------------------------------------

    async def refunded(self, message: Message, sink: TelegramSink) -> None:
        """Telegram's notice of a refunded Stars payment: its credit reversed (once, whoever refunded it)."""
        refund = message.refunded_payment
        assert refund is not None and message.from_user is not None
        charge = refund.telegram_payment_charge_id
        try:
            async with self.runtime.db.session_scope() as session:
                person = await UserRepository(session).find_by_identity(CHANNEL, str(message.from_user.id))
                purchase = await BillingRepository(session).find_purchase(person.id, charge) if person else None
                if person is None or purchase is None or not purchase.credited:
                    log.info("refund notice for charge %s, which credited nothing", charge)
                    return
                billing = BillingService(session, self.settings)
                outcome = await billing.stars_refunded(purchase, f"telegram refund notice {charge}")
                item, status = find_item(self.settings, purchase.item or ""), await billing.status(person.id)
        except AltocError as exc:
            log.error("refund notice for charge %s not applied: %s", charge, exc)
            return
        log.info("refund notice for charge %s: %s", charge, outcome)
        title = item.title if item else "your purchase"
        what = (
            "the monthly plan it bought has ended"
            if purchase.item == PRO
            else f"its {credits(purchase.credits)} credits were taken back"
        )
        await sink.emit(
            TextEvent(
                f"Your payment for {title} ({refund.total_amount} ⭐) was refunded, so {what}. "
                f"Credits: {credits(max(status.balance, 0))}. /plan shows your plan."
            )
        )
        await sink.flush()
