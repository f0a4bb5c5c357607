"""/undo, /redo, /history and /diff in a conversation on the real database: each says what it did in plain words."""

from __future__ import annotations

import re
from typing import Any

from tests.conftest import say


async def test_undo_twice_names_each_change_and_history_and_diff_read_plainly(service: Any) -> None:
    for text in (
        "/new",
        "Maria Kowalska",
        "add skills: Kafka, Go",
        "remove skill Kafka",
        "my phone is +44 20 7946 0958",
    ):
        await say(service, text)

    first = (await say(service, "/undo")).text
    assert first.startswith("Undid: Added your phone number (now version 6). /redo brings it back.\nPhone: − +44")
    second = (await say(service, "/undo")).text
    assert second.startswith("Undid: Removed the skill Kafka (now version 7)") and "\nSkills: + Kafka" in second
    assert "Undo: Undo" not in second and "Undid: Undid" not in second

    history = (await say(service, "/history")).text
    lines = history.splitlines()
    assert lines[0] == "Your CV's versions, newest first:"
    assert re.fullmatch(r"v7 · just now · Undid: Removed the skill Kafka  ← current", lines[1])
    assert lines[2:7] == [
        "v6 · just now · Undid: Added your phone number",
        "v5 · just now · Added your phone number",
        "v4 · just now · Removed the skill Kafka",
        "v3 · just now · Added the skills Kafka and Go",
        "v2 · just now · Added your name",
    ]
    assert "/diff 6 shows what changed since version 6; /restore 6 makes it current again" in history

    diff = (await say(service, "/diff 1")).text
    assert diff == "What changed from version 1 to now:\nName: + 'Maria Kowalska'\nSkills: + Kafka\nSkills: + Go"
    assert "basics" not in diff and "[" not in diff

    redone = (await say(service, "/redo")).text
    assert redone.startswith("Redid: Removed the skill Kafka (now version 8).\nSkills: − Kafka")
