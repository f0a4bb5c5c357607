"""The report in plain words, for chat replies and `altoc ats --format text`."""

from __future__ import annotations

from app.ats.report import AtsReport, Finding

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
    items = _condensed(report)
    shown = items[:max_findings]
    if shown:
        lines.append("")
        lines.append("What to improve:")
        lines += shown
        if len(items) > len(shown):
            lines.append(f"… and {len(items) - len(shown)} more.")
    fixes = report.fixes()
    if fixes:
        lines.append("")
        lines.append(f"I can fix {len(fixes)} thing{'s' if len(fixes) != 1 else ''} now.")
    return "\n".join(lines)


def _condensed(report: AtsReport) -> list[str]:
    """One line per finding, except the skills the ad asks for that the CV shows nowhere near: one line
    for all the required ones and one for the preferred, so the findings that come with a fix are not
    pushed out of sight by a long list of names."""
    importance = {s.name: s.importance for s in report.job.skills} if report.job else {}
    lines: list[str] = []
    groups: dict[str, tuple[int, list[Finding]]] = {}  # importance -> (its line, its findings)
    for finding in report.findings:
        kind = importance.get(finding.skill or "")
        if kind and finding.evidence is None and not finding.fixes:
            if kind not in groups:
                groups[kind] = (len(lines), [])
                lines.append("")
            groups[kind][1].append(finding)
        else:
            lines.append(_line(finding))
    for wanted, (at, group) in groups.items():
        lines[at] = _line(group[0])
        if len(group) > 1:
            names = ", ".join(f.skill or "" for f in group)
            lines[at] = (
                f"{_SEVERITY_MARK[group[0].severity]} Missing {wanted} skills: {names}. "
                "Name the ones you have where you used them."
            )
    return lines


def _line(finding: Finding) -> str:
    fix_note = f" [fix: {finding.fixes[0].description}]" if finding.fixes else ""
    return f"{_SEVERITY_MARK[finding.severity]} {finding.message}{fix_note}"


def _short(text: str | None, limit: int = 60) -> str:
    text = text or ""
    return text if len(text) <= limit else text[: limit - 1] + "…"
