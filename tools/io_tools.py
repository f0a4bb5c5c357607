"""Tools that bring CVs in and out: JSON Resume documents, CVs pasted as text, exported files."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import Any

from app.cv.validation import validate_document
from app.events import FileEvent, TextEvent
from app.imports.document import ImportResult
from app.imports.service import LEFT_OUT, PASTED, describe_import, import_pasted, refuse_empty, source_summary
from app.imports.verify import verify_against_source
from app.render import MIME, DesignName, Format, LanguageCode, Paper, RenderedFile, render_cv, render_preview_png
from db.models import AuthorKind
from tools.cv_tools import changed
from tools.registry import ToolContext, ToolResult, tool


@tool(group="files")
async def import_json_resume(ctx: ToolContext, document: dict[str, Any], replace_open_cv: bool = False) -> ToolResult:
    """Import a JSON Resume document as a new CV (or as a new version of the open CV), keeping every field.

    Args:
        document: The JSON Resume document.
        replace_open_cv: True to replace the open CV's content instead of creating a new CV.
    """
    resume = validate_document(document, intro="That JSON Resume file is not valid")
    if replace_open_cv and ctx.state.cv_id is not None:
        state = await ctx.cvs.replace(
            ctx.current_cv_id(), resume.to_json(), author=AuthorKind.import_, summary="Imported a JSON Resume"
        )
        return changed(state)
    state = await ctx.cvs.create(resume.to_json(), author=AuthorKind.import_, summary="Imported a JSON Resume")
    ctx.state.cv_id = state.id
    return ToolResult(
        f"Imported {resume.display_name()} as CV {state.short_id} and opened it.",
        data={"cv_id": str(state.id)},
    )


@tool(group="files")
async def import_cv(ctx: ToolContext, text: str) -> ToolResult:
    """Import a CV the user pasted as text (not a JSON Resume) as a new CV, and open it.

    Args:
        text: The CV's text exactly as the user wrote it (headings, dates and contact lines included).
    """
    result = await import_pasted(text, ctx.settings, refine=ctx.provider is not None, gate=ctx.gate)
    if ctx.author == AuthorKind.assistant and ctx.said:
        # The model passes the text on: only what the person wrote may become the CV (the import's own guard).
        document, dropped = verify_against_source(result.document, ctx.said)
        result = replace(result, document=document, dropped=[*result.dropped, *dropped])
        if dropped and ctx.emit is not None:  # said to the person, not only to the model that added them
            await ctx.emit(TextEvent(LEFT_OUT + "; ".join(f"“{value}”" for value in dropped) + "."))
    return await store_import(ctx, result, PASTED)


async def store_import(ctx: ToolContext, result: ImportResult, source_name: str) -> ToolResult:
    """An import's CV as a new CV (version 1 by the import, the source recorded), opened; or nothing at all.

    Shared by `import_cv` and the conversation's uploads (which read the file first, not through the model).
    The result's `data` carries what the assistant asks about next (`uncertain`).
    """
    refuse_empty(result, source_name)
    async with ctx.session.begin_nested():  # a CV row without its version is never left behind
        state = await ctx.cvs.create(
            result.document,
            author=AuthorKind.import_,
            summary=source_summary(source_name, result.kind),
            source_name=source_name[:300],
            source_kind=result.kind,
        )
    ctx.state.cv_id = state.id
    return ToolResult(
        describe_import(result, state.resume, source_name, state.short_id),
        data={
            "cv_id": str(state.id),
            "unplaced": result.unplaced,
            "dropped": result.dropped,
            "uncertain": [{"path": u.path, "value": u.value, "question": u.question} for u in result.uncertain],
        },
    )


async def file_event(rendered: RenderedFile, caption: str) -> FileEvent:
    """A rendered file for the person, with a picture of page 1 when it is a PDF (the CV's or a letter's)."""
    pdf = rendered.mime == MIME["pdf"]
    preview = await asyncio.to_thread(render_preview_png, rendered.data, 640) if pdf else None
    return FileEvent(rendered.filename, rendered.mime, rendered.data, caption=caption, preview_png=preview)


@tool(group="files")
async def export_json_resume(ctx: ToolContext) -> ToolResult:
    """Export the open CV as a JSON Resume file (sent to the user as a download)."""
    return await export_cv(ctx, format="json")


@tool(group="files")
async def export_cv(
    ctx: ToolContext,
    format: Format = "pdf",  # noqa: A002  (the word people use)
    template: DesignName = "classic",
    paper: Paper = "a4",
    language: LanguageCode | None = None,
) -> ToolResult:
    """Export the open CV as a file for the user: a PDF design (read back to check an ATS can parse it), DOCX, HTML,
    Markdown or JSON Resume.

    Args:
        format: The file format.
        template: The PDF/HTML design.
        paper: The paper size.
        language: Section headings and dates; default: the CV's own language.
    """
    state = await ctx.cvs.load(ctx.current_cv_id())
    rendered = await asyncio.to_thread(
        render_cv, state.resume, format, template=template, paper=paper, language=language
    )
    details = [f"version {state.version.number}"]
    if rendered.pages is not None:
        details.insert(0, f"{rendered.pages} page{'s' if rendered.pages != 1 else ''}")
    if rendered.check is not None:
        details.append(rendered.check.summary())
    caption = f"{rendered.filename} — {', '.join(details)}"
    file = await file_event(rendered, caption)
    data = {"filename": rendered.filename, "pages": rendered.pages, "version": state.version.number}
    if rendered.check is not None:
        data["ats_check_ok"] = rendered.check.ok
    return ToolResult(f"Exported {caption}.", data=data, files=[file])
