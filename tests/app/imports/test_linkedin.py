"""LinkedIn's data export read into a CV: real file shapes, missing files and columns, bad archives."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Mapping

import pytest

from app.cv.validation import validate_document
from app.errors import InvalidInput
from app.imports.document import ImportResult
from app.imports.linkedin import is_linkedin_export, read_linkedin
from app.uploads import DocumentLimits

FOLDER = "Basic_LinkedInDataExport_11-28-2026/"
PROFILE = (
    "\ufeffFirst Name,Last Name,Maiden Name,Address,Birth Date,Headline,Summary,Industry,Zip Code,Geo Location,"
    "Twitter Handles,Websites,Instant Messengers\r\n"
    'Maria,Kowalska,,ul. Prosta 1,"Apr 3, 1990",Staff Engineer at PayFlow,"Backend engineer with 11 years\n'
    'of experience in payments.",Software Development,00-001,"Warsaw, Mazowieckie, Poland",[mariak],'
    '"[PERSONAL:https://maria.example.com,OTHER:https://github.com/mariak,BLOG:not a web address]",[SKYPE:maria.k]\r\n'
)
POSITIONS = (
    "Notes:\r\n"
    '"This file lists the positions on your profile, most recent first. Dates are shown as month and year."\r\n'
    "\r\n"
    "Company Name,Title,Description,Location,Started On,Finished On\r\n"
    'PayFlow GmbH,Staff Engineer,"Lead engineer for the ledger.\n'
    "• Designed the ledger service that settles 2.1M transactions a day\n"
    '• Cut p99 latency from 900 ms to 120 ms","Berlin, Germany",Mar 2021,\r\n'
    'SearchWorks,Senior Backend Developer,"- Built the indexing pipeline in Go and Kafka",,Jan 2017,Feb 2021\r\n'
    ",,,,,\r\n"
    ',,"Mentored two interns",,2016,\r\n'
    "Freelance,Consultant,,,2016,2015\r\n"
)
EDUCATION = (
    "School Name,Start Date,End Date,Notes,Degree Name,Activities,Something New\r\n"
    "University of Warsaw,2010,2015,,Master of Science - MS,Chess club,x\r\n"
    "XIV LO Warsaw,2006,2010,,,,\r\n"
)
FILES = {
    FOLDER + "Profile.csv": PROFILE,
    FOLDER + "Positions.csv": POSITIONS,
    FOLDER + "Education.csv": EDUCATION,
    FOLDER + "Skills.csv": "Name\r\nPython\r\nGo\r\nKubernetes\r\nPython\r\n",
    FOLDER + "Languages.csv": (
        "Name,Proficiency\r\nPolish,Native or bilingual proficiency\r\nEnglish,Full professional proficiency\r\n"
    ),
    FOLDER + "Certifications.csv": (
        "Name,Url,Authority,Started On,Finished On,License Number\r\n"
        "Certified Kubernetes Administrator,https://cncf.io/cka,CNCF,May 2021,May 2024,LF-123\r\n"
        "Scrum Master,see my profile,Scrum.org,Sometime,,\r\n"
    ),
    FOLDER + "Email Addresses.csv": (
        "Email Address,Confirmed,Primary,Updated On\r\n"
        "old@example.com,Yes,No,1/1/20 10:00 AM\r\n"
        "maria.k@example.com,Yes,Yes,3/4/21 9:15 AM\r\n"
        "not-an-address,No,No,\r\n"
    ),
    FOLDER + "PhoneNumbers.csv": "Extension,Number,Type\r\n,+48 22 000 00 00,Work\r\n,+48 600 123 456,Mobile\r\n",
    FOLDER + "Courses.csv": "Name,Number\r\nDistributed Systems,CS-401\r\nDatabases,\r\n",
    FOLDER + "Connections.csv": (
        "Notes:\r\n"
        '"When exporting your connection data, you may notice that some of the email addresses are missing."\r\n'
        "\r\n"
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
        "Jan,Nowak,https://www.linkedin.com/in/jnowak,,PayFlow GmbH,CTO,15 Mar 2024\r\n"
    ),
}


def _zip(files: Mapping[str, str | bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content.encode("utf-8") if isinstance(content, str) else content)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def result() -> ImportResult:
    return read_linkedin(_zip(dict(FILES)), "export.zip", DocumentLimits())


def test_the_export_becomes_a_valid_cv(result: ImportResult) -> None:
    assert result.kind == "linkedin"
    document = result.document
    validate_document(document)
    assert ImportResult.from_json(json.loads(json.dumps(result.to_json()))) == result  # it crosses the sandbox
    basics = document["basics"]
    assert basics["name"] == "Maria Kowalska"
    assert basics["label"] == "Staff Engineer at PayFlow"
    assert basics["summary"] == "Backend engineer with 11 years\nof experience in payments."  # a quoted multi-line cell
    assert basics["email"] == "maria.k@example.com"  # the primary one
    assert basics["phone"] == "+48 600 123 456"  # the mobile one
    assert basics["url"] == "https://maria.example.com"
    assert basics["location"] == {
        "address": "ul. Prosta 1",
        "postalCode": "00-001",
        "city": "Warsaw",
        "region": "Mazowieckie, Poland",
    }
    assert basics["profiles"] == [
        {"network": "GitHub", "url": "https://github.com/mariak"},
        {"network": "Twitter", "username": "mariak", "url": "https://twitter.com/mariak"},
        {"network": "Skype", "username": "maria.k"},
    ]


def test_positions_education_and_lists(result: ImportResult) -> None:
    document = result.document
    assert document["work"] == [
        {
            "name": "PayFlow GmbH",
            "position": "Staff Engineer",
            "location": "Berlin, Germany",
            "startDate": "2021-03",
            "summary": "Lead engineer for the ledger.",
            "highlights": [
                "Designed the ledger service that settles 2.1M transactions a day",
                "Cut p99 latency from 900 ms to 120 ms",
            ],
        },
        {
            "name": "SearchWorks",
            "position": "Senior Backend Developer",
            "startDate": "2017-01",
            "endDate": "2021-02",
            "highlights": ["Built the indexing pipeline in Go and Kafka"],
        },
        {"name": "Freelance", "position": "Consultant", "startDate": "2016"},
    ]
    assert document["education"] == [
        {
            "institution": "University of Warsaw",
            "studyType": "Master of Science - MS",
            "startDate": "2010",
            "endDate": "2015",
            "courses": ["Distributed Systems", "Databases"],
        },
        {"institution": "XIV LO Warsaw", "startDate": "2006", "endDate": "2010"},
    ]
    assert document["skills"] == [{"name": "Python"}, {"name": "Go"}, {"name": "Kubernetes"}]
    assert document["languages"] == [
        {"language": "Polish", "fluency": "Native or bilingual"},
        {"language": "English", "fluency": "Full professional"},
    ]
    assert document["certificates"] == [
        {
            "name": "Certified Kubernetes Administrator",
            "issuer": "CNCF",
            "date": "2021-05",
            "url": "https://cncf.io/cka",
        },
        {"name": "Scrum Master", "issuer": "Scrum.org"},
    ]
    assert "projects" not in document and "awards" not in document  # their files are not in this export


def test_what_could_not_be_read_is_said(result: ImportResult) -> None:
    notes = result.notes
    assert "Positions.csv row 4 has no company or title; it is left out." in notes  # row 3 is empty: skipped
    assert "Positions.csv row 5: it ends (2015) before it starts (2016); the end date is left out." in notes
    assert 'Certifications.csv row 2: "see my profile" is not a web address and is left out.' in notes
    assert 'Certifications.csv row 2: the date "Sometime" was not understood and is left out.' in notes
    assert 'Email Addresses.csv row 3: "not-an-address" is not an email address and is left out.' in notes
    assert 'Profile.csv row 1: "not a web address" is not a web address and is left out.' in notes
    assert any("birth date" in note for note in notes)
    assert result.unplaced == ["Mentored two interns", "University of Warsaw (activities): Chess club"]
    [question] = result.uncertain
    assert question.path == "education.0.courses" and "University of Warsaw" in question.question


def test_linkedin_exports_are_told_by_their_file_names() -> None:
    assert is_linkedin_export([FOLDER, FOLDER + "Profile.csv", FOLDER + "messages.csv"])
    assert is_linkedin_export(["SKILLS.CSV"])
    assert is_linkedin_export(["Connections.csv", "Invitations.csv"])  # nothing for a CV, but LinkedIn's
    assert not is_linkedin_export(["word/document.xml", "[Content_Types].xml"])
    assert not is_linkedin_export(["photos/me.jpg", "notes.txt", "positions.txt"])


def test_missing_columns_and_other_headers_are_tolerated() -> None:
    files = {
        "Positions.csv": "Title,Company Name,Start Date\r\nEngineer,Acme,2019\r\n",
        "Profile.csv": "\ufeffFirst Name,Last Name\r\nAda,Lovelace\r\n",
    }
    result = read_linkedin(_zip(files), "ada.zip", DocumentLimits())
    assert result.document == {
        "basics": {"name": "Ada Lovelace"},
        "work": [{"name": "Acme", "position": "Engineer", "startDate": "2019"}],
    }
    assert result.notes == []


def test_other_encodings_and_unknown_columns() -> None:
    files: dict[str, str | bytes] = {
        "Profile.csv": "First Name,Last Name,Headline\r\nJosé,Núñez,Ingeniero\r\n".encode("utf-16"),
        "Skills.csv": "Name\r\nDiseño\r\n".encode("cp1252"),
        "Languages.csv": "Sprache,Niveau\r\nDeutsch,C1\r\n",
    }
    result = read_linkedin(_zip(files), "export.zip", DocumentLimits())
    assert result.document["basics"] == {"name": "José Núñez", "label": "Ingeniero"}
    assert result.document["skills"] == [{"name": "Diseño"}]
    assert result.notes == ["Languages.csv has none of the columns I know; it is left out."]


def test_an_export_with_nothing_for_a_cv_says_what_to_download() -> None:
    data = _zip({FOLDER + "Connections.csv": FILES[FOLDER + "Connections.csv"], FOLDER + "messages.csv": "x"})
    with pytest.raises(InvalidInput) as caught:
        read_linkedin(data, "export.zip", DocumentLimits())
    assert caught.value.message == (
        "export.zip is a LinkedIn export without profile, positions, education or skills. In LinkedIn: Settings → "
        'Data privacy → Get a copy of your data → choose the larger archive (or "Profile", "Positions", '
        '"Education", "Skills"), then send the ZIP.'
    )


def test_a_zip_bomb_among_the_cv_files_is_refused_and_one_elsewhere_never_opened() -> None:
    bomb = "Name\r\n" + "x" * 3_000_000  # deflates to a few KB
    data = _zip({"Profile.csv": "First Name,Last Name\r\nAda,Lovelace\r\n", "Skills.csv": bomb})
    assert len(data) < 20_000
    with pytest.raises(InvalidInput, match=r"^export\.zip: its CV files unpack to more than 3 MB; the limit is 1 MB"):
        read_linkedin(data, "export.zip", DocumentLimits(unpacked_bytes=1_000_000))
    elsewhere = _zip({"Profile.csv": "First Name,Last Name\r\nAda,Lovelace\r\n", "messages.csv": bomb})
    read = read_linkedin(elsewhere, "export.zip", DocumentLimits(unpacked_bytes=1_000_000))
    assert read.document == {"basics": {"name": "Ada Lovelace"}}


def test_a_zip_with_too_many_files_and_a_damaged_zip_are_refused() -> None:
    many = _zip({f"Rich_Media/{i}.csv": "" for i in range(30)} | {"Profile.csv": "First Name\r\nAda\r\n"})
    with pytest.raises(InvalidInput, match=r"holds 31 files inside; the limit is 20"):
        read_linkedin(many, "export.zip", DocumentLimits(zip_entries=20))
    with pytest.raises(InvalidInput, match=r"^export\.zip is a damaged ZIP archive\. Download your data"):
        read_linkedin(_zip(dict(FILES))[:500], "export.zip", DocumentLimits())
