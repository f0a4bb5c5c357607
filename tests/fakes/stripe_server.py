"""A fake Stripe API on 127.0.0.1 in Stripe's wire format, for the real `stripe` SDK (STRIPE_API_BASE points it here).

Requests are form-encoded with bracket notation (`line_items[0][price]=…`, `metadata[user_id]=…`); answers are
JSON objects with an `"object"` field and ids with Stripe's prefixes; a POST repeated with the same
`Idempotency-Key` gets the first answer again, as from Stripe. Routes: customers, Checkout Sessions (create,
retrieve), billing portal sessions, refunds, and `GET /pay/<id>`: the page a browser is sent to.

Test helpers build the events Stripe sends (API version 2025 and later: an invoice's subscription under
`parent.subscription_details`, the period end on the subscription's items), and `sign` makes the
`Stripe-Signature` header exactly as Stripe does.
"""

from __future__ import annotations

import html
import json
import re
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import stripe

from tests.fakes.http import FakeServer, Recorded, Reply

API_VERSION = "2025-10-29.clover"
SECRET_KEY = "sk_test_fake_altoc_key"
WEBHOOK_SECRET = "whsec_fake_altoc_webhook_secret"
PRICES = {"price_pro": 900, "price_p500": 500, "price_p2000": 1800}  # price id -> unit amount in cents
HTML = "text/html; charset=utf-8"


def new_id(prefix: str) -> str:
    return f"{prefix}_test_{secrets.token_hex(12)}"


def parse_form(body: bytes) -> dict[str, Any]:
    """Stripe's form encoding back to nested objects: `a[b][0][c]=v` → {"a": {"b": [{"c": "v"}]}}."""
    root: dict[str, Any] = {}
    for key, value in parse_qsl(body.decode(), keep_blank_values=True):
        parts = re.findall(r"[^\[\]]+", key)
        node: Any = root
        for part, following in zip(parts, parts[1:], strict=False):
            child: Any = [] if following.isdigit() else {}
            if isinstance(node, list):
                index = int(part)
                while len(node) <= index:
                    node.append(None)
                node[index] = node[index] if node[index] is not None else child
                node = node[index]
            else:
                node = node.setdefault(part, child)
        last = parts[-1]
        if isinstance(node, list):
            index = int(last)
            while len(node) <= index:
                node.append(None)
            node[index] = value
        else:
            node[last] = value
    return root


def error(status: int, message: str, param: str | None = None) -> Reply:
    kind = "invalid_request_error" if status < 500 else "api_error"
    return Reply(status, {"error": {"type": kind, "message": message, "param": param}})


class _Server(FakeServer):
    """FakeServer whose replies may be HTML pages (the checkout page a browser opens)."""

    @staticmethod
    def _write(handler: BaseHTTPRequestHandler, reply: Reply) -> None:
        if reply.headers.get("Content-Type") != HTML:
            FakeServer._write(handler, reply)
            return
        data = reply.body.encode()
        handler.send_response(reply.status)
        handler.send_header("Content-Type", HTML)
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)


class FakeStripe:
    """What the SDK's requests made is kept: `customers`, `sessions`, `refunds`, `portals` (by id);
    `customers_created` counts real creations (an idempotent replay is not one)."""

    def __init__(self, prices: dict[str, int] | None = None) -> None:
        self.prices = dict(PRICES if prices is None else prices)
        self.server = _Server(self._respond)
        self.customers: dict[str, dict[str, Any]] = {}
        self.sessions: dict[str, dict[str, Any]] = {}
        self.refunds: dict[str, dict[str, Any]] = {}
        self.portals: dict[str, dict[str, Any]] = {}
        self.customers_created = 0
        self._replies: dict[tuple[str, str], Reply] = {}  # (path, Idempotency-Key) -> first answer
        self._lock = threading.Lock()

    def start(self) -> FakeStripe:
        self.server.start()
        return self

    def stop(self) -> None:
        self.server.stop()

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def requests(self) -> list[Recorded]:
        return self.server.requests

    # --- the API ---------------------------------------------------------------------------------

    def _respond(self, request: Recorded) -> Reply:
        path = urlsplit(request.path).path
        if request.method == "GET" and path.startswith("/pay/"):
            return self._page(path.removeprefix("/pay/"))
        if not request.headers.get("authorization", "").startswith("Bearer sk_"):
            return Reply(401, {"error": {"type": "invalid_request_error", "message": "Invalid API Key provided"}})
        if request.method == "GET":
            found = re.fullmatch(r"/v1/checkout/sessions/([A-Za-z0-9_]+)", path)
            session = self.sessions.get(found.group(1)) if found else None
            if session is None:
                return error(404, f"No such checkout.session: '{path.rsplit('/', 1)[-1]}'", "session")
            return Reply(body=session)
        key = request.headers.get("idempotency-key")
        with self._lock:
            if key and (path, key) in self._replies:
                return self._replies[(path, key)]
            reply = self._create(path, parse_form(request.body))
            if key and reply.status < 500:
                self._replies[(path, key)] = reply
            return reply

    def _create(self, path: str, params: dict[str, Any]) -> Reply:
        if path == "/v1/customers":
            customer = {
                "id": new_id("cus"),
                "object": "customer",
                "created": int(time.time()),
                "livemode": False,
                "name": params.get("name"),
                "email": params.get("email"),
                "metadata": params.get("metadata", {}),
            }
            self.customers[customer["id"]] = customer
            self.customers_created += 1
            return Reply(body=customer)
        if path == "/v1/checkout/sessions":
            return self._checkout(params)
        if path == "/v1/billing_portal/sessions":
            if params.get("customer") not in self.customers:
                return error(400, f"No such customer: '{params.get('customer')}'", "customer")
            portal_id = new_id("bps")
            portal = {
                "id": portal_id,
                "object": "billing_portal.session",
                "customer": params["customer"],
                "return_url": params.get("return_url"),
                "url": f"{self.url}/portal/{portal_id}",
            }
            self.portals[portal_id] = portal
            return Reply(body=portal)
        if path == "/v1/refunds":
            intent = params.get("payment_intent")
            paid = next((s for s in self.sessions.values() if s.get("payment_intent") == intent), None)
            if paid is None:
                return error(404, f"No such payment_intent: '{intent}'", "payment_intent")
            refund = {
                "id": new_id("re"),
                "object": "refund",
                "amount": paid["amount_total"],
                "currency": paid["currency"],
                "payment_intent": intent,
                "status": "succeeded",
            }
            self.refunds[refund["id"]] = refund
            return Reply(body=refund)
        return error(404, f"Unrecognized request URL (POST: {path})")

    def _checkout(self, params: dict[str, Any]) -> Reply:
        mode = params.get("mode")
        if mode not in ("payment", "subscription"):
            return error(400, "Invalid mode: must be one of payment, setup, or subscription", "mode")
        lines = params.get("line_items") or []
        if not lines:
            return error(400, "Missing required param: line_items.", "line_items")
        unknown = [line.get("price") for line in lines if line.get("price") not in self.prices]
        if unknown:
            return error(400, f"No such price: '{unknown[0]}'", "line_items[0][price]")
        if params.get("customer") and params["customer"] not in self.customers:
            return error(400, f"No such customer: '{params['customer']}'", "customer")
        session_id = new_id("cs")
        total = sum(self.prices[line["price"]] * int(line.get("quantity", 1)) for line in lines)
        session = {
            "id": session_id,
            "object": "checkout.session",
            "amount_subtotal": total,
            "amount_total": total,
            "cancel_url": params.get("cancel_url"),
            "client_reference_id": params.get("client_reference_id"),
            "created": int(time.time()),
            "currency": "eur",
            "customer": params.get("customer"),
            "expires_at": int(time.time()) + 86400,
            "invoice": None,
            "livemode": False,
            "metadata": params.get("metadata", {}),
            "mode": mode,
            "payment_intent": None,
            "payment_status": "unpaid",
            "status": "open",
            "subscription": None,
            "success_url": params.get("success_url"),
            "url": f"{self.url}/pay/{session_id}",
        }
        self.sessions[session_id] = session
        return Reply(body=session)

    def _page(self, session_id: str) -> Reply:
        session = self.sessions.get(session_id)
        if session is None:
            return Reply(
                404, "<!doctype html><title>Not found</title><p>No such checkout session.</p>", {"Content-Type": HTML}
            )
        amount = f"{session['amount_total'] / 100:.2f} {session['currency'].upper()}"
        item = html.escape(str(session["metadata"].get("item", "")))
        page = (
            "<!doctype html><html><head><title>Fake Stripe Checkout</title></head><body>"
            f"<h1>Fake Stripe Checkout</h1><p>Pay {amount} for <b>{item}</b> ({session['mode']}).</p>"
            "</body></html>"
        )
        return Reply(200, page, {"Content-Type": HTML})

    # --- what a test makes happen ----------------------------------------------------------------

    def complete(self, session_id: str) -> dict[str, Any]:
        """The person paid on the checkout page: the session is complete and paid, with its PaymentIntent
        (a pack) or its new subscription (the plan). Returns the session as Stripe now has it."""
        with self._lock:
            session = self.sessions[session_id]
            session["status"], session["payment_status"] = "complete", "paid"
            if session["mode"] == "payment":
                session["payment_intent"] = session["payment_intent"] or new_id("pi")
            else:
                session["subscription"] = session["subscription"] or new_id("sub")
                session["invoice"] = session["invoice"] or new_id("in")
            return dict(session)


# --- events ----------------------------------------------------------------------------------------


def event(kind: str, obj: dict[str, Any], created: int | None = None, event_id: str | None = None) -> dict[str, Any]:
    """A Stripe event as its webhook delivers it."""
    return {
        "id": event_id or new_id("evt"),
        "object": "event",
        "api_version": API_VERSION,
        "created": int(time.time()) if created is None else created,
        "data": {"object": obj},
        "livemode": False,
        "pending_webhooks": 1,
        "request": {"id": None, "idempotency_key": None},
        "type": kind,
    }


def checkout_session(
    user_id: str | None,
    customer: str | None,
    item: str,
    *,
    mode: str = "payment",
    amount: int = 500,
    session_id: str | None = None,
) -> dict[str, Any]:
    """A completed, paid Checkout Session as `checkout.session.completed` carries it."""
    paid = {"payment_intent": new_id("pi"), "subscription": None}
    if mode == "subscription":
        paid = {"payment_intent": None, "subscription": new_id("sub")}
    metadata = {"item": item, **({"user_id": user_id} if user_id else {})}
    return {
        "id": session_id or new_id("cs"),
        "object": "checkout.session",
        "amount_total": amount,
        "client_reference_id": user_id,
        "currency": "eur",
        "customer": customer,
        "metadata": metadata,
        "mode": mode,
        "payment_status": "paid",
        "status": "complete",
        **paid,
    }


def subscription(
    subscription_id: str,
    customer: str | None,
    status: str = "active",
    period_end: int | None = None,
    *,
    cancel_at_period_end: bool = False,
    metadata: dict[str, str] | None = None,
) -> dict[str, Any]:
    """A subscription as `customer.subscription.*` carries it (2025+: the period end on its items)."""
    end = period_end or int(time.time()) + 30 * 86400
    return {
        "id": subscription_id,
        "object": "subscription",
        "cancel_at_period_end": cancel_at_period_end,
        "customer": customer,
        "items": {
            "object": "list",
            "data": [
                {
                    "id": new_id("si"),
                    "object": "subscription_item",
                    "current_period_start": end - 30 * 86400,
                    "current_period_end": end,
                    "price": {"id": "price_pro", "object": "price", "unit_amount": PRICES["price_pro"]},
                }
            ],
        },
        "metadata": metadata or {},
        "status": status,
    }


def invoice(subscription_id: str, customer: str | None, period_end: int, *, paid: bool = True) -> dict[str, Any]:
    """A subscription's invoice (2025+: the subscription under `parent.subscription_details`)."""
    return {
        "id": new_id("in"),
        "object": "invoice",
        "amount_due": PRICES["price_pro"],
        "amount_paid": PRICES["price_pro"] if paid else 0,
        "billing_reason": "subscription_cycle",
        "customer": customer,
        "lines": {
            "object": "list",
            "data": [
                {
                    "id": new_id("il"),
                    "object": "line_item",
                    "period": {"start": period_end - 30 * 86400, "end": period_end},
                }
            ],
        },
        "parent": {
            "type": "subscription_details",
            "subscription_details": {"subscription": subscription_id, "metadata": {}},
        },
        "status": "paid" if paid else "open",
    }


def charge(payment_intent: str, customer: str | None, amount: int, refunded: int) -> dict[str, Any]:
    """A charge as `charge.refunded` carries it: `amount_refunded` is the total refunded so far."""
    return {
        "id": new_id("ch"),
        "object": "charge",
        "amount": amount,
        "amount_refunded": refunded,
        "currency": "eur",
        "customer": customer,
        "payment_intent": payment_intent,
        "refunded": refunded >= amount,
    }


def sign(payload: str | bytes, secret: str = WEBHOOK_SECRET, timestamp: int | None = None) -> str:
    """The `Stripe-Signature` header Stripe sends with `payload`: `t=<time>,v1=<HMAC-SHA256 of "t.payload">`."""
    body = payload.decode() if isinstance(payload, bytes) else payload
    return str(stripe.WebhookSignature.generate_signature_header(body, secret, timestamp))


def signed(evt: dict[str, Any], secret: str = WEBHOOK_SECRET, timestamp: int | None = None) -> tuple[bytes, str]:
    """(body, Stripe-Signature) of a webhook request delivering `evt`."""
    body = json.dumps(evt, indent=2).encode()  # Stripe sends pretty-printed JSON
    return body, sign(body, secret, timestamp)


def stripe_settings(settings: Any, api_base: str, public_url: str = "http://127.0.0.1:8000") -> Any:
    """`settings` with Stripe on: the monthly plan and two packs, the API at `api_base`."""
    from pydantic import SecretStr

    from app.config import CreditPack

    packs = [
        CreditPack(id="p500", credits=500, label="500 credits", stripe_price="price_p500"),
        CreditPack(id="p2000", credits=2000, label="2,000 credits", stripe_price="price_p2000"),
    ]
    return settings.model_copy(
        update={
            "stripe_secret_key": SecretStr(SECRET_KEY),
            "stripe_webhook_secret": SecretStr(WEBHOOK_SECRET),
            "stripe_api_base": api_base,
            "stripe_pro_price": "price_pro",
            "credit_packs": packs,
            "public_url": public_url,
        }
    )
