"""The report in plain words, for chat replies and `altoc ats --format text`."""

from __future__ import annotations

from app.ats.report import AtsReport

_SEVERITY_MARK = {"blocker": "!!", "major": "!", "minor": "-", "tip": "·"}


def render_report_text(report: AtsReport, max_findings: int = 12) -> str:
    lines = [report.summary]
    for category in report.categories:
        if category.status == "skipped":
            lines.append(f"{category.name}: skipped — {category.summary}.")
            continue
        detail = category.summary
        if category.name == "Job match" and report.job is not None:
            found = [s.name for s in report.job.skills if s.found]
            missing = [f"{s.name} ({s.importance})" for s in report.job.skills if not s.found]
            related = [f'"{_short(s.related)}" is close to {s.name}' for s in report.job.skills if s.related]
            detail = "found: " + (", ".join(found) or "none")
            if missing:
                detail += "; missing: " + ", ".join(missing)
            if related:
                detail += ". Related: " + "; ".join(related)
        lines.append(f"{category.name} {category.score} — {detail}.")
    shown = report.findings[:max_findings]
    if shown:
        lines.append("")
        lines.append("What to improve:")
        for finding in shown:
            fix_note = f" [fix: {finding.fixes[0].description}]" if finding.fixes else ""
            lines.append(f"{_SEVERITY_MARK[finding.severity]} {finding.message}{fix_note}")
        if len(report.findings) > len(shown):
            lines.append(f"… and {len(report.findings) - len(shown)} more.")
    fixes = report.fixes()
    if fixes:
        lines.append("")
        lines.append(f"I can fix {len(fixes)} thing{'s' if len(fixes) != 1 else ''} now.")
    return "\n".join(lines)


def _short(text: str | None, limit: int = 60) -> str:
    text = text or ""
    return text if len(text) <= limit else text[: limit - 1] + "…"
