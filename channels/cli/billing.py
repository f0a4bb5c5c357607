"""`altoc billing show|grant|refund --user U`: an admin's view of a person's plan, balance and purchases.

Every change goes through app.billing and leaves a ledger entry saying who made it and why (the audit trail).
"""

from __future__ import annotations

import argparse
import getpass
import json
import re
import uuid
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from app.assistant.runtime import LOCAL_ACCOUNT_CHANNEL, Runtime
from app.billing.catalogue import MILLI, credits
from app.billing.service import BillingService, Status
from app.errors import AltocError
from channels.cli.main import fail, terminal_safe
from db.models import LedgerEntry, Purchase, User
from db.repositories.billing import BillingRepository
from db.repositories.users import UserRepository

UNKNOWN = 2  # exit status: no such person, or more than one
LEDGER_SHOWN = 20
_ID_PREFIX = re.compile(r"^[0-9a-fA-F-]{8,36}$")
_IDENTITY = re.compile(r"^([a-z][a-z0-9_-]{0,31}):(.+)$")
NOT_CONFIGURED = (
    "Payments are not configured, so there is no balance to change: model use is unlimited. Turn them on with "
    "STRIPE_SECRET_KEY and ALTOC_STRIPE_PRO_PRICE or ALTOC_CREDIT_PACKS (Stripe), or TELEGRAM_BOT_TOKEN and "
    "ALTOC_PRO_STARS or a pack's stars (Telegram Stars); see the README, 'Plans and payments'."
)


async def run_billing(runtime: Runtime, args: argparse.Namespace) -> int:
    settings = runtime.settings
    if args.action != "show" and not settings.billing_enabled:
        fail(NOT_CONFIGURED)
    async with runtime.db.session_scope() as session:
        user = await find_person(session, args.user)
        billing = BillingService(session, settings)
        if args.action == "show":
            return await _show(session, billing, user, args.format)
        if args.action == "grant":
            amount = _millicredits(args.credits)
            actor = f"admin {args.by or getpass.getuser()}"
            balance = await billing.grant(user.id, amount, actor, args.reason)
            print(terminal_safe(f"{_signed(amount)} credits for {user.id} ({actor}). New balance: {credits(balance)}."))
            return 0
        return await _refund(session, runtime, billing, user, args.purchase, args.reason, args.by)


async def find_person(session: AsyncSession, reference: str) -> User:
    """The person `--user` names: a user id or its first 8+ characters, a web account's email, an identity
    (`telegram:12345`, `web:maria@example.com`), else a local command-line user name. Exits 2 when nobody or
    more than one person matches."""
    users = UserRepository(session)
    reference = reference.strip()
    found: dict[uuid.UUID, User] = {}

    def add(*candidates: User | None) -> None:
        found.update({user.id: user for user in candidates if user is not None})

    if _ID_PREFIX.match(reference):
        add(*await users.by_id_prefix(reference))
    identity = _IDENTITY.match(reference)
    if identity:
        add(await users.find_by_identity(identity.group(1), identity.group(2)))
    if "@" in reference and not identity:
        add(*await users.by_email(reference))
    add(await users.find_by_identity(LOCAL_ACCOUNT_CHANNEL, reference))
    if not found:
        fail(
            f"nobody is known as {reference!r}: give a user id (or its first 8 characters), a web account's email, "
            "telegram:ID or web:EMAIL, or a local user name.",
            UNKNOWN,
        )
    if len(found) > 1:
        ids = ", ".join(str(user_id) for user_id in sorted(found, key=str))
        fail(f"{reference!r} names more than one person ({ids}): give the full user id.", UNKNOWN)
    return next(iter(found.values()))


def _millicredits(text: str) -> int:
    try:
        value = Decimal(text.strip().replace(",", "").replace("_", ""))
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite() or value == 0:
        fail(f"--credits {text!r}: give a number of credits other than 0 (e.g. 500, 2.5 or -100).")
    return int((value * MILLI).to_integral_value())


def _signed(amount: int) -> str:
    return ("+" if amount > 0 else "-") + credits(abs(amount))


# --- show --------------------------------------------------------------------------------------------------


async def _show(session: AsyncSession, billing: BillingService, user: User, fmt: str) -> int:
    status = await billing.status(user.id)
    repo = BillingRepository(session)
    identities = [f"{i.channel}:{i.external_id}" for i in await UserRepository(session).identities_of(user.id)]
    purchases = await repo.purchases(user.id)
    ledger = await repo.entries(user.id, LEDGER_SHOWN)
    if fmt == "json":
        report = {
            **status.as_json(),
            "user": str(user.id),
            "identities": identities,
            "purchases": [_purchase_json(p) for p in purchases],
            "ledger": [_entry_json(e) for e in ledger],
        }
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 0
    lines = [f"Person: {user.id}" + (f" ({', '.join(identities)})" if identities else "")]
    lines += _plan_lines(status)
    lines.append(f"Balance: {_balance(status.balance)} credits")
    lines.append(f"Payment events applied: {status.applied_events}")
    lines.append("Purchases:" if purchases else "Purchases: none")
    lines += [f"  {_purchase_line(p)}" for p in purchases]
    lines.append(f"Ledger (last {LEDGER_SHOWN}, newest first):" if ledger else "Ledger: empty")
    lines += [f"  {_entry_line(e)}" for e in ledger]
    print(terminal_safe("\n".join(lines)))
    return 0


def _plan_lines(status: Status) -> list[str]:
    if not status.enabled:
        return ["Plan: unlimited (payments are not configured)"]
    resets = f"resets {status.resets:%Y-%m-%d}"
    if status.plan == "pro":
        ending = "ends" if status.cancels or status.plan_source == "telegram" else "renews"
        when = f"{status.renews:%Y-%m-%d}" if status.renews else "at the period end"
        flags = ", last payment failed" if status.payment_failed else ""
        return [
            f"Plan: monthly ({status.plan_source or 'unknown'}), {ending} {when}{flags}",
            f"This month: {credits(status.spent)} of {credits(status.budget)} credits of fair use, {resets}",
        ]
    return [
        "Plan: free",
        f"This month: {status.messages_used} of {status.messages_allowed} model-assisted messages, {resets}",
    ]


def _balance(amount: int) -> str:
    return ("-" if amount < 0 else "") + credits(abs(amount))


def _purchase_json(purchase: Purchase) -> dict[str, Any]:
    return {
        "id": purchase.id,
        "item": purchase.item,
        "source": purchase.source,
        "credits": purchase.credits / MILLI,
        "amount": purchase.amount,  # cents, or Stars
        "refunded": purchase.refunded,
        "checkout_session": purchase.checkout_session,
        "payment_intent": purchase.payment_intent,
        "telegram_charge": purchase.telegram_charge,
        "at": purchase.created_at.isoformat(),
    }


def _purchase_line(purchase: Purchase) -> str:
    references = [r for r in (purchase.checkout_session, purchase.payment_intent, purchase.telegram_charge) if r]
    unit = "⭐" if purchase.source == "telegram" else "cents"  # Stripe's amounts are in the currency's cents
    refunded = f", refunded {purchase.refunded} {unit}" if purchase.refunded else ""
    what = "monthly plan, 30 days" if purchase.item == "pro" else f"{credits(purchase.credits)} credits"
    return (
        f"#{purchase.id} {purchase.created_at:%Y-%m-%d} {purchase.item} ({what}) via {purchase.source}, "
        f"paid {purchase.amount} {unit}{refunded} — {' '.join(references)}"
    )


def _entry_json(entry: LedgerEntry) -> dict[str, Any]:
    return {
        "at": entry.created_at.isoformat(),
        "amount": entry.amount / MILLI,
        "kind": entry.kind,
        "actor": entry.actor,
        "reason": entry.reason,
        "event": entry.event_id,
    }


def _entry_line(entry: LedgerEntry) -> str:
    return f"{entry.created_at:%Y-%m-%d %H:%M} {_signed(entry.amount):>9} {entry.kind:<8} {entry.actor}: {entry.reason}"


# --- refund ------------------------------------------------------------------------------------------------


async def _refund(
    session: AsyncSession,
    runtime: Runtime,
    billing: BillingService,
    user: User,
    reference: str,
    reason: str | None,
    by: str | None,
) -> int:
    purchase = await BillingRepository(session).find_purchase(user.id, reference.strip())
    if purchase is None:
        fail(
            f"{user.id} has no purchase {reference!r}: `altoc billing show --user {user.id}` lists them. "
            "(The monthly plan bought through Stripe is refunded and cancelled in Stripe's dashboard.)"
        )
    if purchase.refunded and purchase.refunded >= purchase.amount:
        fail(f"purchase #{purchase.id} is already refunded: nothing was changed.")
    actor = f"admin {by or getpass.getuser()}"
    why = f"purchase refunded: {reason}" if reason else "purchase refunded"
    if purchase.source == "telegram":  # the ledger's reason is the one Telegram refunds share
        outcome = await _refund_stars(runtime, billing, purchase, actor + (f" ({reason})" if reason else ""))
    else:
        if not purchase.payment_intent:
            fail(f"purchase #{purchase.id} has no Stripe PaymentIntent yet, so it cannot be refunded from here.")
        from app.billing.stripe_api import StripeGateway  # the SDK only for a refund

        refund = await StripeGateway(runtime.settings).refund(purchase.payment_intent)
        paid_back = purchase.amount or int(refund.get("amount") or 0)
        outcome = await billing.refund_purchase(purchase, paid_back, actor, why)
    balance = await BillingRepository(session).balance(user.id)
    print(terminal_safe(f"Purchase #{purchase.id}: {outcome}. New balance: {_balance(balance)} credits."))
    return 0


async def _refund_stars(runtime: Runtime, billing: BillingService, purchase: Purchase, actor: str) -> str:
    from channels.telegram.payments import refund_stars

    if not purchase.payer or not purchase.telegram_charge:
        fail(f"purchase #{purchase.id} does not say who paid, so Telegram cannot refund it.")
    try:
        await refund_stars(runtime.settings, int(purchase.payer), purchase.telegram_charge)
    except AltocError as exc:  # refused (already refunded, unknown charge) or Telegram unreachable
        fail(f"Purchase #{purchase.id}: {exc.message}")
    return await billing.stars_refunded(purchase, actor)
