"""Pasted text to lines: the preamble people type, blank lines as gaps, markdown marks as a look."""

from __future__ import annotations

import pytest

from app.errors import InvalidInput
from app.imports.text import read_text


@pytest.mark.parametrize(
    "preamble",
    [
        "Here is my CV:",
        "here's my resume:\n",
        "Hi! This is my CV.",
        "Hier ist mein Lebenslauf:",
        "Voici mon CV :",
        "Aquí está mi CV:",
        "Ось моє резюме:",
    ],
)
def test_the_preamble_is_stripped_in_five_languages(preamble: str) -> None:
    doc = read_text(f"{preamble}\nMaria Kowalska\nmaria@example.com")
    assert [line.text for line in doc.lines] == ["Maria Kowalska", "maria@example.com"]
    assert doc.kind == "text"


def test_a_preamble_on_the_same_line_and_a_cv_without_one() -> None:
    assert read_text("Here is my CV: Maria Kowalska").lines[0].text == "Maria Kowalska"
    assert read_text("Maria Kowalska\nMy CV is below").lines[0].text == "Maria Kowalska"


def test_blank_lines_become_gaps_and_markdown_a_look() -> None:
    doc = read_text(
        "# Maria Kowalska\n\n\n## Experience\n**Staff Engineer** \n- Built [the ledger](https://ledger.example.com)\n"
    )
    name, heading, title, bullet = doc.lines
    assert (name.text, name.style) == ("Maria Kowalska", "Heading 1")
    assert (heading.text, heading.style, heading.gap_before) == ("Experience", "Heading 2", 2.0)
    assert (title.text, title.bold) == ("Staff Engineer", True)
    assert bullet.text == "- Built the ledger" and bullet.links == ("https://ledger.example.com",)
    assert doc.links == ["https://ledger.example.com"]


def test_empty_text_is_refused_with_what_to_send() -> None:
    with pytest.raises(InvalidInput, match="Paste"):
        read_text(" \n\n\t")
