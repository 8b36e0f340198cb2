"""The GB/T 9704-2012 layout of every default template: the character grid (22 lines × 28 characters), page
numbers one character in from the edge, the issuing unit centred above the date, and XML in the schema's order."""

import io

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Length, Pt

from xinfang.documents.layout import CHARS_PER_LINE, SIGNATURE_INDENT, Block, ListTable, Loop, Table, build
from xinfang.documents.registry import templates
from xinfang.documents.render import DEFAULTS_DIR

# The order w:pPr and w:rPr children must keep (ECMA-376 CT_PPrBase, CT_RPr), for the elements the layout writes.
PPR_ORDER = [
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "widowControl",
    "tabs",
    "snapToGrid",
    "spacing",
    "ind",
    "jc",
    "rPr",
]
RPR_ORDER = ["rStyle", "rFonts", "b", "bCs", "i", "color", "spacing", "w", "kern", "sz", "szCs", "lang"]


def default(kind: str) -> docx.document.Document:
    return docx.Document(io.BytesIO((DEFAULTS_DIR / f"{kind}.docx").read_bytes()))


def _twips(value: Length | None) -> int:
    """A page size or margin the default templates all set."""
    assert value is not None
    return int(value)


def test_the_grid_holds_22_lines_of_28_characters():
    section = default("accept_notice").sections[0]
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "linesAndChars"
    text_height = Length(
        _twips(section.page_height) - _twips(section.top_margin) - _twips(section.bottom_margin)
    )
    assert int(grid.get(qn("w:linePitch"))) * 22 <= text_height.twips < int(grid.get(qn("w:linePitch"))) * 23
    # The character pitch is the body size (16 pt) plus charSpace/4096 pt; 28 of them fill the text block.
    text_width = Length(
        _twips(section.page_width) - _twips(section.left_margin) - _twips(section.right_margin)
    ).pt
    pitch = 16 + int(grid.get(qn("w:charSpace"))) / 4096
    assert abs(pitch * CHARS_PER_LINE - text_width) < 0.2


def test_body_text_is_condensed_enough_for_28_characters_a_line():
    """Word snaps to the grid; LibreOffice does not squeeze, so the paragraphs get 28 characters from their own
    character spacing (a 16 pt character plus its spacing, 28 times, fits the 156 mm line)."""
    d = default("decision_letter")
    section = d.sections[0]
    text_width = Length(
        _twips(section.page_width) - _twips(section.left_margin) - _twips(section.right_margin)
    ).pt
    body = next(p for p in d.paragraphs if p.text.startswith("你（们）"))
    properties = body.runs[0]._r.rPr
    assert properties is not None
    spacing = int(properties.find(qn("w:spacing")).get(qn("w:val"))) / 20
    assert (16 + spacing) * 28 <= text_width < (16 + spacing) * 29


def test_page_numbers_sit_one_character_in_from_the_edge():
    section = default("accept_notice").sections[0]
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    assert odd.text.startswith("— ") and odd.text.endswith(" —")
    assert odd.alignment == WD_ALIGN_PARAGRAPH.RIGHT and odd.paragraph_format.right_indent == Pt(14)
    assert even.alignment == WD_ALIGN_PARAGRAPH.LEFT and even.paragraph_format.left_indent == Pt(14)


@pytest.mark.parametrize("kind", ["accept_notice", "decision_letter", "mediation_termination"])
def test_the_issuing_unit_is_centred_above_the_date(kind):
    paragraphs = [p for p in default(kind).paragraphs if p.text.strip()]
    signature, date = paragraphs[-2], paragraphs[-1]
    assert signature.text == "{{ issuer }}" and date.text == "{{ today }}"
    for p in (signature, date):
        assert p.alignment == WD_ALIGN_PARAGRAPH.CENTER
        assert p._p.pPr is not None
        assert p._p.pPr.find(qn("w:ind")).get(qn("w:leftChars")) == str(SIGNATURE_INDENT * 100)
    # centred in the last 15 characters: a 7-character date then ends four characters in from the right
    assert CHARS_PER_LINE - (SIGNATURE_INDENT + 15 / 2 + 7 / 2) == 4
    assert signature.paragraph_format.keep_with_next  # never alone on a page


def test_the_last_paragraph_before_the_signature_goes_with_it():
    blocks: list[Block | Loop | Table | ListTable] = [
        Block("para", "正文第一段。"),
        Block("para", "特此告知。"),
        Block("blank"),
        Block("signature", "某工会"),
    ]
    d = docx.Document(io.BytesIO(build(blocks)))
    keep = [p.text for p in d.paragraphs if p.paragraph_format.keep_with_next]
    assert keep == ["特此告知。", "", "某工会"]


@pytest.mark.parametrize("kind", list(templates()))
def test_every_template_writes_its_xml_in_the_schemas_order(kind):
    body = default(kind).element.body
    for ppr in body.iter(qn("w:pPr")):
        names = [child.tag.split("}")[1] for child in ppr if child.tag.split("}")[1] in PPR_ORDER]
        assert names == sorted(names, key=PPR_ORDER.index), names
    for rpr in body.iter(qn("w:rPr")):
        names = [child.tag.split("}")[1] for child in rpr if child.tag.split("}")[1] in RPR_ORDER]
        assert names == sorted(names, key=RPR_ORDER.index), names


def test_the_agreements_annex_starts_a_page_of_its_own():
    d = default("mediation_agreement")
    heading, grid = d.tables
    first = heading.rows[0].cells[0].paragraphs
    assert first[0].text == "附件" and first[0].paragraph_format.page_break_before
    assert [p.text for p in first if p.text] == ["附件", "申请人名单及协议金额"]
    assert [c.text for c in grid.rows[0].cells] == [
        "序号",
        "姓名",
        "公民身份号码",
        "住址",
        "协议金额（元）",
        "签名",
    ]
    assert grid.rows[1].cells[0].text == "{%tr for w in annex %}"
