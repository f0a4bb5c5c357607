"""The JSON Resume model: every section, strict values, lossless round trip, readable errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from app.cv.errors import humanize
from app.cv.model import Resume
from app.cv.sections import SECTIONS
from app.render.document import Link, safe_link

FULL = Path(__file__).parents[2] / "fixtures" / "full_resume.json"


def full_document() -> dict:
    return json.loads(FULL.read_text())


def test_full_document_round_trips_losslessly() -> None:
    document = full_document()
    assert Resume.model_validate(document).to_json() == document


def test_fixture_uses_every_section_and_field() -> None:
    document = full_document()
    for section, spec in SECTIONS.items():
        model = spec.model
        assert document[section], section
        used = set().union(*(entry.keys() for entry in document[section]))
        assert set(model.model_fields) <= used, (section, set(model.model_fields) - used)
    assert set(Resume.model_fields["basics"].annotation.__args__[0].model_fields) <= set(document["basics"])  # type: ignore[union-attr]


def test_unknown_fields_survive_at_every_level() -> None:
    resume = Resume.model_validate(full_document())
    out = resume.to_json()
    assert out["x-generator"] == {"tool": "handmade", "revision": 3}
    assert out["basics"]["x-pronouns"] == "she/her"
    assert out["work"][0]["x-team-size"] == 12
    assert out["$schema"].endswith("schema.json")


@pytest.mark.parametrize(
    ("patch", "expected"),
    [
        ({"work": [{"name": "A", "startDate": "March 2021"}]}, "work[0].startDate: use YYYY-MM (e.g. 2021-03)"),
        ({"work": [{}, {}, {"startDate": "2021-3"}]}, "work[2].startDate: use YYYY-MM"),
        ({"education": [{"endDate": "2021-13"}]}, "education[0].endDate: the month must be 01 to 12"),
        ({"awards": [{"date": "2023-02-30"}]}, "awards[0].date: that day does not exist"),
        ({"work": [{"startDate": "2021", "endDate": "2019"}]}, "work[0]: the end date is before the start date"),
        ({"basics": {"email": "maria at example"}}, "basics.email: not a valid email address"),
        ({"basics": {"url": "not a url"}}, "basics.url: not a valid web address"),
        ({"skills": "Python"}, "skills: must be a list"),
        ({"basics": {"profiles": [{"url": "http//broken"}]}}, "basics.profiles[0].url: not a valid web address"),
    ],
)
def test_errors_read_like_sentences(patch: dict, expected: str) -> None:
    with pytest.raises(ValidationError) as info:
        Resume.model_validate(patch)
    assert any(line.startswith(expected) for line in humanize(info.value)), humanize(info.value)


def test_lenient_where_it_is_safe() -> None:
    resume = Resume.model_validate(
        {
            "basics": {"url": "linkedin.com/in/maria", "email": " Maria@Example.com "},
            "work": [{"startDate": " 2021-03 "}],
        }
    )
    assert resume.basics is not None
    assert resume.basics.url == "linkedin.com/in/maria"  # kept as written; the page links it with https://
    assert safe_link(resume.basics.url) == Link("linkedin.com/in/maria", "https://linkedin.com/in/maria")
    assert resume.basics.email == "Maria@Example.com"  # spelling kept, whitespace trimmed
    assert resume.work and resume.work[0].startDate == "2021-03"


def test_same_month_start_and_end_is_fine() -> None:
    Resume.model_validate(
        {"work": [{"startDate": "2021", "endDate": "2021-06"}, {"startDate": "2021-06", "endDate": "2021-06"}]}
    )


EMPTY_VALUES = {
    "basics": {"name": "Ana Lima", "image": "", "email": "", "url": "", "profiles": [{"network": "X", "url": ""}]},
    "work": [{"name": "Acme", "position": "Engineer", "startDate": "2020-01", "endDate": "", "url": ""}],
    "education": [{"institution": "USP", "startDate": "", "endDate": ""}],
    "awards": [{"title": "Prize", "date": ""}],
}


def test_empty_strings_of_real_files_are_kept_and_mean_nothing_given() -> None:
    """JSON Resume files (its own sample too) write "" for a value not given; they import, round-trip, and read
    as absent: an empty endDate is a current job, an empty link or date is not shown."""
    from app.ats.analyze import analyze
    from app.cv.readable import cv_to_text
    from app.render import render_cv

    resume = Resume.model_validate(EMPTY_VALUES)
    assert resume.to_json() == EMPTY_VALUES
    text = cv_to_text(resume)
    assert "Jan 2020 – Present" in text and "Prize" in text and "https" not in text
    html = render_cv(resume, "html").data.decode()
    assert "Jan 2020 – Present" in html and 'href=""' not in html and 'src=""' not in html
    assert analyze(resume).score > 0
