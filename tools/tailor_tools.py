"""Tools that tailor a variant of the CV to a job, fit it to a page budget, and write the cover letter.

Nothing the CV does not evidence enters it: a tailoring plan only moves, rewords and brings forward what the
CV says; what the ad asks for and the CV lacks becomes a question, and only the person's answer lets it in.
"""

from __future__ import annotations

import asyncio
import re
from typing import Literal

from app.ats.guard import Dropped
from app.cleantext import clean_text
from app.errors import InvalidInput, NotFound
from app.render import DesignName, LanguageCode, Paper
from app.state import Tailoring
from app.tailor.fit import Fitted
from app.tailor.plan import TailorPlan
from app.tailor.service import Job, TailorService, choose
from db.models import AuthorKind
from tools.io_tools import file_event
from tools.registry import ToolContext, ToolResult, tool

LetterFormat = Literal["pdf", "docx", "md"]
_NO = re.compile(
    r"^\s*(?:no|nope|never|not really|i haven'?t|skip|nein|non|jamais|no lo he usado|ні|нет|ні,? не)\b", re.I
)


_YES_ONLY = re.compile(
    r"^\s*(?:y|yes|yeah|yep|sure|of course|i have|ja|oui|sí|si|так|да)[\s.!,]*(?:i have|i did)?[\s.!]*$", re.I
)


def _service(ctx: ToolContext) -> TailorService:
    return TailorService(ctx.session, ctx.user_id, ctx.provider)


def plan_text(plan: TailorPlan) -> str:
    """The plan as the person reads it: each change numbered, with its diff and its reason."""
    lines = []
    for number, change in enumerate(plan.changes, 1):
        lines.append(f"{number}. {change.where[0].upper()}{change.where[1:]} — {change.reason}.")
        lines += [f"   {line}" for line in change.diff()]
    return "\n".join(lines)


def _gaps_sentence(gaps: list[str]) -> str:
    if not gaps:
        return ""
    names = gaps[0] if len(gaps) == 1 else f"{', '.join(gaps[:-1])} and {gaps[-1]}"
    it = "it" if len(gaps) == 1 else "each"
    return (
        f"The ad also asks for {names}, which your CV doesn't show. I won't add anything you haven't told me; "
        f"I'll ask about {it} next."
    )


def _dropped_sentence(dropped: list[Dropped]) -> str:
    if not dropped:
        return ""
    claims = sorted({claim for d in dropped for claim in d.claims})
    return f"I left out what the model wrote that your CV doesn't support: {', '.join(claims)}."


@tool(group="tailor")
async def tailor_cv(
    ctx: ToolContext, job_text: str | None = None, pages: int | None = None, source: str | None = None
) -> ToolResult:
    """Make a variant of the open CV for a job (the CV itself stays untouched) and propose changes that fit it to the
    ad, each shown as a diff with its reason. Nothing changes until the person chooses (apply_tailoring).

    Args:
        job_text: The full job ad as the person gave it; omit to use the ad of the open variant, or the last ad checked.
        pages: A page budget to fit the variant to afterwards (1 or 2), when the person asks for one.
        source: Where the ad came from (a file name or a link), if known.
    """
    if pages is not None and not 1 <= pages <= 5:
        raise InvalidInput("A page budget is 1 to 5 pages.")
    service = _service(ctx)
    job = await service.job(ctx.current_cv_id(), clean_text(job_text) if job_text else None, source)
    tailored = await service.tailor(ctx.current_cv_id(), job)
    state = tailored.state
    ctx.state.cv_id = state.id
    plan = tailored.plan
    ctx.state.tailoring = Tailoring(cv_id=state.id, plan=plan.model_dump(mode="json"), pages=pages, questions=plan.gaps)
    made = (
        f"I made CV {state.short_id}, a variant of your CV for {job.label}, and opened it; your CV itself is unchanged."
        if tailored.created
        else f"CV {state.short_id} is already your variant for {job.label}."
    )
    parts = [f"{made} ATS score now: {tailored.score}/100."]
    if plan.changes:
        parts.append("What I would change:\n" + plan_text(plan))
        parts.append("Apply them with /tailor apply all, some with /tailor apply 1 3, or none with /tailor apply none.")
    else:
        parts.append("I found nothing to move or reword: the CV already leads with what the ad asks for.")
    parts += [_dropped_sentence(tailored.dropped), _gaps_sentence(plan.gaps)]
    data = {
        "cv_id": str(state.id),
        "job_id": str(job.row.id),
        "job": job.label,
        "score": tailored.score,
        "changes": [c.model_dump(mode="json") for c in plan.changes],
        "gaps": plan.gaps,
    }
    return ToolResult("\n\n".join(p for p in parts if p), data=data)


async def _tailoring(ctx: ToolContext) -> Tailoring:
    """The tailoring in progress, on one of the person's own CVs."""
    await ctx.cvs.resolve(ctx.current_cv_id())
    tailoring = ctx.state.tailoring
    if tailoring is None:
        raise NotFound("There is no tailoring plan open. Ask me to tailor the CV to a job (/tailor) first.")
    await ctx.cvs.resolve(tailoring.cv_id)
    return tailoring


async def _job(ctx: ToolContext, tailoring: Tailoring) -> Job:
    return await _service(ctx).job(tailoring.cv_id)


@tool(group="tailor")
async def apply_tailoring(ctx: ToolContext, changes: list[str], one: bool = False, ask: bool = True) -> ToolResult:
    """Apply the changes of the open tailoring plan the person chose, as one new version of the variant.

    Args:
        changes: The changes' numbers ("1", "3"), ["all"], or ["none"] to keep the variant as it is.
        one: True when the person picked one change and may still pick others; False when this is their whole choice.
        ask: False to end the tailoring without asking about what the ad wants and the CV lacks.
    """
    tailoring = await _tailoring(ctx)
    if tailoring.asking:  # the changes were chosen: its questions are open
        raise InvalidInput("The changes were already chosen; /tailor makes a fresh plan.")
    if not changes:
        raise InvalidInput("Which changes? For example /tailor apply 1 3, /tailor apply all or /tailor apply none.")
    service = _service(ctx)
    job = await _job(ctx, tailoring)
    plan = TailorPlan.model_validate(tailoring.plan)
    words = [c.strip().lower() for c in changes]
    parts: list[str] = []
    if words in (["none"], ["done"]):
        parts.append("Nothing more applied." if tailoring.applied else "Nothing applied: the variant stays as it was.")
    else:
        chosen = [c for c in choose(plan, words) if c.id not in tailoring.applied]
        if not chosen:
            raise InvalidInput("That change is already applied.")
        applied = await service.apply(tailoring.cv_id, chosen, job)
        tailoring.applied += [c.id for c in chosen]
        noun = "change" if applied.applied == 1 else "changes"
        parts.append(
            f"Applied {applied.applied} {noun} as version {applied.state.version.number} of the variant (/undo reverts "
            f"it). ATS score {applied.before} → {applied.after}."
        )
    left = [c for c in plan.changes if c.id not in tailoring.applied]
    if one and left and words not in (["none"], ["done"]):
        data = {"cv_id": str(tailoring.cv_id), "left": [c.model_dump(mode="json") for c in left]}
        return ToolResult(parts[0] + " Pick another, or Done.", data=data)
    if tailoring.pages:
        parts.append(await _fit_text(ctx, tailoring.pages, "classic", "a4", job))
    if not ask:
        tailoring.questions = []
    parts.append(_next_question(ctx, tailoring))
    return ToolResult("\n\n".join(p for p in parts if p), data={"cv_id": str(tailoring.cv_id)})


def question(skill: str) -> str:
    return f"The ad asks for {skill}. Have you used it? Where, and what for? (Say no if you haven't.)"


def _next_question(ctx: ToolContext, tailoring: Tailoring) -> str:
    """The next question about what the ad asks for, or the end of the tailoring."""
    if tailoring.questions:
        tailoring.asking = True
        return question(tailoring.questions[0])
    ctx.state.tailoring = None
    return "That's the tailoring done. /letter writes the cover letter; /export downloads the variant."


@tool(group="tailor")
async def answer_tailoring_question(ctx: ToolContext, answer: str) -> ToolResult:
    """The person's answer to the open tailoring question ("Have you used Kafka?"): a yes with where and what for adds
    the skill, keeping the answer as its evidence; a no adds nothing.

    Args:
        answer: The person's own words, exactly as they wrote them.
    """
    tailoring = await _tailoring(ctx)
    if not (tailoring.asking and tailoring.questions):
        raise NotFound("There is no open question about the job.")
    answer = " ".join(answer.split())
    if ctx.author is AuthorKind.assistant and answer.lower() not in " ".join(ctx.said.split()).lower():
        raise InvalidInput("Only the person's own words can be evidence: pass their answer exactly as they wrote it.")
    if _YES_ONLY.match(answer):  # a bare yes is no evidence: the question stays open
        skill = tailoring.questions[0]
        return ToolResult(
            f"Where did you use {skill}, and what for? One sentence is enough; it is kept as the evidence.",
            data={"skill": skill},
        )
    skill = tailoring.questions.pop(0)
    tailoring.asking = False
    if _NO.match(answer) or answer.lower() in ("n", "-"):
        message = f"Fine — {skill} stays out."
    else:
        state = await _service(ctx).add_answer(tailoring.cv_id, skill, question(skill), answer)
        message = (
            f"Added {skill} to your skills (version {state.version.number}); your answer is kept with it as evidence."
        )
    return ToolResult(f"{message}\n\n{_next_question(ctx, tailoring)}", data={"skill": skill})


async def _fit_text(ctx: ToolContext, pages: int, template: str, paper: str, job: Job | None) -> str:
    state, fitted = await _service(ctx).fit(ctx.current_cv_id(), pages, template, paper, job)
    return fit_message(fitted, pages, state.version.number)


def fit_message(fitted: Fitted, pages: int, version: int) -> str:
    plural = "s" if pages != 1 else ""
    if not fitted.removed:
        return f"It already fits on {pages} page{plural} ({fitted.pages_after} in this design): nothing removed."
    shown = [f"- {r.where}: “{r.text if len(r.text) <= 70 else r.text[:69] + '…'}”" for r in fitted.removed[:12]]
    more = len(fitted.removed) - len(shown)
    if more > 0:
        shown.append(f"- and {more} more")
    head = (
        f"Now {fitted.pages_after} page{'s' if fitted.pages_after != 1 else ''} (was {fitted.pages_before}), as "
        f"version {version}; I left out, least relevant and oldest first:"
    )
    if not fitted.fits:
        head = (
            f"It still takes {fitted.pages_after} pages (was {fitted.pages_before}) after leaving out everything I may "
            f"(version {version}): jobs, education, dates and titles are never cut. I left out:"
        )
    return "\n".join([head, *shown, "The removed content stays in your base CV, and /undo brings it back here."])


@tool(group="tailor")
async def fit_to_pages(
    ctx: ToolContext, pages: int, template: DesignName = "classic", paper: Paper = "a4"
) -> ToolResult:
    """Fit the open CV on a number of pages of its PDF in a design, leaving out the least relevant and oldest bullets
    first; a CV that is not a variant gets a variant first, so the full CV keeps everything.

    Args:
        pages: The page budget, 1 to 5.
        template: The PDF design whose real page count decides.
        paper: The paper size.
    """
    if not 1 <= pages <= 5:
        raise InvalidInput("A page budget is 1 to 5 pages.")
    service = _service(ctx)
    cv = await ctx.cvs.resolve(ctx.current_cv_id())
    job = None
    prefix = ""
    if cv.base_cv_id is None:  # the full CV keeps everything: the trimmed one is a variant of it
        try:
            job = await service.job(cv.id)
        except NotFound:
            job = None
        if job is not None:
            state, created = await service.variant(cv.id, job)
        else:
            state = await service.short_variant(cv.id, pages)
            created = True
        ctx.state.cv_id = state.id
        prefix = (
            f"I made CV {state.short_id}, a variant of your CV, and opened it; your CV itself keeps everything.\n\n"
            if created
            else ""
        )
    elif cv.job_id is not None:
        job = await service.job(cv.id)
    return ToolResult(prefix + await _fit_text(ctx, pages, template, paper, job), data={"cv_id": str(ctx.state.cv_id)})


@tool(group="tailor")
async def write_cover_letter(
    ctx: ToolContext, job_text: str | None = None, language: LanguageCode | None = None
) -> ToolResult:
    """Write a cover letter for a job from the open CV (or variant): addressed to the company and role, built on the
    ad's requirements the CV evidences, 150–300 words, every claim checked against the CV. A new letter for the same
    job is a new version of it.

    Args:
        job_text: The full job ad, if the person gives one now; omit to use the variant's ad or the last one checked.
        language: The letter's language; default: the CV's.
    """
    service = _service(ctx)
    cv_id = ctx.current_cv_id()
    try:
        job: Job | None = await service.job(cv_id, clean_text(job_text) if job_text else None)
    except NotFound:
        job = None
    stored = await service.write_letter(cv_id, job, language)
    letter = stored.content
    text = "\n\n".join([letter.salutation, *letter.paragraphs, letter.closing, letter.signature])
    head = (
        f"Cover letter for {job.label}"
        if job
        else "A general cover letter (no job ad yet: paste one for a tailored letter)"
    )
    parts = [
        f"{head}, version {stored.version.number}, {letter.word_count()} words:",
        text,
        _dropped_sentence(stored.dropped),
        "Download it with /letter pdf, /letter docx or /letter md.",
    ]
    data = {"letter_id": str(stored.letter.id), "version": stored.version.number, "words": letter.word_count()}
    return ToolResult("\n\n".join(p for p in parts if p), data=data)


@tool(group="tailor")
async def export_cover_letter(
    ctx: ToolContext,
    format: LetterFormat = "pdf",  # noqa: A002  (the word people use)
    template: DesignName = "classic",
    paper: Paper = "a4",
) -> ToolResult:
    """Export the open CV's latest cover letter as a file: a PDF in the CV's design with the same header, DOCX or
    Markdown.

    Args:
        format: The file format.
        template: The PDF design (the CV's).
        paper: The paper size.
    """
    from app.render.letter import render_letter

    state = await ctx.cvs.load(ctx.current_cv_id())
    stored = await _service(ctx).latest_letter(state.id)
    rendered = await asyncio.to_thread(
        render_letter, state.resume, stored.content, format, template=template, paper=paper
    )
    caption = f"{rendered.filename} — version {stored.version.number} of the letter"
    file = await file_event(rendered, caption)
    return ToolResult(f"Exported {caption}.", data={"filename": rendered.filename}, files=[file])


@tool(
    group="core",
    consent="Delete CV {cv_id} with all its versions, checks and letters? A variant made from it stays as a CV of "
    "its own.",
)
async def delete_cv(ctx: ToolContext, cv_id: str) -> ToolResult:
    """Delete one of the person's CVs (a variant or any other) with its versions; asks the person to confirm first.

    Args:
        cv_id: The CV's id (its first 8 characters are enough).
    """
    cv = await ctx.cvs.resolve(cv_id)
    variants = await ctx.cvs.variants(cv.id)
    deleted = await ctx.cvs.delete(cv.id)
    if ctx.state.cv_id == deleted.id:
        ctx.state.cv_id = deleted.base_cv_id or await ctx.cvs.latest_id()
    if ctx.state.tailoring is not None and ctx.state.tailoring.cv_id == deleted.id:
        ctx.state.tailoring = None
    kept = ""
    if variants:
        kept = " Its variants stay as CVs of their own." if len(variants) > 1 else " Its variant stays a CV."
    opened = f" CV {str(ctx.state.cv_id)[:8]} is open now." if ctx.state.cv_id else ""
    message = f"Deleted CV {str(deleted.id)[:8]} ({deleted.title}).{kept}{opened}"
    return ToolResult(message, data={"deleted": str(deleted.id)})
