"""The report in plain words, for chat replies and `altoc ats --format text`."""

from __future__ import annotations

from collections.abc import Collection

from app.ats.report import AtsReport, Finding

_SEVERITY_MARK = {"blocker": "!!", "major": "!", "minor": "-", "tip": "·"}


def render_report_text(report: AtsReport, max_findings: int = 12) -> str:
    """The summary, one line per category and the findings, each fix with its number (AtsReport.fix_numbers).
    Past `max_findings` lines only findings without a fix are left out: every fix stays in sight."""
    lines = [report.summary]
    for category in report.categories:
        if category.status == "skipped":
            lines.append(f"{category.name}: skipped — {category.summary}.")
            continue
        detail = category.summary
        if category.name == "Job match" and report.job is not None:
            found = [s.name + (f" (as {s.matched})" if s.matched else "") for s in report.job.skills if s.found]
            missing = [
                f"{s.name} ({s.importance}"
                + (f"; your CV shows it through {s.shown_by}, unnamed)" if s.shown_by else ")")
                for s in report.job.skills
                if not s.found
            ]
            related = [
                f'"{_short(s.related)}" is close to {s.name}' for s in report.job.skills if s.related and not s.shown_by
            ]
            detail = "found: " + (", ".join(found) or "none")
            if missing:
                detail += "; missing: " + ", ".join(missing)
            if related:
                detail += ". Related: " + "; ".join(related)
        lines.append(f"{category.name} {category.score} — {detail}.")
    items = _condensed(report)
    room = max_findings - sum(has_fix for _, has_fix in items)
    shown: list[str] = []
    for line, has_fix in items:
        if has_fix or room > 0:
            shown.append(line)
            room -= not has_fix
    if shown:
        lines.append("")
        lines.append("What to improve:")
        lines += shown
        if len(items) > len(shown):
            lines.append(f"… and {len(items) - len(shown)} more.")
    fixes = report.fixes()
    if fixes:
        lines.append("")
        which = "fix 1" if len(fixes) == 1 else f"fixes 1–{len(fixes)}"
        lines.append(
            f"I can make {which} now: /fix N applies one" + (", /fix all every one." if len(fixes) > 1 else ".")
        )
    return "\n".join(lines)


def render_fix_list(report: AtsReport, rejected: Collection[str] = ()) -> str:
    """The fixes still on offer, one a line with its number ("2. Add Docker to your skills"); "" for none."""
    numbers = report.fix_numbers()
    return "\n".join(f"{numbers[f.id]}. {f.description}" for f in report.fixes() if f.id not in rejected)


def _condensed(report: AtsReport) -> list[tuple[str, bool]]:
    """One line per finding (and whether it carries a fix), except the skills the ad asks for that the CV
    shows nowhere near: one line for all the required ones and one for the preferred, so the findings that
    come with a fix are not pushed out of sight by a long list of names."""
    importance = {s.name: s.importance for s in report.job.skills} if report.job else {}
    numbers = report.fix_numbers()
    lines: list[tuple[str, bool]] = []
    groups: dict[str, tuple[int, list[Finding]]] = {}  # importance -> (its line, its findings)
    for finding in report.findings:
        kind = importance.get(finding.skill or "")
        if kind and finding.evidence is None and not finding.fixes:
            if kind not in groups:
                groups[kind] = (len(lines), [])
                lines.append(("", False))
            groups[kind][1].append(finding)
        else:
            lines.append((_line(finding, numbers), bool(finding.fixes)))
    for wanted, (at, group) in groups.items():
        lines[at] = (_line(group[0], numbers), False)
        if len(group) > 1:
            names = ", ".join(f.skill or "" for f in group)
            lines[at] = (
                f"{_SEVERITY_MARK[group[0].severity]} Missing {wanted} skills: {names}. "
                "Name the ones you have where you used them.",
                False,
            )
    return lines


def _line(finding: Finding, numbers: dict[str, int]) -> str:
    fix_note = "".join(f" [fix {numbers[fix.id]}: {fix.description}]" for fix in finding.fixes)
    return f"{_SEVERITY_MARK[finding.severity]} {finding.message}{fix_note}"


def _short(text: str | None, limit: int = 60) -> str:
    text = text or ""
    return text if len(text) <= limit else text[: limit - 1] + "…"
