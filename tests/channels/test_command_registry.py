"""The one command registry: every command is in /help and the Telegram menu, every button action survives
each channel's wire form, the lists people read come from where designs, languages and formats are defined,
and a new command is one registration."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from app.assistant.active_turn import ActiveTurn
from app.assistant.commands import (
    COMMANDS,
    LETTER_FORMATS,
    CommandArgs,
    Delete,
    Export,
    Fit,
    Fix,
    Letter,
    Tailor,
    command,
    command_args,
    parse_command,
    tailor_buttons,
)
from app.assistant.guided.requests import Reading
from app.errors import InvalidInput
from app.events import ACTION_KINDS, Action, Button, ButtonsEvent, action_from
from app.render import FORMATS, LANGUAGES
from app.render.designs import DESIGNS
from channels.telegram.bot import menu
from channels.telegram.buttons import MAX_CALLBACK_DATA, ButtonCodec
from channels.web.buttons import action_in, payload_for
from tests.conftest import say
from tools.registry import Consent


def examples() -> list[Action]:
    """One action of every kind with default arguments, plus the buttons the core offers with arguments."""
    defaults = [kind() for kind in ACTION_KINDS.values() if kind not in (Consent, Reading)]
    return [
        *defaults,
        *(Export(template=design) for design in DESIGNS),
        *(Export(language=language, format=fmt) for language in LANGUAGES for fmt in FORMATS),
        Export(template="classic", paper="letter"),
        Fix(ids=("3f9a0c1d",), confirm=True),
        Fix(ids=("3f9a0c1d",), reject=True),
        Fix(ids=("all",)),
        Fix(ids=("0123456789abcdef0123456789abcdef", "1", "2"), confirm=True),  # longer than callback data allows
        COMMANDS["open"].args.parse(["Zürich-CV-é"], ""),
        COMMANDS["ats"].args.parse(["general"], "general"),
        COMMANDS["diff"].args.parse(["3", "5"], "3 5"),
        COMMANDS["help"].args.parse(["import"], "import"),
        *(button.action for button in tailor_buttons([{"id": "4cff77e934", "where": "your headline"}])),
        Tailor(pages=1, job_text="Data Engineer at Tidewater.\nRequirements: Python, SQL"),
        *(Letter(format=fmt) for fmt in LETTER_FORMATS),
        Fit(pages=1, template="modern", paper="letter"),
        Delete(cv_id="0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0", confirm=True),
        Consent(confirm=True, nonce="Xy_-09abcDEF"),
        Consent(confirm=False, nonce="Xy_-09abcDEF"),
        Reading(change="remove_entry", section="work", index=2),
        Reading(change="update_entry", field="end date", value="August 2025 — après", section="work", index=0),
    ]


def test_every_action_kind_has_an_example() -> None:
    assert {type(action) for action in examples()} == set(ACTION_KINDS.values())


def test_every_command_has_help_and_is_in_the_telegram_menu() -> None:
    described = dict(menu())
    assert list(described) == list(COMMANDS)
    for name, found in COMMANDS.items():
        assert found.args.kind == name and found.usage.startswith(f"/{name}")
        assert 3 <= len(described[name]) <= 256 and described[name][0].isupper()  # Telegram's limits
        assert described[name].lower() == found.help.lower()


async def test_every_command_is_in_help(service: Any) -> None:
    lines = (await say(service, "/help")).text.splitlines()
    for found in COMMANDS.values():
        assert f"{found.usage} — {found.help}" in lines


@pytest.mark.parametrize("action", examples(), ids=lambda a: f"{a.kind}{a.arguments()}")
def test_an_action_round_trips_through_every_channel(action: Action) -> None:
    button = Button("Label", action)
    # Telegram: signed callback data of at most 64 bytes.
    codec = ButtonCodec(b"k" * 32)
    data = codec.encode(button, chat_id=7)
    assert len(data.encode()) <= MAX_CALLBACK_DATA
    assert codec.decode(data, chat_id=7) == action
    # Chainlit: the action payload travels as JSON through the browser and back.
    assert action_in(json.loads(json.dumps(payload_for(action)))) == action
    # Typed text (what the CLI shows beside a button): the command it names parses back to the same action.
    if isinstance(action, CommandArgs):
        parsed = parse_command(action.as_text())
        assert parsed is not None and command_args(parsed) == action


def test_lists_people_read_come_from_their_definitions() -> None:
    usage = COMMANDS["export"].usage
    for values in (DESIGNS, LANGUAGES, FORMATS):
        assert f"[{'|'.join(values)}]" in usage
    with pytest.raises(InvalidInput) as refused:
        Export.parse(["fancy"], "fancy")
    message = refused.value.message
    assert message.startswith("I don't know 'fancy'.")
    for values in (DESIGNS, LANGUAGES, FORMATS):
        assert ", ".join(values) in message
    assert Export.parse(["Word", "MODERN"], "") == Export(template="modern", format="docx")  # aliases, any case
    assert action_from("export", {"template": "fancy"}) is None  # a design that is not defined


@pytest.fixture
def echo() -> Iterator[type[CommandArgs]]:
    """A test-only command: adding one is its arguments class and one `@command` handler, nothing else."""

    class Echo(CommandArgs):
        kind = "echo_test"
        word: str | None = None

        @classmethod
        def parse(cls, words: list[str], raw: str) -> Echo:
            return cls(word=words[0] if words else None)

        def words(self) -> list[str]:
            return [self.word] if self.word else []

    @command(Echo, "[WORD]", "say a word back")
    async def cmd_echo(turn: ActiveTurn, args: Echo) -> None:
        await turn.say(f"echo: {args.word}")
        await turn.buttons(Button("Again", Echo(word="again")))

    yield Echo
    del COMMANDS[Echo.kind], ACTION_KINDS[Echo.kind]


async def test_a_new_command_is_one_registration(echo: type[CommandArgs], service: Any) -> None:
    assert ("echo_test", "Say a word back") in menu()
    assert "/echo_test [WORD] — say a word back" in (await say(service, "/help")).text
    typed = await say(service, "/echo_test hello")
    assert "echo: hello" in typed.text
    (offered,) = typed.of_type(ButtonsEvent)
    codec = ButtonCodec(b"k" * 32)
    pressed = codec.decode(codec.encode(offered.buttons[0], chat_id=1), chat_id=1)
    assert pressed == echo.parse(["again"], "again")
    assert "echo: again" in (await say(service, button=pressed)).text
    assert action_in(json.loads(json.dumps(payload_for(offered.buttons[0].action)))) == pressed
