"""The core's buttons in Chainlit's wire form: each is one action named `BUTTON_ACTION` whose payload carries
the typed action as {"kind": ..., "arguments": {...}}, so one callback serves all buttons, present and future.

No chainlit import here, so the registry's tests check this encoding without loading Chainlit.
"""

from __future__ import annotations

from typing import Any

from app.events import Action, action_from

BUTTON_ACTION = "button"


def payload_for(action: Action) -> dict[str, Any]:
    return {"kind": action.kind, "arguments": action.arguments()}


def action_in(payload: object) -> Action | None:
    """The core's action behind a clicked button's payload; None if it is not a valid action of a known kind.

    The payload comes back from the browser, so it is validated rather than trusted; a press only ever
    leads to what the person could also type (or to an answer checked against its question's nonce).
    """
    if not isinstance(payload, dict):
        return None
    return action_from(payload.get("kind"), payload.get("arguments", {}))
