"""Stripe through its SDK: customers, Checkout Sessions, the Customer Portal, refunds, webhook signatures.

STRIPE_API_BASE points the SDK at another server (a fake one on loopback in tests). Calls are async (the SDK's
HTTPX client) and retried by the SDK with Idempotency-Keys, so a retried create never makes two objects.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import stripe
from sqlalchemy.ext.asyncio import AsyncSession

from app.billing.catalogue import Item
from app.config import Settings
from app.errors import ConfigurationError, InvalidInput, ProviderUnavailable
from db.repositories.billing import BillingRepository

RETRIES = 2


class StripeGateway:
    def __init__(self, settings: Settings) -> None:
        if settings.stripe_secret_key is None:
            raise ConfigurationError("Stripe is not configured: set STRIPE_SECRET_KEY (and the price ids).")
        self.settings = settings
        base = {"api": settings.stripe_api_base.rstrip("/")} if settings.stripe_api_base else None
        self.client = stripe.StripeClient(
            settings.stripe_secret_key.get_secret_value(),
            base_addresses=base,  # type: ignore[arg-type]
            http_client=stripe.HTTPXClient(),
            max_network_retries=RETRIES,
        )

    def verify(self, payload: bytes, signature: str | None) -> dict[str, Any]:
        """The event of a webhook request whose signature Stripe made (with our secret, in the last 5 minutes).

        Raises InvalidInput for a forged, altered or stale request, or when no webhook secret is set."""
        secret = self.settings.stripe_webhook_secret
        if secret is None:
            raise InvalidInput("Stripe webhooks are not configured: set STRIPE_WEBHOOK_SECRET.")
        try:
            stripe.Webhook.construct_event(payload, signature, secret.get_secret_value())
            event = json.loads(payload)
        except (stripe.SignatureVerificationError, ValueError) as exc:
            raise InvalidInput(f"Refused: {str(exc).splitlines()[0][:200]}") from None
        if not isinstance(event, dict) or not isinstance(event.get("id"), str):
            raise InvalidInput("Refused: the body is not a Stripe event.")
        return event

    async def customer(self, session: AsyncSession, user_id: uuid.UUID, name: str | None = None) -> str:
        """The person's Stripe customer, created once: under a lock on the person, and with an Idempotency-Key
        that makes Stripe answer a repeated create with the same customer."""
        repo = BillingRepository(session)
        await repo.lock(user_id)
        known = await repo.customer_of(user_id)
        if known is not None:
            return known
        params: dict[str, Any] = {"metadata": {"user_id": str(user_id)}}
        if name:
            params["name"] = name[:200]
        once = {"idempotency_key": f"altoc-customer-{user_id}"}
        created = await self._call(self.client.v1.customers.create_async(params, once))  # type: ignore[arg-type]
        await repo.add_customer(created.id, user_id)
        return str(created.id)

    async def checkout(self, session: AsyncSession, user_id: uuid.UUID, item: Item, name: str | None) -> str:
        """A Checkout Session for the monthly plan or a pack; returns the page to send the person to."""
        if not item.stripe_price:
            raise InvalidInput(f"{item.title} is not sold through Stripe here.")
        customer = await self.customer(session, user_id, name)
        metadata = {"user_id": str(user_id), "item": item.id}
        if item.kind == "pack":  # what the payment buys, should the pack be withdrawn before it is fulfilled
            metadata["credits"] = str(item.credits)
        params: dict[str, Any] = {
            "mode": "subscription" if item.kind == "plan" else "payment",
            "customer": customer,
            "client_reference_id": str(user_id),
            "line_items": [{"price": item.stripe_price, "quantity": 1}],
            "success_url": f"{self.base_url}/billing/return?session_id={{CHECKOUT_SESSION_ID}}",
            "cancel_url": f"{self.base_url}/",
            "metadata": metadata,
        }
        if item.kind == "plan":
            params["subscription_data"] = {"metadata": metadata}
        else:
            params["payment_intent_data"] = {"metadata": metadata}
        created = await self._call(self.client.v1.checkout.sessions.create_async(params))  # type: ignore[arg-type]
        if not created.url:
            raise ProviderUnavailable("Stripe did not give a checkout page; please try again in a minute.")
        return str(created.url)

    async def portal(self, session: AsyncSession, user_id: uuid.UUID) -> str | None:
        """The Customer Portal (cards, cancellation, invoices), for a person who has a Stripe customer."""
        customer = await BillingRepository(session).customer_of(user_id)
        if customer is None:
            return None
        params = {"customer": customer, "return_url": f"{self.base_url}/"}
        created = await self._call(self.client.v1.billing_portal.sessions.create_async(params))  # type: ignore[arg-type]
        return str(created.url)

    async def checkout_session(self, session_id: str) -> dict[str, Any]:
        """A Checkout Session as Stripe has it now (the return page fulfils it if the webhook has not)."""
        found = await self._call(
            self.client.v1.checkout.sessions.retrieve_async(session_id), missing="Stripe has no such checkout session."
        )
        return found.to_dict()  # type: ignore[no-any-return]

    async def refund(self, payment_intent: str) -> dict[str, Any]:
        """Refund a payment in full (its charge.refunded webhook then arrives, and changes nothing more)."""
        refund = await self._call(
            self.client.v1.refunds.create_async(
                {"payment_intent": payment_intent}, {"idempotency_key": f"altoc-refund-{payment_intent}"}
            )
        )
        return refund.to_dict()  # type: ignore[no-any-return]

    @property
    def base_url(self) -> str:
        return (self.settings.public_url or "http://localhost:8000").rstrip("/")

    @staticmethod
    async def _call(request: Any, missing: str | None = None) -> Any:
        """The SDK's answer; its errors as ProviderUnavailable, or InvalidInput(`missing`) when Stripe answers 404."""
        try:
            return await request
        except stripe.StripeError as exc:
            if missing is not None and isinstance(exc, stripe.InvalidRequestError) and exc.http_status == 404:
                raise InvalidInput(missing) from None
            message = getattr(exc, "user_message", None) or type(exc).__name__
            raise ProviderUnavailable(f"Stripe refused or did not answer ({message}). Nothing was charged.") from None
