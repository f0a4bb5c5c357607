"""Layouts other generators make (sidebars read first, date columns, tags, Typst's ligatures), as Line lists
with the look a PDF page gives them and as glyphs for the PDF reader: each case one cause fixed, none invented."""

from __future__ import annotations

from app.imports.document import Line, ReadDocument
from app.imports.headings import heading_guess
from app.imports.pdf import _columns_on_both_sides, _Glyph, _page_lines, _rows
from app.imports.structure import build_resume
from app.imports.text import read_text
from tests.app.imports.test_structure import build


def _heading(text: str, column: int = 0, page: int = 0, x0: float = 40.0) -> Line:
    return Line(text, page=page, column=column, x0=x0, size=11.0, bold=True, gap_before=1.0)


def _line(
    text: str,
    column: int = 0,
    page: int = 0,
    x0: float = 40.0,
    gap_before: float = 0.3,
    *,
    bold: bool = False,
    italic: bool = False,
) -> Line:
    return Line(text, page=page, column=column, x0=x0, size=9.0, bold=bold, italic=italic, gap_before=gap_before)


def test_the_name_is_the_biggest_text_even_when_a_sidebar_is_read_first() -> None:
    lines = [
        Line("CORE SKILLS", column=0, x0=38, size=9.5, bold=True),
        Line("Backend", column=0, x0=38, size=9.0, bold=True, gap_before=0.5),
        Line("Python\tGo\tPostgreSQL", column=0, x0=44, size=8.0, gap_before=0.3),
        Line("Maria", column=1, x0=215, size=22.0, bold=True),
        Line("Kowalska", column=1, x0=215, size=22.0, bold=True, gap_before=0.2),
        Line("Staff Engineer", column=1, x0=215, size=11.0, gap_before=0.4),
        Line("Employment History", column=1, x0=215, size=11.0, bold=True, gap_before=0.9),
        Line("Staff Engineer\t03/2021 – now", column=1, x0=215, size=10.0, bold=True, gap_before=0.6),
        Line("PayFlow GmbH · Berlin", column=1, x0=215, size=9.0, gap_before=0.2),
        Line("Designed the ledger service that settles two million transactions a day", column=1, x0=215, size=9.0),
    ]
    cv = build(ReadDocument("pdf", lines, 1, 9.0)).document
    assert (cv["basics"]["name"], cv["basics"]["label"]) == ("Maria Kowalska", "Staff Engineer")
    assert cv["skills"] == [{"name": "Backend", "keywords": ["Python", "Go", "PostgreSQL"]}]
    assert (cv["work"][0]["position"], cv["work"][0]["name"]) == ("Staff Engineer", "PayFlow GmbH")


HALF = "Cut the costs by half for the whole data platform of the company"


def test_heading_words_inside_a_list_name_its_groups_and_any_glyph_is_a_bullet() -> None:
    lines = [
        Line("Ana Ruiz", size=24.0, bold=True),
        Line("SELECTED SKILLS", size=9.5, bold=True, gap_before=1.0),
        Line("Languages", size=9.0, bold=True, gap_before=0.5),
        Line("Python\tSQL", size=8.0, gap_before=0.3),
        Line("Tools", size=9.0, bold=True, gap_before=0.5),
        Line("Docker\tGit", size=8.0, gap_before=0.3),
        Line("EXPERIENCE", size=9.5, bold=True, gap_before=1.0),
        Line("Data Engineer\t2020 – 2022", size=9.0, bold=True, gap_before=0.5),
        Line("Tecnologías del Sur S.L.", size=9.0, italic=True, gap_before=0.1),
        Line("▸ Built the pipelines", size=9.0, gap_before=0.3),
        Line(f"➜ {HALF}", size=9.0, gap_before=0.2),
    ]
    cv = build(ReadDocument("pdf", lines, 1, 9.0)).document
    assert cv["skills"] == [{"name": "Languages", "keywords": ["Python", "SQL"]},
                            {"name": "Tools", "keywords": ["Docker", "Git"]}]  # fmt: skip
    assert "languages" not in cv
    (job,) = cv["work"]
    assert (job["position"], job["name"]) == ("Data Engineer", "Tecnologías del Sur S.L.")
    assert job["highlights"] == [
        "Built the pipelines",
        "Cut the costs by half for the whole data platform of the company",
    ]


def test_a_heading_named_by_its_head_word() -> None:
    assert [heading_guess(t) for t in ("Core Competences Skills", "Selected Projects", "Compétences clés")] == [
        "skills", "projects", "skills",
    ]  # fmt: skip
    assert [heading_guess(t) for t in ("Programming Languages", "Maria Kowalska", "Customer Experience Team")] == [
        None, None, None,
    ]  # fmt: skip


def test_schools_read_by_the_shape_of_their_lines() -> None:
    lines = [
        Line("Raúl Ruiz", size=22.0, bold=True),
        _heading("Education"),
        _line("Universidad Complutense de Madrid\t2006 – 2011", bold=True, gap_before=0.6),
        _line("Ingeniería, Marketing", italic=True),
        _line("3.8/4.0"),
        _line("University of Warsaw\t2010 – 2015", bold=True, gap_before=0.6),
        _line("Master · Computer Science", italic=True),
        _line("Universidad de Deusto — MBA en Publicidad y Relaciones Públicas\t2012 – 2014", gap_before=0.6),
        _line("INSA Lyon — Diplôme d'ingénieur en Gestion\t2001 – 2005", gap_before=0.6),
        _line("2009 – 2011\tМагістр — Програмна інженерія, Львівська політехніка", gap_before=0.6),
        _line("2004 – 2008\tDUT en Génie logiciel, IUT Lyon, 16/20", gap_before=0.6),
    ]
    schools = build(ReadDocument("pdf", lines, 1, 9.0)).document["education"]
    assert [(s.get("institution"), s.get("studyType"), s.get("area"), s.get("score")) for s in schools] == [
        ("Universidad Complutense de Madrid", "Ingeniería", "Marketing", "3.8/4.0"),
        ("University of Warsaw", "Master", "Computer Science", None),
        ("Universidad de Deusto", "MBA", "Publicidad y Relaciones Públicas", None),
        ("INSA Lyon", "Diplôme d'ingénieur", "Gestion", None),
        ("Львівська політехніка", "Магістр", "Програмна інженерія", None),
        ("IUT Lyon", "DUT", "Génie logiciel", "16/20"),
    ]


def test_a_title_broken_after_a_preposition_is_joined() -> None:
    lines = [
        Line("Alejandro García", size=22.0, bold=True),
        _heading("Formación académica"),
        _line("Ingeniería, Administración y Dirección de\t10/2013 – 06/2015", bold=True, gap_before=0.6),
        _line("Empresas", bold=True),
        _line("Universidad Nacional Autónoma de México"),
    ]
    # build_resume, not build: the strict check reads "… de<tab>dates<newline>Empresas" as the source's order.
    (school,) = build_resume(ReadDocument("pdf", lines, 1, 9.0)).document["education"]
    assert (school["institution"], school["studyType"], school["area"]) == (
        "Universidad Nacional Autónoma de México", "Ingeniería", "Administración y Dirección de Empresas",
    )  # fmt: skip


def test_the_employer_first_when_the_other_entries_show_it_so() -> None:
    lines = [Line("Ana Ruiz", size=22.0, bold=True), _heading("Experience")]
    for employer, role in (("PayFlow GmbH, Berlin", "Staff Engineer"), ("Bodegas Ortega, Buenos Aires", "Contable"),
                           ("Acme Ltd", "Senior Analyst")):  # fmt: skip
        lines += [_line(f"{employer}\t2019 – 2021", bold=True, gap_before=0.6), _line(role, italic=True)]
    result = build(ReadDocument("pdf", lines, 1, 9.0))
    jobs = result.document["work"]
    assert [(j["name"], j["position"]) for j in jobs] == [
        ("PayFlow GmbH", "Staff Engineer"), ("Bodegas Ortega", "Contable"), ("Acme Ltd", "Senior Analyst"),
    ]  # fmt: skip
    assert jobs[1]["location"] == "Buenos Aires"
    assert not [u for u in result.uncertain if u.path.endswith("position")]


def test_a_column_goes_on_by_its_left_edge_on_the_next_page() -> None:
    lines = [
        Line("Laura Neumann", column=1, x0=215, size=22.0, bold=True),
        _heading("SKILLS", column=0, x0=38),
        _line("Controlling", column=0, x0=44),
        _heading("Experience", column=1, x0=215),
        _line("Controllerin\t10/2023 – now", column=1, x0=215, bold=True, gap_before=0.6),
        _line("Taunus Consulting GmbH", column=1, x0=215),
        _line("Bilanzbuchhalterin\t10/2014 – 04/2019", page=1, column=0, x0=215, bold=True),
        _line("Bergmann & Söhne KG", page=1, column=0, x0=215),
        _heading("Education", page=1, column=0, x0=215),
        _line("Universität zu Köln\t2001 – 2005", page=1, column=0, x0=215, bold=True, gap_before=0.6),
        _line("Bachelor of Arts, Betriebswirtschaftslehre", page=1, column=0, x0=215),
    ]
    cv = build(ReadDocument("pdf", lines, 2, 9.0)).document
    assert [s["name"] for s in cv["skills"]] == ["Controlling"]
    assert [j["name"] for j in cv["work"]] == ["Taunus Consulting GmbH", "Bergmann & Söhne KG"]
    assert cv["education"][0]["area"] == "Betriebswirtschaftslehre"


def test_a_date_broken_in_a_date_column_and_contacts_with_marks_after_them() -> None:
    lines = [
        Line("Laura Neumann", x0=45, size=30.0),
        Line("+49 151 73489200 ☎", column=1, x0=476, size=9.0),
        Line("Zürich, CH ⌂", column=1, x0=496, size=9.0, gap_before=0.2),
        Line("Experience", x0=176, size=14.0, gap_before=0.8),
        Line("April 2019 – September\tLeiter Rechnungswesen, Kraftwerk Medien GmbH", x0=65, size=10.5, gap_before=0.5),
        Line("2023\tBilanzbuchhalter mit 13 Jahren Erfahrung. Ich sorge für", x0=147, size=9.5, gap_before=0.2),
        Line("klare Zahlen.", x0=176, size=9.5, gap_before=0.2),
    ]
    result = build(ReadDocument("pdf", lines, 1, 10.5))
    basics, (job,) = result.document["basics"], result.document["work"]
    assert (basics["phone"], basics["location"]) == ("+49 151 73489200", {"city": "Zürich", "countryCode": "CH"})
    assert (job["position"], job["name"], job["startDate"], job["endDate"]) == (
        "Leiter Rechnungswesen", "Kraftwerk Medien GmbH", "2019-04", "2023-09",
    )  # fmt: skip
    assert job["summary"].startswith("Bilanzbuchhalter mit 13 Jahren")


def test_a_present_word_wrapped_in_a_date_column_ends_its_period() -> None:
    lines = [
        Line("Raúl Ruiz", size=20.0),
        Line("Experiencia laboral", size=14.0, gap_before=0.8),
        Line("noviembre 2024 –\tContable, Bodegas Ortega, Buenos Aires", size=10.0, gap_before=0.3),
        Line("actualidad\t• Elaboración del presupuesto anual para 39 filiales", size=10.0, gap_before=0.3),
        Line("febrero 2022 – julio 2024\tAnalista financiero, Tecnologías del Sur S.L.", size=10.0, gap_before=0.6),
    ]
    first, second = build(ReadDocument("pdf", lines, 1, 10.0)).document["work"]
    assert (first["position"], first["name"], first["startDate"]) == ("Contable", "Bodegas Ortega", "2024-11")
    assert "endDate" not in first and first["highlights"] == ["Elaboración del presupuesto anual para 39 filiales"]
    assert (second["name"], second["endDate"]) == ("Tecnologías del Sur S.L.", "2024-07")


def test_an_icon_links_line_showing_its_handle_is_placed_and_a_lone_mark_is_not_quoted() -> None:
    lines = [
        Line("Tobias Schneider", column=1, x0=200, size=22.0),
        Line("KONTAKT", x0=30, size=10.0, bold=True),
        Line("✉", x0=30, size=9.0),
        Line("tobias@example.net", x0=30, size=9.0, links=("mailto:tobias@example.net",)),
        Line("in tobias-schneider", x0=30, size=9.0, links=("https://linkedin.com/in/tobias-schneider",)),
        Line("gh  tschneider", x0=30, size=9.0, links=("https://github.com/tschneider/",)),
        Line("Beruflicher Werdegang", column=1, x0=200, size=12.0, bold=True, gap_before=0.8),
        Line("Online-Marketing-Manager\t01/2023 – 03/2026", column=1, x0=200, size=10.0, bold=True),
        Line("Alpenblick Software GmbH", column=1, x0=200, size=10.0),
    ]
    result = build(ReadDocument("pdf", lines, 1, 9.0))
    profiles = result.document["basics"]["profiles"]
    assert [(p["network"], p["username"]) for p in profiles] == [
        ("LinkedIn", "tobias-schneider"),
        ("GitHub", "tschneider"),
    ]
    assert result.unplaced == []


def test_spoken_languages_and_interests_at_the_end_of_a_skills_list_go_to_their_own_sections() -> None:
    skills = (
        "Skills\nPython, SQL, dbt\nLanguages: Python, Go\nLanguages: German (native), English (C1)\nInterests: chess"
    )
    cv = build(read_text("Anna Müller\nanna@example.de\n\n" + skills)).document
    assert cv["skills"] == [
        {"name": "Python"}, {"name": "SQL"}, {"name": "dbt"}, {"name": "Languages", "keywords": ["Python", "Go"]},
    ]  # fmt: skip
    assert cv["languages"] == [{"language": "German", "fluency": "native"}, {"language": "English", "fluency": "C1"}]
    assert cv["interests"] == [{"name": "chess"}]
    german = build(read_text("Jonas Becker\nMünchen · jonas@web.de · 0176 98765432\n\nKenntnisse\nReact, Vue\n"
                             "Deutsch (Muttersprache), Englisch (C1)")).document  # fmt: skip
    assert german["skills"] == [{"name": "React"}, {"name": "Vue"}]
    assert german["languages"] == [
        {"language": "Deutsch", "fluency": "Muttersprache"}, {"language": "Englisch", "fluency": "C1"},
    ]  # fmt: skip
    assert german["basics"]["location"] == {"city": "München"}  # a town among the contacts


# The PDF reader, from glyphs as pdfium gives them (loose boxes, x from the left, one baseline per row).


def _word(text: str, x: float, base: float, size: float = 10.0, advance: float = 5.0, **kw: object) -> list[_Glyph]:
    return [
        _Glyph(c, x + i * advance, x + (i + 1) * advance - 0.3, base - size, base, base, size, False, False, **kw)  # type: ignore[arg-type]
        for i, c in enumerate(text)
    ]


def _guessed_space(x: float, base: float) -> _Glyph:
    return _Glyph("", x, x, base - 10, base, base, 10.0, False, False, space=True, guessed=True)


def test_a_space_pdfium_guessed_parts_words_an_italic_letter_overhangs() -> None:
    base = 100.0
    glyphs = _word("of", 40, base, source=1)  # "f" ends at 49.7; "Arts" starts 0.8 pt (0.08 em) later
    glyphs += [_guessed_space(49.7, base), *_word("Arts", 50.5, base, source=1)]
    glyphs += _word("Ba", 40, 120.0, source=1) + _word("ch", 50.2, 120.0, source=1)  # no guess: one word
    assert [p.text for row in _rows(glyphs) for p in row.pieces] == ["of Arts", "Bach"]


def test_a_ligatures_letters_are_kept_and_a_letter_drawn_twice_is_not() -> None:
    base = 100.0
    sta = _word("Sta", 40, base, source=1)
    ligature = [_Glyph("f", 55, 61, 90, base, base, 10.0, False, False, source=1) for _ in range(2)]
    twice = [_Glyph("X", 61.2, 67, 90, base, base, 10.0, False, False, source=s) for s in (2, 3)]
    assert [p.text for row in _rows(sta + ligature + twice) for p in row.pieces] == ["StaffX"]


def test_a_tab_stop_where_other_lines_start_and_tags_set_apart() -> None:
    glyphs: list[_Glyph] = []
    for n, base in enumerate((100.0, 120.0, 140.0)):
        glyphs += _word("2020", 120 - 20, base) + _word(f"Title{n}", 125.5, base)  # 0.55 em before x = 125.5
    for base in (160.0, 170.0, 180.0):
        glyphs += _word("Body", 125.5, base)  # the body text starts where the titles do
    glyphs += _word("Python", 40, 200.0) + _word("SQL", 40 + 30 + 10.5, 200.0)  # two tags 1.05 em apart
    texts = [p.text for row in _rows(glyphs) for p in row.pieces]
    assert texts == ["2020", "Title0", "2020", "Title1", "2020", "Title2", "Body", "Body", "Body", "Python", "SQL"]


def test_a_centred_header_above_a_short_cv_is_no_column() -> None:
    glyphs = _word("Chloe Martin", 240, 40.0, size=20.0, advance=10.0) + _word("Marketing Lead", 250, 70.0)
    glyphs += _word("chloe@example.com", 230, 90.0)
    for n, base in enumerate(range(120, 320, 20)):
        glyphs += _word(f"Line {n} of the one column", 48, float(base))
    glyphs += _word("Mar 2019 – Jun 2023", 470, 140.0) + _word("Jan 2017 – Feb 2018", 470, 260.0)
    rows = _rows(glyphs)
    assert not _columns_on_both_sides(rows, 200.0, 236.0)
    assert {line.column for line in _page_lines(rows, 0)} == {0}


def test_right_aligned_labels_left_of_the_text_are_no_column() -> None:
    glyphs: list[_Glyph] = []
    labels = ("May 2025 – Sep 2026", "Finance", "Software", "English", "French")
    for n, (label, base) in enumerate(zip(labels, (100.0, 130.0, 160.0, 190.0, 220.0), strict=True)):
        glyphs += _word(label, 166.0 - 5 * len(label), base)  # right-aligned at x = 165.7
        glyphs += _word(f"Text of line {n} in the main column", 176.0, base)
    for base in (110.0, 140.0, 170.0):
        glyphs += _word("A line of the main column alone", 176.0, base)
    rows = _rows(glyphs)
    assert not _columns_on_both_sides(rows, 166.0, 175.5)
    assert {line.column for line in _page_lines(rows, 0)} == {0}
