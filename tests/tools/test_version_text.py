"""How /history says when a version was made and how to use its number (tools/version_tools.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.cv.service import VersionInfo
from tools.version_tools import history_text, when

NOW = datetime(2026, 11, 29, 14, 5, tzinfo=UTC)


def test_when_is_relative_for_today_and_a_date_before() -> None:
    assert when(NOW - timedelta(seconds=20), NOW) == "just now"
    assert when(NOW - timedelta(minutes=1), NOW) == "1 minute ago"
    assert when(NOW - timedelta(minutes=42), NOW) == "42 minutes ago"
    assert when(NOW - timedelta(hours=3), NOW) == "3 hours ago"
    assert when(NOW - timedelta(days=3), NOW) == "26 Nov 2026, 14:05 UTC"


def test_history_names_the_current_version_and_a_number_to_use() -> None:
    versions = [
        VersionInfo(3, "fix", "Applied 3 ATS fixes", NOW, True),
        VersionInfo(2, "assistant", "Removed the skill Kafka", NOW - timedelta(minutes=5), False),
        VersionInfo(1, "import", "Imported cv.pdf (PDF)", NOW - timedelta(days=2), False),
    ]
    assert history_text(versions, NOW).splitlines() == [
        "Your CV's versions, newest first:",
        "v3 · just now · Applied 3 ATS fixes  ← current",
        "v2 · 5 minutes ago · Removed the skill Kafka (by the assistant)",
        "v1 · 27 Nov 2026, 14:05 UTC · Imported cv.pdf (PDF)",
        "",
        "/diff 2 shows what changed since version 2; /restore 2 makes it current again (nothing is lost). "
        "/undo reverts the latest change.",
    ]
    assert "/diff" not in history_text(versions[:1], NOW)
