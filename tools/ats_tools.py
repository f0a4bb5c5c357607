"""Tools for the ATS check: analyse the open CV (against a job ad) and apply the fixes the person accepts."""

from __future__ import annotations

import uuid
from collections.abc import Collection
from typing import Any

from app.ats.report import AtsReport
from app.ats.report_text import render_fix_list, render_report_text
from app.ats.service import AtsService
from app.cleantext import clean_text
from app.errors import InvalidInput
from tools.registry import ToolContext, ToolResult, tool


def _fix_list(report: AtsReport, rejected: Collection[str] = ()) -> list[dict[str, Any]]:
    """The fixes on offer, each with the number the report's text shows for it (AtsReport.fix_numbers)."""
    numbers = report.fix_numbers()
    return [
        {
            "number": numbers[f.id],
            "id": f.id,
            "description": f.description,
            "needs_confirmation": f.needs_confirmation,
            "new_facts": f.new_facts,
        }  # fmt: skip
        for f in report.fixes()
        if f.id not in rejected
    ]


@tool(group="ats")
async def analyze_cv(ctx: ToolContext, job_text: str | None = None, source: str | None = None) -> ToolResult:
    """Check the open CV the way an applicant tracking system would, against a job ad if one is given: a score
    0-100, categories, findings that cite the CV, and fixes the user can accept.

    Args:
        job_text: The full text of the job ad, exactly as the user gave it; omit for a general check.
        source: Where the ad came from (a file name or a link), if known.
    """
    service = AtsService(ctx.session, ctx.user_id, ctx.settings, ctx.provider)
    if job_text is not None:  # text read from a PDF can hold NULs, which PostgreSQL refuses
        job_text = clean_text(job_text)
    stored = await service.analyze(ctx.current_cv_id(), job_text, source=source and clean_text(source))
    ctx.state.last_report_id = stored.row.id
    ctx.state.rejected_fixes = []
    report = stored.report
    data = {"report_id": str(stored.row.id), **report.to_json(), "fix_list": _fix_list(report)}
    return ToolResult(render_report_text(report), data=data)


@tool(
    consent="The assistant wants to apply ATS fixes {fix_ids} that add to your CV something you have not said "
    "yourself (a skill, a title, a number). Confirm only if it is true of you (typing /fix ID confirm does the "
    "same); /undo takes it back.",
    consent_if="confirm_new_facts",
    group="ats",
)
async def apply_fixes(
    ctx: ToolContext, fix_ids: list[str], report_id: str | None = None, confirm_new_facts: bool = False
) -> ToolResult:
    """Apply fixes from an ATS check as one new CV version (undo restores the previous one), then check again.

    Args:
        fix_ids: The ids of the fixes to apply, or ["all"] (every fix the user has not rejected).
        report_id: The check the fixes come from; default: the latest check of the open CV.
        confirm_new_facts: True to apply fixes that add facts (a skill, a number): the person is asked to
            confirm they are true, with a button, before anything changes.
    """
    if not fix_ids:
        raise InvalidInput("Name the fixes to apply (their ids), or all.")
    report_uuid = None
    if report_id:
        try:
            report_uuid = uuid.UUID(report_id)
        except ValueError:
            raise InvalidInput(f"'{report_id}' is not a report id.") from None
    service = AtsService(ctx.session, ctx.user_id, ctx.settings)
    chosen_report = report_uuid or ctx.state.last_report_id
    rejected = ctx.state.rejected_fixes if chosen_report == ctx.state.last_report_id else []
    result = await service.apply(
        chosen_report, ctx.current_cv_id(), fix_ids, confirm_new_facts=confirm_new_facts, rejected=rejected
    )
    ctx.state.last_report_id = result.after.row.id
    ctx.state.rejected_fixes = []
    after = result.after.report.score
    delta = after - result.before
    noun = "fix" if result.applied == 1 else "fixes"
    message = (
        f"Applied {result.applied} {noun} as one change (version {result.state.version.number}; /undo reverts it). "
        f"New score {after}/100 ({delta:+d})."
    )
    left = render_fix_list(result.after.report)
    if left:  # the check was run again: its fixes, numbered as /fix N now reads them
        message += "\n\nWhat I can still fix:\n" + left
    return ToolResult(
        message,
        data={
            "score_before": result.before,
            "score_after": after,
            "report_id": str(result.after.row.id),
            "version": result.state.version.number,
            "fix_list": _fix_list(result.after.report),
        },
    )


@tool(group="ats")
async def reject_fixes(ctx: ToolContext, fix_ids: list[str]) -> ToolResult:
    """Turn down fixes from the latest ATS check: "apply all" then leaves them out. Nothing in the CV changes.

    Args:
        fix_ids: The ids (or list positions, "1", "2"...) of the fixes the user does not want.
    """
    if not fix_ids:
        raise InvalidInput("Name the fixes to leave out (their ids or numbers).")
    service = AtsService(ctx.session, ctx.user_id, ctx.settings)
    fixes = await service.resolve_fixes(ctx.state.last_report_id, ctx.current_cv_id(), fix_ids)
    for fix in fixes:
        if fix.id not in ctx.state.rejected_fixes:
            ctx.state.rejected_fixes.append(fix.id)
    names = "; ".join(f.description for f in fixes)
    report = (await service.load_report(ctx.state.last_report_id, ctx.current_cv_id())).report
    return ToolResult(
        f'Left out: {names}. Nothing was changed; "Apply all" now skips {"it" if len(fixes) == 1 else "them"}.',
        data={"rejected": list(ctx.state.rejected_fixes), "fix_list": _fix_list(report, ctx.state.rejected_fixes)},
    )
