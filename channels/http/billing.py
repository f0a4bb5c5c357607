"""Stripe's routes on our app when Stripe is configured: `POST /stripe/webhook` (its signature is its authentication,
so the origin guard lets it through) and `GET /billing/return`, Checkout's success page, which credits the payment
if its webhook has not yet. Either way a payment is applied once (app.billing.service keys every effect)."""

from __future__ import annotations

import asyncio
import html
import logging
import re
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, TypeVar

from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from app.billing.catalogue import find_item
from app.billing.service import BillingService
from app.billing.stripe_api import StripeGateway
from app.errors import DatabaseUnavailable, InvalidInput, ProviderUnavailable
from channels.web.lifecycle import WebRuntime

log = logging.getLogger(__name__)
T = TypeVar("T")

WEBHOOK_PATH = "/stripe/webhook"
RETURN_PATH = "/billing/return"
MAX_EVENT_BYTES = 512 * 1024  # Stripe's events are a few kilobytes
ATTEMPTS = 3  # a deadlock or serialization failure is retried; then Stripe retries the delivery itself
RETRYABLE = ("40001", "40P01")  # serialization_failure, deadlock_detected
SESSION_ID = re.compile(r"cs_[A-Za-z0-9_]{1,250}")


class _Stripe:
    """The runtime `source` holds and one StripeGateway for its settings (an SDK client is slow to make)."""

    def __init__(self, source: WebRuntime) -> None:
        self.source = source
        self._gateway: StripeGateway | None = None

    async def get(self) -> tuple[Any, StripeGateway]:
        runtime = await self.source.get()
        if self._gateway is None or self._gateway.settings is not runtime.settings:
            self._gateway = StripeGateway(runtime.settings)
        return runtime, self._gateway


def stripe_routes(source: WebRuntime) -> list[Any]:
    """The webhook and the return page, answered with the runtime `source` holds."""
    from starlette.requests import Request
    from starlette.responses import HTMLResponse, JSONResponse
    from starlette.routing import Route

    stripe = _Stripe(source)

    async def webhook(request: Request) -> JSONResponse:
        payload = bytearray()
        async for chunk in request.stream():  # read up to the limit, whatever Content-Length says
            payload += chunk
            if len(payload) > MAX_EVENT_BYTES:
                return JSONResponse({"error": "event too large"}, status_code=413)
        status, body = await receive_event(stripe, bytes(payload), request.headers.get("stripe-signature"))
        return JSONResponse(body, status_code=status)

    async def checkout_return(request: Request) -> HTMLResponse:
        status, title, text = await return_page(stripe, request.query_params.get("session_id", ""))
        return HTMLResponse(_page(title, text), status_code=status, headers={"Cache-Control": "no-store"})

    return [Route(WEBHOOK_PATH, webhook, methods=["POST"]), Route(RETURN_PATH, checkout_return, methods=["GET"])]


async def receive_event(stripe: _Stripe, payload: bytes, signature: str | None) -> tuple[int, dict[str, Any]]:
    """(HTTP status, JSON body) for one webhook delivery: 400 for a refused signature (nothing changed), 503 when
    the database is down (Stripe delivers it again later), else 200 once the event is applied (or was before)."""
    try:
        runtime, gateway = await stripe.get()
    except Exception:  # the runtime never started (its error was printed at start-up)
        return 503, {"error": "the service is starting or unavailable; deliver again later"}
    try:
        event = gateway.verify(payload, signature)
    except InvalidInput as exc:
        log.warning("refused a Stripe webhook request: %s", exc.message)
        return 400, {"error": exc.message}
    event_id, kind = str(event["id"])[:100], str(event.get("type", ""))[:100]
    try:
        outcome = await in_transaction(
            runtime.db, lambda session: BillingService(session, runtime.settings).apply_stripe_event(event)
        )
    except DatabaseUnavailable:
        log.error("stripe event %s (%s) not applied: the database is unavailable", event_id, kind)
        return 503, {"error": "the database is unavailable; deliver again later"}
    except Exception:  # rolled back: nothing of it was kept, and Stripe delivers it again
        log.exception("stripe event %s (%s) could not be applied", event_id, kind)
        return 500, {"error": "the event could not be applied; deliver again later"}
    log.info("stripe event %s (%s): %s", event_id, kind, outcome)
    return 200, {"received": True, "outcome": outcome}


async def return_page(stripe: _Stripe, session_id: str) -> tuple[int, str, str]:
    """(HTTP status, title, text) of the page a person lands on after paying on Stripe's Checkout."""
    if not SESSION_ID.fullmatch(session_id):
        return 400, "Not a payment link", "This address is not one Stripe sends people back to after paying."
    try:
        runtime, gateway = await stripe.get()
    except Exception:
        return 503, "Try again in a minute", "The service is starting. Your payment, if made, is not lost."
    try:
        checkout = await gateway.checkout_session(session_id)
    except InvalidInput:
        return 400, "Unknown payment", "Stripe knows no payment with this link, so nothing was changed."
    except ProviderUnavailable:
        return 503, "Stripe did not answer", "If you paid, your purchase arrives as soon as Stripe confirms it."
    paid = checkout.get("payment_status") == "paid" or checkout.get("mode") == "subscription"
    if checkout.get("status") != "complete" or not paid:
        return 200, "Payment not finished", "Stripe has not completed this payment yet, so nothing was charged here."
    try:
        user_id, outcome = await in_transaction(
            runtime.db,
            lambda session: BillingService(session, runtime.settings).fulfil_checkout(
                checkout, f"checkout return {session_id}"
            ),
        )
    except DatabaseUnavailable:
        return 503, "Try again in a minute", "Your payment is safe: it is credited as soon as the database is back."
    log.info("checkout %s returned: %s", session_id, outcome)
    if user_id is None or outcome.startswith("ignored"):
        return 400, "Payment not recognised", "This payment is not for an account here, so nothing was changed."
    return 200, "Thank you", _thanks(runtime.settings, checkout)


async def in_transaction(db: Any, work: Callable[[AsyncSession], Awaitable[T]]) -> T:
    """`work` in one transaction, run again (from scratch) when PostgreSQL aborted it for a deadlock or a
    serialization failure with a concurrent delivery."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            async with db.session_scope() as session:
                return await work(session)
        except DBAPIError as exc:
            if attempt == ATTEMPTS or getattr(exc.orig, "sqlstate", None) not in RETRYABLE:
                raise
            await asyncio.sleep(0.02 * attempt)
    raise AssertionError("unreachable")


def _thanks(settings: Any, checkout: Mapping[str, Any]) -> str:
    if checkout.get("mode") == "subscription":
        return "Your monthly plan is active. /plan in the chat shows it."
    item = find_item(settings, str((checkout.get("metadata") or {}).get("item", "")))
    what = item.title if item else "Your purchase"
    return f"{what}: in your account now. /plan in the chat shows your credits."


def _page(title: str, text: str) -> str:
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" '
        f'content="width=device-width"><title>{html.escape(title)} · Altoc</title></head>'
        f'<body style="font-family:sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem">'
        f"<h1>{html.escape(title)}</h1><p>{html.escape(text)}</p>"
        '<p><a href="/">Back to the chat</a></p></body></html>'
    )
