"""The trained skill tagger and how job ads use it (vocabulary names it agrees with, plus its own finds)."""

from __future__ import annotations

import gzip
import json

from app.ats.tagger import MODEL, SkillTagger, bio_spans, find_skills, lexicon_tags, skill_tagger
from app.ats.vocab import key_of, tokens_of, vocabulary


def names(text: str) -> list[str]:
    return [m.canonical for m in find_skills(text, vocabulary())]


def test_the_model_ships_and_loads() -> None:
    tagger = skill_tagger()
    assert tagger is not None
    assert len(tagger.weights) > 10_000 and len(tagger.lexicon) > 1_000 and tagger.o_penalty > 0
    with gzip.open(MODEL, "rt", encoding="utf-8") as handle:
        assert set(json.load(handle)) == {"o_penalty", "weights", "lexicon"}


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
    assert "Security" in names("Solid understanding of network security and firewalls.")


def test_names_stay_names_and_lists_are_split() -> None:
    found = names("We use JavaScript, not Java, and React; R is a plus. Experience with postgres, js")
    assert {"JavaScript", "Java", "React", "R", "PostgreSQL"} <= set(found)
    assert "not" not in [n.lower() for n in found]
    assert all("," not in n for n in found)
    assert "Machine learning" in names("Build machine learning models that forecast demand")


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
