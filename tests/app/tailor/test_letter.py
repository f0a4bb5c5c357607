"""The offline cover letter: in the CV's language, 150–300 words, specific to the ad, and never inventing a fact."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest

from app.ats.analyze import analyze
from app.ats.fixes import new_facts
from app.ats.job import extract_job
from app.ats.report import JobMatch
from app.cv.model import Resume
from app.tailor.letter import Letter, compose_letter, count_words
from app.tailor.phrases import frame_words

FIXTURES = Path(__file__).parents[2] / "fixtures" / "letters"
LANGUAGES = ("en", "de", "fr", "es", "uk")
TODAY = datetime.date(2026, 11, 29)
SALUTATIONS = {
    "en": "Dear Acme Analytics hiring team,",
    "de": "Sehr geehrte Damen und Herren,",
    "fr": "Madame, Monsieur,",
    "es": "Estimado equipo de selección de Iberia Pagos:",
    "uk": "Шановна командо Дата Плюс!",
}
CLOSINGS = {
    "en": "Kind regards,",
    "de": "Mit freundlichen Grüßen",
    "fr": "Je vous prie d'agréer, Madame, Monsieur, l'expression de mes salutations distinguées.",
    "es": "Atentamente,",
    "uk": "З повагою,",
}


def case(language: str) -> tuple[Resume, JobMatch, dict[str, Any]]:
    data = json.loads((FIXTURES / f"{language}.json").read_text(encoding="utf-8"))
    resume = Resume.model_validate(data["cv"])
    job = analyze(resume, job=extract_job(data["ad"])).job
    assert job is not None
    return resume, job, data


def letter_for(language: str) -> tuple[Resume, JobMatch, dict[str, Any], Letter]:
    resume, job, data = case(language)
    letter = compose_letter(resume, job, company=data["company"], job_title=data["title"], today=TODAY)
    return resume, job, data, letter


def invented(resume: Resume, letter: Letter) -> list[str]:
    """What the letter states that the CV does not: numbers, skills and names, leaving out the ad's company and
    title and the letter's own frame words ("Dear", "Sehr geehrte"), which are no facts."""
    text = "\n".join([letter.subject, letter.body_text()])
    for name in (letter.company, letter.job_title):
        if name:
            text = text.replace(name, " ")
    own = frame_words(letter.language)
    facts = new_facts(resume, text)
    return [f for f in facts if any(ch.isdigit() for ch in f) or not {w.lower() for w in f.split()} <= own]


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_letter_in_each_language_names_the_role_and_quotes_a_number(language: str) -> None:
    resume, _, data, letter = letter_for(language)
    text = letter.body_text()
    assert letter.language == language  # detected from the CV
    assert MIN <= letter.word_count() <= MAX, letter.word_count()
    assert 3 <= len(letter.paragraphs) <= 5
    assert data["company"] in letter.paragraphs[0] and data["title"] in letter.paragraphs[0]
    assert data["title"] in letter.subject
    assert letter.salutation == SALUTATIONS[language]
    assert letter.closing == CLOSINGS[language]
    assert letter.signature == resume.basics.name if resume.basics else False
    assert data["number"] in " ".join(letter.paragraphs[1:3])  # the evidencing bullet's number, in the evidence
    assert letter.date == "2026-11-29"
    assert text.startswith(letter.salutation) and text.endswith(letter.signature)


@pytest.mark.parametrize("language", LANGUAGES)
def test_nothing_is_invented_and_missing_skills_are_not_mentioned(language: str) -> None:
    resume, job, _, letter = letter_for(language)
    assert invented(resume, letter) == []
    text = letter.body_text().lower()
    for skill in job.skills:
        if not skill.found:
            assert skill.name.lower() not in text, skill.name


def test_the_guard_sees_an_invented_fact() -> None:
    """The check the tests rely on is not blind: a number or skill the CV lacks is reported."""
    resume, _, _, letter = letter_for("en")
    changed = letter.model_copy(update={"paragraphs": [*letter.paragraphs[:-1], "I led 97 Terraform rollouts."]})
    assert invented(resume, changed) == ["97", "Terraform"]


def test_english_achievements_are_conjugated_with_the_employer() -> None:
    _, _, _, letter = letter_for("en")
    text = letter.body_text()
    assert "I automated weekly sales reports in Python and SQL, saving 6 hours a week." in text
    assert "I cut nightly pipeline run time by 40% by moving batch jobs to Apache Airflow." in text
    assert "Contoso Retail" in letter.paragraphs[1] or "Contoso Retail" in letter.paragraphs[2]
    assert "Kubernetes" not in text and "Terraform" not in text  # preferred by the ad, absent from the CV


def test_other_languages_quote_the_bullet_after_a_colon() -> None:
    _, _, _, letter = letter_for("de")
    assert ": Rechnungsfehler durch automatisierte Abgleiche in SAP um 30 % reduziert." in letter.body_text()
    assert letter.paragraphs[0].startswith("hiermit")  # after "Sehr geehrte Damen und Herren," in lower case


def test_a_cv_that_matches_nothing_still_gets_a_letter_from_its_own_facts() -> None:
    resume, _, _ = case("en")
    ad = "Registered Nurse\nRequirements:\n- Patient care in intensive care units\n- BLS certification\n"
    job = analyze(resume, job=extract_job(ad)).job
    letter = compose_letter(resume, job, company="St Mary Hospital", job_title="Registered Nurse", today=TODAY)
    assert MIN <= letter.word_count() <= MAX
    assert 3 <= len(letter.paragraphs) <= 5
    assert "40%" in letter.body_text()  # its own best result
    assert invented(resume, letter) == []
    assert "BLS" not in letter.body_text() and "patient" not in letter.body_text().lower()


def test_without_an_ad_the_letter_is_general() -> None:
    resume, _, _ = case("fr")
    letter = compose_letter(resume, None, company=None, job_title=None, today=TODAY)
    assert letter.subject == "Candidature spontanée"
    assert letter.salutation == "Madame, Monsieur,"
    assert MIN <= letter.word_count() <= MAX
    assert 3 <= len(letter.paragraphs) <= 5
    assert "45 %" in letter.body_text()
    assert invented(resume, letter) == []


def test_a_sparse_cv_is_padded_only_with_words_that_state_nothing() -> None:
    resume = Resume.model_validate(
        {"basics": {"name": "Ana Lima"}, "work": [{"name": "Café Azul", "position": "Barista", "startDate": "2023"}]}
    )
    letter = compose_letter(resume, None, company="Bean Co", job_title="Head Barista", today=TODAY)
    assert MIN <= letter.word_count() <= MAX
    assert 3 <= len(letter.paragraphs) <= 5
    assert invented(resume, letter) == []
    assert "Barista at Café Azul" in letter.paragraphs[0]


def test_a_rich_cv_is_trimmed_to_300_words() -> None:
    bullet = (
        "Led the migration of {n} payment services written in Python to AWS, cutting hosting costs by {n}0% a year"
        + (", and wrote the runbooks, dashboards and alerts the on-call team still uses" * 2)
    )
    work = [
        {"name": f"Company {k}", "position": "Engineer", "startDate": f"20{10 + k}-01",
         "highlights": [bullet.format(n=k + j + 2) for j in range(6)]}
        for k in range(6)
    ]  # fmt: skip
    summary = "Backend engineer who ships reliable payment systems in Python on AWS" + " and more" * 110 + "."
    resume = Resume.model_validate({"basics": {"name": "Sam Doe", "summary": summary}, "work": work})
    job = analyze(resume, job=extract_job("Backend Engineer\nRequirements:\n- Python\n- AWS\n")).job
    letter = compose_letter(resume, job, company="Acme", job_title="Backend Engineer", today=TODAY)
    assert MIN <= letter.word_count() <= MAX
    assert 3 <= len(letter.paragraphs) <= 5
    assert invented(resume, letter) == []
    assert "and more and more" not in letter.body_text()  # the opening's longest fact went first


def test_the_same_input_gives_the_same_letter_and_frames_vary_between_companies() -> None:
    resume, job, data = case("en")
    first = compose_letter(resume, job, company="Acme", job_title=data["title"], today=TODAY)
    again = compose_letter(resume, job, company="Acme", job_title=data["title"], today=TODAY)
    assert first == again
    openings = {
        compose_letter(resume, job, company=name, job_title=data["title"], today=TODAY).paragraphs[0].replace(name, "X")
        for name in ("Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark")
    }
    assert len(openings) >= 2


def test_the_word_count_is_salutation_paragraphs_and_closing() -> None:
    _, _, _, letter = letter_for("en")
    expected = count_words(" ".join([letter.salutation, *letter.paragraphs, letter.closing]))
    assert letter.word_count() == expected
    assert count_words("Cut errors by 30 % at Acme-Corp") == 6


def test_the_language_can_be_chosen() -> None:
    resume, job, data = case("en")
    letter = compose_letter(resume, job, company="Acme", job_title=data["title"], language="de", today=TODAY)
    assert letter.language == "de" and letter.closing == "Mit freundlichen Grüßen"


MIN, MAX = 150, 300
