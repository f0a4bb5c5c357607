"""ATS analysis: a deterministic, offline check of a CV (against a job ad when given) with fixes.

Import cost is small: the skills vocabulary loads on first use, embeddings only when asked for.
"""

from app.ats.analyze import analyze
from app.ats.checks import LayoutFacts
from app.ats.fixes import apply_fixes, guard, new_facts
from app.ats.job import JobRequirements, extract_job
from app.ats.match import Related
from app.ats.report import AtsReport, Category, Finding, Fix, JobSkill, Location
from app.ats.report_text import render_report_text

__all__ = [
    "AtsReport",
    "Category",
    "Finding",
    "Fix",
    "JobRequirements",
    "JobSkill",
    "LayoutFacts",
    "Location",
    "Related",
    "analyze",
    "apply_fixes",
    "extract_job",
    "guard",
    "new_facts",
    "render_report_text",
]
