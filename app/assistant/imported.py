"""A CV brought in during a conversation: the import opened as a new CV, its summary, then its open questions.

The uncertain pieces are asked one at a time, in the guided mode and with a model alike: "yes" (or "skip")
keeps the piece, a correction replaces it through the normal edit tools, "no" asks for the right value.
"""

from __future__ import annotations

import re

from app.assistant.active_turn import ActiveTurn
from app.assistant.commands import SHOW, Ats, Export, Skip
from app.assistant.guided.readers import yes_or_no
from app.cv.sections import SECTIONS
from app.events import Button
from app.imports.service import import_file
from app.state import ImportQuestion, ImportReview
from app.uploads import SniffedFile
from tools.io_tools import store_import
from tools.registry import ToolResult

AFTER_IMPORT = (SHOW, Button("Export PDF", Export()), Button("Check against a job", Ats()))
KEEP = Button("Keep as it is", Skip())  # /skip, typed or pressed, keeps the piece and moves on
MAX_CORRECTION_CHARS = 200  # a longer message is something else: the questions end and it is handled as usual
_SKIP = {"skip", "pass", "later", "not now", "next", "keep", "keep it", "leave it", "correct", "right", "fine"}
_REMOVE = {"remove", "remove it", "delete", "delete it", "drop it", "take it out", "none", "-"}
_BASICS = {"name", "label", "email", "phone", "url"}
_LOCATION = {"city": "city", "region": "region", "countryCode": "country_code"}
_ENTRY = re.compile(r"^([a-z]+)\.(\d+)(?:\.([A-Za-z]+))?$")


async def import_upload(turn: ActiveTurn, file: SniffedFile, *, refine: bool) -> None:
    """An uploaded CV file read (in a limited child), stored as a new CV and presented."""
    result = await import_file(file, turn.ctx.settings, refine=refine, gate=turn.ctx.gate)
    await present_import(turn, await store_import(turn.ctx, result, file.name))


async def import_pasted_text(turn: ActiveTurn, text: str) -> None:
    """A CV pasted in the chat without a model: the `import_cv` tool, then the same presentation."""
    result = await turn.tool("import_cv", text=text)
    if not result.ok:
        await turn.say(result.message)
        return
    await present_import(turn, result)


async def present_import(turn: ActiveTurn, stored: ToolResult) -> None:
    """The summary, then the first open question (or the buttons when nothing is uncertain)."""
    turn.ctx.state.awaiting = None  # a CV came instead of the job ad /ats asked for
    await turn.say(stored.message)
    questions = [ImportQuestion(**q) for q in stored.data["uncertain"]]
    cv_id = turn.ctx.state.cv_id
    if not questions or cv_id is None:
        turn.ctx.state.review = None
        await turn.buttons(*AFTER_IMPORT, text="It is open now: have a look, export it or check it against a job ad.")
        return
    turn.ctx.state.review = ImportReview(cv_id=cv_id, questions=questions)
    count = len(questions)
    await _ask(turn, f"I am unsure of {count} thing{'s' if count != 1 else ''}; one at a time.", questions[0])


async def answer_review(turn: ActiveTurn, text: str, *, model: bool) -> bool:
    """The person's answer to the open import question; False when the message is not one (the questions end).

    With a `model`, only yes, no, skip and remove (and the value asked for after a no) are read here: other
    words may be a new request, which the model reads with the question in the history.
    """
    state = turn.ctx.state
    review = state.review
    if review is None:
        return False
    if review.cv_id != state.cv_id or not review.questions:  # another CV was opened meanwhile
        state.review = None
        return False
    answer = " ".join(text.split())
    if len(answer) > MAX_CORRECTION_CHARS or "\n" in text.strip():
        state.review = None
        return False
    plain = answer.lower().strip(" .!")
    question = review.questions[0]
    if plain in _SKIP or (not review.correcting and yes_or_no(answer) is True):
        await _next(turn, review, "Kept.")
    elif plain in _REMOVE or (yes_or_no(answer) is False and _is_entry(question.path)):
        await _apply(turn, review, question, None)  # "Is this a job?" "No": it goes
    elif not review.correcting and yes_or_no(answer) is False:
        review.correcting = True
        await turn.say("What should it be? Write the right value, “remove” to take it out, or “skip” to keep it.")
    elif model and not review.correcting:
        state.review = None
        return False
    else:
        await _apply(turn, review, question, answer)
    return True


def _is_entry(path: str) -> bool:
    match = _ENTRY.match(path)
    return match is not None and match.group(3) is None


async def _ask(turn: ActiveTurn, said: str, question: ImportQuestion) -> None:
    text = " ".join(filter(None, (said, f"{question.question} (yes, no, the right value, or skip)")))
    await turn.buttons(KEEP, text=text)


async def _next(turn: ActiveTurn, review: ImportReview, said: str) -> None:
    review.questions.pop(0)
    review.correcting = False
    if review.questions:
        await _ask(turn, said, review.questions[0])
        return
    turn.ctx.state.review = None
    done = " ".join(filter(None, (said, "That was the last question: the CV is ready.")))
    await turn.buttons(*AFTER_IMPORT, text=done)


async def _apply(turn: ActiveTurn, review: ImportReview, question: ImportQuestion, value: str | None) -> None:
    """The right value (None: remove the piece) through the edit tools; a refused value keeps the question."""
    result = await _edit(turn, question.path, value)
    if result is None:
        await turn.say(
            f"I cannot change “{question.value}” from here; ask me in your own words, or /show the CV. Moving on."
        )
        await _next(turn, review, "")
        return
    if not result.ok:
        review.correcting = True
        await turn.say(f"{result.message} Try again, or “skip” to keep it as it is.")
        return
    await _next(turn, review, result.message)


async def _edit(turn: ActiveTurn, path: str, value: str | None) -> ToolResult | None:
    """The edit tool call for one JSON path of the CV, or None when the path is not one an edit tool takes."""
    parts = path.split(".")
    if parts[0] == "basics" and len(parts) == 2 and parts[1] in _BASICS:
        return await turn.tool("update_basics", **{parts[1]: value or ""})
    if parts[:2] == ["basics", "location"] and len(parts) == 3 and parts[2] in _LOCATION:
        return await turn.tool("update_basics", **{_LOCATION[parts[2]]: value or ""})
    match = _ENTRY.match(path)
    if match is None or match.group(1) not in SECTIONS:
        return None
    section, index, field = match.group(1), int(match.group(2)), match.group(3)
    if field is None:
        return await turn.tool("remove_entry", section=section, index=index) if value is None else None
    return await turn.tool("update_entry", section=section, index=index, changes={field: value})
