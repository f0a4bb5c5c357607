"""Dates and periods in the five CV languages, as CVs print them."""

from __future__ import annotations

import pytest

from app.imports.dates import find_period, parse_date, strip_period

PERIODS = [
    ("January 2019 to Present", "2019-01", None, True),
    ("2019-01 – present", "2019-01", None, True),
    ("03/2021", "2021-03", None, False),
    ("03.2021", "2021-03", None, False),
    ("Mar 2021 – now", "2021-03", None, True),
    ("since March 2021", "2021-03", None, True),
    ("2019", "2019", None, False),
    ("2017 – 2021", "2017", "2021", False),
    ("2017-2021", "2017", "2021", False),
    ("Jan 2017 — Feb 2021", "2017-01", "2021-02", False),
    ("Sept. 2018 - Oct. 2020", "2018-09", "2020-10", False),
    ("2021-02-28", "2021-02-28", None, False),
    # German
    ("seit März 2021", "2021-03", None, True),
    ("Jan. 2019 – heute", "2019-01", None, True),
    ("Juni 2015 bis Mai 2018", "2015-06", "2018-05", False),
    ("Okt. 2010 – Dez. 2012", "2010-10", "2012-12", False),
    ("01.03.2019 – 31.12.2020", "2019-03-01", "2020-12-31", False),
    ("Maerz 2020 - bis heute", "2020-03", None, True),
    # French
    ("depuis mars 2021", "2021-03", None, True),
    ("janv. 2019 – aujourd'hui", "2019-01", None, True),
    ("mars 2016 à juin 2019", "2016-03", "2019-06", False),
    ("févr. 2014 – déc. 2015", "2014-02", "2015-12", False),
    ("septembre 2012 au août 2014", "2012-09", "2014-08", False),
    # Spanish
    ("desde marzo de 2021", "2021-03", None, True),
    ("ene. 2019 - actualidad", "2019-01", None, True),
    ("sept 2018 – actual", "2018-09", None, True),
    ("abril de 2018 a junio de 2020", "2018-04", "2020-06", False),
    ("dic. 2015 hasta presente", "2015-12", None, True),
    # Ukrainian, genitive forms included
    ("з березня 2021", "2021-03", None, True),
    ("берез. 2020 – дотепер", "2020-03", None, True),
    ("вересень 2019 – по теперішній час", "2019-09", None, True),
    ("листоп. 2019 до груд. 2020", "2019-11", "2020-12", False),
    ("січня 2015 р. – травня 2017 р.", "2015-01", "2017-05", False),
    ("лют. 2018 – тепер", "2018-02", None, True),
]


@pytest.mark.parametrize(("text", "start", "end", "current"), PERIODS)
def test_every_period_form_reads(text: str, start: str, end: str | None, current: bool) -> None:
    found = find_period(text)
    assert found is not None, text
    assert (found.start, found.end, found.current) == (start, end, current)
    assert strip_period(text, found) == ""


def test_a_title_line_keeps_its_words_without_the_period() -> None:
    text = "Staff Engineer\tMar 2021 – Present"
    found = find_period(text)
    assert found is not None and strip_period(text, found) == "Staff Engineer"
    linkedin = "Jan 2020 - Present · 3 yrs 2 mos"
    found = find_period(linkedin)
    assert found is not None and found.current and strip_period(linkedin, found) == ""


def test_slashed_day_first_dates_are_flagged_as_ambiguous() -> None:
    slashed = find_period("03/04/2021")
    dotted = find_period("03.04.2021")
    assert slashed is not None and slashed.start == "2021-04-03" and slashed.ambiguous
    assert dotted is not None and not dotted.ambiguous


def test_no_date_in_plain_words_and_impossible_months() -> None:
    assert find_period("Led a team of 12 engineers") is None
    assert find_period("13/2021") is None or find_period("13/2021").start == "2021"  # type: ignore[union-attr]
    assert parse_date("Graduated in May 2014") == "2014-05"
    assert find_period("2021 – 2019") is not None and find_period("2021 – 2019").end is None  # type: ignore[union-attr]
