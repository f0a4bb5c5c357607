"""Versioning: every change is a version, undo restores exactly, nothing is ever lost."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from app.cv import edit
from app.cv.service import CvService
from app.errors import Conflict, InvalidInput, NotFound
from db.models import AuthorKind
from db.repositories.users import UserRepository

FULL = json.loads((Path(__file__).parents[2] / "fixtures" / "full_resume.json").read_text())


async def _user(session: Any, name: str = "alice") -> Any:
    return await UserRepository(session).get_or_create_by_identity("cli", name)


async def test_hundred_edits_make_hundred_versions_and_undo_walks_back_exactly(db: Any) -> None:
    async with db.session_scope() as session:
        cvs = CvService(session, (await _user(session)).id)
        state = await cvs.create({"basics": {"name": "Maria"}}, author=AuthorKind.user)
        cv_id = state.id
        snapshots = [state.version.data]
        for i in range(100):
            state = await cvs.change(
                cv_id, lambda doc, i=i: edit.add_entry(doc, "skills", {"name": f"Skill {i}"}), author=AuthorKind.user
            )
            snapshots.append(state.version.data)
        assert state.version.number == 101
        assert len(await cvs.history(cv_id, limit=None)) == 101

    async with db.session_scope() as session:
        cvs = CvService(session, (await _user(session)).id)
        for expected in reversed(snapshots[:-1][-5:]):
            state, _ = await cvs.undo(cv_id)
            assert state.version.data == expected
        # Undo wrote versions; the undone ones are still there.
        assert len(await cvs.history(cv_id, limit=None)) == 106
        restored = await cvs.restore(cv_id, 101)
        assert restored.version.data == snapshots[-1]


async def test_undo_of_undo_history_and_restore(db: Any) -> None:
    async with db.session_scope() as session:
        cvs = CvService(session, (await _user(session)).id)
        cv_id = (await cvs.create({}, author=AuthorKind.user)).id
        await cvs.change(cv_id, lambda d: edit.update_basics(d, {"name": "A"}), author=AuthorKind.user)
        await cvs.change(cv_id, lambda d: edit.update_basics(d, {"phone": "1"}), author=AuthorKind.user)
        state, undone = await cvs.undo(cv_id)
        assert undone == "Added your phone number"
        assert state.resume.to_json() == {"basics": {"name": "A"}}
        state, undone = await cvs.undo(cv_id)  # the change before it, named as made: not "Undo: Undo: …"
        assert undone == "Added your name" and state.version.summary == "Undid: Added your name"
        assert state.resume.to_json() == {}
        with pytest.raises(Conflict, match="Nothing to undo"):
            await cvs.undo(cv_id)
        state = await cvs.restore(cv_id, 3)
        assert state.resume.to_json() == {"basics": {"name": "A", "phone": "1"}}
        state, undone = await cvs.undo(cv_id)  # undoing a restore returns to before it
        assert state.resume.to_json() == {} and undone == "Restored version 3"
        history = await cvs.history(cv_id)
        assert [v.number for v in history] == [7, 6, 5, 4, 3, 2, 1]
        assert [v.summary for v in history][:3] == [
            "Undid: Restored version 3",
            "Restored version 3",
            "Undid: Added your name",
        ]
        assert history[0].is_head and not history[1].is_head
        assert [c.line() for c in await cvs.diff(cv_id, 3)] == ["Name: − 'A'", "Phone: − 1"]


async def test_undo_and_redo_walk_a_stack_of_changes(db: Any) -> None:
    """Undo twice reverts the last two changes in order; redo brings them back in turn; a new change ends redo."""
    async with db.session_scope() as session:
        cvs = CvService(session, (await _user(session)).id)
        cv_id = (
            await cvs.create({"skills": [{"name": "Go"}]}, author=AuthorKind.import_, summary="Imported cv.pdf")
        ).id
        for skill in ("Kafka", "Rust", "Java"):
            await cvs.change(cv_id, lambda d, s=skill: edit.add_skills(d, [s]), author=AuthorKind.user)

        def skills(state: Any) -> list[str]:
            return [s["name"] for s in state.resume.to_json()["skills"]]

        named = []
        for _ in range(2):
            state, name = await cvs.undo(cv_id)
            named.append(name)
        assert named == ["Added the skill Java", "Added the skill Rust"] and skills(state) == ["Go", "Kafka"]
        state, name = await cvs.redo(cv_id)
        assert name == "Added the skill Rust" and skills(state) == ["Go", "Kafka", "Rust"]
        state, name = await cvs.undo(cv_id)  # undo after redo reverts the redone change again
        assert name == "Added the skill Rust" and skills(state) == ["Go", "Kafka"]
        await cvs.redo(cv_id)
        state, name = await cvs.redo(cv_id)
        assert name == "Added the skill Java" and skills(state) == ["Go", "Kafka", "Rust", "Java"]
        with pytest.raises(Conflict, match="Nothing to redo"):
            await cvs.redo(cv_id)
        await cvs.undo(cv_id)
        await cvs.change(cv_id, lambda d: edit.add_skills(d, ["SQL"]), author=AuthorKind.user)
        with pytest.raises(Conflict, match="Nothing to redo"):  # a new change starts a new branch
            await cvs.redo(cv_id)
        names = [(await cvs.undo(cv_id))[1] for _ in range(3)]
        assert names == ["Added the skill SQL", "Added the skill Rust", "Added the skill Kafka"]
        with pytest.raises(Conflict, match="Nothing to undo"):  # back to the import: the first version
            await cvs.undo(cv_id)
        assert all("Undid: Undid" not in v.summary for v in await cvs.history(cv_id, limit=None))


async def test_invalid_change_stores_nothing(db: Any) -> None:
    async with db.session_scope() as session:
        cvs = CvService(session, (await _user(session)).id)
        cv_id = (await cvs.create(FULL, author=AuthorKind.import_)).id
        with pytest.raises(InvalidInput, match=r"work\[0\].endDate: use YYYY-MM"):
            await cvs.change(
                cv_id, lambda d: edit.update_entry(d, "work", 0, {"endDate": "soon"}), author=AuthorKind.user
            )
        state = await cvs.load(cv_id)
        assert state.version.number == 1 and state.resume.to_json() == FULL


async def test_no_op_change_writes_no_version(db: Any) -> None:
    async with db.session_scope() as session:
        cvs = CvService(session, (await _user(session)).id)
        cv_id = (await cvs.create({"basics": {"name": "A"}}, author=AuthorKind.user)).id
        state = await cvs.change(cv_id, lambda d: edit.update_basics(d, {"name": "A"}), author=AuthorKind.user)
        assert not state.changed and state.version.number == 1


async def test_ids_resolve_by_prefix_only_within_the_account(db: Any) -> None:
    async with db.session_scope() as session:
        alice = CvService(session, (await _user(session, "alice")).id)
        bob = CvService(session, (await _user(session, "bob")).id)
        cv = (await alice.create({}, author=AuthorKind.user)).cv
        assert (await alice.resolve(str(cv.id)[:8])).id == cv.id
        with pytest.raises(NotFound):
            await bob.resolve(str(cv.id)[:8])
        with pytest.raises(NotFound):
            await bob.resolve(str(cv.id))
        with pytest.raises(NotFound, match="not a CV id"):
            await alice.resolve("drop table")
