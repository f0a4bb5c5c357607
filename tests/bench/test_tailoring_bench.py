"""The labelled (CV, job ad) pairs of bench/tailoring.py: complete and true to their files; and the bench's own
figures on two of them (a pair with evidence to surface rises, nothing is added without evidence)."""

from __future__ import annotations

import json
from collections import Counter

from app.ats.segments import all_text
from app.cv.model import Resume
from bench.tailoring import PAIRS, measure


def test_the_pairs_are_many_varied_and_true_to_their_files() -> None:
    folders = sorted(p for p in PAIRS.iterdir() if p.is_dir())
    assert len(folders) >= 20
    labels = [json.loads((f / "labels.json").read_text(encoding="utf-8")) for f in folders]
    assert len(Counter(label["field"] for label in labels)) >= 8
    assert {label["language"] for label in labels} == {"en", "de", "fr", "es", "uk"}
    for folder, label in zip(folders, labels, strict=True):
        resume = Resume.model_validate(json.loads((folder / "cv.json").read_text(encoding="utf-8")))
        text = all_text(resume)
        ad = (folder / "ad.txt").read_text(encoding="utf-8")
        assert label["company"] in ad and label["pages"] in (1, 2), folder.name
        assert all(item["cv"] in text for item in label["evidenced"]), folder.name  # quotes are the CV's words
        assert not [a for a in label["absent"] if a.lower() in text.lower()], folder.name


def test_the_bench_measures_a_rise_and_no_invention() -> None:
    row = measure(PAIRS / "software-01-en", runs=1, pages=False)
    assert row.after > row.before
    assert row.added == []
    assert 150 <= row.words <= 300
    assert row.company and row.role
