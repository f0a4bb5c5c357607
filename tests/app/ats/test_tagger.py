"""The trained skill tagger and how job ads use it (vocabulary names it agrees with, plus its own finds)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from app.ats.job import read_ad
from app.ats.tagger import (
    MODEL,
    SkillTagger,
    _ends_as_names_do,
    bio_spans,
    find_skills,
    lexicon_tags,
    line_contexts,
    load_tagger,
    rate_tag,
    serialise,
    skill_tagger,
    token_features,
    word_rate_tags,
)
from app.ats.vocab import key_of, norm_token, tokens_of, vocabulary

FIXTURES = Path(__file__).parents[3] / "bench" / "fixtures"


def names(text: str) -> list[str]:
    return [m.canonical for m in find_skills(text, vocabulary())]


def test_the_model_ships_and_loads() -> None:
    tagger = skill_tagger()
    assert tagger is not None
    assert len(tagger.weights) > 10_000 and len(tagger.lexicon) > 1_000 and tagger.o_penalty > 0
    assert len(tagger.rates) > 1_000 and tagger.rates["experience"][0] == "0"  # rarely inside a skill span
    assert tagger.rates["python"][0] in "34"  # usually inside one
    with gzip.open(MODEL, "rt", encoding="utf-8") as handle:
        assert set(json.load(handle)) == {"o_penalty", "weights", "lexicon", "rates"}
    assert MODEL.stat().st_size < 3_000_000


def test_a_written_model_loads_back_and_the_bytes_are_reproducible(tmp_path: Path) -> None:
    weights = {"b": [0.0, 0.0, 1.0], "w=kafka": [3.0, 0.0, 0.0]}
    first, second = tmp_path / "a.json.gz", tmp_path / "b.json.gz"
    serialise(weights, ["Apache Kafka", "Kafka"], 0.5, {"kafka": "4c3"}, first)
    serialise(dict(reversed(weights.items())), ["Kafka", "Apache Kafka"], 0.5, {"kafka": "4c3"}, second)
    assert first.read_bytes() == second.read_bytes()  # no timestamp, sorted: same model, same file
    tagger = load_tagger(first)
    assert tagger.weights == weights and tagger.o_penalty == 0.5 and tagger.rates == {"kafka": "4c3"}
    assert tagger.lexicon == {("apache", "kafka"), ("kafka",)}
    text = "We run Kafka daily"
    assert [text[a:b] for a, b in tagger.spans(text, vocabulary(include_skillspan=False))] == ["Kafka"]


def test_word_rates_and_role_nouns_are_features() -> None:
    assert rate_tag(0, 0) == "0c0" and rate_tag(20, 1) == "1c4" and rate_tag(3, 3) == "4c1"
    assert rate_tag(1000, 500) == "3c5"  # counts are capped at 2^5
    assert word_rate_tags(["python", "zzz"], {"python": "4c5"}) == ["4c5", "u"]
    text = "Senior Java Developer"
    tokens = tokens_of(text)
    keys = [norm_token(t) for t, _, _ in tokens]
    features = token_features(text, tokens, ["O", "B", "O"], ["O", "B", "O"], ["0c3", "3c5", "0c4"], keys)
    assert "role+1" in features[1] and "role+1|BB" in features[1] and "role+2" in features[0]
    assert "role-1" not in features[1] and "r=3c5" in features[1] and "r3=0c3|3c5|0c4" in features[1]
    assert not any(f.startswith("role") for f in features[2])


def test_a_job_title_is_not_read_as_a_skill_list() -> None:
    tagger = skill_tagger()
    assert tagger is not None
    names = vocabulary(include_skillspan=False)
    body = "Strong experience with Java and Spring Boot is required."
    assert "Java" in [body[a:b] for a, b in tagger.spans(body, names)]
    title = "We are looking for an experienced Java Developer to join our team."
    assert "Java" not in [title[a:b] for a, b in tagger.spans(title, names)]


def test_it_tags_skills_in_context() -> None:
    tagger = skill_tagger()
    assert tagger is not None
    text = "Experience with Kubernetes and Terraform in production is required."
    spans = [text[a:b] for a, b in tagger.spans(text, vocabulary(include_skillspan=False))]
    assert "Kubernetes" in spans and any(span.startswith("Terraform") for span in spans)
    assert "Terraform" in names(text)  # the vocabulary's name for what the tagger marked
    assert tagger.spans("", vocabulary()) == []


def test_everyday_words_count_only_where_they_mean_the_skill() -> None:
    assert names("You will enjoy job security and a great team in our Berlin office.") == []
    assert "network security" in names("Solid understanding of network security and firewalls.")


def test_names_stay_names_and_lists_are_split() -> None:
    found = names("We use JavaScript, not Java, and React; R is a plus. Experience with postgres, js")
    assert {"JavaScript", "Java", "React", "R", "PostgreSQL"} <= set(found)
    assert "not" not in [n.lower() for n in found]
    assert all("," not in n for n in found)
    found = names("Requirements:\nDocument care in the electronic health records system (Epic)")
    assert "Epic" in found and not any("(" in n or ")" in n for n in found)  # brackets split names too
    assert "Machine learning" in names("Your tasks:\n- Build machine learning models that forecast demand")
    assert "system" not in found  # the head noun of "electronic health records system" is no name alone
    flat = names(" ".join((FIXTURES / "ats_job_backend.txt").read_text().split()))  # an ad that lost its lines
    assert "Python" in flat and "Requirements" not in flat
    marketing = names((FIXTURES / "ats_job_marketing.txt").read_text())
    assert "ROI" in marketing and not [n for n in marketing if "month" in n]  # "report on pipeline and ROI every month"
    # "keep our CRM data clean": a phrase that ends on a word no skill ends with is cut from a sentence
    assert "data clean" not in marketing and "Customer relationship management" in marketing


def test_a_tagged_phrase_must_end_as_skill_names_do() -> None:
    tagger = skill_tagger()
    assert tagger is not None
    assert not _ends_as_names_do("data clean", tagger)  # "clean" is common in postings, never a skill's last word
    assert _ends_as_names_do("schema design", tagger)  # "design" ends many
    assert _ends_as_names_do("event sourcing", tagger)  # a word the postings hardly use: kept
    assert _ends_as_names_do("university degree", tagger)  # mostly inside skills, though the lexicon drops degrees


def test_unknown_tools_are_found_by_context() -> None:
    found = names("Knowledge of Snowplow analytics and data pipelines")
    assert any("Snowplow" in n for n in found)  # no list knows it


def test_bio_helpers() -> None:
    keys = ["experience", "with", "apache", "kafka", "and", "go"]
    assert lexicon_tags(keys, frozenset({("apache", "kafka"), ("go",)}), 2) == ["O", "O", "B", "I", "O", "B"]
    text = "use Apache Kafka daily"
    assert bio_spans(["O", "B", "I", "O"], tokens_of(text)) == [(4, 16)]


def test_decoding_never_starts_a_span_with_inside() -> None:
    always_inside = SkillTagger({"b": [0.0, 5.0, 0.0]}, frozenset({key_of("Kafka")}))
    assert always_inside.tag([["b", "w=a"], ["b", "w=b"]]) == ["B", "I"]  # I is impossible at the start


def test_each_line_knows_its_section_the_list_it_is_in_and_the_title() -> None:
    lines = ["Java Developer", "Your profile:", "Solid experience with Kafka", "Job benefits:", "Pension plan"]
    contexts = line_contexts(lines)
    assert "first" in contexts[0] and "hd=none" in contexts[0]
    assert {"hd=profile", "listed", "sc=experience", "sc=solid"} <= set(contexts[2])
    assert {"hd=job", "hd=benefit", "listed"} <= set(contexts[4]) and "hd=profile" not in contexts[4]
    assert "hd=requirement" in line_contexts(["## Requirements", "Python"])[1]  # Markdown headings too
    text = "Kafka"
    tokens = tokens_of(text)
    features = token_features(text, tokens, ["B"], ["O"], ["4c5"], ["kafka"], contexts[2])
    assert {"hd=profile", "hd=profile|BO", "listed|BO"} <= set(features[0])


def test_a_posting_is_read_in_sections() -> None:
    ad = (
        "Senior Java Developer\n"
        "Company description:\n"
        "We are a Kotlin shop building payment software with a team of 40 engineers.\n"
        "Your profile:\n"
        "Solid experience with Kotlin and PostgreSQL\n"
        "Experience with Kafka is a plus\n"
    )
    found = [(skill.canonical, skill.line) for skill in read_ad(ad).skills]
    assert ("Kotlin", 4) in found and ("PostgreSQL", 4) in found and ("Apache Kafka", 5) in found
    assert not [line for _, line in found if line in (1, 2)]  # not the company's story
    assert [name for name, line in found if line == 0] == ["Java"]  # the title names what the vocabulary knows
    tagger = skill_tagger()
    assert tagger is not None
    spans = tagger.spans(ad, vocabulary(include_skillspan=False))
    assert all("\n" not in ad[a:b] for a, b in spans)  # offsets are the posting's, line by line
    assert "Kafka" in [ad[a:b] for a, b in spans]
