"""The offline guided interview end to end through ConversationService, on the real database."""

from __future__ import annotations

from typing import Any

from app.assistant.conversation import ConversationService
from app.cv.service import CvService
from app.events import ButtonsEvent, ToolFinished
from app.llm.scripted import ScriptedProvider
from db.repositories.users import UserRepository
from tests.conftest import say
from tools.registry import REGISTRY

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
    """The open CV as the database has it now."""
    async with db.session_scope() as session:
        user = await UserRepository(session).find_by_identity(*account)
        assert user is not None
        return await CvService(session, user.id).load()


async def run(service: Any, messages: list[str], **turn: Any) -> list[Any]:
    return [await say(service, message, **turn) for message in messages]


async def test_the_whole_interview_builds_the_cv(service: Any, db: Any) -> None:
    replies = await run(service, MARIA)
    assert replies[0].text.startswith("Let's build your CV.") and "What is your full name?" in replies[0].text
    assert replies[1].text == "Thanks, Maria. Your email and phone? (e.g. maria@example.com, +48 600 123 456)"
    assert replies[2].text.startswith("Saved: email maria.k@example.com, phone +48 600 123 456. Where are you based?")
    assert replies[3].text.startswith("Saved: Warsaw, Poland. Your professional headline")
    assert replies[6].text.startswith("Added: Staff Engineer at PayFlow GmbH. When did you start")
    assert replies[7].text.startswith("Saved: Mar 2021 – Present. What did you achieve there?")
    assert (
        replies[8].text
        == 'Added: "Designed the ledger service that settles 2.1M transactions a day." Next one, or /done.'
    )
    assert replies[10].text == "Another job before this one? (yes/no)"
    assert replies[11].text.startswith("The job before that: title and company?")
    assert replies[13].text.startswith("Saved: Jan 2017 – Feb 2021.")
    assert replies[19].text.startswith("Saved: 2010 – 2015. Another degree or school?")
    assert replies[21].text.startswith("Saved your skills: Python, Go, PostgreSQL, Kafka. Which languages")
    assert replies[22].text.startswith("Saved: English (C1), German (B2), Polish (Native).")
    final = replies[-1]
    assert final.text.startswith(
        "That's the whole interview — nicely done. Your CV has contact details, a summary, 2 jobs, "
        "1 school, 4 skills, 3 languages and 1 project."
    )
    buttons = final.of_type(ButtonsEvent)[0].buttons
    assert [(b.label, b.action.as_text()) for b in buttons] == [
        ("Show CV", "/show"),
        ("Check against a job ad", "/ats"),
        ("Export PDF", "/export"),
    ]

    state = await stored(db)
    assert state.resume.to_json() == EXPECTED
    # Every stored answer is one version (each language is one): 21 changes after the empty CV.
    assert state.version.number == 22


async def test_answers_can_come_in_one_go(service: Any, db: Any) -> None:
    """Dates with the job, degree and dates with the school, a description with the project."""
    await run(service, ["/new", "Jan Nowak", "jan@example.com", "/skip", "/skip", "/skip", "/skip"])
    sink = await say(service, "Data analyst, Acme Corp, 2019 - 2023")
    assert sink.text.startswith("Added: Data Analyst at Acme Corp, 2019 – 2023. What did you achieve there?")
    await run(service, ["/done"])
    sink = await say(service, "Junior analyst at Beta Ltd, since 2017")  # straight on instead of "yes"
    assert sink.text.startswith("Added: Junior Analyst at Beta Ltd, 2017 – Present.")
    await run(service, ["no", "no"])
    sink = await say(service, "BSc Economics, Warsaw School of Economics, 2014-2017")
    assert sink.text.startswith("Added: BSc in Economics, Warsaw School of Economics, 2014 – 2017. Another degree")
    await run(service, ["no", "SQL, Excel", "/skip"])
    sink = await say(service, "churn-model: a churn model in scikit-learn")
    assert sink.text.startswith("Added: churn-model — A churn model in scikit-learn. Another project?")
    resume = (await stored(db)).resume.to_json()
    assert [(w["position"], w["startDate"], w.get("endDate")) for w in resume["work"]] == [
        ("Data Analyst", "2019", "2023"),
        ("Junior Analyst", "2017", None),
    ]
    assert resume["education"] == [
        {"institution": "Warsaw School of Economics", "studyType": "BSc", "area": "Economics",
         "startDate": "2014", "endDate": "2017"}
    ]  # fmt: skip


async def test_a_start_date_alone_asks_whether_the_job_goes_on(service: Any, db: Any) -> None:
    await run(service, ["/new", "Ana Lima", "/skip", "/skip", "/skip", "/skip", "Nurse at St Mary's Hospital"])
    assert (await say(service, "may 2019")).text.startswith("Saved: started May 2019. Are you still working there?")
    sink = await say(service, "no, I left in 2018")
    assert "the end date is before the start date" in sink.text and "Are you still working there?" in sink.text
    assert (await say(service, "no")).text.startswith("When did you leave?")
    assert (await say(service, "June 2023")).text.startswith("Saved: May 2019 – Jun 2023. What did you achieve")
    work = (await stored(db)).resume.to_json()["work"]
    assert work == [{"name": "St Mary's Hospital", "position": "Nurse", "startDate": "2019-05", "endDate": "2023-06"}]


async def test_bad_answers_are_asked_again_and_store_nothing(service: Any, db: Any) -> None:
    await say(service, "/new")
    assert "doesn't look like a name" in (await say(service, "call me at 555-1234")).text
    await say(service, "Jan Nowak")
    versions = (await stored(db)).version.number
    sink = await say(service, "jan.nowak@example")
    assert sink.text.startswith("'jan.nowak@example' doesn't look like a complete email address")
    assert "Your email and phone?" in sink.text
    assert "couldn't find an email or a phone" in (await say(service, "ask my assistant")).text
    assert "And your phone number" in (await say(service, "jan@example.com")).text
    assert "couldn't find a phone number" in (await say(service, "call me")).text
    await run(service, ["/skip", "/skip", "/skip", "/skip", "Engineer at Acme"])
    versions += 2  # the email, the job
    assert "I need at least the start" in (await say(service, "a while ago")).text
    sink = await say(service, "2021-13 to 2022")
    assert sink.text.startswith("2021-13: the month must be 01 to 12. When did you start")
    sink = await say(service, "2022 - 2019")
    assert "the end date is before the start date" in sink.text and "When did you start" in sink.text
    assert (await stored(db)).version.number == versions  # nothing stored by the bad answers
    await say(service, "2019 - 2022")
    assert "That's a bit short for an achievement" in (await say(service, "ok")).text
    assert "That's a bit short" in (await say(service, "2019 - 2022")).text  # dates are not an achievement
    resume = (await stored(db)).resume.to_json()
    assert resume["work"] == [{"name": "Acme", "position": "Engineer", "startDate": "2019", "endDate": "2022"}]
    assert resume["basics"] == {"name": "Jan Nowak", "email": "jan@example.com"}


async def test_corrections_during_the_interview(service: Any, db: Any) -> None:
    await run(service, MARIA[:2])
    sink = await say(service, "my email is maria@example.com")  # answers the question: no re-ask of both
    assert sink.text.startswith("Saved: email maria@example.com. And your phone number")
    await run(service, ["/skip", *MARIA[3:9]])
    sink = await say(service, "change my phone to +49 30 1234567")
    assert sink.text.startswith("Saved: phone +49 30 1234567.")
    assert sink.text.endswith("Back to that job: your next achievement, or /done.")
    await say(service, "Reduced phone support tickets by 30%")  # an achievement, not a correction
    sink = await say(service, "remove the first bullet")
    assert sink.text.startswith('Removed "Designed the ledger service that settles 2.1M transactions a day." from')
    await say(service, "change the title of the first job to Principal Engineer")
    sink = await say(service, "undo")
    assert sink.text.startswith("Undid: Changed the title of your PayFlow GmbH job (now version")
    assert "your next achievement" in sink.text
    await say(service, "Mentored six engineers")  # still adds to the job being filled in

    resume = (await stored(db)).resume.to_json()
    assert resume["basics"]["email"] == "maria@example.com"
    assert resume["basics"]["phone"] == "+49 30 1234567"
    assert resume["work"][0]["position"] == "Staff Engineer"
    assert resume["work"][0]["highlights"] == ["Reduced phone support tickets by 30%.", "Mentored six engineers."]


async def test_removing_the_job_being_filled_in_moves_on(service: Any, db: Any) -> None:
    await run(service, [*MARIA[:13], "2017 - 2021"])
    sink = await say(service, "remove the second job")
    assert sink.text.startswith("Removed the job Senior Backend Developer at SearchWorks. /undo brings it back.")
    assert "The entry we were filling in is gone" in sink.text
    assert sink.text.endswith("The job before that: title and company? (/done if that was all)")
    assert [w["name"] for w in (await stored(db)).resume.to_json()["work"]] == ["PayFlow GmbH"]


async def test_corrections_after_the_interview(service: Any, db: Any) -> None:
    await run(service, MARIA)
    assert (await say(service, "remove the second job")).text == (
        "Removed the job Senior Backend Developer at SearchWorks. /undo brings it back."
    )
    assert (await say(service, "remove skill Go")).text == "Removed Go from your skills. /undo brings it back."
    assert (await say(service, "add skills: Redis, kafka")).text == "Added the skill Redis."
    sink = await say(service, "remove the fifth project")
    assert sink.text == "There is no project number 5. The CV has: 1. ledgerlite."
    sink = await say(service, "change the end date of the PayFlow job to June 2023")
    assert sink.text == "Saved: the end date of Staff Engineer at PayFlow GmbH is now Jun 2023."
    assert "2021-13: the month" in (await say(service, "change the start date of job 1 to 2021-13")).text
    assert "Undid: Changed the end date of your PayFlow GmbH job" in (await say(service, "undo")).text
    sink = await say(service, "show my cv")
    assert "1. Staff Engineer, PayFlow GmbH (Mar 2021 – Present)" in sink.text
    assert "Removed" not in sink.text and "**Skills**\nPython · PostgreSQL · Kafka · Redis" in sink.text

    resume = (await stored(db)).resume.to_json()
    assert [w["name"] for w in resume["work"]] == ["PayFlow GmbH"]
    assert resume["work"][0].get("endDate") is None
    assert [s["name"] for s in resume["skills"]] == ["Python", "PostgreSQL", "Kafka", "Redis"]


async def test_adding_a_job_later_keeps_the_newest_first(service: Any, db: Any) -> None:
    await run(service, MARIA[:21])  # the interview is at the skills now
    sink = await say(service, "add another job")
    assert sink.text == "Which job should I add? Title and company, please (e.g. Data Analyst at Acme)."
    sink = await say(service, "Developer at Allegro, 2019 - 2020")
    assert "I put it in date order, newest first." in sink.text
    await say(service, "Built the pricing API")
    sink = await say(service, "/done")
    assert sink.text == "Another job to add? (yes/no)"
    sink = await say(service, "no")
    assert sink.text.startswith("Back to where we were: Your key skills")
    await say(service, "Python")
    work = (await stored(db)).resume.to_json()["work"]
    assert [w["name"] for w in work] == ["PayFlow GmbH", "Allegro", "SearchWorks"]
    assert work[1]["highlights"] == ["Built the pricing API."]


async def test_every_tool_is_reachable_in_plain_words(service: Any, db: Any) -> None:
    """With no model, the interview and requests in plain words reach every tool that reads or edits a CV."""
    requests = [
        "add certificate AWS Solutions Architect, Amazon, 2023",
        "add award Best Paper, ACM SIGMOD, 2020",
        "add publication Scaling ledgers, ACM Queue, 2022",
        "add volunteering: Mentor at Code for Poland, 2019 - 2022",
        "add interests: chess, climbing",
        "add reference Jan Nowak: Maria led our payments team",
        "add skill Rust (advanced)",
        "add a bullet to the SearchWorks job: Mentored four juniors",
        "move the SearchWorks job to the top",
        "change my linkedin to linkedin.com/in/mariak",
        "remove my linkedin",
        "remove the last award",
        "undo",
        "history",
        "show my cv",
        "export as json",
    ]
    sinks = [*await run(service, MARIA), *await run(service, requests)]
    assert [s.text for s in sinks[-16:-13]] == [
        "Added certificate: AWS Solutions Architect, Amazon, 2023.",
        "Added award: Best Paper, ACM SIGMOD, 2020.",
        "Added publication: Scaling ledgers, ACM Queue, 2022.",
    ]
    used = {e.name for sink in sinks for e in sink.of_type(ToolFinished) if e.ok}
    # Every tool that edits a CV's content has plain words in the guided mode; tools of other groups (files,
    # versions, ATS, accounts) are reached through slash commands, uploads or the ATS check, tested with those.
    editing = {t.name for t in REGISTRY if t.group in ("basics", "entries", "more_sections", "edit")}
    assert editing <= used, f"no plain words reach {sorted(editing - used)}"
    assert {"create_cv", "get_cv", "undo", "list_versions", "export_json_resume"} <= used
    resume = (await stored(db)).resume.to_json()
    assert resume["volunteer"] == [
        {"organization": "Code for Poland", "position": "Mentor", "startDate": "2019", "endDate": "2022"}
    ]
    assert resume["awards"] == [{"title": "Best Paper", "awarder": "ACM SIGMOD", "date": "2020"}]
    assert resume["references"] == [{"name": "Jan Nowak", "reference": "Maria led our payments team."}]
    assert resume["skills"][-1] == {"name": "Rust", "level": "Advanced"}
    assert resume["work"][0]["name"] == "SearchWorks"
    assert "profiles" not in resume["basics"]  # set, then removed


async def test_skip_done_cancel_continue(service: Any) -> None:
    await say(service, "/new")
    await say(service, "Ana Lima")
    assert "Where are you based?" in (await say(service, "/skip")).text
    assert "Your professional headline" in (await say(service, "no")).text  # "no" passes on the question
    assert (await say(service, "/done")).text.startswith("Nothing to finish here")
    assert "Stopped the interview" in (await say(service, "/cancel")).text
    sink = await say(service, "hello")
    assert sink.text.startswith("Hi! I'm the offline guided mode") and "/continue picks it up" in sink.text
    assert "API_KEY" not in sink.text  # no paragraph about API keys in the offline mode
    assert "Your professional headline" in (await say(service, "/continue")).text
    assert (await say(service, "product designer")).text.startswith("Saved: Product Designer. In two or three")


async def test_questions_the_cv_already_answers_are_skipped(service: Any, db: Any) -> None:
    await run(service, ["/new", "Maria Kowalska"])
    sink = await say(service, "my city is Berlin")  # given ahead of its question
    assert sink.text == "Saved: city Berlin.\n\nYour email and phone? (e.g. maria@example.com, +48 600 123 456)"
    sink = await say(service, "maria@example.com +49 30 1234567")
    assert sink.text.startswith("Saved: email maria@example.com, phone +49 30 1234567. Your professional headline")
    await run(service, ["/skip", "/skip"])
    assert (await say(service, "add skills: Go, Rust")).text.startswith("Added the skills Go and Rust.")
    await run(service, ["/skip"])  # no jobs
    assert (await say(service, "/skip")).text.startswith("Which languages do you speak")  # skills are there
    await run(service, ["/skip", "/skip"])
    assert (await say(service, "/continue")).text.startswith("Your professional headline")  # the first gap
    assert (await say(service, "/skip")).text.startswith("In two or three sentences")


async def test_continuing_after_a_restart_and_in_another_channel(db: Any, settings: Any) -> None:
    first = ConversationService(db, settings)
    await run(first, MARIA[:4], user="me", channel="cli", account_channel="local")
    restarted = ConversationService(db, settings)
    sink = await say(restarted, "Staff Engineer", user="me", channel="web", account_channel="local", thread_id="t-1")
    assert sink.text.startswith("Saved: Staff Engineer. In two or three sentences")
    state = await stored(db, ("local", "me"))
    assert state.resume.basics.label == "Staff Engineer" and state.resume.basics.name == "Maria Kowalska"


async def test_free_text_without_a_cv_or_an_interview(service: Any) -> None:
    assert "There is no CV yet" in (await say(service, "hello there")).text
    assert "There is no CV yet" in (await say(service, "change my phone to +48 600 123 456")).text
    assert "offline guided mode" in (await say(service, "help")).text
    assert "no interview running" in (await say(service, "/skip")).text


async def test_opening_another_cv_pauses_the_interview(service: Any) -> None:
    created = await say(service, "/new")
    maria = created.of_type(ToolFinished)[0].summary.split()[4]  # "Created a new CV <id> and opened it."
    await say(service, "Maria Kowalska")
    await run(service, ["/new", "Jan Nowak", f"/open {maria}"])
    sink = await say(service, "jan@example.com")  # the interview is Jan's, the open CV is Maria's
    assert sink.text.startswith("The interview was for another CV")
    assert sink.of_type(ToolFinished) == []
    assert (await say(service, "/continue")).text.startswith("Your email and phone?")  # where Maria's CV stopped
    assert (await say(service, "maria@example.com")).text.startswith("Saved: email maria@example.com.")


async def test_new_with_a_model_hands_over_to_it(db: Any, settings: Any) -> None:
    service = ConversationService(db, settings, provider=ScriptedProvider())
    sink = await say(service, "/new")
    assert sink.text == (
        "New CV started. Tell me about your most recent job — title, company, when you started — in your own words."
    )
    assert (await stored(db)).version.number == 1
