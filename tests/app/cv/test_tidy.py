"""Tidying typed answers: each rule with the note the person reads (table-driven, no database)."""

from __future__ import annotations

import pytest

from app.ats.vocab import key_of, vocabulary
from app.cv.parse import find_phone
from app.cv.tidy import SPELLINGS, USUAL_NAMES, canonical_skill, tidy_headline, tidy_list
from app.cv.tidy_entries import split_company_location, split_grade, tidy_languages


@pytest.mark.parametrize(
    ("typed", "usual"),
    [
        ("python", "Python"), ("postgres", "PostgreSQL"), ("k8s", "Kubernetes"), ("grpc", "gRPC"),
        ("js", "JavaScript"), ("node", "Node.js"), ("aws", "AWS"), ("golang", "Go"), ("PYTHON", "Python"),
        ("postgresql", "PostgreSQL"), ("nodejs", "Node.js"), ("c#", "C#"), (".net", ".NET"), ("dbt", "dbt"),
        ("llms", "LLMs"), ("ios", "iOS"), ("numpy", "NumPy"), ("kafka", "Kafka"), ("ci/cd", "CI/CD"),
        # unknown names keep the person's spelling; lower case is capitalised, a vowelless one is an acronym
        ("ledgerlite", "Ledgerlite"), ("cqrs", "CQRS"), ("FooBar", "FooBar"), ("event storming", "Event storming"),
        # a name typed with its own capitals is not re-cased to the vocabulary's sentence case
        ("Project Management", "Project Management"), ("project management", "Project management"),
    ],
)  # fmt: skip
def test_skill_names_take_their_usual_form(typed: str, usual: str) -> None:
    assert canonical_skill(typed) == usual


def test_every_usual_name_is_the_same_skill_to_the_matcher() -> None:
    """A rename never turns one skill into another: the ATS matcher reads both as the same skill."""
    vocab = vocabulary()
    for typed, usual in USUAL_NAMES.items():
        assert vocab.canonical(usual) is not None, usual
        known = vocab.canonical(typed)  # "Mongo DB" is a second spelling of MongoDB in the O*NET names
        assert known is None or "".join(key_of(known)) == "".join(key_of(str(vocab.canonical(usual)))), typed
    for typed, spelled in SPELLINGS.items():
        assert typed == spelled.lower()


@pytest.mark.parametrize(
    ("typed", "items", "said"),
    [
        ("python, postgresql, k8s", ["Python", "PostgreSQL", "Kubernetes"], " (I wrote 'k8s' as Kubernetes)"),
        ("python, postgres, k8s", ["Python", "PostgreSQL", "Kubernetes"],
         " (I wrote 'postgres' as PostgreSQL and 'k8s' as Kubernetes)"),
        ("python, sql, and I'm ok at java", ["Python", "SQL", "Java"], " (I left out the filler words)"),
        ("grpc, js, node, aws etc", ["gRPC", "JavaScript", "Node.js", "AWS"],
         " (I wrote 'js' as JavaScript, 'node' as Node.js and left out the filler words)"),
        ("i know some rust and a bit of go lol", ["Rust", "Go"], " (I left out the filler words)"),
        ("maybe kafka, kind of spark and stuff", ["Kafka", "Spark"], " (I left out the filler words)"),
        ("pretty good with docker; familiar with terraform", ["Docker", "Terraform"],
         " (I left out the filler words)"),
        ("python django postgres", ["Python", "Django", "PostgreSQL"], " (I wrote 'postgres' as PostgreSQL)"),
        ("html/css, ci/cd", ["HTML", "CSS", "CI/CD"], ""),
        ("Python, python, Go", ["Python", "Go"], " (I kept Python once)"),
        ("react (mostly hooks), typescript", ["React", "TypeScript"], " (I left out 'mostly hooks')"),
        ("Sales and Marketing", ["Sales and Marketing"], ""),
        ("Python, Go, PostgreSQL and Kafka", ["Python", "Go", "PostgreSQL", "Kafka"], ""),
        ("etc lol", [], " (I left out the filler words)"),
        ("I'm really good at python and ok with sql", ["Python", "SQL"], " (I left out the filler words)"),
        ("Terraform, so-so bash, definitely go", ["Terraform", "Bash", "Go"], " (I left out the filler words)"),
        ("AWS (EC2, S3, Lambda), Go", ["AWS", "EC2", "S3", "Lambda", "Go"], ""),
        ("Excel (advanced), Spring Boot", ["Excel (advanced)", "Spring Boot"], ""),
        ("python, and I led a team of 5", ["Python"], " (I left out 'I led a team of 5')"),
        ("python (5 years), go", ["Python", "Go"], " (I left out '5 years')"),
        ("python, sql, and java", ["Python", "SQL", "Java"], ""),
    ],
)  # fmt: skip
def test_skill_lists_are_tidied_and_said(typed: str, items: list[str], said: str) -> None:
    tidied = tidy_list(typed)
    assert (tidied.items, tidied.said()) == (items, said)


def test_other_lists_are_only_capitalised() -> None:
    tidied = tidy_list("chess (competitive), bouldering and stuff, k8s", skills=False)
    assert (tidied.items, tidied.said()) == (
        ["Chess (competitive)", "Bouldering", "K8s"],
        " (I left out the filler words)",
    )


@pytest.mark.parametrize(
    ("typed", "headline", "said"),
    [
        ("senior backend engineer i guess", "Senior Backend Engineer", " (I left out the filler words)"),
        ("I'm a staff engineer, I think", "Staff Engineer", " (I left out the filler words)"),
        ("well i'm kind of a data scientist lol", "Data Scientist", " (I left out the filler words)"),
        ("maybe product designer?", "Product Designer", " (I left out the filler words)"),
        ("senior-ish engineer...", "Senior Engineer", " (I left out the filler words)"),
        ("aws engineer", "AWS Engineer", ""),
        ("ios developer", "iOS Developer", ""),
        ("I'm a backend engineer.", "Backend Engineer", ""),
        ("Head of data", "Head of Data", ""),
        ("Wells Fargo analyst", "Wells Fargo analyst", ""),
    ],
)
def test_headlines_lose_hedges(typed: str, headline: str, said: str) -> None:
    tidied = tidy_headline(typed)
    assert (tidied.text, tidied.said()) == (headline, said)


@pytest.mark.parametrize(
    ("typed", "languages", "shown", "sentence"),
    [
        ("a bit of German", [("German", "Elementary, A2")], "German (Elementary, A2)",
         " I read 'a bit of' as Elementary, A2."),
        ("fluent french", [("French", "Fluent")], "French (Fluent)", ""),
        ("native English", [("English", "Native")], "English (Native)", ""),
        ("native English speaker", [("English", "Native")], "English (Native)", ""),
        ("conversational Spanish", [("Spanish", "Conversational")], "Spanish (Conversational)", ""),
        ("German B2", [("German", "B2")], "German (B2)", ""),
        ("German at B2 level", [("German", "B2")], "German (B2)", ""),
        ("basic italian", [("Italian", "Basic")], "Italian (Basic)", ""),
        ("Spanish: conversational (B1)", [("Spanish", "Conversational, B1")], "Spanish (Conversational, B1)", ""),
        ("polish mother tongue", [("Polish", "Native")], "Polish (Native)", ""),
        ("fluent in Dutch", [("Dutch", "Fluent")], "Dutch (Fluent)", ""),
        ("I'm learning Japanese", [("Japanese", "Beginner, A1")], "Japanese (Beginner, A1)",
         " I read 'learning' as Beginner, A1."),
        ("I speak fluent french and some russian", [("French", "Fluent"), ("Russian", "Elementary, A2")],
         "French (Fluent), Russian (Elementary, A2)", " I read 'some' as Elementary, A2."),
        ("English (native), French - B2, German", [("English", "Native"), ("French", "B2"), ("German", None)],
         "English (Native), French (B2), German", ""),
        ("Italian ok, Czech almost fluent", [("Italian", "Intermediate, B1"), ("Czech", "Advanced, C1")],
         "Italian (Intermediate, B1), Czech (Advanced, C1)",
         " I read 'ok' as Intermediate, B1 and 'almost fluent' as Advanced, C1."),
        ("Deutsch (Muttersprache), Englisch (C1)", [("Deutsch", "Muttersprache"), ("Englisch", "C1")],
         "Deutsch (Muttersprache), Englisch (C1)", ""),
        ("French (DELF B2), English - B2+", [("French", "DELF B2"), ("English", "B2+")],
         "French (DELF B2), English (B2+)", ""),
    ],
)  # fmt: skip
def test_languages_get_a_level(typed: str, languages: list[tuple[str, str | None]], shown: str, sentence: str) -> None:
    tidied = tidy_languages(typed)
    assert (tidied.languages, tidied.shown(), tidied.sentence()) == (languages, shown, sentence)


@pytest.mark.parametrize(
    ("typed", "split"),
    [
        ("Sky Betting & Gaming, Leeds", ("Sky Betting & Gaming", "Leeds")),
        ("Monzo in London", ("Monzo", "London")),
        ("Google (Zurich)", ("Google", "Zurich")),
        ("Monzo, London, UK", ("Monzo", "London, UK")),
        ("Deliveroo, remote", ("Deliveroo", "Remote")),
        ("sky betting & gaming, leeds", ("sky betting & gaming", "Leeds")),
        # the last part is no place: the name stays whole
        ("Acme, Inc.", ("Acme, Inc", None)),
        ("Smith, Jones & Partners", ("Smith, Jones & Partners", None)),
        ("Ernst & Young, Global Services", ("Ernst & Young, Global Services", None)),
        ("PwC, Assurance", ("PwC, Assurance", None)),
        ("Bank in a box", ("Bank in a box", None)),
        ("PayFlow GmbH", ("PayFlow GmbH", None)),
    ],
)
def test_a_company_and_its_place(typed: str, split: tuple[str, str | None]) -> None:
    assert split_company_location(typed) == split


@pytest.mark.parametrize(
    ("typed", "split"),
    [
        ("BSc Computer Science, University of Leeds, 2:1", ("BSc Computer Science, University of Leeds", "2:1")),
        ("MSc CS with distinction", ("MSc CS", "Distinction")),
        ("GPA 3.8", ("", "GPA 3.8")),
        ("2014 - 2018, GPA 3.8/4.0", ("2014 - 2018", "GPA 3.8/4.0")),
        ("3.8/4.0", ("", "3.8/4.0")),
        ("BA History, magna cum laude", ("BA History", "Magna cum laude")),
        ("BSc Physics, First", ("BSc Physics", "First")),
        ("BEng (Hons), first class honours", ("BEng (Hons)", "First class honours")),
        ("MSc Informatik, TU München, Note 1,3", ("MSc Informatik, TU München", "Note 1,3")),
        ("graduated with a 2:1", ("", "2:1")),
        ("Laurea, 110/110 cum laude", ("Laurea", "110/110 cum laude")),
        ("University of Warsaw, 2010 - 2015", ("University of Warsaw, 2010 - 2015", None)),
        ("First Aid Certificate", ("First Aid Certificate", None)),
    ],
)
def test_a_degree_keeps_its_grade(typed: str, split: tuple[str, str | None]) -> None:
    assert split_grade(typed) == split


@pytest.mark.parametrize(
    ("typed", "phone"),
    [
        ("+44 20 7946 0958 ext. 123", "+44 20 7946 0958 ext. 123"),
        ("call +44 20 7946 0958 x123", "+44 20 7946 0958 ext. 123"),
        ("+1 415 555 0100, extension 45", "+1 415-555-0100 ext. 45"),
        ("+48600123456", "+48 600 123 456"),
        ("maria@example.com +48 600 123 456", "+48 600 123 456"),
    ],
)
def test_a_phone_keeps_its_extension(typed: str, phone: str) -> None:
    assert find_phone(typed) == phone
