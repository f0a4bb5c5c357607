"""The guided mode's readers: requests in plain words and interview answers (table-driven)."""

from __future__ import annotations

import pytest

from app.assistant.guided.contact import FieldChange, field_change, field_removal
from app.assistant.guided.readers import (
    bullet_text,
    date_problem,
    is_decline,
    looks_like_name,
    parse_dated,
    parse_degree,
    parse_job_title,
    parse_languages,
    parse_place,
    parse_school,
    place_text,
    split_dates,
    tidy_headline,
    tidy_name,
    yes_or_no,
)
from app.assistant.guided.requests import Correction, EntryRef, Kind, parse_correction, parse_ref
from app.assistant.guided.sections import skill_with_level

C = Correction
WORK, EDU = "work", "education"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("change my phone to +48 600 999 888", C(Kind.SET_FIELD, "phone", "+48 600 999 888")),
        ("Please update my email to maria@new.example", C(Kind.SET_FIELD, "email", "maria@new.example")),
        ("my email is a@b.co", C(Kind.SET_FIELD, "email", "a@b.co")),
        ("actually, my phone number is +48 600 123 456", C(Kind.SET_FIELD, "phone", "+48 600 123 456")),
        ("phone: +48 600 123 456", C(Kind.SET_FIELD, "phone", "+48 600 123 456")),
        ("set my name to Maria Anna Kowalska", C(Kind.SET_FIELD, "name", "Maria Anna Kowalska")),
        ("change my title to Staff Engineer", C(Kind.SET_FIELD, "title", "Staff Engineer")),  # headline or job: asked
        ("change my headline to Principal Engineer.", C(Kind.SET_FIELD, "label", "Principal Engineer")),
        ("update my location to Berlin, Germany", C(Kind.SET_FIELD, "location", "Berlin, Germany")),
        ("change my linkedin to linkedin.com/in/maria", C(Kind.SET_FIELD, "linkedin", "linkedin.com/in/maria")),
        ("my website is maria.dev", C(Kind.SET_FIELD, "url", "maria.dev")),
        ("remove my phone", C(Kind.REMOVE_FIELD, "phone")),
        ("delete the summary", C(Kind.REMOVE_FIELD, "summary")),
        ("remove the second job", C(Kind.REMOVE_ENTRY, target=EntryRef(WORK, index=1))),
        ("delete job 2", C(Kind.REMOVE_ENTRY, target=EntryRef(WORK, index=1))),
        ("can you remove job #3?", C(Kind.REMOVE_ENTRY, target=EntryRef(WORK, index=2))),
        ("remove the last education", C(Kind.REMOVE_ENTRY, target=EntryRef(EDU, index=-1))),
        ("remove skill Go", C(Kind.REMOVE_ENTRY, target=EntryRef("skills", name="Go"))),
        ("remove the PayFlow job", C(Kind.REMOVE_ENTRY, target=EntryRef(WORK, name="PayFlow"))),
        ("drop the job at SearchWorks", C(Kind.REMOVE_ENTRY, target=EntryRef(WORK, name="SearchWorks"))),
        ("remove language German", C(Kind.REMOVE_ENTRY, target=EntryRef("languages", name="German"))),
        ("remove the last bullet", C(Kind.REMOVE_BULLET, value="-1")),
        ("remove bullet 2 from the first job", C(Kind.REMOVE_BULLET, value="1", target=EntryRef(WORK, index=0))),
        ("move job 2 to the top", C(Kind.MOVE_ENTRY, value="0", target=EntryRef(WORK, index=1))),
        ("move the PayFlow job up", C(Kind.MOVE_ENTRY, value="up", target=EntryRef(WORK, name="PayFlow"))),
        ("move the first project to position 3", C(Kind.MOVE_ENTRY, value="2", target=EntryRef("projects", 0))),
        ("move skill Go last", C(Kind.MOVE_ENTRY, value="-1", target=EntryRef("skills", name="Go"))),
        (
            "change the end date of job 2 to June 2023",
            C(Kind.UPDATE_ENTRY, "end date", "June 2023", EntryRef(WORK, index=1)),
        ),
        ("change the second job's title to Lead", C(Kind.UPDATE_ENTRY, "title", "Lead", EntryRef(WORK, index=1))),
        (
            "set the degree of the first education to MSc",
            C(Kind.UPDATE_ENTRY, "degree", "MSc", EntryRef(EDU, index=0)),
        ),
        (
            "add a bullet to job 2: Led the migration",
            C(Kind.ADD_BULLET, value="Led the migration", target=EntryRef(WORK, index=1)),
        ),
        (
            "add to the PayFlow job: Cut costs",
            C(Kind.ADD_BULLET, value="Cut costs", target=EntryRef(WORK, name="PayFlow")),
        ),
        ("add skill Kafka", C(Kind.ADD_SKILLS, value="Kafka")),
        ("add skills: Kafka, Redis", C(Kind.ADD_SKILLS, value="Kafka, Redis")),
        ("add skills to Cloud: AWS, GCP", C(Kind.ADD_SKILLS, "Cloud", "AWS, GCP")),
        ("add a job", C(Kind.ADD_ENTRY, section=WORK)),
        ("I want to add another job", C(Kind.ADD_ENTRY, section=WORK)),
        ("add a project: ledgerlite", C(Kind.ADD_ENTRY, value="ledgerlite", section="projects")),
        (
            "add certificate AWS SA, Amazon, 2023",
            C(Kind.ADD_ENTRY, value="AWS SA, Amazon, 2023", section="certificates", certain=False),
        ),  # fmt: skip
        ("add interests: chess, climbing", C(Kind.ADD_ENTRY, value="chess, climbing", section="interests")),
        ("undo", C(Kind.UNDO)),
        ("Undo that.", C(Kind.UNDO)),
        ("show my CV", C(Kind.SHOW)),
        ("show", C(Kind.SHOW)),
        ("what do I have so far?", C(Kind.SHOW)),
        ("history", C(Kind.HISTORY)),
        ("export", C(Kind.EXPORT)),
        ("download my cv as json", C(Kind.EXPORT, value="json")),
        ("send me the pdf", C(Kind.EXPORT, value="pdf")),
        ("check my cv against a job ad", C(Kind.ATS)),
        ("apply all", C(Kind.FIX, value="all")),
        ("Apply all fixes.", C(Kind.FIX, value="all")),
        ("please apply fixes 1 and 3", C(Kind.FIX, value="1 3")),
        ("apply 1, 2, 4", C(Kind.FIX, value="1 2 4")),
        ("fix 2", C(Kind.FIX, value="2")),
        ("skip fix 2", C(Kind.FIX, value="2 reject")),
        ("help", C(Kind.HELP)),
    ],
)
def test_requests_are_recognised(text: str, expected: Correction) -> None:
    assert parse_correction(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # Achievements and answers that mention a field, a section or a verb of a request.
        "Reduced phone support tickets by 30%",
        "Removed 40k lines of legacy billing code",
        "Changed the deployment process to blue-green",
        "Updated the email templates to MJML",
        "Update the phone app to Swift",
        "Change the site to Next.js",
        "My team shipped the email service",
        "My name is Maria and I build payment systems for banks",
        "Delete legacy jobs from the scheduler",
        "Move payments to Kafka",
        "Set up CI for 40 repositories",
        "Showed the team how to profile Go services",
        "New project lead at Acme",
        "Title: Staff Engineer at PayFlow",  # the job being described, not the headline
        "Staff engineer at PayFlow GmbH",
        "march 2021, still there",
        "Python, Go, PostgreSQL and Kafka",
        "remove job",  # which one? nothing to act on
        "Applied 3 ML models to fraud detection",
        "Fixed 12 flaky tests",
        "apply to 3 jobs",
        "remove the",
    ],
)
def test_answers_are_not_mistaken_for_requests(text: str) -> None:
    assert parse_correction(text) is None


def test_prose_requests_that_could_be_answers_are_marked_uncertain() -> None:
    """'add project management to …' in an achievement: only applied outside prose answers."""
    correction = parse_correction("add project management to the roadmap")
    assert correction is not None and not correction.certain
    assert parse_correction("add a project: ledgerlite") == C(Kind.ADD_ENTRY, value="ledgerlite", section="projects")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the second job", EntryRef(WORK, index=1)),
        ("job 2's", EntryRef(WORK, index=1)),
        ("the last one education", EntryRef(EDU, index=-1)),
        ("my volunteer role at Code for Poland", EntryRef("volunteer", name="Code for Poland")),
        ("the PayFlow job", EntryRef(WORK, name="PayFlow")),
        ("legacy jobs from the scheduler", None),
        ("job", None),
    ],
)
def test_entry_references(text: str, expected: EntryRef | None) -> None:
    assert parse_ref(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Staff engineer at PayFlow GmbH", ("Staff Engineer", "PayFlow GmbH", None)),
        ("PayFlow GmbH, Staff Engineer", ("Staff Engineer", "PayFlow GmbH", None)),
        ("Data Analyst, Acme", ("Data Analyst", "Acme", None)),
        ("I worked as a data analyst for Acme", ("Data Analyst", "Acme", None)),
        ("Director of Sales for EMEA at Acme", ("Director of Sales for EMEA", "Acme", None)),
        ("iOS developer @ Apple", ("iOS developer", "Apple", None)),
        ("Engineer - Acme", ("Engineer", "Acme", None)),
        ("Nurse", ("Nurse", None, None)),
        ("Backend engineer at Sky Betting & Gaming, Leeds", ("Backend Engineer", "Sky Betting & Gaming", "Leeds")),
        ("SRE at Monzo in London", ("SRE", "Monzo", "London")),
        ("Engineer, Google (Zurich)", ("Engineer", "Google", "Zurich")),
        ("senior engineer i guess at Acme, Inc.", ("Senior Engineer", "Acme, Inc", None)),
        ("I was kind of a lead at Really Good Games", ("Lead", "Really Good Games", None)),
    ],
)
def test_job_titles(text: str, expected: tuple[str, str | None, str | None]) -> None:
    assert parse_job_title(text)[:3] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Engineer at PayFlow, march 2021, still there", ("Engineer at PayFlow", "march 2021, still there")),
        ("Engineer at Acme since 2019", ("Engineer at Acme", "since 2019")),
        ("Engineer at Acme (2015 - 2017)", ("Engineer at Acme", "2015 - 2017)")),
        ("Engineer at Acme", ("Engineer at Acme", None)),
        ("2017 - 2021", ("2017 - 2021", None)),
    ],
)  # fmt: skip
def test_dates_split_off_an_answer(text: str, expected: tuple[str, str | None]) -> None:
    assert split_dates(text) == expected


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("2021-13", "2021-13: the month must be 01 to 12."),
        ("13/2021 - now", "13/2021: the month must be 1 to 12."),
        ("2021-02-30", "2021-02-30: that day does not exist."),
        ("march 2021, still there", None),
        ("2017 - 2021", None),
    ],
)
def test_impossible_dates(text: str, problem: str | None) -> None:
    assert date_problem(text) == problem


def test_degrees_and_schools() -> None:
    assert parse_degree("MSc Computer Science") == ("MSc", "Computer Science")
    assert parse_degree("Bachelor of Arts in History") == ("Bachelor of Arts", "History")
    assert parse_degree("Nursing") == (None, "Nursing")
    assert parse_school("University of Warsaw") == ("University of Warsaw", (None, None), None, None)
    assert parse_school("MSc Computer Science, University of Warsaw, 2010-2015") == (
        "University of Warsaw",
        ("MSc", "Computer Science"),
        "2010-2015",
        None,
    )
    assert parse_school("MSc Physics, ETH Zurich, 2018") == ("ETH Zurich", ("MSc", "Physics"), "2018", None)
    assert parse_school("Bachelor in CS at University of Lagos, GPA 4.5/5.0")[::3] == (
        "University of Lagos",
        "GPA 4.5/5.0",
    )
    assert parse_school("University of California at Berkeley").institution == "University of California at Berkeley"
    assert parse_school("BSc Physics, University of Leeds, 2:1, 2015 - 2018") == (
        "University of Leeds",
        ("BSc", "Physics"),
        "2015 - 2018",
        "2:1",
    )


@pytest.mark.parametrize(
    ("text", "place", "shown"),
    [
        ("Warsaw, Poland", ("Warsaw", None, "PL"), "Warsaw, Poland"),
        ("warsaw poland", ("Warsaw", None, "PL"), "Warsaw, Poland"),
        ("I'm based in New York, USA", ("New York", None, "US"), "New York, USA"),
        ("Austin, Texas, USA", ("Austin", "Texas", "US"), "Austin, Texas, USA"),
        ("Cape Town South Africa", ("Cape Town", None, "ZA"), "Cape Town, South Africa"),
        ("Lviv, UA", ("Lviv", None, "UA"), "Lviv, Ukraine"),
        ("Remote", ("Remote", None, None), "Remote"),
    ],
)
def test_places(text: str, place: tuple[str, str | None, str | None], shown: str) -> None:
    assert parse_place(text) == place
    assert place_text(parse_place(text)) == shown


def test_languages() -> None:
    assert parse_languages("English C1, German B2, Polish (native)") == [
        ("English", "C1"),
        ("German", "B2"),
        ("Polish", "Native"),
    ]
    assert parse_languages("French: b1 and Spanish") == [("French", "B1"), ("Spanish", None)]
    assert parse_languages("fluent English, native Polish") == [("English", "Fluent"), ("Polish", "Native")]


def test_names_headlines_bullets() -> None:
    assert tidy_name("maria kowalska") == "Maria Kowalska"
    assert tidy_name("My name is Jan van der Berg") == "Jan van der Berg"
    assert [looks_like_name(t) for t in ("Maria Kowalska", "call me at 555-1234", "hi", "Ok")] == [
        True,
        False,
        False,
        False,
    ]
    assert tidy_headline("I'm a staff engineer.") == "Staff Engineer"
    assert tidy_headline("Head of data") == "Head of Data"
    assert bullet_text("I designed the ledger service") == "Designed the ledger service."
    assert bullet_text("- cut costs by 20%!") == "Cut costs by 20%!"


def test_extras_in_one_line() -> None:
    assert parse_dated("AWS Solutions Architect, Amazon, 2023") == ("AWS Solutions Architect", "Amazon", "2023")
    assert parse_dated("Certificate in Data Science from Coursera") == ("Certificate in Data Science", "Coursera", None)
    assert parse_dated("Best Paper (2020)") == ("Best Paper", None, "2020)")
    assert skill_with_level("Rust (advanced)") == ("Rust", "Advanced")
    assert skill_with_level("Go - expert") == ("Go", "Expert")
    assert skill_with_level("Kafka") is None


def test_yes_no_and_declines() -> None:
    assert (yes_or_no("Yes please"), yes_or_no("nope"), yes_or_no("maybe")) == (True, False, None)
    assert all(is_decline(t) for t in ("no", "None.", "skip", "that's all", "n/a", "I don't have one", "not yet"))
    answers = ("Nora Jones", "Nothing shipped late in 2 years", "No downtime during 3 migrations", "yes")
    assert not any(is_decline(t) for t in answers)


U = "update_basics"


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("phone", "+48600123456", FieldChange(U, {"phone": "+48 600 123 456"}, "Saved: phone +48 600 123 456.")),
        (
            "email",
            "maria@example.com.",
            FieldChange(U, {"email": "maria@example.com"}, "Saved: email maria@example.com."),
        ),
        ("name", "jan kowalski", FieldChange(U, {"name": "Jan Kowalski"}, "Saved: name Jan Kowalski.")),
        ("label", "head of data", FieldChange(U, {"label": "Head of Data"}, "Saved: headline Head of Data.")),
        ("city", "Manchester", FieldChange(U, {"city": "Manchester"}, "Saved: city Manchester.")),
        (
            "city",
            "Berlin, Germany",
            FieldChange(U, {"city": "Berlin", "region": "", "country_code": "DE"}, "Saved: location Berlin, Germany."),
        ),
        ("country", "germany", FieldChange(U, {"country_code": "DE"}, "Saved: country Germany.")),
        (
            "linkedin",
            "linkedin.com/in/maria",
            FieldChange(
                "set_profile",
                {"network": "LinkedIn", "url": "https://linkedin.com/in/maria"},
                "Saved: LinkedIn https://linkedin.com/in/maria.",
            ),
        ),
        (
            "summary",
            "backend engineer",
            FieldChange("set_summary", {"summary": "Backend engineer."}, "Saved your new summary."),
        ),
        (
            "email",
            "maria@example",
            "'maria@example' doesn't look like a complete email address (e.g. maria@example.com).",
        ),
        ("phone", "soon", "I couldn't find a phone number in 'soon' (e.g. +48 600 123 456)."),
        (
            "country",
            "Atlantis",
            "I don't know the country 'Atlantis'. Try its English name or two-letter code (e.g. PL).",
        ),
    ],
)
def test_contact_field_changes(field: str, value: str, expected: FieldChange | str) -> None:
    assert field_change(field, value) == expected


def test_contact_field_removals() -> None:
    assert field_removal("phone") == FieldChange(
        "update_basics", {"phone": ""}, "Removed your phone from the CV. /undo brings it back."
    )
    assert field_removal("label") == FieldChange(
        "update_basics", {"label": ""}, "Removed your headline from the CV. /undo brings it back."
    )
    assert field_removal("linkedin") == FieldChange(
        "remove_profile", {"network": "LinkedIn"}, "Removed your LinkedIn profile. /undo brings it back."
    )
