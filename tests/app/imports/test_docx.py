"""Word documents read in order: header contacts, a two-column table, a text box, lists, links, bad files."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import parse_xml

from app.cv.model import Resume
from app.errors import InvalidInput
from app.imports.document import ReadDocument
from app.imports.docx import read_docx
from app.render import render_cv
from app.uploads import DocumentLimits

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)


def _box_paragraphs(lines: list[str]) -> str:
    return "".join(f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>" for text in lines)


def _text_box_run(lines: list[str]) -> Any:
    """A floating text box as Word 2010+ writes it: DrawingML in the Choice, the same box in VML as Fallback."""
    content = _box_paragraphs(lines)
    return parse_xml(
        f'<w:r {NS}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor>'
        '<wp:docPr id="1" name="Text Box 1"/><a:graphic><a:graphicData '
        'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:txbx>'
        f"<w:txbxContent>{content}</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic>"
        "</wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>"
        f"<w:txbxContent>{content}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r>"
    )


def _hyperlink(paragraph: Any, url: str, text: str) -> None:
    rel_id = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    paragraph._p.append(parse_xml(f'<w:hyperlink {NS} r:id="{rel_id}"><w:r><w:t>{text}</w:t></w:r></w:hyperlink>'))


def _sidebar_cv() -> bytes:
    """A CV laid out the way Word templates do it: contacts in the header, a sidebar table, a text box."""
    document = docx.Document()
    header = document.sections[0].header.paragraphs[0]
    header.text = "maria.k@example.com | +48 600 123 456 | "
    _hyperlink(header, "https://linkedin.com/in/mariak", "linkedin.com/in/mariak")
    footer = document.sections[0].footer.paragraphs[0]
    footer.add_run("Page ")
    footer._p.append(parse_xml(f'<w:fldSimple {NS} w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'))
    footer.add_run(" of ")
    for part in (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
        '<w:r><w:instrText xml:space="preserve"> NUMPAGES </w:instrText></w:r>',
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
        "<w:r><w:t>2</w:t></w:r>",
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
    ):
        footer._p.append(parse_xml(part.replace("<w:r>", f"<w:r {NS}>", 1)))
    document.sections[0].footer.add_paragraph("Maria Kowalska · CV")

    document.add_paragraph("Maria Kowalska", style="Title")
    anchor = document.add_paragraph("Staff Engineer")
    anchor._p.insert(1, _text_box_run(["Open to relocation", "Available from March"]))
    document.add_paragraph()
    document.add_paragraph()
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.paragraphs[0].text = "Contact"
    left.paragraphs[0].style = document.styles["Heading 2"]
    left.add_paragraph("Warsaw, Poland")
    github = left.add_paragraph("")
    _hyperlink(github, "https://github.com/mariak", "GitHub")
    icon = left.add_paragraph("")  # a linked picture and no text, as icon-only contact lines are made
    icon_id = icon.part.relate_to("mailto:maria.k@example.com", RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    icon._p.append(
        parse_xml(
            f'<w:r {NS}><w:drawing><wp:inline><wp:docPr id="7" name="Picture 7"><a:hlinkClick r:id="{icon_id}"/>'
            "</wp:docPr></wp:inline></w:drawing></w:r>"
        )
    )
    left.add_paragraph("Skills", style="Heading 2")
    left.add_paragraph("Python", style="List Bullet")
    left.add_paragraph("Kafka", style="List Bullet")
    right.paragraphs[0].text = "Experience"
    right.paragraphs[0].style = document.styles["Heading 1"]
    job = right.add_paragraph()
    job.add_run("Staff Engineer").bold = True
    job.add_run("\tMar 2021 – Present").bold = True
    company = right.add_paragraph()
    company.add_run("PayFlow GmbH").italic = True
    company.add_run().add_break()
    company.add_run("Berlin, Germany").italic = True
    right.add_paragraph("Designed the ledger service", style="List Bullet")
    hidden = right.add_paragraph("Cut p99 latency")
    hidden.add_run(" kubernetes aws gcp").font.hidden = True
    document.add_heading("Education", level=1)
    document.add_paragraph("University of Warsaw, Computer Science")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def sidebar() -> ReadDocument:
    return read_docx(_sidebar_cv(), "maria.docx", DocumentLimits())


def test_lines_come_in_reading_order_with_header_first_and_footer_last(sidebar: ReadDocument) -> None:
    texts = [line.text for line in sidebar.lines]
    assert texts == [
        "maria.k@example.com | +48 600 123 456 | linkedin.com/in/mariak",
        "Maria Kowalska",
        "Open to relocation",  # the text box, read once (its VML fallback is not), before its anchor's text
        "Available from March",
        "Staff Engineer",
        "Contact",  # the sidebar cell whole, then the main cell: never interleaved
        "Warsaw, Poland",
        "GitHub",
        "mailto:maria.k@example.com",
        "Skills",
        "Python",
        "Kafka",
        "Experience",
        "Staff Engineer\tMar 2021 – Present",
        "PayFlow GmbH",  # a line break in a paragraph is a new line
        "Berlin, Germany",
        "Designed the ledger service",
        "Cut p99 latency",  # hidden text is not read
        "Education",
        "University of Warsaw, Computer Science",
        "Maria Kowalska · CV",  # the page-number line "Page 1 of 2" is left out
    ]
    where = {line.text: line.where for line in sidebar.lines}
    assert where["maria.k@example.com | +48 600 123 456 | linkedin.com/in/mariak"] == "header"
    assert where["Maria Kowalska · CV"] == "footer"
    assert where["Open to relocation"] == "textbox"
    assert where["Python"] == where["Experience"] == "table"
    assert where["Education"] == "body"
    columns = {line.text: line.column for line in sidebar.lines}
    assert (columns["Skills"], columns["Experience"], columns["Education"]) == (0, 1, 0)


def test_styles_look_bullets_and_links_are_read(sidebar: ReadDocument) -> None:
    line = {item.text: item for item in sidebar.lines}
    assert line["Maria Kowalska"].style == "Title"
    assert line["Maria Kowalska"].size == 26.0  # python-docx's Title style: 26 pt
    assert line["Experience"].style == "Heading 1" and line["Experience"].bold
    assert line["Contact"].style == "Heading 2"
    assert line["Python"].style == "List Bullet" and line["Python"].bullet
    assert not line["Warsaw, Poland"].bullet and not line["Warsaw, Poland"].bold
    assert line["Staff Engineer\tMar 2021 – Present"].bold
    assert line["PayFlow GmbH"].italic and line["Berlin, Germany"].italic
    assert sidebar.body_size == 11.0  # the template's default size, which most of the text is set in
    assert line["GitHub"].links == ("https://github.com/mariak",)
    assert line["maria.k@example.com | +48 600 123 456 | linkedin.com/in/mariak"].links == (
        "https://linkedin.com/in/mariak",
    )
    assert line["mailto:maria.k@example.com"].links == ("mailto:maria.k@example.com",)
    assert sidebar.links == [
        "https://linkedin.com/in/mariak",
        "https://github.com/mariak",
        "mailto:maria.k@example.com",
    ]
    # Two empty paragraphs above the table, and the Heading 1 style's 24 pt before "Education"
    assert line["Contact"].gap_before == pytest.approx(2.0 + 10 / (11 * 1.2), abs=0.01)
    assert line["Education"].gap_before == pytest.approx(24 / (11 * 1.2), abs=0.01)
    assert line["Warsaw, Poland"].gap_before == 0.0


def test_our_own_docx_export_reads_back_in_order() -> None:
    resume = Resume.model_validate(json.loads((FIXTURES / "full_resume.json").read_text(encoding="utf-8")))
    read = read_docx(render_cv(resume, "docx").data, "maria.docx", DocumentLimits())
    texts = [line.text for line in read.lines]
    headings = [line.text for line in read.lines if line.style == "Heading 1"]
    assert texts[:2] == ["Maria Kowalska", "Staff Engineer"]
    assert headings[:4] == ["Summary", "Experience", "Education", "Skills"]
    assert texts.index("Staff Engineer\tMar 2021 – Present") < texts.index(
        "PayFlow GmbH, Berlin, Germany · payflow.example.com"
    )
    bullets = [line.text for line in read.lines if line.bullet]
    assert bullets[:3] == [
        "Designed the ledger service that settles 2.1M transactions a day",
        "Cut p99 latency from 900 ms to 120 ms",
        "Built the indexing pipeline in Go and Kafka",
    ]
    assert read.body_size == 10.5 and read.kind == "docx" and read.pages == 1
    assert all(line.where == "body" for line in read.lines)
    assert ReadDocument.from_json(json.loads(json.dumps(read.to_json()))) == read  # it crosses the sandbox as JSON


def _package(document_xml: bytes, extra: dict[str, bytes] | None = None) -> bytes:
    """A minimal Word package around `document_xml` (stored uncompressed unless it is large)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="word/document.xml"/></Relationships>',
        )
        archive.writestr("word/document.xml", document_xml)
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _body(inner: str) -> bytes:
    return f'<?xml version="1.0"?><w:document {NS}><w:body>{inner}</w:body></w:document>'.encode()


def test_a_minimal_package_with_an_old_vml_text_box_reads() -> None:
    box = f"<w:r><w:pict><v:shape><v:textbox><w:txbxContent>{_box_paragraphs(['ada@example.com'])}"
    body = _box_paragraphs(["Ada Lovelace"]) + f"<w:p>{box}</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>"
    read = read_docx(_package(_body(body)), "ada.docx", DocumentLimits())
    assert [(line.text, line.where) for line in read.lines] == [
        ("Ada Lovelace", "body"),
        ("ada@example.com", "textbox"),
    ]
    assert read.body_size == 10.0 and read.lines[0].style == ""


def test_a_zip_bomb_is_refused_before_parsing() -> None:
    padding = b" " * 3_000_000  # deflates to a few KB
    bomb = _package(_body("<w:p><w:r><w:t>x</w:t></w:r></w:p>").replace(b"<w:body>", b"<w:body>" + padding))
    assert len(bomb) < 20_000
    with pytest.raises(InvalidInput, match=r"^bomb\.docx unpacks to more than 3 MB; the limit is 1 MB"):
        read_docx(bomb, "bomb.docx", DocumentLimits(unpacked_bytes=1_000_000))


def test_an_element_flood_is_refused_in_words() -> None:
    flood = _package(_body("<w:p/>" * 5_000))
    with pytest.raises(InvalidInput, match=r"more than 1,000 elements"):
        read_docx(flood, "flood.docx", DocumentLimits(elements=1_000))


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(_package(b"<w:document><w:body><w:p>"), id="broken-xml"),
        pytest.param(_package(_body(""))[:300], id="truncated-zip"),
        pytest.param(
            _package(
                b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
                + _body("<w:p><w:r><w:t>&b;</w:t></w:r></w:p>").split(b"?>", 1)[1]
            ),
            id="entities",
        ),
    ],
)
def test_a_damaged_document_is_refused_in_words(data: bytes) -> None:
    with pytest.raises(
        InvalidInput, match=r"^cv\.docx is a damaged Word document\. Save it again, or paste the text\.$"
    ):
        read_docx(data, "cv.docx", DocumentLimits())


def test_a_document_with_no_text_says_what_to_send() -> None:
    with pytest.raises(InvalidInput, match="no text in it"):
        read_docx(_package(_body("<w:p/><w:p/>")), "scan.docx", DocumentLimits())


def test_fields_content_controls_and_tracked_changes_read_as_word_shows_them() -> None:
    styles = (
        f'<?xml version="1.0"?><w:styles {NS}><w:style w:type="paragraph" w:default="1" w:styleId="Normal">'
        '<w:name w:val="Normal"/></w:style><w:style w:type="paragraph" w:styleId="berschrift1">'
        '<w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:rPr><w:b/><w:sz w:val="32"/></w:rPr></w:style>'
        '<w:style w:type="character" w:styleId="Strong"><w:name w:val="Strong"/><w:rPr><w:b/></w:rPr></w:style>'
        "</w:styles>"
    )
    body = (
        '<w:p><w:pPr><w:pStyle w:val="berschrift1"/></w:pPr><w:r><w:t>Berufserfahrung</w:t></w:r></w:p>'
        '<w:sdt><w:sdtPr/><w:sdtContent><w:p><w:r><w:rPr><w:rStyle w:val="Strong"/></w:rPr>'
        "<w:t>Acme Payments</w:t></w:r>"
        "<w:del><w:r><w:delText>Old Corp</w:delText></w:r></w:del><w:ins><w:r><w:t> GmbH</w:t></w:r></w:ins>"
        "</w:p></w:sdtContent></w:sdt>"
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> HYPERLINK '
        '"https://ada.example.com" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        '<w:r><w:t>ada.example.com</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
        '<w:r><w:t xml:space="preserve"> · Berlin</w:t></w:r></w:p>'
        '<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="0"/></w:numPr></w:pPr><w:r><w:t>Not a list</w:t>'
        "</w:r></w:p>"
    )
    rels = (
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'styles" Target="styles.xml"/></Relationships>'
    )
    parts = {"word/styles.xml": styles.encode(), "word/_rels/document.xml.rels": rels.encode()}
    read = read_docx(_package(_body(body), parts), "lebenslauf.docx", DocumentLimits())
    line = {item.text: item for item in read.lines}
    assert list(line) == ["Berufserfahrung", "Acme Payments GmbH", "ada.example.com · Berlin", "Not a list"]
    assert line["Berufserfahrung"].style == "Heading 1" and line["Berufserfahrung"].size == 16.0
    assert line["Berufserfahrung"].bold and line["Acme Payments GmbH"].bold  # from the paragraph and character styles
    assert line["ada.example.com · Berlin"].links == ("https://ada.example.com",)
    assert line["Not a list"].style == "Normal" and not line["Not a list"].bullet
