"""The import "with a model": a real PDF's text and the offline draft go through instructor and the real
SDKs to the fake OpenAI and Anthropic servers; every value the model returns is checked against the text."""

from __future__ import annotations

import copy
import io
import json
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from app.config import Settings
from app.cv.model import Resume
from app.imports.document import ImportResult, Line, ReadDocument, Uncertain
from app.imports.model import MODEL_FAILED, readable_enough, refine_with_model
from app.imports.verify import prepare_source, verify_against_source
from tests.fakes import anthropic_server as ant
from tests.fakes import openai_server as oai

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
TOOL = "CvFromText"  # the response model's name: instructor forces it as the one tool


@pytest.fixture(scope="session")
def cv_pdf_text() -> str:
    """The text layer of our classic design's PDF of the full fixture CV, read by pdfplumber (once)."""
    import pdfplumber

    from app.render import render_cv

    resume = Resume.model_validate(json.loads((FIXTURES / "full_resume.json").read_text()))
    pdf = render_cv(resume, "pdf", template="classic").data
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return "\n".join(page.extract_text() or "" for page in document.pages)


def settings_for(tmp_path: Path, **config: Any) -> Settings:
    return Settings(_env_file=None, altoc_data_dir=tmp_path, ALTOC_LLM_RETRIES=0, **config)  # type: ignore[call-arg]


def openai_settings(tmp_path: Path, server: oai.FakeOpenAI, **config: Any) -> Settings:
    return settings_for(tmp_path, openai_api_key="sk-test", openai_base_url=server.base_url, **config)


# What the model reads off the PDF's text when it does its job: every value as the text writes it.
FAITHFUL: dict[str, Any] = {
    "basics": {
        "name": "Maria Kowalska",
        "label": "Staff Engineer",
        "email": "maria.k@example.com",
        "phone": "+48 600 123 456",
        "url": "maria.example.com",
        "location": {"city": "Warsaw", "region": "Mazovia", "countryCode": "PL"},
        "profiles": [
            {"network": "LinkedIn", "url": "linkedin.com/in/mariak"},
            {"network": "GitHub", "url": "github.com/mariak"},
        ],
    },
    "summary": "Backend engineer with 11 years of experience building payment systems.",
    "work": [
        {
            "company": "PayFlow GmbH",
            "position": "Staff Engineer",
            "location": "Berlin, Germany",
            "start": "2021-03",
            "end": "Present",
            "highlights": [
                "Designed the ledger service that settles 2.1M transactions a day",
                "Cut p99 latency from 900 ms to 120 ms",
            ],
        },
        {
            "company": "SearchWorks",
            "position": "Senior Backend Developer",
            "start": "2017-01",
            "end": "2021-02",
            "highlights": ["Built the indexing pipeline in Go and Kafka"],
        },
    ],
    "education": [
        {
            "institution": "University of Warsaw",
            "area": "Computer Science",
            "studyType": "Master",
            "start": "2010-10",
            "end": "2015-06",
            "score": "5.0/5",
        }
    ],
    "skills": [
        {"name": "Backend", "level": "Expert", "keywords": ["Python", "Go", "PostgreSQL", "Kafka"]},
        {"name": "Cloud", "level": "Advanced", "keywords": ["Kubernetes", "AWS"]},
    ],
    "languages": [
        {"language": "Polish", "fluency": "Native"},
        {"language": "English", "fluency": "C1"},
        {"language": "German", "fluency": "B2"},
    ],
    "certificates": [{"name": "Certified Kubernetes Administrator", "issuer": "CNCF", "date": "2021-05"}],
    "projects": [
        {
            "name": "ledgerlite",
            "description": "An open-source double-entry ledger library",
            "url": "github.com/mariak/ledgerlite",
            "start": "2020-06",
            "end": "2024-01",
            "highlights": ["1.2k GitHub stars"],
        }
    ],
}


def draft() -> ImportResult:
    """An offline reading that found less: the model's reading replaces it where it says more, and the
    draft keeps what the compact model has no place for (volunteering) and fields the model left out."""
    return ImportResult(
        document={
            "basics": {"name": "Maria Kowalska", "email": "maria.k@example.com"},
            "work": [{"name": "PayFlow GmbH", "position": "Staff Engineer", "url": "https://payflow.example.com"}],
            "volunteer": [{"organization": "Code for Poland", "position": "Mentor", "startDate": "2019"}],
        },
        kind="pdf",
        unplaced=["SearchWorks", "Polish (Native) · English (C1) · German (B2)", "Jan Nowak, CTO at PayFlow"],
        uncertain=[
            Uncertain("work.0.position", "Staff Engineer", "Is 'Staff Engineer' your position at PayFlow GmbH?"),
            Uncertain("work.1.name", "SearchWorks", "Is 'SearchWorks' a company?"),
        ],
        notes=["Read from 2 pages."],
    )


async def test_a_faithful_reading_becomes_the_cv(tmp_path: Path, fake_openai: oai.FakeOpenAI, cv_pdf_text: str) -> None:
    fake_openai.enqueue(oai.tool_call(TOOL, FAITHFUL))
    result = await refine_with_model(draft(), cv_pdf_text, openai_settings(tmp_path, fake_openai))

    assert result.dropped == [] and result.notes == ["Read from 2 pages."] and result.kind == "pdf"
    document = result.document
    Resume.model_validate(document)
    assert document["basics"] == {
        "name": "Maria Kowalska",
        "label": "Staff Engineer",
        "email": "maria.k@example.com",
        "phone": "+48 600 123 456",
        "url": "maria.example.com",  # as the page writes it; pages link it with https://
        "summary": "Backend engineer with 11 years of experience building payment systems.",
        "location": {"city": "Warsaw", "region": "Mazovia", "countryCode": "PL"},
        "profiles": [
            {"network": "LinkedIn", "url": "linkedin.com/in/mariak"},
            {"network": "GitHub", "url": "github.com/mariak"},
        ],
    }
    assert document["work"] == [
        {
            "name": "PayFlow GmbH",
            "location": "Berlin, Germany",
            "position": "Staff Engineer",
            "url": "https://payflow.example.com",  # the draft's, for the entry both found
            "startDate": "2021-03",
            "highlights": FAITHFUL["work"][0]["highlights"],
        },
        {
            "name": "SearchWorks",
            "position": "Senior Backend Developer",
            "startDate": "2017-01",
            "endDate": "2021-02",
            "highlights": ["Built the indexing pipeline in Go and Kafka"],
        },
    ]
    assert document["education"][0]["startDate"] == "2010-10" and document["education"][0]["score"] == "5.0/5"
    assert [s["keywords"] for s in document["skills"]] == [
        ["Python", "Go", "PostgreSQL", "Kafka"],
        ["Kubernetes", "AWS"],
    ]
    assert [(x["language"], x["fluency"]) for x in document["languages"]][0] == ("Polish", "Native")
    assert document["certificates"] == [
        {"name": "Certified Kubernetes Administrator", "date": "2021-05", "issuer": "CNCF"}
    ]
    assert document["projects"][0]["endDate"] == "2024-01"
    assert document["volunteer"] == [{"organization": "Code for Poland", "position": "Mentor", "startDate": "2019"}]
    # What the model placed is no longer "unplaced"; a question about a piece still in its place stays.
    assert result.unplaced == ["Jan Nowak, CTO at PayFlow"]
    assert [u.path for u in result.uncertain] == ["work.0.position", "work.1.name"]

    # One request: the CV model forced as a tool, the prompt's rules, the text and the draft as a hint.
    (body,) = fake_openai.bodies()
    assert body["tool_choice"] == {"type": "function", "function": {"name": TOOL}}
    assert body["max_completion_tokens"] == 8192
    assert len(json.dumps(body["tools"])) < 3500  # the compact CV model keeps every request cheap
    system, user = body["messages"]
    assert "verbatim" in system["content"] and "YYYY-MM" in system["content"]
    assert "Cut p99 latency from 900 ms to 120 ms" in user["content"]
    assert '"organization":"Code for Poland"' in user["content"]


async def test_invented_values_are_dropped_and_reported(
    tmp_path: Path, fake_openai: oai.FakeOpenAI, cv_pdf_text: str
) -> None:
    inventive = copy.deepcopy(FAITHFUL)
    inventive["basics"]["email"] = "maria@payflow.de"
    inventive["work"].insert(
        1, {"company": "Google", "position": "Site Reliability Engineer", "start": "2015-07", "end": "2016-12"}
    )
    inventive["work"][0]["highlights"][1] = "Cut p99 latency from 900 ms to 120 ms, saving $1.2M a year"
    inventive["skills"][1]["keywords"].append("Terraform")
    inventive["skills"].append({"name": "Rust", "level": "Expert"})
    fake_openai.enqueue(oai.tool_call(TOOL, inventive))

    result = await refine_with_model(draft(), cv_pdf_text, openai_settings(tmp_path, fake_openai))

    assert result.dropped == [
        "email: 'maria@payflow.de' (not in your CV)",
        "work: 'Cut p99 latency from 900 ms to 120 ms, saving $1.2M a year' (not in your CV)",
        "work: 'Google, Site Reliability Engineer' (not in your CV)",
        "skills: 'Terraform' (not in your CV)",
        "skills: 'Rust' (not in your CV)",
    ]
    document = result.document
    assert document["basics"]["email"] == "maria.k@example.com"  # the draft's, which the text holds
    assert [w["name"] for w in document["work"]] == ["PayFlow GmbH", "SearchWorks"]
    assert document["work"][0]["highlights"] == ["Designed the ledger service that settles 2.1M transactions a day"]
    assert [s["name"] for s in document["skills"]] == ["Backend", "Cloud"]
    assert document["skills"][1]["keywords"] == ["Kubernetes", "AWS"]
    assert "Google" not in json.dumps(document) and "Terraform" not in json.dumps(document)


async def test_anthropic_reads_it_when_chosen_and_openai_is_not_asked(
    tmp_path: Path, fake_openai: oai.FakeOpenAI, fake_anthropic: ant.FakeAnthropic, cv_pdf_text: str
) -> None:
    fake_anthropic.enqueue(ant.tool_use(TOOL, FAITHFUL))
    settings = openai_settings(
        tmp_path,
        fake_openai,
        altoc_llm="anthropic",
        anthropic_api_key="sk-ant-test",
        anthropic_base_url=fake_anthropic.url,
    )
    result = await refine_with_model(draft(), cv_pdf_text, settings)

    assert result.dropped == [] and MODEL_FAILED not in result.notes
    assert [w["name"] for w in result.document["work"]] == ["PayFlow GmbH", "SearchWorks"]
    assert fake_openai.requests == []
    (body,) = fake_anthropic.bodies()
    assert body["tool_choice"]["name"] == TOOL and body["max_tokens"] == 8192
    assert "verbatim" in body["system"][0]["text"]


async def test_the_next_provider_reads_it_when_the_first_is_down(
    tmp_path: Path, fake_openai: oai.FakeOpenAI, fake_anthropic: ant.FakeAnthropic, cv_pdf_text: str
) -> None:
    fake_openai.enqueue(oai.error(503))
    fake_anthropic.enqueue(ant.tool_use(TOOL, FAITHFUL))
    settings = openai_settings(
        tmp_path, fake_openai, anthropic_api_key="sk-ant-test", anthropic_base_url=fake_anthropic.url
    )
    result = await refine_with_model(draft(), cv_pdf_text, settings)
    assert len(fake_openai.bodies()) == 1 and len(fake_anthropic.bodies()) == 1
    assert result.document["basics"]["phone"] == "+48 600 123 456" and MODEL_FAILED not in result.notes


async def test_garbage_twice_keeps_the_draft_with_a_note(
    tmp_path: Path, fake_openai: oai.FakeOpenAI, cv_pdf_text: str
) -> None:
    bad_date = copy.deepcopy(FAITHFUL)
    bad_date["work"][0]["start"] = "March 2021"  # refused by the CV model: handed back once, then given up
    fake_openai.enqueue(oai.tool_call(TOOL, '{"basics": {"name": "Maria'), oai.tool_call(TOOL, bad_date))
    original = draft()
    result = await refine_with_model(original, cv_pdf_text, openai_settings(tmp_path, fake_openai))

    assert result.document == original.document and result.unplaced == original.unplaced
    assert result.notes == ["Read from 2 pages.", MODEL_FAILED]
    first, second = fake_openai.bodies()
    assert second["messages"][-1]["role"] == "tool" and "Validation Error" in second["messages"][-1]["content"]


@pytest.mark.parametrize("outage", ["http 500", "closed"])
async def test_an_outage_keeps_the_draft_with_a_note(
    tmp_path: Path, fake_openai: oai.FakeOpenAI, cv_pdf_text: str, outage: str
) -> None:
    if outage == "closed":
        down = oai.FakeOpenAI().start()
        down.stop()  # nothing listens on its port any more
        settings = openai_settings(tmp_path, down)
    else:
        fake_openai.enqueue(oai.error(500, "upstream exploded"))
        settings = openai_settings(tmp_path, fake_openai)
    result = await refine_with_model(draft(), cv_pdf_text, settings)
    assert result.document == draft().document and result.notes[-1] == MODEL_FAILED


async def test_without_a_provider_the_draft_is_returned_unchanged(
    tmp_path: Path, fake_openai: oai.FakeOpenAI, cv_pdf_text: str
) -> None:
    assert await refine_with_model(draft(), cv_pdf_text, settings_for(tmp_path)) == draft()
    # ALTOC_LLM=offline means no model, even with a key at hand.
    offline = openai_settings(tmp_path, fake_openai, altoc_llm="offline")
    assert await refine_with_model(draft(), cv_pdf_text, offline) == draft()
    # A LinkedIn export or a JSON Resume is structured already: nothing for a model to read.
    online = openai_settings(tmp_path, fake_openai)
    for kind in ("linkedin", "json"):
        structured = replace(draft(), kind=kind)
        assert await refine_with_model(structured, cv_pdf_text, online) == structured
    assert fake_openai.requests == []


@pytest.fixture(scope="session")
def scanned_pdf_text() -> str:
    """A scanned CV: a PDF holding one picture of a page and no text layer, read by pdfplumber."""
    import pdfplumber
    from PIL import Image, ImageDraw

    page = Image.new("RGB", (620, 877), "white")
    pen = ImageDraw.Draw(page)
    for row in range(40):
        pen.rectangle((60, 60 + row * 19, 60 + (row * 37) % 480 + 40, 70 + row * 19), fill="black")
    buffer = io.BytesIO()
    page.save(buffer, "PDF", resolution=72)
    with pdfplumber.open(io.BytesIO(buffer.getvalue())) as document:
        assert len(document.pages) == 1 and document.pages[0].images
        return "\n".join(p.extract_text() or "" for p in document.pages)


async def test_a_scan_never_reaches_the_model(
    tmp_path: Path, fake_openai: oai.FakeOpenAI, scanned_pdf_text: str
) -> None:
    assert not readable_enough(scanned_pdf_text)
    fake_openai.enqueue(oai.tool_call(TOOL, FAITHFUL))  # a model that would happily invent a CV
    empty = ImportResult(document={}, kind="pdf")
    result = await refine_with_model(empty, scanned_pdf_text, openai_settings(tmp_path, fake_openai))
    assert result == empty and fake_openai.requests == []


GARBLED = {
    "empty": "",
    "whitespace": " \n\n \t ",
    "cid codes": "(cid:45)(cid:72)(cid:79)(cid:79) (cid:82)(cid:3)(cid:90)(cid:82)(cid:85)(cid:79)(cid:71) " * 30,
    "replacement chars": "\ufffd\ufffd\ufffd \ufffd\ufffd\ufffdn \ufffd\ufffd Engineer \ufffd\ufffd\ufffd\ufffd " * 20,
    "private-use glyphs": "\ue001\ue014\ue02a\ue003 \ue010\ue011 \ue020\ue021\ue022 2021 " * 25,
    "control glyphs": "\x01\x02\x03\x04 \x05\x06\x07 \x0e\x0f\x10 " * 30,
    "numbers only": "2019 2020 2021 +48 600 123 456 03/2021 100% 42 " * 10,
    "a few words": "Maria Kowalska CV",
}


@pytest.mark.parametrize("text", GARBLED.values(), ids=GARBLED.keys())
def test_unreadable_text_layers_are_recognised(text: str) -> None:
    assert not readable_enough(text)


def test_real_text_is_readable(cv_pdf_text: str) -> None:
    assert readable_enough(cv_pdf_text)
    assert readable_enough("Олена Шевченко\nРозробниця програмного забезпечення, Київ\nДосвід роботи: 2019 – дотепер")
    # A few unmapped glyphs in a real text (an icon font) do not make it unreadable.
    assert readable_enough(cv_pdf_text.replace("Warsaw", "\ue0b0 Warsaw").replace("Staff", "\ufffd Staff"))


def test_the_source_text_adds_the_links_the_lines_do_not_show() -> None:
    document = ReadDocument(
        kind="pdf",
        lines=[Line("Maria Kowalska"), Line("github.com/mariak")],
        links=["https://linkedin.com/in/mariak", "github.com/mariak"],
    )
    assert document.source_text() == "Maria Kowalska\ngithub.com/mariak\nhttps://linkedin.com/in/mariak"
    checked, dropped = verify_against_source(
        {"basics": {"profiles": [{"network": "LinkedIn", "url": "https://www.linkedin.com/in/mariak/"}]}},
        document.source_text(),
    )
    assert dropped == [] and checked["basics"]["profiles"][0]["network"] == "LinkedIn"


# --- verify_against_source ------------------------------------------------------------------------

DATES = [  # (how the CV writes it, the date a model gives) — every one supported
    ("Mar 2021 – Present", "2021-03"),
    ("March 2021 to now", "2021-03"),
    ("März 2021 – heute", "2021-03"),
    ("Jan. 2017 – Feb. 2021", "2021-02"),
    ("Okt. 2010 – Juni 2015", "2010-10"),
    ("mars 2021 – aujourd'hui", "2021-03"),
    ("févr. 2020", "2020-02"),
    ("depuis septembre 2019", "2019-09"),
    ("marzo de 2021 – actualidad", "2021-03"),
    ("sept. 2019", "2019-09"),
    ("березень 2021 – дотепер", "2021-03"),
    ("з березня 2021", "2021-03"),
    ("листоп. 2018 – груд. 2020", "2018-11"),
    ("03/2021 – 05/2022", "2021-03"),
    ("03.2021", "2021-03"),
    ("3/2021", "2021-03"),
    ("2021-03 – 2022-01", "2021-03"),
    ("2021/03", "2021-03"),
    ("15.03.2021", "2021-03-15"),
    ("Jan–Mar 2021", "2021-03"),
    ("2014 – 2016", "2014"),
    ("since 2019", "2019"),
]


@pytest.mark.parametrize(("written", "date"), DATES)
def test_dates_are_found_in_the_five_languages(written: str, date: str) -> None:
    document = {"work": [{"name": "PayFlow", "startDate": date}]}
    checked, dropped = verify_against_source(document, f"PayFlow\n{written}\n")
    assert dropped == [] and checked == document


@pytest.mark.parametrize(
    ("written", "date", "kept", "reported"),
    [
        ("Mar 2021", "2021-04", "2021", "work: '2021-04' (only 2021 is in your CV)"),
        ("März 2021", "2021-05", "2021", "work: '2021-05' (only 2021 is in your CV)"),
        ("2021", "2021-03", "2021", "work: '2021-03' (only 2021 is in your CV)"),
        ("березень 2021", "2020-03", None, "work: '2020-03' (not in your CV)"),
        ("2018 – 02.2021", "2018-02", "2018", "work: '2018-02' (only 2018 is in your CV)"),
        ("03/2021", "2021-03-15", "2021-03", "work: '2021-03-15' (only 2021-03 is in your CV)"),
    ],
)
def test_a_date_keeps_only_what_the_text_says(written: str, date: str, kept: str | None, reported: str) -> None:
    checked, dropped = verify_against_source({"work": [{"name": "PayFlow", "startDate": date}]}, f"PayFlow {written}")
    assert checked["work"][0].get("startDate") == kept and dropped == [reported]


SOURCE = """Олена Шевченко · Senior Data Engi-
neer | Kyiv, UA
o.shevchenko@example.org • +380 (67) 123-45-67 • https://www.github.com/olena-sh
Berufserfahrung
DataWorks GmbH — Lead Data Engineer, Apr. 2020 – heute
– Migrated 40 ETL jobs to Airflow, cutting run time by 35%
Skills: Python, Go (advanced), SQL
"""


@pytest.mark.parametrize(
    ("document", "dropped"),
    [
        ({"basics": {"label": "Senior Data Engineer"}}, []),  # joined across the hyphenated line break
        ({"basics": {"label": "senior data engineer"}}, []),
        ({"basics": {"name": "ОЛЕНА ШЕВЧЕНКО"}}, []),
        ({"basics": {"email": "mailto:o.shevchenko@example.org"}}, []),
        ({"basics": {"email": "olena@example.org"}}, ["email: 'olena@example.org' (not in your CV)"]),
        ({"basics": {"phone": "+380671234567"}}, []),
        ({"basics": {"phone": "067 123 45 67"}}, []),
        ({"basics": {"phone": "+380 67 765 43 21"}}, ["phone: '+380 67 765 43 21' (not in your CV)"]),
        ({"basics": {"url": "github.com/olena-sh"}}, []),
        ({"basics": {"url": "https://github.com/olena"}}, ["url: 'https://github.com/olena' (not in your CV)"]),
        ({"basics": {"location": {"city": "Kyiv", "countryCode": "UA"}}}, []),
        ({"basics": {"location": {"city": "Kyiv", "countryCode": "DE"}}}, ["location: 'DE' (not in your CV)"]),
        ({"basics": {"profiles": [{"network": "GitHub", "url": "https://github.com/olena-sh"}]}}, []),
        (
            {"basics": {"profiles": [{"network": "GitLab", "url": "https://github.com/olena-sh"}]}},
            ["profiles: 'GitLab' (not in your CV)"],
        ),
        (
            {"basics": {"profiles": [{"network": "GitHub", "url": "https://github.com/someone"}]}},
            ["profiles: 'https://github.com/someone' (not in your CV)"],
        ),
        ({"work": [{"highlights": ["Migrated 40 ETL jobs to Airflow, cutting run time by 35%."]}]}, []),
        (
            {
                "work": [
                    {
                        "name": "DataWorks GmbH",
                        "highlights": ["Migrated 40 ETL jobs to Airflow, cutting run time by 50%"],
                    }
                ]
            },
            ["work: 'Migrated 40 ETL jobs to Airflow, cutting run time by 50%' (not in your CV)"],
        ),
        ({"skills": [{"name": "Skills", "keywords": ["Python", "Go", "SQL"]}]}, []),
        ({"skills": [{"name": "Go", "level": "Advanced"}]}, []),
        ({"skills": [{"name": "Go", "level": "Expert"}]}, ["skills: 'Expert' (not in your CV)"]),
        ({"skills": [{"name": "Goo"}]}, ["skills: 'Goo' (not in your CV)"]),  # "Go" is there, "Goo" is not
        ({"skills": [{"name": "Data"}, {"name": "Kubernetes"}]}, ["skills: 'Kubernetes' (not in your CV)"]),
        (
            {"work": [{"startDate": "2030-01", "highlights": ["Invented the ledger"]}]},
            ["work: '2030-01, Invented the ledger' (not in your CV)"],
        ),
        (
            {"work": [{"name": "Amazon", "position": "Lead Data Engineer", "startDate": "2020-04"}]},
            ["work: 'Amazon' (not in your CV)"],  # the position is real but belongs elsewhere: kept, company not
        ),
    ],
)
def test_each_value_is_checked_against_the_source(document: dict[str, Any], dropped: list[str]) -> None:
    checked, reported = verify_against_source(document, SOURCE)
    assert reported == dropped
    assert json.dumps(checked).count('"') <= json.dumps(document).count('"')
    if not dropped:
        assert checked == document


def test_an_invented_entry_goes_away_whole() -> None:
    document = {
        "work": [
            {"name": "DataWorks GmbH", "position": "Lead Data Engineer", "startDate": "2020-04"},
            {"name": "Google", "position": "Staff Engineer", "startDate": "2020", "highlights": ["SQL"]},
        ],
        "meta": {"version": "v1"},
    }
    checked, dropped = verify_against_source(document, SOURCE)
    assert checked == {"work": [document["work"][0]], "meta": {"version": "v1"}}
    assert dropped == ["work: 'Google, Staff Engineer' (not in your CV)"]


def test_checking_a_two_page_cv_is_not_pathologically_slow(cv_pdf_text: str) -> None:
    """A guard against a quadratic blow-up, not a speed figure (bench/import_speed.py measures it: a few ms); the
    bound leaves room for a loaded machine."""
    document = Resume.model_validate(json.loads((FIXTURES / "full_resume.json").read_text())).to_json()
    timings = []
    for _ in range(5):
        prepare_source.cache_clear()
        start = time.perf_counter()
        verify_against_source(document, cv_pdf_text)
        timings.append(time.perf_counter() - start)
    assert sorted(timings)[2] < 0.25


def test_a_whole_cv_checks_against_its_own_ukrainian_pdf() -> None:
    """Our PDF in Ukrainian ("берез. 2021 – дотепер"): every printed value is found; what the design does
    not print (the photo link, the street, extra fields, exact days) is named."""
    import pdfplumber

    from app.render import render_cv

    resume = Resume.model_validate(json.loads((FIXTURES / "full_resume.json").read_text()))
    with pdfplumber.open(io.BytesIO(render_cv(resume, "pdf", template="modern", language="uk").data)) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    assert "дотепер" in text
    checked, dropped = verify_against_source(resume.to_json(), text)
    assert dropped == [
        "image: 'https://example.com/maria.jpg' (not in your CV)",
        "location: 'ul. Prosta 1' (not in your CV)",
        "location: '00-001' (not in your CV)",
        "x-pronouns: 'she/her' (not in your CV)",
        "work: '2021-02-28' (only 2021-02 is in your CV)",
        "awards: '2022-12-01' (only 2022-12 is in your CV)",
        "projects: 'application' (not in your CV)",
        "x-generator: 'handmade' (not in your CV)",
    ]
    assert checked["work"][0]["startDate"] == "2021-03" and checked["education"][0]["endDate"] == "2015-06"
    assert (
        len(checked["skills"][0]["keywords"]) == 4
        and checked["basics"]["profiles"] == resume.to_json()["basics"]["profiles"]
    )
