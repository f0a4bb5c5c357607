"""The no-invention guard: a skill, a metric, an employer, a date or a certificate the CV does not state is caught."""

from __future__ import annotations

import pytest

from app.ats.guard import Sources
from app.cv.model import Resume

RESUME = Resume.model_validate(
    {
        "basics": {"name": "Ana Silva", "label": "Data Engineer"},
        "work": [
            {
                "name": "Northwind Traders",
                "position": "Data Engineer",
                "startDate": "2019-01",
                "highlights": ["Built Airflow pipelines that cut report time by 40%", "Migrated 120 jobs to Postgres"],
            }
        ],
        "certificates": [{"name": "AWS Certified Cloud Practitioner"}],
    }
)
SOURCES = Sources(RESUME, about_job=["Acme Logistics", "Senior Data Engineer"])


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        ("I also ran Kafka streams in production.", "Kafka"),  # a skill
        ("My pipelines cut report time by 65%.", "65"),  # a metric
        ("At Google, I built Airflow pipelines.", "Google"),  # an employer
        ("I have worked with data since 2012.", "2012"),  # a date
        ("I hold the Certified Kubernetes Administrator certificate.", "Kubernetes"),  # a certificate
        ("Bei Siemens habe ich Airflow betrieben.", "Siemens"),  # an employer, in German
        ("Trabajé en Telefónica España con Airflow.", "Telefónica España"),  # and in Spanish
    ],
)
def test_a_claim_the_cv_does_not_state_is_caught(text: str, claim: str) -> None:
    language = "de" if text.startswith("Bei") else "es" if text.startswith("Trab") else "en"
    found = SOURCES.unsupported(text, language)
    assert any(claim in c for c in found), found


@pytest.mark.parametrize(
    "text",
    [
        "At Northwind Traders, I built Airflow pipelines that cut report time by 40%.",
        "I migrated 120 jobs to PostgreSQL.",  # the same skill by its other name
        "I would like to join Acme Logistics as a Senior Data Engineer.",  # the job itself may be named
        "Thank you for your time. My experience fits the role.",
        "Bei Northwind Traders habe ich die Berichtszeit um 40 % verkürzt.",
    ],
)
def test_what_the_cv_states_passes(text: str) -> None:
    language = "de" if text.startswith("Bei") else "en"
    assert SOURCES.unsupported(text, language) == []


def test_a_sentence_with_an_invented_claim_is_dropped_and_named() -> None:
    kept, dropped = SOURCES.keep_supported(
        "I built Airflow pipelines at Northwind Traders. I led a team of 12 at Amazon. I migrated 120 jobs."
    )
    assert kept == "I built Airflow pipelines at Northwind Traders. I migrated 120 jobs."
    assert len(dropped) == 1 and set(dropped[0].claims) == {"12", "Amazon"}


def test_the_persons_answer_is_evidence() -> None:
    with_answer = Sources(RESUME, evidence=["Yes, I ran Kafka at Northwind for the order events."])
    assert with_answer.unsupported("I ran Kafka for the order events.") == []
