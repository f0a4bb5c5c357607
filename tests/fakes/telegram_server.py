"""A fake Telegram Bot API server on 127.0.0.1, in the real wire format, for the real PTB application.

Routes: `POST /bot{token}/{method}` (form-encoded or multipart, every value a string, objects as JSON
strings) and `GET /file/bot{token}/{file_path}`; answers `{"ok": true, "result": ...}`. People are
simulated with `send_text`, `send_document` and `press`; what the bot sent is in `outbox`.

Telegram Stars: `sendInvoice` (kept in `outbox`), `answerPreCheckoutQuery` (each answer in `answers`, with how
long after its query it came), `refundStarPayment` (Telegram's 400 for a refunded or unknown charge, and the
`refunded_payment` message Telegram then sends); a person's side is `pre_checkout`, `pay` and `refund_notice`.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from tests.fakes.http import FakeServer, Recorded, Reply

TOKEN = "123456789:AAFakeTokenForTestsOnly_abcdefghijkl"
BOT = {"id": 123456789, "is_bot": True, "first_name": "Altoc", "username": "altoc_test_bot"}
POLL_WAIT = 0.05  # seconds getUpdates waits for news before answering []
ACKNOWLEDGED = frozenset({"deleteWebhook", "setWebhook", "setMyCommands", "sendChatAction", "answerCallbackQuery"})


@dataclass
class Sent:
    """One thing the bot sent to a chat."""

    method: str
    chat_id: int
    message_id: int
    params: dict[str, Any]
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return str(self.params.get("text") or self.params.get("caption") or "")

    @property
    def keyboard(self) -> list[dict[str, Any]]:
        markup = self.params.get("reply_markup") or {}
        return [button for row in markup.get("inline_keyboard", []) for button in row]

    def button(self, label_start: str) -> dict[str, Any]:
        for button in self.keyboard:
            if button["text"].startswith(label_start):
                return button
        raise AssertionError(f"no button starting {label_start!r} in {[b['text'] for b in self.keyboard]}")


@dataclass
class Answer:
    """The bot's answer to a pre-checkout query, and how many seconds after the query it came."""

    ok: bool
    error_message: str | None
    delay: float


@dataclass
class Charge:
    """A Stars payment Telegram took: who paid, how much, for which invoice payload."""

    user_id: int
    total: int
    payload: str
    refunded: bool = False


class ApiError(Exception):
    """A Bot API refusal: answered as {"ok": false, "error_code": 400, "description": ...}."""


class FakeTelegram:
    def __init__(self, token: str = TOKEN) -> None:
        self.token = token
        self.server = FakeServer(self._respond)
        self.outbox: list[Sent] = []
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.files: dict[str, bytes] = {}
        self.fail_next: dict[str, dict[str, Any]] = {}  # method -> error answer, used once
        self._updates: list[dict[str, Any]] = []
        self._update_id = 1000
        self._message_id = 1
        self._cond = threading.Condition()
        self.updates: dict[int, dict[str, Any]] = {}  # every update sent, by id (to deliver one again)
        self.answers: dict[str, Answer] = {}  # pre-checkout query id -> the bot's answer
        self.charges: dict[str, Charge] = {}  # Telegram charge id -> the payment
        self.refund_notices = True  # a refund made by the bot is followed by Telegram's refunded_payment message
        self._asked: dict[str, float] = {}  # pre-checkout query id -> when it was sent

    # --- lifecycle ---------------------------------------------------------------------------

    def start(self) -> FakeTelegram:
        self.server.start()
        return self

    def stop(self) -> None:
        self.server.stop()

    @property
    def url(self) -> str:
        return self.server.url

    # --- people ------------------------------------------------------------------------------

    def send_text(self, user_id: int, text: str, **extra: Any) -> int:
        return self._push_message(user_id, {"text": text, **_entities(text), **extra})

    def send_document(self, user_id: int, name: str, data: bytes, mime: str, size: int | None = None) -> int:
        file_id = f"doc{len(self.files) + 1}"
        self.files[file_id] = data
        document = {
            "file_id": file_id,
            "file_unique_id": f"u{file_id}",
            "file_name": name,
            "mime_type": mime,
            "file_size": len(data) if size is None else size,
        }
        return self._push_message(user_id, {"document": document})

    def send_update(self, fields: dict[str, Any]) -> int:
        """Any other update (a sticker, an edited message...), `update_id` added."""
        with self._cond:
            self._update_id += 1
            self.updates[self._update_id] = fields
            self._updates.append({"update_id": self._update_id, **fields})
            self._cond.notify_all()
            return self._update_id

    def deliver_again(self, update_id: int) -> int:
        """The same update once more (as after a webhook retry or a restart), under a new update id."""
        return self.send_update(self.updates[update_id])

    # --- Telegram Stars ----------------------------------------------------------------------

    def pre_checkout(
        self,
        user_id: int,
        invoice: Sent,
        *,
        total: int | None = None,
        currency: str | None = None,
        payload: str | None = None,
    ) -> str:
        """The person pressed Pay under `invoice`: Telegram asks the bot (answer in `answers[<returned id>]`)."""
        with self._cond:
            query_id = f"pcq{len(self._asked) + 1}"
            self._asked[query_id] = time.monotonic()
        query = {
            "id": query_id,
            "from": _user(user_id),
            "currency": currency or invoice.params["currency"],
            "total_amount": _amount(invoice) if total is None else total,
            "invoice_payload": invoice.params["payload"] if payload is None else payload,
        }
        self.send_update({"pre_checkout_query": query})
        return query_id

    def pay(
        self, user_id: int, invoice: Sent, *, charge_id: str | None = None, total: int | None = None, payload: str = ""
    ) -> tuple[str, int]:
        """The payment went through: a `successful_payment` message. Returns (charge id, update id)."""
        with self._cond:
            charge_id = charge_id or f"stxCharge{len(self.charges) + 1}"
            charge = Charge(user_id, _amount(invoice) if total is None else total, payload or invoice.params["payload"])
            self.charges[charge_id] = charge
        paid = {"currency": "XTR", "total_amount": charge.total, "invoice_payload": charge.payload}
        paid |= {"telegram_payment_charge_id": charge_id, "provider_payment_charge_id": ""}
        return charge_id, self._push_message(user_id, {"successful_payment": paid})

    def refund_notice(self, charge_id: str) -> int:
        """Telegram's `refunded_payment` message (a refund made by the bot, or by Telegram itself)."""
        with self._cond:
            charge = self.charges[charge_id]
            charge.refunded = True
        refunded = {"currency": "XTR", "total_amount": charge.total, "invoice_payload": charge.payload}
        refunded |= {"telegram_payment_charge_id": charge_id}
        return self._push_message(charge.user_id, {"refunded_payment": refunded})

    def press(self, user_id: int, message: Sent, label_start: str) -> int:
        button = message.button(label_start)
        return self.press_data(user_id, message, button["callback_data"])

    def press_data(self, user_id: int, message: Sent, data: str) -> int:
        query = {
            "id": f"q{self._update_id}",
            "from": _user(user_id),
            "chat_instance": "1",
            "data": data,
            "message": self._message_json(message),
        }
        return self.send_update({"callback_query": query})

    def message(self, user_id: int, text: str = "", **fields: Any) -> dict[str, Any]:
        with self._cond:
            self._message_id += 1
            number = self._message_id
        return {
            "message_id": number,
            "date": int(time.time()),
            "chat": {"id": user_id, "type": "private", "first_name": f"User{user_id}"},
            "from": _user(user_id),
            **({"text": text} if text else {}),
            **fields,
        }

    # --- what the bot did --------------------------------------------------------------------

    def sent_to(self, chat_id: int) -> list[Sent]:
        with self._cond:
            return [s for s in self.outbox if s.chat_id == chat_id]

    def wait_for(self, predicate: Callable[[], Any], timeout: float = 20.0) -> Any:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = predicate()
            if value:
                return value
            time.sleep(0.02)
        raise AssertionError(f"timed out after {timeout} s; outbox: {[(s.method, s.text[:80]) for s in self.outbox]}")

    # --- the wire ----------------------------------------------------------------------------

    def _respond(self, request: Recorded) -> Reply:
        path = unquote(urlsplit(request.path).path)
        prefix, file_prefix = f"/bot{self.token}/", f"/file/bot{self.token}/"
        if path.startswith(file_prefix):
            data = self.files.get(path[len(file_prefix) :].removeprefix("documents/"))
            return Reply(200, data) if data is not None else Reply(404, {"ok": False, "error_code": 404})
        if not path.startswith(prefix):
            return Reply(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
        method = path[len(prefix) :]
        params, files = _parse_body(request)
        with self._cond:
            self.calls.append((method, params))
            failure = self.fail_next.pop(method, None)
        if failure is not None:
            return Reply(failure.get("error_code", 400), {"ok": False, **failure})
        if method in ACKNOWLEDGED:  # the Bot API answers these with a bare `true`
            return Reply(200, {"ok": True, "result": True})
        handler = getattr(self, f"_api_{method}", None)
        if handler is None:
            return Reply(404, {"ok": False, "error_code": 404, "description": "Not Found: method not found"})
        try:
            return Reply(200, {"ok": True, "result": handler(params, files)})
        except ApiError as exc:
            return Reply(400, {"ok": False, "error_code": 400, "description": f"Bad Request: {exc}"})

    def _api_getMe(self, params: dict[str, Any], files: Any) -> Any:  # noqa: N802
        return BOT

    def _api_getUpdates(self, params: dict[str, Any], files: Any) -> Any:  # noqa: N802
        offset = int(params.get("offset") or 0)
        with self._cond:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
            if not self._updates:
                self._cond.wait(POLL_WAIT)
            return list(self._updates)

    def _api_getFile(self, params: dict[str, Any], files: Any) -> Any:  # noqa: N802
        file_id = params["file_id"]
        return {
            "file_id": file_id,
            "file_unique_id": f"u{file_id}",
            "file_size": len(self.files.get(file_id, b"")),
            "file_path": f"documents/{file_id}",
        }

    def _api_sendMessage(self, params: dict[str, Any], files: Any) -> Any:  # noqa: N802
        return self._record("sendMessage", params, files, {"text": params["text"]})

    def _api_sendInvoice(self, params: dict[str, Any], files: Any) -> Any:  # noqa: N802
        invoice = {
            "title": params["title"],
            "description": params["description"],
            "start_parameter": "",
            "currency": params["currency"],
            "total_amount": sum(int(price["amount"]) for price in params["prices"]),
        }
        return self._record("sendInvoice", params, files, {"invoice": invoice})

    def _api_answerPreCheckoutQuery(self, params: dict[str, Any], files: Any) -> Any:  # noqa: N802
        query_id = params["pre_checkout_query_id"]
        with self._cond:
            if query_id not in self._asked or query_id in self.answers:  # Telegram takes one answer per query
                raise ApiError("QUERY_ID_INVALID")
            delay = time.monotonic() - self._asked[query_id]
            ok = str(params["ok"]).lower() == "true"
            self.answers[query_id] = Answer(ok, params.get("error_message"), delay)
        return True

    def _api_refundStarPayment(self, params: dict[str, Any], files: Any) -> Any:  # noqa: N802
        charge_id = params["telegram_payment_charge_id"]
        with self._cond:
            charge = self.charges.get(charge_id)
            if charge is None or charge.user_id != int(params["user_id"]):
                raise ApiError("CHARGE_NOT_FOUND")
            if charge.refunded:
                raise ApiError("CHARGE_ALREADY_REFUNDED")
            charge.refunded = True
        if self.refund_notices:
            self.refund_notice(charge_id)
        return True

    def _api_editMessageReplyMarkup(self, params: dict[str, Any], files: Any) -> Any:  # noqa: N802
        with self._cond:
            for sent in self.outbox:
                if sent.message_id == int(params["message_id"]) and sent.chat_id == int(params["chat_id"]):
                    sent.params["reply_markup"] = params.get("reply_markup")
                    return self._message_json(sent)
        raise AssertionError("editMessageReplyMarkup for a message the bot never sent")

    def _api_sendDocument(self, params: dict[str, Any], files: dict[str, tuple[str, bytes]]) -> Any:  # noqa: N802
        name, data = files["document"]
        file_id = f"sent{len(self.outbox)}"
        document = {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_name": name, "file_size": len(data)}
        return self._record("sendDocument", params, files, {"document": document})

    def _api_sendPhoto(self, params: dict[str, Any], files: dict[str, tuple[str, bytes]]) -> Any:  # noqa: N802
        _, data = files["photo"]
        photo = [{"file_id": f"p{len(self.outbox)}", "file_unique_id": "p", "width": 300, "height": 420,
                  "file_size": len(data)}]  # fmt: skip
        return self._record("sendPhoto", params, files, {"photo": photo})

    def _api_sendMediaGroup(self, params: dict[str, Any], files: dict[str, tuple[str, bytes]]) -> Any:  # noqa: N802
        """An album: one message per picture, each recorded as a `sendMediaGroup` with its photo and caption."""
        messages = []
        for item in params["media"]:
            name, data = files[item["media"].removeprefix("attach://")]
            photo = [{"file_id": f"p{len(self.outbox)}", "file_unique_id": "p", "width": 300, "height": 420,
                      "file_size": len(data)}]  # fmt: skip
            fields = {"chat_id": params["chat_id"], "caption": item.get("caption", "")}
            messages.append(self._record("sendMediaGroup", fields, {"photo": (name, data)}, {"photo": photo}))
        return messages

    def _record(self, method: str, params: dict[str, Any], files: Any, fields: dict[str, Any]) -> dict[str, Any]:
        with self._cond:
            self._message_id += 1
            sent = Sent(method, int(params["chat_id"]), self._message_id, params, files or {})
            self.outbox.append(sent)
        return {**self._message_json(sent), **fields}

    def _message_json(self, sent: Sent) -> dict[str, Any]:
        message: dict[str, Any] = {
            "message_id": sent.message_id,
            "date": int(time.time()),
            "chat": {"id": sent.chat_id, "type": "private"},
            "from": BOT,
        }
        if sent.params.get("text"):
            message["text"] = sent.params["text"]
        if sent.params.get("reply_markup"):
            message["reply_markup"] = sent.params["reply_markup"]
        return message

    def _push_message(self, user_id: int, fields: dict[str, Any]) -> int:
        return self.send_update({"message": self.message(user_id, **fields)})


def _amount(invoice: Sent) -> int:
    return sum(int(price["amount"]) for price in invoice.params["prices"])


def _user(user_id: int) -> dict[str, Any]:
    return {"id": user_id, "is_bot": False, "first_name": f"User{user_id}", "language_code": "en"}


def _entities(text: str) -> dict[str, Any]:
    """A leading /command is a bot_command entity, as Telegram marks it."""
    if text.startswith("/"):
        length = len(text.split()[0])
        return {"entities": [{"type": "bot_command", "offset": 0, "length": length}]}
    return {}


def _parse_body(request: Recorded) -> tuple[dict[str, Any], dict[str, tuple[str, bytes]]]:
    """Form or multipart fields; values that are JSON objects or lists are decoded."""
    content_type = request.headers.get("content-type", "")
    params: dict[str, Any] = {}
    files: dict[str, tuple[str, bytes]] = {}
    if content_type.startswith("multipart/form-data"):
        message = BytesParser(policy=HTTP).parsebytes(
            b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + request.body
        )
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            payload = part.get_payload(decode=True) or b""
            if part.get_filename():
                files[str(name)] = (str(part.get_filename()), payload)
            else:
                params[str(name)] = payload.decode()
    elif content_type.startswith("application/json"):
        params = json.loads(request.body or b"{}")
    else:
        params = {k: v[0] for k, v in parse_qs(request.body.decode(), keep_blank_values=True).items()}
    for key, value in list(params.items()):
        if isinstance(value, str) and value[:1] in "{[":
            with contextlib.suppress(ValueError):
                params[key] = json.loads(value)
    return params, files
