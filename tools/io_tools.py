"""Tools that bring CVs in and out as JSON Resume documents."""

from __future__ import annotations

import json
from typing import Any

from app.cv.model import Resume
from app.cv.service import validate_document
from app.errors import InvalidInput
from app.events import FileEvent
from app.files import cv_filename
from db.models import AuthorKind
from tools.cv_tools import changed
from tools.registry import ToolContext, ToolResult, tool


@tool
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


def resume_json_bytes(resume: Resume) -> bytes:
    return (json.dumps(resume.to_json(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


@tool
async def export_json_resume(ctx: ToolContext) -> ToolResult:
    """Export the open CV as a JSON Resume file (sent to the user as a download)."""
    state = await ctx.cvs.load(ctx.current_cv_id())
    if not state.resume.to_json():
        raise InvalidInput("The CV is still empty: nothing to export yet. /new builds it step by step.")
    file = FileEvent(
        name=cv_filename(state.resume, "json"),
        mime="application/json",
        data=resume_json_bytes(state.resume),
        caption=f"JSON Resume, version {state.version.number}",
    )
    return ToolResult(f"Exported {file.name} (version {state.version.number}).", files=[file])
