"""Build app/ats/data/skills.tsv from the public data in ../shared/data (O*NET and SkillSpan train).

The product never reads ../shared at run time: this script copies what the analyser needs into the
project. Re-run it when the source data changes: .venv/bin/python scripts/build_skill_vocab.py
SkillSpan dev is deliberately not used here: bench/ats_skillspan.py measures on it.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
OUT = ROOT / "app" / "ats" / "data" / "skills.tsv"
VENDORS = ("Microsoft ", "Oracle ", "Apache ", "Amazon ", "Google ", "IBM ", "Adobe ", "Autodesk ", "Atlassian ",
           "Salesforce ", "Red Hat ", "The ", "SAP ")  # fmt: skip
# Category names in O*NET ("Web browser software", "Spreadsheet software") are kinds of software,
# not skills a job ad names; entries that are all lower case after dropping "software" are skipped.
MIN_RATIO = 0.15  # chosen on held-out halves of train (best F1), never on dev
STOP = {"and", "or", "the", "a", "an", "of", "in", "with", "to", "for", "on", "skills", "experience", "knowledge"}


def onet_names() -> Counter[str]:
    """Technology names with how many occupations list them ('Hot Technology' ones doubled)."""
    counts: Counter[str] = Counter()
    lines = (SHARED / "onet" / "Technology_Skills.txt").read_text(encoding="utf-8").splitlines()[1:]
    for line in lines:
        _code, example, _commodity, _title, hot, _demand = line.split("\t")
        name = re.sub(r"\s+software$", "", example.strip())
        if not name or name == name.lower():
            continue
        counts[name] += 2 if hot == "Y" else 1
        for vendor in VENDORS:
            if name.startswith(vendor) and len(name) - len(vendor) >= 3:
                counts[name[len(vendor) :]] += 1
    return counts


def everyday_words() -> set[str]:
    """Words the source texts write in lower case: O*NET's occupation titles and descriptions and
    SkillSpan train's postings ("inventory", "cloud", "ads"; not "cassandra" or "revit")."""
    words: set[str] = set()
    for line in (SHARED / "onet" / "Occupation_Data.txt").read_text(encoding="utf-8").splitlines()[1:]:
        words.update(re.findall(r"\b[a-z][a-z0-9]*\b", line))
    for line in (SHARED / "skillspan" / "train.json").read_text(encoding="utf-8").splitlines():
        words.update(t for t in json.loads(line)["tokens"] if t.islower())
    return words


def same_products(rows: dict[str, tuple[str, str, int]]) -> dict[str, str]:
    """A vendor's name before a product is the same product ("Autodesk AutoCAD" is AutoCAD, "Apache
    Cassandra" is Cassandra), unless what is left is made of everyday words ("Oracle Inventory",
    "Google Ads", "Google Cloud Platform") or is a bare acronym ("SAP SCM"): then the vendor's name is
    part of the product's."""
    everyday = everyday_words()
    out: dict[str, str] = {}
    for name, _source, _weight in rows.values():
        for vendor in VENDORS:
            product = name[len(vendor) :]
            # a bare acronym after a vendor is often a kind of software, not a product: "Oracle HRIS", "SAP SCM"
            if not name.startswith(vendor) or product.lower() not in rows or re.fullmatch(r"[A-Z]{2,4}", product):
                continue
            words = re.findall(r"[A-Za-z0-9+#]+", product)
            if any(word.lower() not in everyday for word in words):
                out[name] = rows[product.lower()][0]
    return out


def clean_span(tokens: list[str]) -> str:
    """Drop punctuation tokens at either end ('Infrastructure )' -> 'Infrastructure')."""
    while tokens and not any(c.isalnum() for c in tokens[0]):
        tokens = tokens[1:]
    while tokens and not any(c.isalnum() for c in tokens[-1]):
        tokens = tokens[:-1]
    return " ".join(tokens).strip(" ?!.,;:")


def skillspan_spans(path: Path) -> Counter[str]:
    counts: Counter[str] = Counter()
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        current: list[str] = []
        for token, tag in [*zip(row["tokens"], row["tags_knowledge"], strict=True), ("", "O")]:
            if tag == "B" or (tag != "I" and current):
                if current and clean_span(current):
                    counts[clean_span(current)] += 1
                current = [token] if tag == "B" else []
            elif tag == "I" and current:
                current.append(token)
    return counts


def keep_span(span: str) -> bool:
    words = span.split()
    return (
        1 <= len(words) <= 5
        and not span.startswith("<")
        and not all(w.lower() in STOP for w in words)
        and len(span) >= 2
        and not re.fullmatch(r"[\d\W]+", span)
        and not re.search(r"[<>]|degree|bachelor|master|diploma", span, re.I)
    )


def train_ngrams(path: Path) -> Counter[str]:
    """How often each lower-cased word sequence (up to 5 words) occurs in the training sentences."""
    counts: Counter[str] = Counter()
    for line in path.read_text(encoding="utf-8").splitlines():
        words = [t.lower() for t in json.loads(line)["tokens"]]
        for n in range(1, 6):
            counts.update(" ".join(words[i : i + n]) for i in range(len(words) - n + 1))
    return counts


def skill_ratio(name: str, gold: Counter[str], seen: Counter[str]) -> float:
    """Of the times the name occurs in the training postings, how often is it annotated as knowledge?

    1.0 for names that never occur there (product names from O*NET): nothing says they are words.
    """
    occurrences = seen[name.lower()]
    return 1.0 if occurrences == 0 else gold[name.lower()] / occurrences


def main() -> None:
    onet = onet_names()
    train = SHARED / "skillspan" / "train.json"
    spans = skillspan_spans(train)
    gold = Counter({k.lower(): 0 for k in spans})
    for span, count in spans.items():
        gold[span.lower()] += count
    seen = train_ngrams(train)
    rows: dict[str, tuple[str, str, int]] = {}
    dropped = 0
    # Words like "work", "research", "Drive" or "Meet" are annotated as skills in a minority of their
    # occurrences: below MIN_RATIO they cost more false alarms than they find skills.
    for name, weight in onet.items():
        if skill_ratio(name, gold, seen) >= MIN_RATIO:
            rows[name.lower()] = (name, "onet", weight)
        else:
            dropped += 1
    for span, count in spans.items():
        if keep_span(span) and span.lower() not in rows:
            if skill_ratio(span, gold, seen) >= MIN_RATIO:
                rows[span.lower()] = (span, "skillspan", count)
            else:
                dropped += 1
    same = same_products(rows)
    lines = [
        "# name\tsource\tweight[\tthe same product without its vendor's name]  (generated by "
        "scripts/build_skill_vocab.py; see README.md for licences)"
    ]
    lines += [
        "\t".join([name, source, str(weight), *([same[name]] if name in same else [])])
        for name, source, weight in sorted(rows.values(), key=lambda r: r[0].lower())
    ]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    onet_rows = sum(r[1] == "onet" for r in rows.values())
    print(
        f"wrote {OUT.relative_to(ROOT)}: {len(rows)} skills ({onet_rows} O*NET, {len(same)} the same product as "
        f"another without its vendor's name); {dropped} everyday words dropped"
    )


if __name__ == "__main__":
    main()
