"""Messy interview answers are stored tidied, and the person is told what changed (real database)."""

from __future__ import annotations

from typing import Any

from tests.app.assistant.guided.test_interview import run, stored
from tests.conftest import say


async def test_messy_answers_are_stored_tidied_and_said(service: Any, db: Any) -> None:
    await run(service, ["/new", "Sam Okafor"])
    sink = await say(service, "sam@example.com +44 20 7946 0958 ext. 123")
    assert sink.text.startswith("Saved: email sam@example.com, phone +44 20 7946 0958 ext. 123.")
    await say(service, "Leeds, UK")
    sink = await say(service, "senior backend engineer i guess")
    assert sink.text.startswith("Saved: Senior Backend Engineer (I left out the filler words). ")
    await say(service, "/skip")
    sink = await say(service, "backend engineer i guess at Sky Betting & Gaming, Leeds")
    assert sink.text.startswith(
        "Added: Backend Engineer at Sky Betting & Gaming in Leeds (I left out the filler words). When did you start"
    )
    await run(service, ["march 2021 - now", "/done", "no"])
    sink = await say(service, "BSc Computer Science, University of Leeds, 2:1, 2015 - 2018")
    assert sink.text.startswith("Added: BSc in Computer Science, University of Leeds, grade 2:1, 2015 – 2018.")
    await say(service, "no")
    sink = await say(service, "python, postgres, k8s, and I'm ok at grpc lol")
    assert sink.text.startswith(
        "Saved your skills: Python, PostgreSQL, Kubernetes, gRPC "
        "(I wrote 'postgres' as PostgreSQL, 'k8s' as Kubernetes and left out the filler words). Which languages"
    )
    sink = await say(service, "native English and a bit of German")
    assert sink.text.startswith(
        "Saved: English (Native), German (Elementary, A2). I read 'a bit of' as Elementary, A2. "
    )

    resume = (await stored(db)).resume.to_json()
    assert resume["basics"]["label"] == "Senior Backend Engineer"
    assert resume["basics"]["phone"] == "+44 20 7946 0958 ext. 123"
    assert resume["work"][0]["name"] == "Sky Betting & Gaming" and resume["work"][0]["location"] == "Leeds"
    assert resume["education"][0]["score"] == "2:1"
    assert [s["name"] for s in resume["skills"]] == ["Python", "PostgreSQL", "Kubernetes", "gRPC"]
    assert resume["languages"] == [
        {"language": "English", "fluency": "Native"},
        {"language": "German", "fluency": "Elementary, A2"},
    ]


async def test_adding_to_a_section_in_one_line_is_tidied_too(service: Any, db: Any) -> None:
    """The 'add …' paths that corrections use: skills, languages and interests."""
    await run(service, ["/new", "Ana Lima", "/cancel"])
    sink = await say(service, "add skills: k8s, js and stuff")
    assert sink.text.startswith(
        "Added the skills Kubernetes and JavaScript (I wrote 'k8s' as Kubernetes, 'js' as JavaScript "
        "and left out the filler words)."
    )
    assert (await say(service, "add language: some French")).text.startswith(
        "Added: French (Elementary, A2). I read 'some' as Elementary, A2."
    )
    resume = (await stored(db)).resume.to_json()
    assert [s["name"] for s in resume["skills"]] == ["Kubernetes", "JavaScript"]
    assert resume["languages"] == [{"language": "French", "fluency": "Elementary, A2"}]
