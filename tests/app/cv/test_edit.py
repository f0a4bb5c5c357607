"""CV edits (app/cv/edit.py): typed copies, never the input, validated once by the caller."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from app.cv import edit
from app.cv.model import Resume, Skill, Work
from app.cv.validation import validate_document
from app.errors import InvalidInput, NotFound

FULL = json.loads((Path(__file__).parents[2] / "fixtures" / "full_resume.json").read_text())


def cv(data: dict[str, Any] | None = None) -> Resume:
    return Resume.model_validate(data if data is not None else FULL)


def stored(result: edit.Edit) -> dict[str, Any]:
    """What the service would store: the edited CV after its one validation."""
    return validate_document(edit.draft(result.resume)).to_json()


def test_an_edit_returns_a_copy_and_never_changes_its_input() -> None:
    resume = cv()
    before = resume.to_json()
    for result in (
        edit.add_entry(resume, "work", {"position": "CTO", "name": "Acme"}, 0),
        edit.update_entry(resume, "work", 0, {"position": "Principal Engineer", "location": ""}),
        edit.add_bullet(resume, "work", 0, "Cut costs by 30%"),
        edit.remove_entry(resume, "skills", 0),
        edit.move_entry(resume, "work", 1, 0),
        edit.update_basics(resume, {"phone": "+48 1", "location": {"city": "Kraków"}}),
        edit.set_summary(resume, "New summary."),
        edit.set_profile(resume, "GitHub", url="https://github.com/maria"),
        edit.remove_profile(resume, "linkedin"),
        edit.add_skills(resume, ["Rust"], group="Backend"),
    ):
        assert result.resume is not resume
        assert result.summary
        assert stored(result) != before
    assert resume.to_json() == before


def test_add_entry_from_a_mapping_or_a_typed_entry_at_any_position() -> None:
    resume = cv({"work": [{"name": "A"}, {"name": "B"}]})
    first = edit.add_entry(resume, "work", {"position": "CTO", "name": "Acme", "highlights": []}, index=0)
    assert first.summary == "Added job CTO at Acme"
    assert stored(first)["work"][0] == {"position": "CTO", "name": "Acme"}  # empty values are dropped
    last = edit.add_entry(resume, "work", Work(name="Zeta", summary=""), index=99)
    assert [w["name"] for w in stored(last)["work"]] == ["A", "B", "Zeta"]
    assert stored(last)["work"][-1] == {"name": "Zeta"}
    negative = edit.add_entry(resume, "work", {"name": "Neg"}, index=-3)
    assert stored(negative)["work"][0]["name"] == "Neg"
    new_section = edit.add_entry(cv({}), "certificates", {"name": "CKA", "x-id": 7})
    assert stored(new_section) == {"certificates": [{"name": "CKA", "x-id": 7}]}  # unknown fields survive


def test_add_entry_refuses_empty_mismatched_and_unknown_input() -> None:
    with pytest.raises(InvalidInput, match="The new job has no content"):
        edit.add_entry(cv({}), "work", {"name": "", "highlights": []})
    with pytest.raises(InvalidInput, match="A job entry is expected, not a Skill"):
        edit.add_entry(cv({}), "work", Skill(name="Go"))
    with pytest.raises(InvalidInput, match="There is no section called 'jobs'. Sections: work, education"):
        edit.add_entry(cv({}), "jobs", {"name": "X"})


def test_update_entry_sets_and_removes_fields_and_keeps_unknown_ones() -> None:
    result = edit.update_entry(cv(), "work", 0, {"position": "Principal Engineer", "url": None, "endDate": ""})
    assert result.summary == "Updated job Principal Engineer at PayFlow GmbH: endDate, position, url"
    job = stored(result)["work"][0]
    assert job["position"] == "Principal Engineer" and "url" not in job and "endDate" not in job
    assert job["x-team-size"] == 12
    with pytest.raises(InvalidInput, match="Nothing to change"):
        edit.update_entry(cv(), "work", 0, {})


def test_an_edit_is_validated_once_by_the_caller_with_the_place_of_the_error() -> None:
    bad = edit.update_entry(cv(), "work", 0, {"endDate": "soon"})  # the edit itself does not validate
    with pytest.raises(InvalidInput, match=r"work\[0\].endDate: use YYYY-MM"):
        stored(bad)
    before_start = edit.update_entry(cv(), "education", 0, {"startDate": "2015-10", "endDate": "2012"})
    with pytest.raises(InvalidInput, match=r"education\[0\]"):
        stored(before_start)
    with pytest.raises(InvalidInput, match=r"basics.email"):
        stored(edit.update_basics(cv(), {"email": "not an email"}))
    with pytest.raises(InvalidInput, match=r"work\[0\].highlights"):
        stored(edit.update_entry(cv(), "work", 0, {"highlights": "one string, not a list"}))


@pytest.mark.parametrize(
    ("section", "index", "data", "message"),
    [
        ("work", 5, FULL, "There is no job number 6: the CV has 2."),
        ("awards", 0, {}, "The CV has no award entries yet."),
        ("work", -1, FULL, "There is no job number 0: the CV has 2."),
    ],
)
def test_entries_out_of_range_are_named(section: str, index: int, data: dict[str, Any], message: str) -> None:
    resume = cv(data)
    for attempt in (
        lambda: edit.update_entry(resume, section, index, {"name": "X"}),
        lambda: edit.remove_entry(resume, section, index),
        lambda: edit.move_entry(resume, section, index, 0),
    ):
        with pytest.raises(NotFound, match=message):
            attempt()


def test_remove_and_move() -> None:
    resume = cv({"skills": [{"name": "Go"}], "work": [{"name": "A"}, {"name": "B"}, {"name": "C"}]})
    removed = edit.remove_entry(resume, "skills", 0)
    assert removed.summary == "Removed skill group Go"
    assert "skills" not in stored(removed)  # an emptied section disappears
    moved = edit.move_entry(resume, "work", 0, 99)
    assert moved.summary == "Moved job A to position 3"
    assert [w["name"] for w in stored(moved)["work"]] == ["B", "C", "A"]
    assert [w["name"] for w in stored(edit.move_entry(resume, "work", 2, -5))["work"]] == ["C", "A", "B"]


def test_add_bullet() -> None:
    result = edit.add_bullet(cv(), "projects", 0, "  Cut   latency\n in half ")
    assert result.summary.startswith("Added a bullet to project ")
    assert stored(result)["projects"][0]["highlights"][-1] == "Cut latency in half"
    with pytest.raises(InvalidInput, match="The bullet is empty"):
        edit.add_bullet(cv(), "work", 0, "  ")
    with pytest.raises(InvalidInput, match="Bullets belong to work, projects or volunteer entries"):
        edit.add_bullet(cv(), "skills", 0, "Fast")
    with pytest.raises(NotFound, match="no volunteer role entries yet"):
        edit.add_bullet(cv({}), "volunteer", 0, "Fast")


def test_update_basics_merges_the_location_field_by_field() -> None:
    resume = cv({"basics": {"name": "Maria", "location": {"city": "Warsaw", "countryCode": "PL"}}})
    result = edit.update_basics(resume, {"location": {"city": "Kraków", "countryCode": ""}, "label": "CTO"})
    assert result.summary == "Updated contact details: label, location"
    assert stored(result)["basics"] == {"name": "Maria", "label": "CTO", "location": {"city": "Kraków"}}
    emptied = edit.update_basics(resume, {"location": {"city": None, "countryCode": ""}})
    assert stored(emptied)["basics"] == {"name": "Maria"}
    removed = edit.update_basics(resume, {"location": None, "name": ""})
    assert stored(removed) == {"basics": {}}
    with pytest.raises(InvalidInput, match="name at least one contact field"):
        edit.update_basics(resume, {})


def test_summary_and_profiles() -> None:
    assert stored(edit.set_summary(cv({}), "  Builds ledgers. "))["basics"] == {"summary": "Builds ledgers."}
    removed = edit.set_summary(cv(), " ")
    assert removed.summary == "Removed the summary" and "summary" not in stored(removed)["basics"]
    replaced = edit.set_profile(cv(), "github", url="https://github.com/mk2")
    profiles = stored(replaced)["basics"]["profiles"]
    assert [p["network"] for p in profiles] == ["LinkedIn", "github"]  # one per network, case-insensitive
    assert profiles[-1] == {"network": "github", "url": "https://github.com/mk2"}
    only = cv({"basics": {"profiles": [{"network": "GitHub"}]}})
    assert "profiles" not in stored(edit.remove_profile(only, "GITHUB"))["basics"]
    with pytest.raises(NotFound, match=r"The CV has no Mastodon profile \(profiles: LinkedIn, GitHub\)"):
        edit.remove_profile(cv(), "Mastodon")


def test_add_skills_skips_known_ones_and_fills_groups() -> None:
    resume = cv({"skills": [{"name": "Backend", "keywords": ["Python", "Go"]}, {"name": "SQL"}]})
    plain = edit.add_skills(resume, ["python", "sql", "Rust", "rust", " "])
    assert plain.summary == "Added skills: Rust"
    assert stored(plain)["skills"][-1] == {"name": "Rust"}
    grouped = edit.add_skills(resume, ["Kafka", "Go"], group="backend")
    assert stored(grouped)["skills"][0] == {"name": "Backend", "keywords": ["Python", "Go", "Kafka"]}
    new_group = edit.add_skills(resume, ["Terraform"], group="Cloud")
    assert stored(new_group)["skills"][-1] == {"name": "Cloud", "keywords": ["Terraform"]}
    assert edit.add_skills(resume, ["GO"]).summary == "No new skills"
    with pytest.raises(InvalidInput, match="Name at least one skill"):
        edit.add_skills(resume, ["", " "])
