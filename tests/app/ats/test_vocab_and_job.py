"""Skill matching by whole words with synonyms, and reading job ads."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.ats.job import extract_job, looks_like_job_ad
from app.ats.vocab import vocabulary
from app.errors import InvalidInput

FIXTURES = Path(__file__).parents[3] / "bench" / "fixtures"


def skills(text: str, **kwargs: bool) -> list[str]:
    return [m.canonical for m in vocabulary().find(text, **kwargs)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Built web apps in JavaScript", ["JavaScript"]),  # not Java
        ("Shipped React and Redux apps", ["React", "Redux"]),  # not R
        ("Worked at Google on search", []),  # not Go
        ("Go beyond the brief", []),  # a verb, not Go
        ("Skills: Go, Rust, Python", ["Go", "Rust", "Python"]),  # list context makes Go a skill
        ("Services in Golang", ["Go"]),
        ("R&D budget of 2M", []),  # never R
        ("Statistics in R and Python", ["Statistics", "R", "Python"]),
        ("C++, C# and .NET", ["C++", "C#", ".NET"]),
        ("Node.js microservices", ["Node.js", "Microservices"]),
        ("K8s clusters, Postgres", ["Kubernetes", "PostgreSQL"]),
        ("running k8s and postgres", ["Kubernetes", "PostgreSQL"]),
        ("JS/TS", ["JavaScript", "TypeScript"]),
        ("CI/CD pipelines", ["CI/CD"]),
        ("applied ML to fraud", ["Machine learning"]),
        ("gave 10 ml of saline", []),  # ml in lower case is a unit
        ("Java, Kotlin", ["Java", "Kotlin"]),
        ("Spring 2021 cohort", []),
        ("Spring Boot services", ["Spring Boot"]),  # its own skill; it shows Spring (implies.tsv)
        ("Node services in TypeScript", ["Node.js", "TypeScript"]),
        ("each node of the graph", []),
        ("Built Rails apps", ["Ruby on Rails"]),
        ("rails and trains", []),
        ("Dockerised 12 services", ["Docker"]),  # and British spellings
        ("Led data modelling and search engine optimisation", ["Data modeling", "Search engine optimization"]),
    ],
)
def test_tricky_skill_matches(text: str, expected: list[str]) -> None:
    assert skills(text) == expected


def test_synonyms_and_plurals_find_the_same_skill() -> None:
    vocab = vocabulary()
    assert {vocab.canonical(n) for n in ("Postgres", "postgresql", "PostgreSQL", "psql")} == {"PostgreSQL"}
    assert vocab.canonical("APIs") == vocab.canonical("API")
    assert vocab.canonical("CICD") == vocab.canonical("CI CD") == "CI/CD"
    assert vocab.canonical("continuous integration") == "Continuous integration"  # a part of CI/CD, not the same
    assert vocab.canonical("machine learning") == vocab.canonical("ML") == "Machine learning"


def test_a_vendor_name_before_a_product_is_the_same_product() -> None:
    vocab = vocabulary()
    for with_vendor, product in [
        ("Autodesk AutoCAD", "AutoCAD"),
        ("Apache Cassandra", "Cassandra"),
        ("Red Hat OpenShift", "OpenShift"),
        ("Oracle PL/SQL", "PL/SQL"),
        ("IBM SPSS Statistics", "SPSS"),
        ("StataCorp Stata", "Stata"),
        ("Adobe After Effects", "After Effects"),  # curated: the rest is everyday words
        ("Intuit QuickBooks", "QuickBooks"),
        ("AWS S3", "S3"),
    ]:
        assert vocab.canonical(with_vendor) == vocab.canonical(product) is not None, with_vendor
    # but not where the rest is everyday words, a bare acronym or a broader curated name
    assert vocab.canonical("Oracle Inventory") == "Oracle Inventory"
    assert vocab.canonical("Google Ads") == "Google Ads"
    assert vocab.canonical("Oracle HRIS") == "Oracle HRIS"
    assert vocab.canonical("SAP ERP") != vocab.canonical("ERP")


def test_backend_job_ad() -> None:
    job = extract_job((FIXTURES / "ats_job_backend.txt").read_text())
    assert job.title == "Senior Backend Engineer"
    assert {"Python", "PostgreSQL", "Apache Kafka", "Kubernetes", "Docker", "CI/CD", "Terraform"} <= set(job.required)
    assert {"Rust", "gRPC", "asyncio"} <= set(job.preferred)
    assert not set(job.required) & set(job.preferred)
    assert (job.years, job.education) == (5, "bachelor")
    assert "Bachelor's degree" not in [*job.required, *job.preferred]  # the education check weighs the degree
    assert {"Communication", "Ownership"} <= set(job.soft_skills)
    assert "Strong Python and PostgreSQL skills" in job.evidence["PostgreSQL"]


def test_other_domains() -> None:
    data = extract_job((FIXTURES / "ats_job_data_scientist.txt").read_text())
    assert data.title == "Data Scientist"
    assert {"Python", "SQL", "scikit-learn", "Machine learning"} <= set(data.required)
    assert {"PyTorch", "TensorFlow", "Apache Airflow"} <= set(data.preferred)
    assert (data.years, data.education) == (3, "master")
    nurse = extract_job((FIXTURES / "ats_job_nurse.txt").read_text())
    assert {"Basic life support", "Advanced cardiovascular life support"} <= set(nurse.required)
    assert "Machine learning" not in nurse.required  # "10 ml doses"
    assert nurse.years == 2 and "Empathy" in nurse.soft_skills
    # the title is the title ("Registered Nurse – Cardiology Ward"), the licence a skill ("Current RN license");
    # "records system (Epic)" and "BLS and ACLS certification" leave no bare "system" or "certification"
    assert nurse.title == "Registered Nurse" and nurse.evidence["Registered nurse"] == "Current RN license"
    assert {"Electronic health records", "Epic"} <= set(nurse.required)
    assert not {"Ward", "system", "certification"} & {*nurse.required, *nurse.preferred}


def test_a_title_line_with_place_and_team() -> None:
    job = extract_job((FIXTURES / "ats_job_600_words.txt").read_text())
    assert job.title == "Senior Backend Engineer"  # "– Payments Platform (Berlin or remote in the EU)"
    assert not [name for name in [*job.required, *job.preferred] if "Berlin" in name or "remote" in name]
    assert {"Python", "Kubernetes", "Terraform", "Helm"} <= set(job.required)
    # named by the tasks, but what the ad asks for is "Nice to have: Go in production": that decides
    assert {"Go", "Snowflake"} <= set(job.preferred)
    assert {"gRPC", "Snowflake"} <= set(job.preferred)
    ad = "Python Developer (Berlin or remote)\nRequirements:\n- 3 years of Python and Django\n- Docker"
    job = extract_job(ad)
    assert job.title == "Python Developer" and {"Python", "Django", "Docker"} <= set(job.required)
    assert not [name for name in job.required if "Berlin" in name]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("   \n ", "The job ad is empty"),
        ("x" * 2_000_000, "characters long; the limit is 100,000"),
        ("\x00\x01\x02binary\x00" * 50, "looks like a binary file"),
        ("12345 67890 !!!", "doesn't read like a job ad"),
        ("Senior Backend Engineer", "found nothing that ad asks for"),  # a title, or the first line of a paste
    ],
)
def test_bad_job_ads_are_refused(text: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        extract_job(text)


def test_pasted_job_ads_are_recognised() -> None:
    assert looks_like_job_ad((FIXTURES / "ats_job_backend.txt").read_text())
    assert looks_like_job_ad((FIXTURES / "ats_job_german.txt").read_text())
    assert not looks_like_job_ad("I worked at PayFlow for four years and built the ledger. " * 6)


def test_what_a_requirement_line_asks_for() -> None:
    job = extract_job((FIXTURES / "ats_job_marketing.txt").read_text())
    assert job.title == "Marketing Manager"
    # "4+ years of B2B marketing experience, ideally in software": the preference starts a clause, and
    # "software" alone is an industry, not a skill to add to a CV
    assert "B2B marketing" in job.required and "software" not in job.skill_names
    # "SEO and content marketing know-how is a plus": a line that asks, even where the tagger reads nothing
    assert "Search engine optimization" in job.preferred
    assert job.as_written("Search engine optimization") == "SEO"  # reports name it as the ad does
    assert job.as_written("HubSpot") == "HubSpot" and "HubSpot" not in job.wording
    # "Bachelor's degree in marketing, business or a related field": the degree is the education check's
    assert "marketing" in job.required and not [n for n in job.required if n.lower().startswith("bachelor")]
    assert job.education == "bachelor" and job.years == 4
    ad = extract_job((FIXTURES / "ats_job_600_words.txt").read_text())
    assert {"REST APIs", "API design"} <= set(ad.required)  # "Experience with REST APIs and API design; gRPC is a plus"
    assert {"gRPC", "Rust"} <= set(ad.preferred)  # "Nice to have: … Rust for performance-critical components"


@pytest.mark.parametrize(
    ("line", "skill", "section", "expected"),
    [
        ("Experience with REST APIs and API design; gRPC is a plus", "REST", "required", "required"),
        ("Experience with REST APIs and API design; gRPC is a plus", "gRPC", "required", "preferred"),
        ("4+ years of B2B marketing experience, ideally in software", "B2B", "required", "required"),
        ("4+ years of B2B marketing experience, ideally in software", "software", "required", "preferred"),
        ("Python, Go or Rust are a plus", "Python", "required", "preferred"),  # the cue ends a list: all of it
        ("Docker is a must", "Docker", "preferred", "required"),
        ("Go in production", "Go", "preferred", "preferred"),
    ],
)
def test_importance_by_clause(line: str, skill: str, section: str, expected: str) -> None:
    from app.ats.job import _importance

    assert _importance(line, line.index(skill), section) == expected


def test_a_requirements_list_without_bullets() -> None:
    ad = (
        "Backend Developer\nWe build logistics software for 300 warehouses.\nRequirements\n"
        "Docker and Kubernetes\nRust for services\nGo in production\nWhat we offer\nRemote work, a Go meetup budget"
    )
    job = extract_job(ad)
    # short items read like headings, but name no section: the list goes on
    assert {"Docker", "Kubernetes", "Rust", "Go"} <= set(job.required) and not job.preferred


def test_the_skills_of_an_ad_point_into_its_text() -> None:
    from app.ats.job import read_ad

    text = "Data Engineer\r\n\r\nRequirements:\r\n  - Experience with Apache Kafka\x0c• SQL and dbt\nNice to have: Rust"
    ad = read_ad(text)
    assert ad.title == "Data Engineer" and ad.lines[-2:] == ["SQL and dbt", "Nice to have: Rust"]
    spans = {text[s.start : s.end]: s for s in ad.skills}
    assert {"Apache Kafka", "SQL", "dbt", "Rust"} <= set(spans)  # CRLF, bullets and a PDF's form feed
    assert spans["Rust"].importance == "preferred" and spans["dbt"].importance == "required"
    assert ad.lines[spans["dbt"].line] == "SQL and dbt"


def test_a_degree_named_in_full_asks_for_its_field_only() -> None:
    job = extract_job("Data Analyst\nRequirements:\n- Master of Science in Statistics or Economics\n- SQL and Python")
    assert "Science" not in job.required and {"Statistics", "SQL", "Python"} <= set(job.required)
    assert job.education == "master"
    assert "Engineering" not in extract_job("Engineer\nRequirements:\n- Bachelor of Engineering\n- AutoCAD").required


def test_ads_outside_software_name_their_qualifications_and_tools() -> None:
    accountant = extract_job((FIXTURES / "ats_job_accountant.txt").read_text())
    assert {"ACCA", "CIMA", "Xero", "Sage 200", "IFRS", "UK GAAP", "VLOOKUP", "Pivot tables"} <= set(
        accountant.required
    )
    assert "UK" not in accountant.required and accountant.years == 3
    teacher = extract_job((FIXTURES / "ats_job_teacher.txt").read_text())
    assert {"Qualified Teacher Status", "PGCE", "Enhanced DBS check"} <= set(teacher.required)
    assert "Google Classroom" in teacher.preferred
    assert teacher.as_written("Qualified Teacher Status") == "Qualified Teacher Status"


def test_languages_and_soft_skills() -> None:
    job = extract_job(
        "Product Manager\nRequirements:\n- Experience writing SQL queries\n"
        "- Excellent stakeholder management and communication in English; Dutch is nice to have"
    )
    assert "English" in job.required and "Dutch" in job.preferred
    assert "SQL" in job.required  # "SQL queries" asks for SQL
    # a soft skill is weighed with the soft skills, not listed as a missing hard skill too
    assert "Stakeholder management" in job.soft_skills and "stakeholder management" not in job.required
    assert skills("Polish your CV before you apply") == [] and skills("Languages: English, Polish") == [
        "English",
        "Polish",
    ]


def test_ads_in_german_french_spanish_and_ukrainian() -> None:
    job = extract_job((FIXTURES / "ats_job_german.txt").read_text())
    assert job.title == "Backend-Entwickler"
    assert {"Python", "Go", "Kubernetes", "PostgreSQL", "Apache Kafka", "German"} <= set(job.required)
    assert "und Go" not in job.required  # "in Python und Go": a conjunction is no part of a name
    assert (
        job.preferred == ["Rust"] and "Docker" not in job.skill_names
    )  # "Wünschenswert: …"; "Wir bieten" is the offer
    assert job.years == 3 and job.education == "bachelor"  # "3 Jahre", "Studium"
    french = extract_job("Développeur Python\nProfil recherché :\n- 5 ans d'expérience en Python\n- Docker est un plus")
    assert french.years == 5 and "Python" in french.required and french.preferred == ["Docker"]
    spanish = extract_job("Analista de datos\nRequisitos:\n- 2 años con SQL y Tableau\n- Se valorará Power BI")
    assert spanish.years == 2 and {"SQL", "Tableau"} <= set(spanish.required) and spanish.preferred == ["Power BI"]
    ukrainian = extract_job("Python-розробник\nВимоги:\n- 3 роки досвіду з Python та Django\n- Docker буде перевагою")
    assert ukrainian.years == 3 and ukrainian.required == ["Python", "Django"] and ukrainian.preferred == ["Docker"]
