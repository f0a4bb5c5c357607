"""The labelled job ads (bench/ats_ads/) and the ATS quality bench's scorer: every ad complete and its labels
true to its files, and a scorer that gives a perfect listing full recall and no junk, and counts what a report
gets wrong."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from app.ats.report import JobSkill
from app.ats.segments import all_text
from bench.ats_quality import ADS, Ad, Label, name_keys, read_ads, score


def test_the_labelled_set_is_large_varied_and_true_to_its_files() -> None:
    ads = read_ads(ADS)
    assert len(ads) >= 60 and len([p for p in ADS.iterdir() if p.is_dir()]) == len(ads)  # none half-written
    fields = Counter(ad.field for ad in ads)
    assert len(fields) >= 8 and sum(ad.language != "en" for ad in ads) >= 10
    assert {ad.language for ad in ads} == {"en", "de", "fr", "es", "uk"}


@pytest.mark.parametrize("folder", sorted(ADS.parent.glob("ats_ads*")), ids=lambda path: path.name)
def test_every_labelled_ad_is_true_to_its_files(folder: Path) -> None:
    ads = read_ads(folder)
    assert ads and len([p for p in folder.iterdir() if p.is_dir()]) == len(ads)
    for ad in ads:
        raw = json.loads((folder / ad.name / "labels.json").read_text(encoding="utf-8"))
        text = all_text(ad.resume)
        for skill in raw["skills"]:
            assert skill["importance"] in ("required", "preferred"), (ad.name, skill)
            assert skill["cv"] is None or skill["cv"] in text, (ad.name, skill["cv"])  # quotes are the CV's words


def ad_with(*labels: tuple[str, str | None], acceptable: tuple[str, ...] = ()) -> Ad:
    ad = read_ads(ADS)[0]
    ad.skills = [Label(name, "required", name_keys(name), cv) for name, cv in labels]
    ad.acceptable = name_keys(*acceptable)
    return ad


def listed(name: str, found: bool = False, canonical: str | None = None) -> JobSkill:
    return JobSkill(name=name, canonical=canonical, importance="required", found=found)


def test_a_perfect_listing_scores_full_recall_and_no_junk() -> None:
    ad = ad_with(("PostgreSQL", "PostgreSQL (5 years)"), ("Kafka", None), acceptable=("cloud",))
    scored = score(
        ad, [listed("Postgres", found=True, canonical="PostgreSQL"), listed("Apache Kafka"), listed("cloud")]
    )
    assert scored.counts["recalled"] == scored.counts["labelled"] == 2  # other names of the same skill count
    assert scored.junk == [] and scored.wrongly_found == [] and scored.counts["in_cv_found"] == 1


def test_the_scorer_counts_misses_junk_and_wrong_finds() -> None:
    ad = ad_with(("Rust", None), ("gRPC", None))
    scored = score(ad, [listed("Rust", found=True), listed("delivery"), listed("27001")])
    assert scored.missed == ["gRPC"]
    assert scored.junk == ["delivery", "27001"] and scored.counts["junk"] == 2 and scored.counts["listed"] == 3
    assert [wrong.split(" ")[0] for wrong in scored.wrongly_found] == ["Rust"]
