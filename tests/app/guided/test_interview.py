"""The offline guided interview end to end through ConversationService, on the real database."""

from __future__ import annotations

from typing import Any

from app.conversation import ConversationService
from app.cv.service import CvService
from app.events import ButtonsEvent
from db.repositories.users import UserRepository
from tests.conftest import say

MARIA = [
    "/new",
    "maria kowalska",
    "maria.k@example.com +48600123456",
    "Warsaw, Poland",
    "staff engineer",
    "Backend engineer with 11 years in payments",
    "Staff engineer at PayFlow GmbH",
    "march 2021, still there",
    "I designed the ledger service that settles 2.1M transactions a day",
    "Cut p99 latency from 900 ms to 120 ms",
    "/done",
    "yes",
    "SearchWorks, Senior Backend Developer",
    "Jan 2017 - Feb 2021",
    "Built the indexing pipeline in Go and Kafka",
    "/done",
    "no",
    "University of Warsaw",
    "MSc Computer Science",
    "2010 - 2015",
    "no",
    "Python, Go, PostgreSQL and Kafka",
    "English C1, German B2, Polish native",
    "ledgerlite",
    "An open-source double-entry ledger library",
    "no",
]
EXPECTED = {
    "basics": {
        "name": "Maria Kowalska",
        "label": "Staff Engineer",
        "email": "maria.k@example.com",
        "phone": "+48 600 123 456",
        "summary": "Backend engineer with 11 years in payments.",
        "location": {"city": "Warsaw", "countryCode": "PL"},
    },
    "work": [
        {
            "name": "PayFlow GmbH",
            "position": "Staff Engineer",
            "startDate": "2021-03",
            "highlights": [
                "Designed the ledger service that settles 2.1M transactions a day.",
                "Cut p99 latency from 900 ms to 120 ms.",
            ],
        },
        {
            "name": "SearchWorks",
            "position": "Senior Backend Developer",
            "startDate": "2017-01",
            "endDate": "2021-02",
            "highlights": ["Built the indexing pipeline in Go and Kafka."],
        },
    ],
    "education": [
        {
            "institution": "University of Warsaw",
            "area": "Computer Science",
            "studyType": "MSc",
            "startDate": "2010",
            "endDate": "2015",
        }
    ],
    "skills": [{"name": "Python"}, {"name": "Go"}, {"name": "PostgreSQL"}, {"name": "Kafka"}],
    "languages": [
        {"language": "English", "fluency": "C1"},
        {"language": "German", "fluency": "B2"},
        {"language": "Polish", "fluency": "Native"},
    ],
    "projects": [{"name": "ledgerlite", "description": "An open-source double-entry ledger library."}],
}


async def stored(db: Any, account: tuple[str, str] = ("cli", "u1")) -> Any:
    async with db.session_scope() as session:
        user = await UserRepository(session).find_by_identity(*account)
        assert user is not None
        return await CvService(session, user.id).load()


async def test_the_whole_interview_builds_the_cv(service: Any, db: Any) -> None:
    replies = [await say(service, message) for message in MARIA]
    assert "What is your full name?" in replies[0].text
    assert replies[1].text.startswith("Thanks, Maria. Your email and phone?")
    assert replies[2].text.startswith("Saved: email maria.k@example.com, phone +48 600 123 456.")
    assert replies[7].text.startswith("Saved: Mar 2021 – Present.")
    assert 'Added: "Designed the ledger service that settles 2.1M transactions a day."' in replies[8].text
    final = replies[-1]
    assert (
        "Your CV has contact details, a summary, 2 jobs, 1 education entry, 4 skills, 3 languages and 1 project."
        in final.text
    )
    buttons = final.of_type(ButtonsEvent)[0].buttons
    assert [b.label for b in buttons] == ["Show CV", "Check against a job ad", "Export PDF", "Undo"]

    state = await stored(db)
    assert state.resume.to_json() == EXPECTED
    # Every stored answer is one version (each language is one): 21 changes after the empty CV.
    assert state.version.number == 22


async def test_corrections_mid_interview_and_after(service: Any, db: Any) -> None:
    for message in MARIA[:9]:
        await say(service, message)
    sink = await say(service, "change my phone to +49 30 1234567")
    assert "Updated contact details: phone" in sink.text
    assert "What did you achieve there?" in sink.text  # the pending question again
    await say(service, "Reduced phone support tickets by 30%")  # an answer, not a correction
    for message in MARIA[10:]:
        await say(service, message)
    assert "Removed job Senior Backend Developer at SearchWorks" in (await say(service, "remove the second job")).text
    await say(service, "remove skill Go")
    await say(service, "add skills: Redis, kafka")
    sink = await say(service, "remove the fifth project")
    assert "no project number 5" in sink.text

    resume = (await stored(db)).resume.to_json()
    assert resume["basics"]["phone"] == "+49 30 1234567"
    assert resume["work"][0]["highlights"][-1] == "Reduced phone support tickets by 30%."
    assert [w["name"] for w in resume["work"]] == ["PayFlow GmbH"]
    assert [s["name"] for s in resume["skills"]] == ["Python", "PostgreSQL", "Kafka", "Redis"]

    assert "Undid: Added skills: Redis" in (await say(service, "undo")).text
    assert "Redis" not in str((await stored(db)).resume.to_json()["skills"])


async def test_bad_answers_are_asked_again_and_store_nothing(service: Any, db: Any) -> None:
    await say(service, "/new")
    assert "doesn't look like a name" in (await say(service, "call me at 555-1234")).text
    await say(service, "Jan Nowak")
    assert "couldn't find an email or a phone" in (await say(service, "no thanks")).text
    assert "And your phone number" in (await say(service, "jan@example.com")).text
    await say(service, "/skip")
    await say(service, "/skip")  # location
    await say(service, "/skip")  # headline
    await say(service, "/skip")  # summary
    await say(service, "Engineer at Acme")
    assert "I need at least the start" in (await say(service, "a while ago")).text
    sink = await say(service, "2021-13 to 2022")
    assert "month and year" in sink.text or "01 to 12" in sink.text
    sink = await say(service, "2022 - 2019")
    assert "the end date is before the start date" in sink.text
    assert "When did you start" in sink.text
    await say(service, "2019 - 2022")
    resume = (await stored(db)).resume.to_json()
    assert resume["work"] == [{"name": "Acme", "position": "Engineer", "startDate": "2019", "endDate": "2022"}]
    assert resume["basics"] == {"name": "Jan Nowak", "email": "jan@example.com"}


async def test_skip_done_cancel_continue(service: Any) -> None:
    await say(service, "/new")
    await say(service, "Ana Lima")
    assert "Where are you based?" in (await say(service, "/skip")).text
    assert "Nothing to finish here" in (await say(service, "/done")).text
    assert "Stopped the interview" in (await say(service, "/cancel")).text
    assert "offline guided mode" in (await say(service, "what now?")).text
    assert "Where are you based?" in (await say(service, "/continue")).text
    assert "Saved: Lisbon, PT" in (await say(service, "Lisbon, Portugal")).text


async def test_continuing_after_a_restart_and_in_another_channel(db: Any, settings: Any) -> None:
    first = ConversationService(db, settings)
    for message in MARIA[:4]:
        await say(first, message, user="me", channel="cli", account_channel="local")
    restarted = ConversationService(db, settings)
    sink = await say(restarted, "Staff Engineer", user="me", channel="web", account_channel="local", thread_id="t-1")
    assert sink.text.startswith("Saved: Staff Engineer.")
    state = await stored(db, ("local", "me"))
    assert state.resume.basics.label == "Staff Engineer" and state.resume.basics.name == "Maria Kowalska"


async def test_free_text_without_a_cv_or_interview(service: Any) -> None:
    assert "There is no CV yet" in (await say(service, "hello there")).text
    assert "There is no CV yet" in (await say(service, "change my phone to +48 600 123 456")).text
    assert "no interview running" in (await say(service, "/skip")).text
