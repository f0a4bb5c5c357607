"""The ATS report as one Telegram message: escaped, numbered as the fixes, within 4096 characters."""

from __future__ import annotations

import html
import re

from app.ats.card import AtsCard, CardFinding, CardSkill
from channels.telegram.formatting import MAX_MESSAGE, ats_card_html, score_bar, telegram_length


def skill(name: str) -> CardSkill:
    return {"name": name, "importance": "required", "evidence": "x"}


def card(findings: list[CardFinding], more: int = 0, title: str | None = "Backend <Engineer> & Co") -> AtsCard:
    return {
        "score": 64,
        "status": "warn",
        "title": title,
        "summary": "Score 64/100.",
        "categories": [
            {"name": "Job match", "score": 58, "status": "warn", "summary": "5 of 9"},
            {"name": "Length & layout", "score": 0, "status": "skipped", "summary": "no PDF"},
        ],
        "skills": {
            "found": [skill("Python"), skill("C++ <templates>")],
            "missing": [skill(f"Skill {n}") for n in range(20)],
            "nice_to_have": [],
        },
        "findings": findings,
        "more_findings": more,
        "text": "",
    }


def tags(message: str) -> set[str]:
    """The tags in the message: everything else was escaped, so every "<" starts one."""
    return set(re.findall(r"<(/?[a-z]+)>", message)) | ({"<"} if re.search(r"<(?!/?b>)", message) else set())


def test_score_categories_skills_and_numbered_fixes_read_at_a_glance() -> None:
    findings: list[CardFinding] = [
        {"message": 'Rewrite "Responsible for <deploys>"', "severity": "minor", "fixes": [
            {"number": 1, "description": "Start with a verb & a result", "needs_confirmation": False}]},
        {"message": "Dates overlap", "severity": "tip", "fixes": []},
        {"message": "Add Kafka", "severity": "major", "fixes": [
            {"number": 2, "description": "Add Kafka to Skills", "needs_confirmation": True},
            {"number": 3, "description": "Name Kafka in the bullet", "needs_confirmation": True}]},
    ]  # fmt: skip
    message = ats_card_html(card(findings))
    lines = message.split("\n")
    assert lines[0] == "🟡 <b>ATS score 64/100</b> for Backend &lt;Engineer&gt; &amp; Co"
    assert lines[1] == score_bar(64) == "▰▰▰▰▰▰▱▱▱▱"
    assert "🟡 Job match <b>58</b>" in lines and "⚪ Length &amp; layout: skipped" in lines
    assert "<b>Found:</b> Python, C++ &lt;templates&gt;" in lines
    assert "<b>Missing:</b> " + ", ".join(f"Skill {n}" for n in range(12)) + " and 8 more" in lines
    assert not any(line.startswith("<b>Nice to have") for line in lines)  # an empty group says nothing
    assert '<b>1.</b> Rewrite "Responsible for &lt;deploys&gt;"' in lines
    assert "    ↳ fix: Start with a verb &amp; a result" in lines and "• Dates overlap" in lines
    assert "<b>2, 3.</b> Add Kafka" in lines
    assert "    ↳ fixes 2: Add Kafka to Skills; 3: Name Kafka in the bullet" in lines
    assert tags(message) == {"b", "/b"} and message.count("<b>") == message.count("</b>")


def test_a_long_report_stays_in_one_message_and_counts_what_it_leaves_out() -> None:
    long = "A finding that goes on " + "and on " * 60
    findings: list[CardFinding] = [
        {
            "message": long,
            "severity": "tip",
            "fixes": [{"number": n, "description": "d" * 80, "needs_confirmation": False}],
        }
        for n in range(1, 60)
    ]
    message = ats_card_html(card(findings, more=4, title="🚀" * 40))
    assert telegram_length(message) <= MAX_MESSAGE
    shown = [int(n) for n in re.findall(r"^<b>(\d+)\.</b>", message, flags=re.MULTILINE)]
    assert shown == list(range(1, len(shown) + 1)) and len(shown) >= 5  # in order, from 1, as many as fit
    more = int(re.findall(r"… and (\d+) more\.$", message)[0])
    assert more == 59 - len(shown) + 4
    assert all(len(html.unescape(line)) < 300 for line in message.split("\n"))  # long findings are shortened
