"""No tool lets one person read or change another person's CV, whatever ids the model passes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from app.ats.service import AtsService
from app.cv.sections import SECTIONS
from app.cv.service import CvService
from app.state import ConversationState
from db.models import AuthorKind
from db.repositories.users import UserRepository
from tools import REGISTRY, ToolContext

FULL = json.loads((Path(__file__).parents[1] / "fixtures" / "full_resume.json").read_text())

# Plausible arguments for every tool; a new tool must be added here (the test checks coverage).
ARGUMENTS: dict[str, dict[str, Any]] = {
    "get_cv": {},
    "create_cv": {"name": "Bob"},
    "list_cvs": {},
    "select_cv": {},
    "update_basics": {"phone": "+48 600 000 000"},
    "set_profile": {"network": "GitHub", "url": "https://github.com/bob"},
    "remove_profile": {"network": "LinkedIn"},
    "set_summary": {"summary": "Hacked"},
    **{spec.tool.name: {"entry": FULL[key][0]} for key, spec in SECTIONS.items()},  # the generated add_* tools
    "add_skills": {"skills": ["Hacking"]},
    "add_bullet": {"index": 0, "text": "Hacked"},
    "update_entry": {"section": "work", "index": 0, "changes": {"name": "Evil"}},
    "remove_entry": {"section": "work", "index": 0},
    "move_entry": {"section": "work", "index": 0, "to_index": 1},
    "import_json_resume": {"document": {"basics": {"name": "Bob"}}, "replace_open_cv": True},
    "import_cv": {"text": "Bob Builder\nbob@example.com\nExperience\nBuilder at Acme"},
    "export_json_resume": {},
    "export_cv": {"format": "md"},
    "analyze_cv": {"job_text": "Python developer. Requirements: Python, SQL."},
    "apply_fixes": {"fix_ids": ["all"]},
    "reject_fixes": {"fix_ids": ["1"]},
    "list_versions": {},
    "diff_versions": {"from_version": 1},
    "undo": {},
    "redo": {},
    "restore_version": {"number": 1},
    "create_link_code": {},
    "link_account": {"code": "K7QF-3MZP"},  # a guess: refused (linking itself: tests/app/test_accounts.py)
    "use_tools": {"groups": ["edit"]},
    "tailor_cv": {"job_text": "Python developer. Requirements: Python, SQL."},
    "apply_tailoring": {"changes": ["all"]},
    "answer_tailoring_question": {"answer": "Yes, at Acme for two years."},
    "fit_to_pages": {"pages": 1},
    "write_cover_letter": {},
    "export_cover_letter": {"format": "md"},
    "delete_cv": {},
    "show_plan": {},
    "buy": {},
    "manage_billing": {},
}
# Tools that create or list the caller's own data (or touch no data): they succeed, but only for Bob.
OWN_DATA_TOOLS = {"create_cv", "list_cvs", "create_link_code", "use_tools", "import_cv", "show_plan", "buy"}
# Tools about the person's plan, not a CV: they answer for Bob's account whatever the conversation points at.
ACCOUNT_TOOLS = {"manage_billing"}


async def test_every_tool_refuses_another_users_cv(db: Any, settings: Any) -> None:
    assert set(ARGUMENTS) == set(REGISTRY.names()), "add the new tool to ARGUMENTS"
    async with db.session_scope() as session:
        users = UserRepository(session)
        alice = await users.get_or_create_by_identity("telegram", "111")
        bob = await users.get_or_create_by_identity("telegram", "222")
        alice_cv = await CvService(session, alice.id).create(FULL, author=AuthorKind.import_)
        alice_report = await AtsService(session, alice.id, settings).analyze(
            alice_cv.id, "Backend developer wanted. Requirements: Python, SQL, Docker."
        )

    for name, arguments in ARGUMENTS.items():
        args = dict(arguments)
        if name in ("get_cv", "select_cv", "delete_cv"):
            args["cv_id"] = str(alice_cv.id)
        if name == "apply_fixes":
            args["report_id"] = str(alice_report.row.id)
        async with db.session_scope() as session:
            # The model (or a forged state) points Bob's conversation at Alice's CV.
            # As the person's own command would (a model's call of a consent tool only asks: tests/app/assistant/agent).
            ctx = ToolContext(session, bob.id, ConversationState(cv_id=alice_cv.id), settings, author=AuthorKind.user)
            result = await REGISTRY.call(ctx, name, args)
            if name in OWN_DATA_TOOLS:
                assert result.ok, (name, result.message)
                assert "Maria" not in result.message and "Kowalska" not in json.dumps(result.data)
            elif name in ACCOUNT_TOOLS:
                assert "Maria" not in result.message and result.data is None, name
            else:
                assert not result.ok, name
                assert "Maria" not in result.message, name
                if name != "link_account":
                    assert "no CV" in result.message or "No CV" in result.message, (name, result.message)

    async with db.session_scope() as session:
        state = await CvService(session, alice.id).load(alice_cv.id)
        assert state.resume.to_json() == FULL
        assert len(await CvService(session, alice.id).history(alice_cv.id)) == 1
        assert (
            await AtsService(session, alice.id, settings).load_report(None, alice_cv.id)
        ).row.id == alice_report.row.id
