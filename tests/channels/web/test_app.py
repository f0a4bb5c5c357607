"""The Chainlit handlers without a browser: a mocked Chainlit session, the real core and database."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any
from unittest.mock import AsyncMock, Mock

import pytest

from app.assistant.commands import Export
from app.events import Button, ButtonsEvent, FileEvent, TextEvent, ToolFinished, ToolStarted
from tests.conftest import say

EMAIL = "maria@example.com"  # the signed-in web user of these tests

# Chainlit imports traceloop, which still uses pydantic v1-style config.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:traceloop.*")
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000")  # just a PNG signature + IHDR


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    """`channels.web.app`, imported with Chainlit's app root in a temp dir: importing chainlit writes there."""
    from channels.web.channel import prepare_app_root

    root = prepare_app_root(tmp_path_factory.mktemp("web-root"), "127.0.0.1", 8000)
    mp = pytest.MonkeyPatch()
    mp.setenv("CHAINLIT_APP_ROOT", str(root))
    mp.setenv("CHAINLIT_ENV_FILE", str(root / "absent.env"))  # chainlit would load ./.env into os.environ
    import chainlit.data

    import channels.web.app as web_app

    # Handlers are tested without persisting Chainlit's own history (the browser test covers that).
    mp.setattr(chainlit.data, "_data_layer", None)
    mp.setattr(chainlit.data, "_data_layer_initialized", True)
    yield web_app
    mp.undo()


@pytest.fixture
def runtime(web: ModuleType, db: Any, settings: Any, service: Any) -> Any:
    """The web chat's runtime: the offline service on the test database."""
    from app.assistant.runtime import Runtime
    from channels.web.lifecycle import WEB_RUNTIME

    runtime = Runtime(settings, db, None, service)
    WEB_RUNTIME.install(runtime)
    return runtime


@dataclass
class Browser:
    """What Chainlit sent to one browser session, read from the mocked session's `emit`."""

    session: Any
    files: list[dict[str, Any]]

    @property
    def events(self) -> list[tuple[str, Any]]:
        return [(call.args[0], call.args[1]) for call in self.session.emit.call_args_list]

    def steps(self, kind: str) -> dict[str, dict[str, Any]]:
        """The last state of every step of `kind` (assistant_message, tool), by id, in order of appearance."""
        found: dict[str, dict[str, Any]] = {}
        for name, data in self.events:
            if name in ("new_message", "update_message", "stream_start") and data.get("type") == kind:
                found[data["id"]] = {**found.get(data["id"], {}), **data}
        return found

    @property
    def messages(self) -> list[str]:
        return [step["output"] for step in self.steps("assistant_message").values()]

    @property
    def text(self) -> str:
        return "\n\n".join(self.messages)

    def actions(self) -> list[dict[str, Any]]:
        return [data for name, data in self.events if name == "action"]

    def message_with(self, fragment: str) -> dict[str, Any]:
        return next(s for s in self.steps("assistant_message").values() if fragment in s["output"])


@asynccontextmanager
async def browser(thread_id: str = "thread-1") -> AsyncIterator[Browser]:
    """A Chainlit context for one websocket session, as in Chainlit's own backend/tests/conftest.py."""
    from chainlit.context import ChainlitContext, context_var
    from chainlit.session import WebsocketSession

    files: list[dict[str, Any]] = []

    async def persist_file(**file: Any) -> dict[str, str]:
        files.append(file)
        return {"id": f"file-{len(files)}"}

    import chainlit as cl

    session = Mock(spec=WebsocketSession)
    session.id = f"session-{thread_id}"
    session.thread_id = thread_id
    session.user = cl.User(identifier=EMAIL, metadata={"provider": "password"})
    session.user_env = {}
    session.chat_settings = {}
    session.chat_profile = None
    session.http_referer = None
    session.client_type = "webapp"
    session.languages = ["en"]
    session.has_first_interaction = True
    session.emit = AsyncMock()
    session.persist_file = AsyncMock(side_effect=persist_file)
    token = context_var.set(ChainlitContext(session))
    try:
        yield Browser(session, files)
    finally:
        context_var.reset(token)


async def local_cv(db: Any) -> Any:
    """The signed-in person's one CV, read back from the database."""
    from app.cv.service import CvService
    from db.repositories.users import UserRepository

    async with db.session_scope() as session:
        user = await UserRepository(session).get_or_create_by_identity("web", EMAIL)
        cvs = CvService(session, user.id)
        rows = await cvs.list()
        assert len(rows) == 1, rows
        return (await cvs.load(rows[0][0].id)).resume


async def test_guided_interview_in_the_web_chat_stores_the_cv(web: ModuleType, runtime: Any, db: Any) -> None:
    import chainlit as cl

    async with browser() as page:
        await web.on_chat_start()
    assert "offline guided mode" in page.text
    assert "/new" in page.text
    # Nothing to show or continue yet: the three starters instead (Chainlit's own vanish with this message).
    assert [a["label"] for a in page.actions()] == ["Build my CV", "Check my CV against a job", "Import my CV"]

    async with browser() as page:
        await web.on_message(cl.Message(content="/new"))
    assert page.steps("tool") == {}  # no internals on screen
    assert "name" in page.messages[-1].lower()

    async with browser() as page:
        await web.on_message(cl.Message(content="Maria Kowalska"))
    assert page.messages  # the interview answered (its wording is the core's)

    resume = await local_cv(db)
    assert resume.basics is not None
    assert resume.basics.name == "Maria Kowalska"


async def test_each_starter_does_what_it_says(web: ModuleType, runtime: Any) -> None:
    """The same three as Chainlit's starters (which send the command) and as the welcome's buttons."""
    import chainlit as cl

    assert [(s.label, s.message) for s in await web.starters(None)] == [
        ("Build my CV", "/new"),
        ("Check my CV against a job", "/ats"),
        ("Import my CV", "/help import"),
    ]
    async with browser("thread-starters") as page:
        await web.on_chat_start()
    build, check, import_cv = page.actions()
    answers = []
    for button in (import_cv, check, build, check):
        async with browser("thread-starters") as page:
            await web.on_action(cl.Action(name=button["name"], payload=button["payload"], label=button["label"]))
        answers.append(page.messages[-1])
    assert "send the file" in answers[0] and "PDF" in answers[0] and "Word" in answers[0] and ".json" in answers[0]
    assert "no CV yet" in answers[1] and "/new" in answers[1]  # a newcomer is told where to begin
    assert "name" in answers[2].lower()
    assert "Paste the job ad" in answers[3]


async def test_welcome_offers_a_cv_made_in_another_channel_and_show_cv_runs_show(
    web: ModuleType, runtime: Any, db: Any, service: Any
) -> None:
    import chainlit as cl

    # The same account, reached from another channel (as after /link): the CV is there in the browser.
    elsewhere = {"user": EMAIL, "channel": "telegram", "account_channel": "web"}
    await say(service, "/new", **elsewhere)
    await say(service, "Maria Kowalska", **elsewhere)

    async with browser("thread-2") as page:
        await web.on_chat_start()
    welcome = page.message_with("You already have a CV")
    assert "Maria Kowalska" in welcome["output"]
    assert [(a["label"], a["forId"]) for a in page.actions()] == [
        ("Show CV", welcome["id"]),
        ("Continue", welcome["id"]),
    ]
    show, resume = page.actions()

    async with browser("thread-2") as page:
        await web.on_action(cl.Action(name=show["name"], payload=show["payload"], label=show["label"]))
    shown = page.message_with("Maria Kowalska")
    assert [(a["label"], a["forId"]) for a in page.actions()] == [("History", shown["id"]), ("Undo", shown["id"])]

    async with browser("thread-2") as page:  # [Continue] asks the interview's pending question again
        await web.on_action(cl.Action(name=resume["name"], payload=resume["payload"], label=resume["label"]))
    assert "email" in page.messages[-1].lower()

    async with browser("thread-2") as page:  # the web thread continues the other channel's conversation state
        await web.on_message(cl.Message(content="/export json"))
    (sent,) = page.files
    assert json.loads(sent["content"])["basics"]["name"] == "Maria Kowalska"


async def test_welcome_names_the_cv_that_show_cv_shows(web: ModuleType, runtime: Any, service: Any) -> None:
    """A CV made after the last chat (here from the terminal) is the newest one, but a new chat carries on
    with the CV the last chat had open: the welcome names that one, and Show CV shows it."""
    import chainlit as cl

    await say(service, "/new", user=EMAIL, channel="web", thread_id="thread-a")
    await say(service, "Maria Kowalska", user=EMAIL, channel="web", thread_id="thread-a")
    await runtime.call_tool(("web", EMAIL), "create_cv", {"name": "Jan Nowak"}, needs_cv=False)

    async with browser("thread-b") as page:
        await web.on_chat_start()
    welcome = page.message_with("You already have a CV")["output"]
    show = page.actions()[0]
    async with browser("thread-b") as page:
        await web.on_action(cl.Action(name=show["name"], payload=show["payload"], label=show["label"]))
    shown = page.messages[0]
    assert "Maria Kowalska" in welcome and "Maria Kowalska" in shown
    assert "Jan Nowak" not in welcome and "Jan Nowak" not in shown


async def test_export_sends_the_cv_as_a_file(web: ModuleType, runtime: Any, db: Any) -> None:
    import chainlit as cl

    for text in ("/new", "Maria Kowalska", "/export"):
        async with browser("thread-3") as page:
            await web.on_message(cl.Message(content=text))
    assert [a["label"] for a in page.actions()][:4] == ["Classic", "Modern", "Compact", "Academic"]
    # A thumbnail per design, in the message the buttons join.
    assert [f["name"] for f in page.files] == ["classic.png", "modern.png", "compact.png", "academic.png"]
    question = page.message_with("Which design?")
    assert {a["forId"] for a in page.actions()} == {question["id"]}
    async with browser("thread-3") as page:
        await web.on_message(cl.Message(content="/export modern"))
    pdf, preview = page.files
    assert pdf["name"] == "Maria_Kowalska_CV_modern.pdf" and pdf["mime"] == "application/pdf"
    assert preview["mime"] == "image/png"
    elements = [data for name, data in page.events if name == "element"]
    assert [e["type"] for e in elements] == ["file", "image"]
    assert all(e["display"] == "inline" and e["forId"] in page.steps("assistant_message") for e in elements)
    assert "checked: an ATS reads all" in page.message_with("Maria_Kowalska_CV_modern.pdf")["output"]


async def test_a_forged_button_does_nothing(web: ModuleType, runtime: Any, db: Any) -> None:
    import chainlit as cl

    async with browser() as page:
        for payload in (
            {"kind": ["not", "a", "name"]},
            {"kind": "apply_fix", "arguments": {}},  # no such kind (any more)
            {"kind": "export", "arguments": {"template": "fancy"}},  # not a design
            {"kind": "fix", "arguments": {"id": "1"}},  # an argument the command does not take
            {"action": "command", "payload": {"command": "/undo"}},  # the slash-command text buttons used to carry
        ):
            await web.on_action(cl.Action(name="button", payload=payload, label="?"))
    assert page.messages == ["That button is no longer available. /help lists what I can do."] * 5


async def test_a_failed_start_is_told_to_the_person(web: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    import chainlit as cl

    from app.errors import ConfigurationError
    from channels.web.lifecycle import WebRuntime

    def broken_start() -> Any:
        raise ConfigurationError("Cannot connect to the database at postgresql://db/altoc.")

    failing = WebRuntime()
    failing.start_in_background(broken_start)
    monkeypatch.setattr(web, "WEB_RUNTIME", failing)
    async with browser() as page:
        await web.on_message(cl.Message(content="/help"))
    assert page.messages == ["The assistant could not start: Cannot connect to the database at postgresql://db/altoc."]


# --- ChainlitSink on its own: what the offline mode does not produce yet ----------------------------


async def test_streamed_text_becomes_one_message(web: ModuleType) -> None:
    from channels.web.sink import ChainlitSink

    async with browser() as page:
        sink = ChainlitSink()
        for event in (
            TextEvent("Added two"),
            TextEvent(" jobs", delta=True),
            TextEvent(" and six skills.", delta=True),
        ):
            await sink.emit(event)
        await sink.flush()
    assert [name for name, _ in page.events] == ["stream_start", "stream_token", "stream_token", "new_message"]
    assert page.messages == ["Added two jobs and six skills."]


async def test_tool_calls_show_no_step_and_no_json(web: ModuleType) -> None:
    """A tool's name and arguments are internals: the person reads the sentence that follows, nothing else."""
    from channels.web.sink import ChainlitSink

    async with browser() as page:
        sink = ChainlitSink()
        await sink.emit(TextEvent("Let me add that job."))
        await sink.emit(ToolStarted("call_1", "add_work", {"company": "PayFlow GmbH", "startDate": "2021-03"}))
        await sink.emit(ToolFinished("call_1", "add_work", True, "Added work entry PayFlow GmbH (version 2)."))
        await sink.emit(TextEvent("Added your job at PayFlow GmbH."))
        await sink.flush()
    assert page.steps("tool") == {}
    assert page.messages == ["Let me add that job.", "Added your job at PayFlow GmbH."]
    assert "add_work" not in json.dumps(page.events, default=str)


async def test_a_file_comes_with_its_preview_and_buttons_with_their_text(web: ModuleType) -> None:
    from channels.web.sink import ChainlitSink

    async with browser() as page:
        sink = ChainlitSink()
        await sink.emit(FileEvent("Maria_CV.pdf", "application/pdf", b"%PDF-1.7 ...", "2 pages, ATS-safe", PNG))
        await sink.emit(ButtonsEvent((Button("Modern", Export(template="modern")),), "Another design?"))
        await sink.flush()
    assert page.messages == ["2 pages, ATS-safe", "Another design?"]
    assert [(f["name"], f["mime"], f["content"]) for f in page.files] == [
        ("Maria_CV.pdf", "application/pdf", b"%PDF-1.7 ..."),
        ("Maria_CV-page-1.png", "image/png", PNG),
    ]
    elements = [data for name, data in page.events if name == "element"]
    assert [(e["type"], e["forId"]) for e in elements] == [
        ("file", elements[0]["forId"]),
        ("image", elements[0]["forId"]),
    ]
    (action,) = page.actions()
    assert action["payload"] == {"kind": "export", "arguments": {"template": "modern"}}
    assert action["forId"] == page.message_with("Another design?")["id"]


def test_chainlit_runs_on_our_config(web: ModuleType) -> None:
    from chainlit.config import APP_ROOT, config

    assert Path(APP_ROOT).name.startswith("web-root")
    assert config.ui.name == "Altoc CV assistant"
    assert config.project.allow_origins == ["http://localhost:8000", "http://127.0.0.1:8000"]
    assert config.features.unsafe_allow_html is False
    assert config.features.spontaneous_file_upload is not None
    assert config.features.spontaneous_file_upload.enabled is True
    assert config.features.spontaneous_file_upload.max_size_mb == 5
    assert "application/json" in config.features.spontaneous_file_upload.accept
