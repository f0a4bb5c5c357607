"""Which tools each model step is offered: the groups that fit the conversation's state, within a budget.

Every step is offered the `core` group (which holds `use_tools`), the groups the model opened this turn,
then the groups ranked for the state, each whole and only while the schemas stay within
`TOOL_BUDGET_CHARS`. Tools keep their registration order, so the same state gives the same prompt
prefix (what the providers' prompt caches key on). The model may still call any registered tool.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from app.errors import AltocError
from app.llm.base import ToolSpec
from tools.registry import ALWAYS, ToolContext, ToolGroup, ToolRegistry

# About 2,300 tokens at 4 characters a token; the providers' wire forms add ~40 characters a tool.
TOOL_BUDGET_CHARS = 9_200
FILLED_SECTIONS = ("work", "education", "projects")


def ranked_groups(*, cv_open: bool, cv_filled: bool, ats: bool, tailoring: bool = False) -> list[ToolGroup]:
    """The groups worth offering, most useful first. Accounts are only ever opened on request."""
    if not cv_open:
        return ["files"]  # create (core) or import a CV
    ranked: list[ToolGroup] = ["tailor"] if tailoring else []
    ranked += ["ats", "tailor"] if ats and not tailoring else ["ats"] if ats else []
    if cv_filled:
        ranked += ["edit", "basics", "versions", "entries", "files", "more_sections"]
    else:
        ranked += ["entries", "basics", "edit", "more_sections", "files", "versions"]
    return ranked


def choose_groups(
    sizes: dict[ToolGroup, int], ranked: list[ToolGroup], opened: set[ToolGroup], budget: int = TOOL_BUDGET_CHARS
) -> set[ToolGroup]:
    chosen: set[ToolGroup] = {ALWAYS, *opened}
    used = sum(sizes[g] for g in chosen)
    for group in ranked:
        if group not in chosen and used + sizes[group] <= budget:
            chosen.add(group)
            used += sizes[group]
    return chosen


@dataclass
class ToolOffer:
    """The per-step `prepare` of one turn (a job ad in the message or an ATS check brings the ATS tools).
    Whether a CV already has entries is read once per CV and turn (so the offer does not swing while the
    model fills it in)."""

    registry: ToolRegistry
    job_ad: bool = False  # the person's message looks like a pasted job ad
    filled: dict[uuid.UUID, bool] = field(default_factory=dict)

    def know(self, cv_id: uuid.UUID, resume: dict[str, object]) -> None:
        self.filled.setdefault(cv_id, any(resume.get(s) for s in FILLED_SECTIONS))

    async def __call__(self, ctx: ToolContext) -> list[ToolSpec]:
        state = ctx.state
        cv_id = state.cv_id
        if cv_id is not None and cv_id not in self.filled:  # opened during this turn
            try:
                self.know(cv_id, (await ctx.cvs.load(cv_id)).resume.to_json())
            except AltocError:
                self.filled[cv_id] = False
        ranked = ranked_groups(
            cv_open=cv_id is not None,
            cv_filled=cv_id is not None and self.filled[cv_id],
            ats=self.job_ad or state.awaiting == "job_ad" or state.last_report_id is not None,
            tailoring=state.tailoring is not None,
        )
        return self.registry.specs(choose_groups(self.registry.group_sizes(), ranked, ctx.opened))
