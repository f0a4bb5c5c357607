"""Model-written rewrites: a bullet reworded to name a missing skill, offered only with a provider and
always passed through the fabrication guard (a new skill needs the person's confirmation)."""

from __future__ import annotations

import logging

from app.ats.fixes import guard
from app.ats.report import AtsReport, Finding, Fix, Location, stable_id
from app.cv.model import Resume
from app.errors import AltocError
from app.llm.base import ChatMessage, Provider, ProviderError
from prompts import load_prompt

log = logging.getLogger(__name__)
MAX_REWRITES = 3


async def add_model_rewrites(provider: Provider, resume: Resume, report: AtsReport) -> AtsReport:
    """The report with up to three rewrites attached to 'missing required skill' findings that cite a bullet."""
    findings: list[Finding] = []
    budget = MAX_REWRITES
    required = {s.name for s in report.job.skills if s.importance == "required"} if report.job else set()
    for finding in report.findings:
        location = finding.location or {}
        skill = finding.skill if finding.skill in required else None
        if budget and skill and finding.evidence and location.get("field") == "highlights":
            fix = await _rewrite(provider, resume, skill, finding.evidence, Location.model_validate(location))
            if fix is not None:
                budget -= 1
                finding = finding.model_copy(update={"fixes": [*finding.fixes, fix]})
        findings.append(finding)
    return report.model_copy(update={"findings": findings})


async def _rewrite(provider: Provider, resume: Resume, skill: str, bullet: str, location: Location) -> Fix | None:
    prompt = load_prompt("rewrite_bullet").format(skill=skill, bullet=bullet)
    try:
        reply = await provider.complete([ChatMessage("user", prompt)], [])
    except (ProviderError, AltocError) as exc:  # rewrites are a bonus: the report stands without them
        log.info("no rewrite for %s: %s", skill, exc)
        return None
    text = " ".join(reply.text.strip().strip('"').split())
    if not text or text.upper().rstrip(".") == "NO" or len(text) > 300 or text == bullet:
        return None
    fix = Fix(
        id=stable_id("fix", "rewrite", location.describe(), text),
        kind="set_text",
        description=f'Reword to name {skill}: "{text}"',
        location=location,
        old=bullet,
        new=text,
    )
    return guard(resume, fix)
