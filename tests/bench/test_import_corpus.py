"""The import corpus (bench/import_corpus/) and the quality bench's scorer: deterministic, labelled right, and a
scorer that gives a perfect import 1.0, an empty one 0 and counts what an import makes up."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cv.model import Resume
from bench.import_corpus.generate import LANGUAGES, MANIFEST, CorpusCv, corpus, generate_cv, manifest
from bench.import_corpus.labels import PRESENT, Job, labels_document, norm_text, read_labels
from bench.import_corpus.layouts import LAYOUTS, format_period
from bench.import_corpus.render import Item
from bench.import_quality import compare, run_one, totals


@pytest.fixture(scope="module")
def cvs() -> list[CorpusCv]:
    return corpus()


def test_the_corpus_is_the_one_its_manifest_records(cvs: list[CorpusCv]) -> None:
    recorded = json.loads(MANIFEST.read_text(encoding="utf-8"))
    assert manifest(cvs) == recorded, "the generator changed: bench/import_corpus/generate.py --write-manifest"
    again = generate_cv(14, 7, "fr")
    assert again == generate_cv(14, 7, "fr") and again.document == cvs[5 + 7].document


def test_the_generated_cvs_vary_as_real_ones_do(cvs: list[CorpusCv]) -> None:
    generated = [cv for cv in cvs if not cv.id.startswith("fixture-")]
    for cv in generated:
        Resume.model_validate(cv.document)
    assert {cv.language for cv in generated} == set(LANGUAGES)
    assert {len(cv.document["work"]) for cv in generated} == {1, 2, 3, 4}
    assert {len(cv.document.get("education", [])) for cv in generated} == {0, 1, 2, 3}
    jobs = [job for cv in generated for job in cv.document["work"]]
    assert any("endDate" not in job for job in jobs) and any(len(job["startDate"]) == 4 for job in jobs)
    assert any(len(job["startDate"]) == 10 for job in jobs)
    skills = [s for cv in generated for s in cv.document["skills"]]
    assert any(s.get("keywords") for s in skills) and any(not s.get("keywords") for s in skills)
    assert any(cv.photo for cv in generated) and not all(cv.photo for cv in generated)
    assert any("summary" in cv.document["basics"] for cv in generated)
    assert any("summary" not in cv.document["basics"] for cv in generated)
    for cv in cvs:
        labels, work = read_labels(cv.document), cv.document.get("work", [])
        assert [(j.company, j.position) for j in labels.jobs] == [
            (norm_text(w["name"]), norm_text(w["position"])) for w in work
        ]
        assert [j.end == PRESENT for j in labels.jobs] == [not w.get("endDate") for w in work]
        assert len(labels.schools) == len(cv.document.get("education", [])) and labels.skills


def test_labels_are_what_the_json_holds_at_the_printed_precision() -> None:
    document = {
        "basics": {"name": "Léa  Moreau", "email": "Lea@Example.com", "phone": "+33 6 12 34 56 78"},
        "work": [
            {"name": "Atelier Numérique SAS", "position": "Chef de produit", "startDate": "2021-03-15"},
            {"name": "Groupe Horizon", "position": "Stagiaire", "startDate": "2018", "endDate": "2019-02"},
        ],
        "education": [{"institution": "INSA Lyon", "area": "Génie logiciel", "studyType": "Master"}],
        "skills": [{"name": "Outils", "level": "Expert", "keywords": ["Git", "C++"]}, {"name": "Git"}],
    }
    labels = read_labels(document)
    assert (labels.name, labels.email, labels.phone) == ("léa moreau", "lea@example.com", "33612345678")
    assert labels.jobs == [Job("atelier numérique sas", "chef de produit", "2021-03", PRESENT),
                           Job("groupe horizon", "stagiaire", "2018", "2019-02")]  # fmt: skip
    assert [(s.institution, s.area) for s in labels.schools] == [("insa lyon", "génie logiciel")]
    assert labels.skills == ["outils", "git", "c++"]
    assert [j.end for j in read_labels(document, year_only=True).jobs] == [PRESENT, "2019"]
    assert norm_text("O'Brien,  Ltd.") == "o brien ltd"
    assert format_period("2021-03", None, "de", "year") == "Seit 2021"
    assert format_period("2021-03", "2023-11", "uk", "long") == "березень 2021 – листопад 2023"


def _item(tmp_path: Path, cv: CorpusCv, kind: str) -> Item:
    path = tmp_path / f"{cv.id}.{kind}.pdf"
    path.write_bytes(b"%PDF-1.7 stand-in: the self-check modes never read it")
    return Item(cv, kind, path)


def test_the_scorer_gives_the_labels_1_and_nothing_0(tmp_path: Path, cvs: list[CorpusCv]) -> None:
    cv = next(cv for cv in cvs if cv.language == "uk" and len(cv.document["work"]) > 1)
    for kind in ("classic", *LAYOUTS):
        oracle = run_one(_item(tmp_path, cv, kind), "oracle")
        labelled, predicted, correct = totals([oracle])
        assert labelled == predicted == correct > 10 and not oracle.failures and not oracle.invented
        plain = run_one(_item(tmp_path, cv, kind), "plain")
        assert totals([plain]) == (labelled, 0, 0) and not plain.invented
    assert read_labels(cv.document, year_only=True) != read_labels(cv.document)  # the dark layout prints years


def test_the_scorer_counts_wrong_fields_and_invented_entries(cvs: list[CorpusCv]) -> None:
    want = read_labels(cvs[0].document)
    found = labels_document(want)
    found["work"][0]["startDate"] = "1999-01"
    found["work"].append({"name": "Initech", "position": "Chief Visionary"})
    found["skills"] += [{"name": "Kafka"}, {"name": "Telepathy"}]
    source = "maria kowalska payflow gmbh kafka"
    out = compare("cv.pdf", "classic", want, read_labels(found), lambda: source)
    assert out.counts["work.start", "correct"] == out.counts["work.start", "labelled"] - 1
    assert out.counts["skills", "predicted"] == out.counts["skills", "correct"] + 1  # Kafka was there already
    assert out.invented == [
        "cv.pdf: work: invented ['initech', 'chief visionary']",
        "cv.pdf: skills: invented 'telepathy'",
    ]
    assert "cv.pdf: work[0].start: wanted '2021-03', got '1999-01'" in out.failures


def test_typst_layouts_typeset_special_characters_as_text() -> None:
    """Typst markup gives "#", "@", "*", "_" and "$" a meaning: the CV's text must come out as it is."""
    import pypdfium2

    from bench.import_corpus.typst_layouts import TYPST_LAYOUTS, missing_glyphs, photo_png, render_typst

    document = {
        "basics": {"name": "Zoë O'Brien-Smith", "email": "zoe_o.brien+cv@example.com", "phone": "+1 (512) 555-0100",
                   "location": {"city": "Austin", "countryCode": "US"},
                   "profiles": [{"network": "GitHub", "username": "zoe_ob", "url": "https://github.com/zoe_ob"}]},
        "work": [{"name": "Smith & *Sons* <Ltd>", "position": "C# / .NET Developer", "startDate": "2021-09",
                  "highlights": ["Cut costs by 30% -- saved $20k [per year] #win `x` \\o/ // not a comment"]}],
        "education": [{"institution": "Uni @ Home", "area": "C++_Systems", "studyType": "BSc", "startDate": "2015"}],
        "skills": [{"name": "Languages", "keywords": ["C#", "C++", "F#"]}, {"name": "$SHELL"}],
    }  # fmt: skip
    assert missing_glyphs() == ()
    for name, layout in TYPST_LAYOUTS.items():
        pdf = pypdfium2.PdfDocument(render_typst(document, "en", layout, photo_png("en-000")))
        text = " ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
        pdf.close()
        flat = " ".join(text.split())
        for value in (
            "Zoë O'Brien-Smith",
            "zoe_o.brien+cv@example.com",
            "C#",
            "F#",
            "Smith & *Sons* <Ltd>",
            "C# / .NET Developer",
            "$20k [per year] #win `x` \\o/ // not a comment",
            "Uni @ Home",
            "$SHELL",
        ):
            assert value in flat, (name, value, flat)  # fmt: skip
