"""The guided mode's readers of answers and corrections (table-driven)."""

from __future__ import annotations

import pytest

from app.guided.parsing import (
    Correction,
    bullet_text,
    parse_correction,
    parse_degree,
    parse_job_title,
    parse_languages,
    parse_place,
    tidy_name,
    yes_or_no,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("change my phone to +48 600 999 888", Correction("set_field", "phone", "+48 600 999 888")),
        ("Please update my email to maria@new.example", Correction("set_field", "email", "maria@new.example")),
        ("my email is a@b.co", Correction("set_field", "email", "a@b.co")),
        ("set my title to Staff Engineer", Correction("set_field", "label", "Staff Engineer")),
        ("change my linkedin to linkedin.com/in/maria", Correction("set_field", "linkedin", "linkedin.com/in/maria")),
        ("remove the second job", Correction("remove_entry", section="work", index=1)),
        ("delete job 3", Correction("remove_entry", section="work", index=2)),
        ("remove the last education", Correction("remove_entry", section="education", index=-1)),
        ("remove skill Go", Correction("remove_entry", section="skills", name="Go")),
        ("remove the PayFlow job", Correction("remove_entry", section="work", name="PayFlow")),
        ("remove my phone", Correction("remove_field", "phone")),
        ("add skills: Kafka, Redis", Correction("add_skills", value="Kafka, Redis")),
        ("undo", Correction("undo")),
        ("show my CV", Correction("show")),
    ],
)
def test_corrections_are_recognised(text: str, expected: Correction) -> None:
    assert parse_correction(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Reduced phone support tickets by 30%",  # an achievement that mentions a field
        "Removed 40k lines of legacy billing code",
        "Changed the deployment process to blue-green",
        "My team shipped the email service",
        "remove job",  # which one? not a correction we can act on
        "Staff engineer at PayFlow GmbH",
    ],
)
def test_answers_are_not_mistaken_for_corrections(text: str) -> None:
    assert parse_correction(text) is None


def test_job_titles() -> None:
    assert parse_job_title("Staff engineer at PayFlow GmbH") == ("Staff Engineer", "PayFlow GmbH")
    assert parse_job_title("PayFlow GmbH, Staff Engineer") == ("Staff Engineer", "PayFlow GmbH")
    assert parse_job_title("I worked as a data analyst for Acme") == ("Data Analyst", "Acme")
    assert parse_job_title("Nurse") == ("Nurse", None)
    assert parse_job_title("iOS developer @ Apple") == ("iOS developer", "Apple")


def test_degrees_places_languages_names() -> None:
    assert parse_degree("MSc Computer Science") == ("MSc", "Computer Science")
    assert parse_degree("Bachelor of Arts in History") == ("Bachelor of Arts", "History")
    assert parse_degree("Nursing") == (None, "Nursing")
    assert parse_place("Warsaw, Poland") == ("Warsaw", None, "PL")
    assert parse_place("Austin, Texas, USA") == ("Austin", "Texas", "US")
    assert parse_place("Lviv, UA") == ("Lviv", None, "UA")
    assert parse_languages("English C1, German B2, Polish (native)") == [
        ("English", "C1"),
        ("German", "B2"),
        ("Polish", "Native"),
    ]
    assert parse_languages("French: b1 and Spanish") == [("French", "B1"), ("Spanish", None)]
    assert tidy_name("maria kowalska") == "Maria Kowalska"
    assert tidy_name("My name is Jan van der Berg") == "Jan van der Berg"


def test_bullets_and_yes_no() -> None:
    assert bullet_text("I designed the ledger service") == "Designed the ledger service."
    assert bullet_text("- cut costs by 20%!") == "Cut costs by 20%!"
    assert (yes_or_no("Yes please"), yes_or_no("nope"), yes_or_no("maybe")) == (True, False, None)
