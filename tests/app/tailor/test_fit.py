"""Fitting a CV to a page budget: real renders, counted in the PDF; locked content never goes."""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

import app.tailor.fit as fit_module
from app.cv.model import Resume
from app.cv.sections import spec
from app.errors import InvalidInput
from app.render import render_cv
from app.tailor.fit import Fitted, fit_to_pages, removal_order

KAFKA = "Built the Kafka event pipeline that carried 2 million orders a day between the warehouse systems"


def _kafka_first(text: str) -> float:
    return 1.0 if "Kafka" in text else 0.0


def _bullet(job: int, number: int) -> str:
    return (
        f"Job {job} result {number}: led the rework of the quarterly reporting service for the finance team, "
        f"cutting the monthly close from {number + 4} days to {number + 1} and saving {number + 2} analyst weeks"
    )


def _long_cv() -> Resume:
    """Five jobs of six or seven long bullets, projects, volunteering, interests, references: three A4 pages."""
    jobs = []
    for job in range(5):
        end = 2024 - 3 * job
        bullets = [_bullet(job, n) for n in range(7 if job % 2 else 6)]
        if job == 4:
            bullets[5] = KAFKA  # the oldest job's last bullet: the first to go unless relevance says otherwise
        jobs.append(
            {
                "name": f"Northwind {job}",
                "position": f"Data Engineer {job}",
                "startDate": f"{end - 3}-02",
                "endDate": f"{end}-01",
                "location": "Warsaw",
                "highlights": bullets,
            }
        )
    return Resume.model_validate(
        {
            "basics": {"name": "Ada Lovelace", "email": "ada@example.com", "label": "Data Engineer",
                       "summary": "Data engineer who builds reporting and streaming systems."},
            "work": jobs,
            "education": [
                {"institution": "University of Warsaw", "studyType": "MSc", "area": "Computer Science",
                 "startDate": "2003-10", "endDate": "2008-06"},
                {"institution": "Warsaw Technical School", "studyType": "Diploma", "area": "Electronics",
                 "startDate": "1999-09", "endDate": "2003-06"},
            ],
            "projects": [
                {"name": f"Open tool {p}", "description": "A command-line tool for checking data quality",
                 "startDate": f"{2012 + 3 * p}-01", "endDate": f"{2014 + 3 * p}-01",
                 "highlights": [f"Open tool {p} point {h}: adopted by teams at several companies" for h in range(3)]}
                for p in range(3)
            ],
            "volunteer": [
                {"organization": f"Code Club {v}", "position": "Mentor", "startDate": f"{2010 + v}-01",
                 "endDate": f"{2012 + v}-01", "highlights": ["Taught children to program every Saturday morning"]}
                for v in range(2)
            ],
            "skills": [{"name": "Data", "keywords": ["Python", "SQL", "Kafka", "Spark"]}],
            "languages": [{"language": "English", "fluency": "Fluent"}],
            "certificates": [{"name": "AWS Data Analytics", "issuer": "Amazon", "date": "2020-05"}],
            "interests": [{"name": "Chess"}, {"name": "Climbing"}, {"name": "Photography"}],
            "references": [{"name": "Grace Hopper", "reference": "Ada is the best data engineer I have worked with."}],
        }
    )  # fmt: skip


@dataclass
class Run:
    fitted: Fitted
    renders: int


def _fit(resume: Resume, pages: int, **options: Any) -> Run:
    """Fit, counting the renders the search makes."""
    count = 0
    real = fit_module.count_pages

    def counted(*args: Any, **kwargs: Any) -> int:
        nonlocal count
        count += 1
        return real(*args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fit_module, "count_pages", counted)
        return Run(fit_to_pages(resume, pages, **options), count)


LONG = _long_cv()
LONG_JSON = LONG.to_json()


@pytest.fixture(scope="module")
def one_page() -> Run:
    return _fit(LONG, 1)


@pytest.fixture(scope="module")
def two_pages() -> Run:
    return _fit(LONG, 2)


@pytest.fixture(scope="module")
def kafka() -> Fitted:
    return fit_to_pages(LONG, 1, relevance=_kafka_first)


def _pages(resume: Resume, **options: Any) -> int:
    pages = render_cv(resume, "pdf", **options).pages
    assert pages is not None
    return pages


def _bullets(resume: Resume, section: str) -> list[list[str]]:
    return [list(entry.highlights or []) for entry in resume.section(section)]


def test_a_three_page_cv_fits_one_page_in_the_real_pdf(one_page: Run) -> None:
    fitted = one_page.fitted
    assert (fitted.pages_before, fitted.pages_after, fitted.fits) == (3, 1, True)
    assert _pages(fitted.resume) == 1


def test_the_search_takes_a_handful_of_renders(one_page: Run) -> None:
    candidates = len(removal_order(LONG, lambda text: 0.0))
    assert candidates > 40
    assert one_page.renders <= 2 + math.ceil(math.log2(candidates))


def test_what_was_removed_was_in_the_input_and_is_gone(one_page: Run) -> None:
    fitted = one_page.fitted
    assert fitted.removed
    left = {section: _bullets(fitted.resume, section) for section in ("work", "projects", "volunteer")}
    for item in fitted.removed:
        original = LONG.section(item.section)[item.index]
        if item.bullet is None:
            assert item.text == spec(item.section).text(original)
            assert original not in fitted.resume.section(item.section)
        else:
            assert original.highlights[item.bullet] == item.text
            assert all(item.text not in bullets for bullets in left.get(item.section, []))


def test_the_input_is_unchanged(one_page: Run, kafka: Fitted) -> None:
    assert LONG.to_json() == LONG_JSON


def test_locked_content_stays(one_page: Run) -> None:
    result = one_page.fitted.resume.to_json()
    locked = ("name", "position", "startDate", "endDate", "location")
    assert [{k: job[k] for k in locked} for job in result["work"]] == [
        {k: job[k] for k in locked} for job in LONG_JSON["work"]
    ]
    for section in ("basics", "education", "skills", "languages", "certificates"):
        assert result[section] == LONG_JSON[section]
    assert all(job.get("highlights") for job in result["work"]), "each job keeps its most relevant bullet"


def test_oldest_bullets_go_first_and_read_well(one_page: Run) -> None:
    first = one_page.fitted.removed[0]
    assert first.where == 'bullet 6 of your job "Data Engineer 4 at Northwind 4" (2009–2012)'
    assert (first.section, first.index, first.bullet, first.text) == ("work", 4, 5, KAFKA)
    wheres = [item.where for item in one_page.fitted.removed]
    assert 'your interest "Chess"' in wheres
    assert 'your volunteer role "Mentor at Code Club 0" (2010–2012)' in wheres


def test_removal_order_keeps_each_jobs_best_bullet_for_last() -> None:
    order = removal_order(LONG, _kafka_first)
    last = order[-5:]  # one per job: the oldest job first among equals, the most relevant bullet last of all
    assert [(item.section, item.index, item.bullet) for item in last] == [
        ("work", 3, 0), ("work", 2, 0), ("work", 1, 0), ("work", 0, 0), ("work", 4, 5)
    ]  # fmt: skip
    assert last[-1].text == KAFKA
    entries = [item.section for item in order if item.bullet is None]
    assert entries == ["references", *["interests"] * 3, *["volunteer"] * 2, *["projects"] * 3]


def test_a_relevant_bullet_of_the_oldest_job_outlives_newer_irrelevant_ones(one_page: Run, kafka: Fitted) -> None:
    assert KAFKA not in _bullets(one_page.fitted.resume, "work")[4]  # without relevance it is the first to go
    assert kafka.fits
    assert KAFKA in _bullets(kafka.resume, "work")[4]
    newest = [item for item in kafka.removed if item.section == "work" and item.index == 0]
    assert newest, "bullets of the newest job went instead"


def test_two_pages_remove_less_than_one(one_page: Run, two_pages: Run) -> None:
    fitted = two_pages.fitted
    assert fitted.fits and fitted.pages_after == 2 == _pages(fitted.resume)
    assert 0 < len(fitted.removed) < len(one_page.fitted.removed)
    assert fitted.removed == one_page.fitted.removed[: len(fitted.removed)]


def test_a_cv_within_budget_is_left_alone() -> None:
    short = Resume.model_validate(
        {"basics": {"name": "Ada Lovelace"}, "work": [{"name": "Acme", "position": "Analyst", "highlights": ["Did"]}]}
    )
    fitted = _fit(short, 1)
    assert (fitted.fitted.removed, fitted.fitted.pages_before, fitted.fitted.pages_after) == ([], 1, 1)
    assert fitted.fitted.resume == short and fitted.renders == 1


@pytest.mark.parametrize("pages", [0, 6, -1])
def test_a_budget_outside_one_to_five_pages_is_refused(pages: int) -> None:
    with pytest.raises(InvalidInput, match="1 to 5 pages"):
        fit_to_pages(LONG, pages)


def test_an_unknown_design_is_refused() -> None:
    with pytest.raises(InvalidInput, match="Unknown template"):
        fit_to_pages(LONG, 1, template="baroque")


@pytest.fixture(scope="module")
def crowded() -> Resume:
    """Forty jobs and fifteen degrees without bullets (locked: two pages at least), plus a little to trim."""
    jobs = [
        {"name": f"Firm {n}", "position": f"Consultant {n}", "startDate": f"{1980 + n}-01", "endDate": f"{1981 + n}-01"}
        for n in range(40)
    ]
    jobs[0]["highlights"] = ["Wrote the first report", "Wrote the second report"]
    schools = [{"institution": f"College {n}", "studyType": "Certificate", "area": f"Subject {n}"} for n in range(15)]
    return Resume.model_validate(
        {"basics": {"name": "Ada Lovelace"}, "work": jobs, "education": schools, "interests": [{"name": "Chess"}]}
    )


def test_an_impossible_budget_returns_the_shortest_cv_without_touching_locked_content(crowded: Resume) -> None:
    fitted = fit_to_pages(crowded, 1)
    assert not fitted.fits and fitted.pages_after >= 2
    assert fitted.pages_after == _pages(fitted.resume) <= fitted.pages_before
    result, before = fitted.resume.to_json(), crowded.to_json()
    assert [(j["name"], j["position"], j["startDate"], j["endDate"]) for j in result["work"]] == [
        (j["name"], j["position"], j["startDate"], j["endDate"]) for j in before["work"]
    ]
    assert result["education"] == before["education"]
    assert all(item.section in ("work", "interests") for item in fitted.removed)
    assert result["work"][0]["highlights"], "the job's best bullet is the last thing to go"


def test_compact_design_on_letter_paper(one_page: Run) -> None:
    fitted = fit_to_pages(LONG, 1, template="compact", paper="letter")
    assert fitted.pages_before > 1 and fitted.fits
    assert _pages(fitted.resume, template="compact", paper="letter") == 1
    assert 0 < len(fitted.removed) < len(one_page.fitted.removed)  # the compact design holds more on a page


@pytest.fixture(autouse=True, scope="module")
def _warm() -> Iterator[None]:
    """The first render loads the fonts (seconds); every test after it measures the steady state."""
    render_cv(LONG, "pdf")
    yield
