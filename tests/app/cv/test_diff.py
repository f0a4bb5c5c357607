"""What changed, in a person's words (app/cv/diff.py): a line per change for /diff, a sentence for /history."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from app.cv.diff import changes, describe, diff_documents
from app.cv.sections import SECTIONS

FULL = json.loads((Path(__file__).parents[2] / "fixtures" / "full_resume.json").read_text())
MONZO = {"name": "Monzo", "position": "Backend Engineer", "startDate": "2021-03", "endDate": "2025-08"}


def test_identical_documents_have_no_changes() -> None:
    assert diff_documents(FULL, json.loads(json.dumps(FULL))) == [] and describe(FULL, FULL) == ""


@pytest.mark.parametrize(
    ("old", "new", "line", "sentence"),
    [
        ({"skills": [{"name": "Go"}]}, {"skills": [{"name": "Go"}, {"name": "Kafka"}]},
         "Skills: + Kafka", "Added the skill Kafka"),
        ({"skills": [{"name": "Kafka"}, {"name": "Go"}]}, {"skills": [{"name": "Go"}]},
         "Skills: − Kafka", "Removed the skill Kafka"),
        ({"skills": [{"name": "Backend", "keywords": ["Go"]}]},
         {"skills": [{"name": "Backend", "keywords": ["Go", "Kafka"]}]},
         "Skills · Backend: + Kafka", "Added the skill Kafka to Backend"),
        ({"work": [MONZO]}, {"work": [{**MONZO, "endDate": None}]},
         "Experience · Backend Engineer at Monzo: end date Aug 2025 → Present",
         "Changed the end date of your Monzo job"),
        ({}, {"work": [MONZO]}, "Experience: + Backend Engineer at Monzo", "Added a job: Backend Engineer at Monzo"),
        ({"work": [MONZO]}, {}, "Experience: − Backend Engineer at Monzo",
         "Removed the job Backend Engineer at Monzo"),
        ({"work": [MONZO]}, {"work": [{**MONZO, "highlights": ["Cut costs by 20%"]}]},
         "Experience · Backend Engineer at Monzo: + bullet 'Cut costs by 20%'", "Added a bullet to your Monzo job"),
        ({"basics": {"label": "Engineer"}}, {"basics": {"label": "Staff Engineer"}},
         "Headline: 'Engineer' → 'Staff Engineer'", "Changed your headline to 'Staff Engineer'"),
        ({"basics": {"phone": "+48 1"}}, {"basics": {}}, "Phone: − +48 1", "Removed your phone number"),
        ({"basics": {}}, {"basics": {"email": "m@example.com"}}, "Email: + m@example.com", "Added your email"),
        ({"basics": {"summary": "Short."}}, {"basics": {"summary": "Longer."}},
         "Summary: 'Short.' → 'Longer.'", "Changed your summary"),
        ({"basics": {"location": {"city": "Warsaw"}}}, {"basics": {"location": {"city": "Kraków"}}},
         "Location: city 'Warsaw' → 'Kraków'", "Changed the city of your location"),
        ({"basics": {}}, {"basics": {"profiles": [{"network": "GitHub", "url": "https://github.com/m"}]}},
         "Profiles: + GitHub (https://github.com/m)", "Added your GitHub profile"),
        ({"languages": [{"language": "German", "fluency": "A2"}]},
         {"languages": [{"language": "German", "fluency": "B1"}]},
         "Languages · German: level 'A2' → 'B1'", "Changed the level of the language German"),
        ({"education": [{"institution": "UCL", "studyType": "BSc", "area": "CS"}]},
         {"education": [{"institution": "UCL", "studyType": "BSc", "area": "CS", "score": "2:1"}]},
         "Education · BSc CS, UCL: + grade '2:1'", "Added a grade to the education entry BSc CS, UCL"),
        ({"work": [{"name": "A"}, {"name": "B"}]}, {"work": [{"name": "B"}, {"name": "A"}]},
         "Experience · B: moved from position 2 to 1", "Moved your B job to position 1"),
        ({"certificates": [{"name": "CKA", "date": "2022-01"}]}, {"certificates": [{"name": "CKA", "date": "2023-05"}]},
         "Certificates · CKA: date Jan 2022 → May 2023", "Changed the date of the certificate CKA"),
    ],
)  # fmt: skip
def test_each_kind_of_change_reads_as_a_person_says_it(
    old: dict[str, Any], new: dict[str, Any], line: str, sentence: str
) -> None:
    assert diff_documents(old, new) == [line]
    assert describe(old, new) == sentence


@pytest.mark.parametrize("section", sorted(SECTIONS))
def test_every_section_and_field_reads_without_json(section: str) -> None:
    """Each section of the full fixture: added whole, removed whole, and every field changed in place."""
    entry = FULL[section][0]
    heading = SECTIONS[section].headings["en"]
    added = changes({}, {section: [entry]})
    assert [c.kind for c in added] == ["added"] and diff_documents({}, {section: [entry]})[0].startswith(heading)
    assert describe({section: [entry]}, {}).startswith("Removed ")
    for key, value in entry.items():
        other = [*value, "Extra"] if isinstance(value, list) else ("2019-02" if "ate" in key else f"{value} (new)")
        lines = diff_documents({section: [entry]}, {section: [{**entry, key: other}]})
        said = describe({section: [entry]}, {section: [{**entry, key: other}]})
        assert lines and all(line.startswith(heading) for line in lines), (key, lines)
        for text in [*lines, said]:
            camel = key != key.lower()  # startDate, studyType: a JSON name, never a person's word
            assert not (camel and key in text) and "[" not in text and "{" not in text, (key, text)


def test_contact_details_every_field_reads_without_json() -> None:
    basics = FULL["basics"]
    lines = diff_documents({"basics": basics}, {})
    assert {line.split(":")[0] for line in lines} == {
        "Name", "Headline", "Email", "Phone", "Website", "Summary", "Location", "Profiles", "Photo", "Pronouns"
    }  # fmt: skip
    assert all("basics" not in line and "{" not in line for line in lines)


def test_many_changes_read_as_one_line_with_a_count() -> None:
    old = {"skills": [{"name": "Go"}], "basics": {"phone": "1"}, "languages": [{"language": "German"}]}
    new = {"skills": [{"name": "Go"}, {"name": "Rust"}, {"name": "Kafka"}], "basics": {"email": "m@example.com"},
           "languages": [{"language": "French"}], "work": [MONZO]}  # fmt: skip
    assert describe(old, new) == "Added the skills Rust and Kafka, removed your phone number and 4 more changes"
    assert diff_documents(old, new)[-3:] == [
        "Languages: − German",
        "Languages: + French",
        "Experience: + Backend Engineer at Monzo",
    ]


def test_a_reworded_bullet_is_a_change_and_long_text_is_cut() -> None:
    old = {"work": [{"name": "A", "position": "Dev", "highlights": ["Built X", "Led Y"]}]}
    new = {"work": [{"name": "A", "position": "Dev", "highlights": ["Built X", "Led Y and Z " + "word " * 30]}]}
    (line,) = diff_documents(old, new)
    assert line.startswith("Experience · Dev at A: bullet 'Led Y' → 'Led Y and Z word") and line.endswith("…'")


def test_a_long_list_of_names_is_counted() -> None:
    new = {"skills": [{"name": f"Skill {i}"} for i in range(12)]}
    assert describe({}, new) == "Added the skills Skill 0, Skill 1, Skill 2, Skill 3 and 8 more"


def test_a_verb_said_once_for_changes_of_one_kind() -> None:
    new = {"basics": {"email": "jo@example.com", "phone": "+49 30 1234567"}}
    assert describe({"basics": {}}, new) == "Added your email and your phone number"
    mixed = {"basics": {"email": "jo@example.com"}, "skills": [{"name": "Go"}]}
    assert describe({"basics": {"phone": "+1 555 0100"}}, mixed) == (
        "Removed your phone number, added your email and the skill Go"
    )
