"""Corrections said in plain words: the sentence forms, a pressed reading, and a sample of the corrections corpus
run through the real service (the whole corpus is bench/corrections.py)."""

from __future__ import annotations

from typing import Any

import pytest

from app.assistant.guided.corrections import _within_places
from app.assistant.guided.requests import ANY, EntryRef, Kind, Reading
from app.assistant.guided.understand import parse_requests, understood_parts
from app.events import ButtonsEvent, IncomingFile
from bench.corrections import FIXTURES, load_corpus, loader, outcome
from tests.conftest import say


@pytest.mark.parametrize(
    ("text", "kind", "field", "value", "target"),
    [
        (
            "actually I left Monzo in August 2025",
            Kind.UPDATE_ENTRY,
            "end date",
            "August 2025",
            EntryRef(ANY, name="Monzo"),
        ),
        ("I joined Acme in 2019, not 2018", Kind.UPDATE_ENTRY, "start date", "2019", EntryRef(ANY, name="Acme")),
        ("at Code Club I was a Lead Tutor", Kind.UPDATE_ENTRY, "title", "Lead Tutor", EntryRef(ANY, name="Code Club")),
        ("my Spanish is C1 now", Kind.UPDATE_ENTRY, "level", "C1", EntryRef("languages", name="Spanish")),
        ("change language 3 to German A2", Kind.UPDATE_ENTRY, "entry", "German A2", EntryRef("languages", index=2)),
        ("I don't speak French anymore", Kind.REMOVE_ENTRY, None, None, EntryRef(ANY, name="French")),
        ("i finished uni in 2017", Kind.UPDATE_ENTRY, "end date", "2017", EntryRef("education")),
        ("remove my oldest job", Kind.REMOVE_ENTRY, None, None, EntryRef("work", index=-1)),
        ("oops, headline: Platform Engineer", Kind.SET_FIELD, "label", "Platform Engineer", None),
        ("replace Docker with Podman", Kind.REPLACE, "Docker", "Podman", None),
        ("get rid of the bullet about incidents", Kind.REMOVE_BULLET, None, "text:incidents", None),
        # Forms generalised after the held-out set (bench/corrections_corpus/heldout.jsonl) showed them missing.
        ("tagline → Data Engineer", Kind.SET_FIELD, "label", "Data Engineer", None),
        ("phone number is wrong, it's 0161 496 0000", Kind.SET_FIELD, "phone", "0161 496 0000", None),
        ("the PayFlow job was 2019 to 2022", Kind.UPDATE_ENTRY, "dates", "2019 to 2022", EntryRef(ANY, name="PayFlow")),
        ("Oxfam ran until 2020", Kind.UPDATE_ENTRY, "end date", "2020", EntryRef(ANY, name="Oxfam")),
        ("I quit Acme at the start of 2020", Kind.UPDATE_ENTRY, "end date", "2020", EntryRef(ANY, name="Acme")),
        ("the company name is Monzo Bank, not Monzo", Kind.REPLACE, "Monzo", "Monzo Bank", None),
        ("my bachelors was in Physics", Kind.UPDATE_ENTRY, "field", "Physics", EntryRef("education")),
        ("German B1, not B2", Kind.UPDATE_ENTRY, "level", "B1", EntryRef("languages", name="German")),
        ("the Kafka bullet should say Kafka Streams", Kind.SET_BULLET, "text:Kafka", "Kafka Streams", None),
        # Classes a second held-out set (heldout2.jsonl: non-native, polite, terse, storytelling) showed missing.
        ("Would you mind changing my email to a@b.io?", Kind.SET_FIELD, "email", "a@b.io", None),
        ("could you please set my headline to Data Engineer", Kind.SET_FIELD, "label", "Data Engineer", None),
        ("name should be Ana Lopes", Kind.SET_FIELD, "name", "Ana Lopes", None),
        (
            "I studied at Imperial College not UCL",
            Kind.UPDATE_ENTRY,
            "school",
            "Imperial College",
            EntryRef("education"),
        ),
        (
            "I moved to Porto, Portugal last month, can you update that",
            Kind.SET_FIELD,
            "location",
            "Porto, Portugal",
            None,
        ),
        ("my german is not B2 it is C1", Kind.UPDATE_ENTRY, "level", "C1", EntryRef("languages", name="german")),
        (
            "I'm not anymore at Acme since March 2024",
            Kind.UPDATE_ENTRY,
            "end date",
            "March 2024",
            EntryRef(ANY, name="Acme"),
        ),
        (
            "I left Acme last year, in May 2024, thanks a lot",
            Kind.UPDATE_ENTRY,
            "end date",
            "May 2024",
            EntryRef(ANY, name="Acme"),
        ),
        ("the bullet on revenue should say 30% not 25%", Kind.SET_BULLET, "text:25%", "30%", None),
        ("the app had 3k downloads", Kind.SET_BULLET, "text:downloads", "3k", None),
        ("delete the github from my cv", Kind.REMOVE_FIELD, "github", None, None),
        ("email ana@lopes.pt", Kind.SET_FIELD, "email", "ana@lopes.pt", None),
        ("replace my summary with: Data engineer.", Kind.SET_FIELD, "summary", "Data engineer", None),
        # Forms generalised after the third held-out set (heldout3.jsonl): jargon, pasted lines, emoji, reasons.
        ("swap Go for Rust in skills", Kind.REPLACE, "Go", "Rust", None),
        (
            "bump my title at Acme to Lead Engineer",
            Kind.UPDATE_ENTRY,
            "title",
            "Lead Engineer",
            EntryRef(ANY, name="Acme"),
        ),
        (
            "update tenure at Acme: May 2019 – Jun 2022",
            Kind.UPDATE_ENTRY,
            "dates",
            "May 2019 - Jun 2022",
            EntryRef(ANY, name="Acme"),
        ),  # fmt: skip
        (
            "Acme — Backend Engineer → Lead Engineer",
            Kind.REPLACE,
            "Backend Engineer",
            "Lead Engineer",
            EntryRef(ANY, name="Acme"),
        ),  # fmt: skip
        ("York uni — grade was a 2:1", Kind.UPDATE_ENTRY, "grade", "2:1", EntryRef("education", name="York")),
        (
            "Code Club tutoring — 2019 to 2022",
            Kind.UPDATE_ENTRY,
            "dates",
            "2019 - 2022",
            EntryRef(ANY, name="Code Club"),
        ),  # fmt: skip
        ("pls add Rust to my skills 🙏", Kind.ADD_SKILLS, None, "Rust", None),
        ("drop docker, I haven't used it in years", Kind.REMOVE_ENTRY, None, None, EntryRef(ANY, name="docker")),
        ("relocated to Leeds last month", Kind.SET_FIELD, "city", "Leeds", None),
        (
            "ledgerlite is still going, no end date",
            Kind.UPDATE_ENTRY,
            "end date",
            "present",
            EntryRef(ANY, name="ledgerlite"),
        ),  # fmt: skip
    ],
)
def test_one_correction_in_plain_words(
    text: str, kind: Kind, field: str | None, value: str | None, target: Any
) -> None:
    [correction] = parse_requests(text)
    assert (correction.kind, correction.field, correction.value, correction.target) == (kind, field, value, target)


def test_two_changes_in_one_message_and_a_verb_said_once() -> None:
    first, second = parse_requests("remove Kafka from skills and add Java")
    assert (first.kind, first.target, second.kind, second.value) == (
        Kind.REMOVE_ENTRY,
        EntryRef("skills", name="Kafka"),
        Kind.ADD_SKILLS,
        "Java",
    )
    email, phone = parse_requests("change my email to a@b.io and my phone to +44 7700 900999")
    assert (email.field, email.value, phone.field) == ("email", "a@b.io", "phone")
    assert [c.target for c in parse_requests("remove Docker and Terraform from my skills")] == [
        EntryRef("skills", name="Docker"),
        EntryRef("skills", name="Terraform"),
    ]
    [swap] = parse_requests("Monzo: Staff Engineer, not Senior Backend Engineer")
    assert (swap.kind, swap.field, swap.value) == (Kind.REPLACE, "Senior Backend Engineer", "Staff Engineer")
    assert understood_parts("remove Kafka and change the vibe") == (["remove Kafka"], ["change the vibe"])


@pytest.mark.parametrize(
    "text",
    [
        "Reduced phone support tickets by 30%",
        "is my CV any good?",
        "change it to 2020",
        "hello",
        "moved to a new team",
        "Monzo — great place",
    ],  # fmt: skip
)
def test_what_is_not_a_correction(text: str) -> None:
    assert parse_requests(text) == []


async def _open(service: Any, cv: str, user: str = "u1") -> None:
    await say(service, user=user, files=(IncomingFile(f"{cv}.json", FIXTURES[cv].read_bytes()),))


async def test_an_unsure_request_offers_readings_and_a_press_applies_one(service: Any, db: Any) -> None:
    await _open(service, "sam")
    sink = await say(service, "drop my last job")
    [offer] = sink.of_type(ButtonsEvent)
    assert "nothing is changed yet" in offer.text and "API" not in sink.text
    assert [b.label for b in offer.buttons] == [
        "Remove Senior Backend Engineer at Monzo",
        "Remove Junior Developer at Deliveroo",
    ]
    reading = offer.buttons[1].action
    assert isinstance(reading, Reading)
    sink = await say(service, button=reading)
    assert sink.text.startswith("Removed the job Junior Developer at Deliveroo.")
    work = (await loader(db)("u1"))["work"]
    assert [w["name"] for w in work] == ["Monzo", "Acme"]
    [offer] = (await say(service, "I left in 2024")).of_type(ButtonsEvent)  # which job? the one still going first
    assert [b.label for b in offer.buttons][0] == "Set the end date of Senior Backend Engineer at Monzo"


async def test_my_title_is_asked_about_and_a_language_held_gets_its_level(service: Any, db: Any) -> None:
    """'change my title to X' could be the headline or the current job; 'I speak Spanish at C1' is not a second one."""
    await _open(service, "sam", "t1")
    [offer] = (await say(service, "change my title to Staff Engineer", user="t1")).of_type(ButtonsEvent)
    assert [b.label for b in offer.buttons] == [
        "Set the headline to Staff Engineer",
        "Set the title of Senior Backend Engineer at Monzo",
    ]
    sink = await say(service, button=offer.buttons[1].action, user="t1")
    await say(service, "I speak spanish at C1 level now", user="t1")
    cv = await loader(db)("t1")
    assert (cv["basics"]["label"], cv["work"][0]["position"]) == ("Backend Engineer", "Staff Engineer"), sink.text
    assert [(lang["language"], lang["fluency"]) for lang in cv["languages"]][1] == ("Spanish", "C1")
    assert len(cv["languages"]) == 3


def test_a_section_said_first_and_there_said_after() -> None:
    """'skills: drop X and add Y' keeps the section for both; 'there' is the entry named before it."""
    drop, add = parse_requests("Skills: drop Kafka and add Rust")
    assert (drop.kind, drop.target, add.kind, add.value) == (
        Kind.REMOVE_ENTRY, EntryRef("skills", name="Kafka"), Kind.ADD_SKILLS, "Rust"
    )  # fmt: skip
    title, start = parse_requests("my title at Acme was Developer and I joined there in 2017")
    assert title.target == start.target == EntryRef(ANY, name="Acme")


def test_a_word_of_a_value_is_replaced_in_place() -> None:
    """'…, not Berlin' changes the word in 'Berlin, Germany'; a new value that holds the rest replaces it whole."""
    resume = {
        "work": [{"name": "X", "location": "Berlin, Germany"}],
        "education": [{"institution": "University of Leeds"}],
    }
    assert _within_places(resume, "Berlin", "Munich") == [("work", 0, "location", "Munich, Germany")]
    assert _within_places(resume, "Leeds", "University of York") == [
        ("education", 0, "institution", "University of York")
    ]


async def test_a_sample_of_the_corpus_through_the_service(service: Any, db: Any) -> None:
    """Every 40th phrasing: correct or, for the unsure ones, unchanged; never a wrong change."""
    load = loader(db)
    results = []
    for case in load_corpus()[::40]:
        user = f"c{case.id}"
        await _open(service, case.cv, user)
        before = await load(user)
        sink = await say(service, case.say, user=user)
        readings = any(isinstance(e, ButtonsEvent) and e.buttons[0].action.kind == "reading" for e in sink.events)
        results.append((case.say, outcome(case, before, await load(user), readings)))
    assert not [say for say, result in results if result == "wrong"]
    assert sum(result == "correct" for _, result in results) >= 0.9 * len(results), results
