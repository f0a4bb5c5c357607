"""The import corpus: seeded, varied CVs as JSON Resume documents in the five CV languages, plus the repo's fixtures.

The same seed always gives the same CVs (manifest.json holds their hashes; tests check it). Rendering them
(every design, DOCX, Chromium-printed HTML) is `bench/import_corpus/render.py`; the files go to a cache dir.

Run: .venv/bin/python bench/import_corpus/generate.py [--out /tmp/altoc-import-corpus] [--kinds ...]
     [--write-manifest]   # after changing the generator: record the new hashes
"""

from __future__ import annotations

import hashlib
import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.import_corpus.words import WORDS, Profession, Words  # noqa: E402

SEED = 14
COUNT = 50
LANGUAGES = ("en", "de", "fr", "es", "uk")
MANIFEST = Path(__file__).with_name("manifest.json")
FIXTURES = (
    "tests/fixtures/full_resume.json",
    "tests/fixtures/jsonresume_sample.json",
    "bench/fixtures/two_page_cv.json",
    "bench/fixtures/ats_cv_backend_strong.json",
    "bench/fixtures/ats_cv_marketing.json",
)
LAST_YEAR = 2026  # the most recent date a generated CV holds


@dataclass(frozen=True)
class CorpusCv:
    """One CV of the corpus: its JSON Resume document, the language it is written (and rendered) in."""

    id: str
    language: str
    document: dict[str, Any]
    photo: bool  # the HTML layouts show a photo (our designs print none)

    def sha256(self) -> str:
        return hashlib.sha256(json.dumps(self.document, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _digits(rng: random.Random, pattern: str) -> str:
    return "".join(str(rng.randrange(10)) if c == "#" else c for c in pattern)


def _latin(words: Words, text: str) -> str:
    return "".join(words.latin.get(c, c) for c in text.lower()).replace("_", "").replace("'", "").replace(" ", "")


def _month(year: int, month: int) -> tuple[int, int]:
    """(year, month) with the month brought into 1..12."""
    return year + (month - 1) // 12, (month - 1) % 12 + 1


def _date(year: int, month: int, precision: str, rng: random.Random) -> str:
    if precision == "year":
        return f"{year}"
    if precision == "day":
        return f"{year}-{month:02d}-{rng.randint(1, 28):02d}"
    return f"{year}-{month:02d}"


def _jobs(rng: random.Random, words: Words, profession: Profession, count: int, bullets: int, precision: str,
          current: bool) -> list[dict[str, Any]]:  # fmt: skip
    """Most recent first, going back in time: each job 8 months to 5 years, with short gaps between."""
    year, month = LAST_YEAR, rng.randint(1, 10)
    companies = rng.sample(words.companies, count)
    titles = rng.sample(profession.titles, min(count, len(profession.titles)))
    jobs = []
    for i in range(count):
        job: dict[str, Any] = {"name": companies[i], "position": titles[i % len(titles)]}
        if not (i == 0 and current):
            job["endDate"] = _date(year, month, precision, rng)
        year, month = _month(year, month - rng.randint(8, 60))
        job["startDate"] = _date(year, month, precision, rng)
        if precision == "year" and job.get("endDate") == job["startDate"]:
            year -= 1
            job["startDate"] = _date(year, month, precision, rng)
        if rng.random() < 0.4:
            job["location"] = rng.choice(words.cities)[0]
        if rng.random() < (0.2 if bullets < 6 else 1.0):
            job["summary"] = rng.choice(profession.summaries).replace("{n}", str(rng.randint(3, 15)))
        chosen = rng.sample(profession.highlights, min(len(profession.highlights), rng.randint(bullets, bullets + 1)))
        if bullets >= 6:  # a 3-page CV: every kind of achievement, some twice with other figures
            chosen += rng.sample(profession.highlights, 4)
        job["highlights"] = [h.replace("{n}", str(rng.randint(2, 40))) for h in chosen]
        jobs.append({k: job[k] for k in ("name", "position", "location", "startDate", "endDate", "summary",
                                          "highlights") if k in job})  # fmt: skip
        year, month = _month(year, month - rng.randint(0, 4))
    return jobs


def _schools(rng: random.Random, words: Words, count: int, before: int) -> list[dict[str, Any]]:
    schools = []
    year = before
    for institution in rng.sample(words.institutions, count):
        end = year - rng.randint(0, 2)
        start = end - rng.randint(2, 5)
        school: dict[str, Any] = {"institution": institution, "area": rng.choice(words.areas),
                                  "studyType": rng.choice(words.degrees)}  # fmt: skip
        if rng.random() < 0.6:
            school |= {"startDate": f"{start}-{rng.choice((9, 10)):02d}", "endDate": f"{end}-{rng.choice((6, 7)):02d}"}
        else:
            school |= {"startDate": str(start), "endDate": str(end)}
        if rng.random() < 0.3:
            school["score"] = rng.choice(("1,7", "3.8/4.0", "16/20", "Sobresaliente", "95/100"))
        schools.append(school)
        year = start
    return schools


def _skills(rng: random.Random, profession: Profession) -> list[dict[str, Any]]:
    """Groups with keywords, a flat list of names, or both."""
    style = rng.choices(("groups", "flat", "mixed"), weights=(5, 3, 2))[0]
    groups = list(profession.groups.items())
    if style == "flat":
        pool = [k for _, keywords in groups for k in keywords]
        return [{"name": k} for k in rng.sample(pool, rng.randint(4, min(10, len(pool))))]
    chosen = rng.sample(groups, rng.randint(1, len(groups)) if style == "groups" else 1)
    skills: list[dict[str, Any]] = []
    for name, keywords in chosen:
        group: dict[str, Any] = {"name": name, "keywords": rng.sample(keywords, rng.randint(2, len(keywords)))}
        if rng.random() < 0.15:
            group["level"] = rng.choice(("Expert", "Advanced", "C1"))
        skills.append(group)
    if style == "mixed":
        rest = [k for name, keywords in groups if name not in dict(chosen) for k in keywords]
        skills += [{"name": k} for k in rng.sample(rest, min(len(rest), rng.randint(2, 5)))]
    return skills


def generate_cv(seed: int, index: int, language: str) -> CorpusCv:
    """One CV, the same every time for the same (seed, index, language)."""
    rng = random.Random(f"{seed}-{index}-{language}")
    words = WORDS[language]
    size = rng.choices(("short", "medium", "long", "very long"), weights=(3, 4, 2, 1))[0]
    jobs, schools, bullets = {
        "short": (rng.randint(1, 2), rng.randint(0, 1), 1),
        "medium": (rng.randint(2, 3), rng.randint(1, 2), 2),
        "long": (rng.randint(3, 4), rng.randint(1, 3), 4),
        "very long": (4, rng.randint(2, 3), 6),
    }[size]
    profession = rng.choice(words.professions)
    first, last = rng.choice(words.first), rng.choice(words.last)
    city, country = rng.choice(words.cities)
    basics: dict[str, Any] = {"name": f"{first} {last}"}
    if rng.random() < 0.7:
        basics["label"] = profession.titles[0]
    domain = rng.choice(("example.com", "mail.example.org", "example.net"))
    basics["email"] = f"{_latin(words, first)}{rng.choice(('.', '_', ''))}{_latin(words, last)}@{domain}"
    if rng.random() < 0.9:
        basics["phone"] = _digits(rng, rng.choice(words.phones))
    basics["location"] = {"city": city, "countryCode": country}
    photo = rng.random() < 0.4
    if photo:
        basics["image"] = f"https://example.com/photos/{_latin(words, last)}.jpg"
    if rng.random() < 0.2:
        basics["url"] = f"https://{_latin(words, first)}{_latin(words, last)}.example.com"
    profiles = []
    if rng.random() < 0.6:
        handle = f"{_latin(words, first)}-{_latin(words, last)}"
        profiles.append({"network": "LinkedIn", "username": handle, "url": f"https://linkedin.com/in/{handle}"})
    if "Python" in str(profession.groups) and rng.random() < 0.5:
        handle = f"{_latin(words, first)[0]}{_latin(words, last)}"
        profiles.append({"network": "GitHub", "username": handle, "url": f"https://github.com/{handle}"})
    if profiles:
        basics["profiles"] = profiles
    if size in ("long", "very long") or rng.random() < 0.6:
        sentences = rng.sample(profession.summaries, min(len(profession.summaries), 1 + (size == "very long")))
        basics["summary"] = " ".join(s.replace("{n}", str(rng.randint(3, 15))) for s in sentences)
    precision = rng.choices(("month", "year", "day"), weights=(15, 3, 2))[0]
    work = _jobs(rng, words, profession, jobs, bullets, precision, current=rng.random() < 0.5)
    document: dict[str, Any] = {"basics": basics, "work": work}
    oldest = int(work[-1]["startDate"][:4])
    if schools:
        document["education"] = _schools(rng, words, schools, oldest)
    document["skills"] = _skills(rng, profession)
    if rng.random() < 0.6:
        document["languages"] = [
            {"language": name, "fluency": level}
            for name, level in [words.languages[0], *rng.sample(words.languages[1:], 2)]
        ][: rng.randint(2, 3)]
    if size != "short" and rng.random() < 0.4:
        document["certificates"] = [
            {"name": name, "issuer": issuer, "date": f"{rng.randint(oldest, LAST_YEAR - 1)}-{rng.randint(1, 12):02d}"}
            for name, issuer in rng.sample(words.certificates, rng.randint(1, 2))
        ]
    if size == "very long" or (size == "long" and rng.random() < 0.6):
        document["projects"] = [
            {"name": name, "description": description, "startDate": f"{rng.randint(oldest, LAST_YEAR - 1)}"}
            | (
                {"highlights": [h.replace("{n}", "12") for h in rng.sample(profession.highlights, 3)]}
                if size == "very long"
                else {}
            )
            for name, description in rng.sample(words.projects, rng.randint(1, 2) + (size == "very long"))
        ]
    return CorpusCv(f"{language}-{index:03d}", language, document, photo)


def fixture_cvs() -> list[CorpusCv]:
    from app.cv.language import detect_language
    from app.cv.model import Resume

    cvs = []
    for path in FIXTURES:
        document = json.loads((ROOT / path).read_text(encoding="utf-8"))
        language = detect_language(Resume.model_validate(document))
        cvs.append(
            CorpusCv(f"fixture-{Path(path).stem}", language, document, photo=bool(document["basics"].get("image")))
        )
    return cvs


def corpus(seed: int = SEED, count: int = COUNT) -> list[CorpusCv]:
    """The fixtures, then `count` generated CVs, the languages taking turns."""
    generated = [generate_cv(seed, i, LANGUAGES[i % len(LANGUAGES)]) for i in range(count)]
    return fixture_cvs() + generated


def manifest(cvs: list[CorpusCv], seed: int = SEED) -> dict[str, Any]:
    return {
        "seed": seed,
        "count": sum(not cv.id.startswith("fixture-") for cv in cvs),
        "cvs": [
            {
                "id": cv.id,
                "language": cv.language,
                "jobs": len(cv.document.get("work", [])),
                "schools": len(cv.document.get("education", [])),
                "photo": cv.photo,
                "sha256": cv.sha256(),
            }
            for cv in cvs
        ],
    }


def main() -> None:
    import argparse
    import time

    from bench.import_corpus.render import DEFAULT_OUT, KINDS, ensure_corpus

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--kinds", default=",".join(KINDS))
    parser.add_argument("--count", type=int, default=COUNT)
    parser.add_argument("--write-manifest", action="store_true")
    args = parser.parse_args()
    cvs = corpus(SEED, args.count)
    if args.write_manifest:
        MANIFEST.write_text(json.dumps(manifest(cvs), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {MANIFEST.relative_to(ROOT)} ({len(cvs)} CVs)")
    start = time.perf_counter()
    items = ensure_corpus(cvs, args.out, args.kinds.split(","))
    print(f"{len(items)} files in {args.out} ({time.perf_counter() - start:.1f} s)")


if __name__ == "__main__":
    main()
