"""How to add a design, followed once: a `Design` entry and its stylesheet, and every export and /export take it."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from app.assistant.commands import Export
from app.cv.model import Resume
from app.render import list_templates, render_cv
from app.render.designs import DESIGNS, Design

FULL = Resume.model_validate(json.loads((Path(__file__).parents[2] / "fixtures" / "full_resume.json").read_text()))


def test_a_design_is_one_entry_and_its_stylesheet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pdfplumber

    sheet = tmp_path / "ledger.css"
    sheet.write_text("h1 { color: #7a1f1f; letter-spacing: 0.4pt; }\n", encoding="utf-8")
    ledger = Design("ledger", "A test-only design: Lato, the name in dark red.", "Lato", stylesheet=sheet)
    monkeypatch.setitem(DESIGNS, "ledger", ledger)

    assert list_templates()[-1].name == "ledger"
    assert Export.parse(["ledger", "letter"], "ledger letter") == Export(template="ledger", paper="letter")

    pdf = render_cv(FULL, "pdf", template="ledger")
    assert pdf.check.ok, pdf.check.summary()
    with pdfplumber.open(io.BytesIO(pdf.data)) as document:
        fonts = {char["fontname"].split("+")[-1] for char in document.pages[0].chars}
    assert fonts and all(f.startswith("Lato") for f in fonts), fonts
    assert "#7a1f1f" in render_cv(FULL, "html", template="ledger").data.decode()
