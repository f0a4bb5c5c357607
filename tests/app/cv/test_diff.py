"""Version diffs (app/cv/diff.py): one readable line per change, entries named as a person knows them."""

from __future__ import annotations

from app.cv.diff import diff_documents


def test_identical_documents_have_no_diff() -> None:
    doc = {"basics": {"name": "Maria"}, "work": [{"name": "A", "highlights": ["x"]}]}
    assert diff_documents(doc, {**doc}) == []


def test_scalar_fields_are_added_changed_and_removed_with_their_path() -> None:
    old = {"basics": {"name": "Maria", "phone": "+48 1", "location": {"city": "Warsaw"}}}
    new = {"basics": {"name": "Maria", "email": "m@example.com", "location": {"city": "Kraków"}}}
    assert diff_documents(old, new) == [
        "- basics.phone: +48 1",
        "~ basics.location.city: Warsaw → Kraków",
        "+ basics.email: m@example.com",
    ]


def test_entries_added_or_removed_are_named_by_their_label() -> None:
    old = {"work": [{"position": "Engineer", "name": "PayFlow"}], "skills": [{"name": "Go"}, {"name": "SQL"}]}
    new = {
        "work": [{"position": "CTO", "name": "Acme"}, {"position": "Engineer", "name": "PayFlow"}],
        "skills": [{"name": "SQL"}],
        "education": [{"studyType": "MSc", "area": "CS", "institution": "Uni"}],
    }
    assert diff_documents(old, new) == [
        "+ work[0]: CTO at Acme",
        "- skills[0]: Go",
        "+ education[0]: MSc CS, Uni",
    ]


def test_an_entry_changed_in_place_shows_the_fields_that_changed() -> None:
    old = {"work": [{"name": "A", "position": "Dev", "highlights": ["Built X", "Led Y"]}]}
    new = {"work": [{"name": "A", "position": "Lead", "highlights": ["Built X", "Led Y and Z"]}]}
    assert diff_documents(old, new) == [
        "~ work[0].position: Dev → Lead",
        "~ work[0].highlights[1]: Led Y → Led Y and Z",
    ]


def test_a_whole_section_or_a_long_value_reads_short() -> None:
    long = "word " * 40
    lines = diff_documents(
        {"basics": {"summary": "Short."}}, {"basics": {"summary": long}, "languages": [{"language": "German"}]}
    )
    assert lines[0].startswith("~ basics.summary: Short. → word word") and lines[0].endswith("…")
    assert len(lines[0].split(" → ")[1]) == 80
    assert lines[1] == "+ languages[0]: German"
    removed = diff_documents({"basics": {"name": "A", "phone": "1"}}, {})
    assert removed == ['- basics: {"name": "A", "phone": "1"}']
