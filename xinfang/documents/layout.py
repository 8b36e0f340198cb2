"""Official document layout (GB/T 9704-2012) for .docx templates, built with python-docx.

A template is a list of blocks; ``build`` lays them out on A4 with the standard margins (top 37 mm, left 28 mm,
text block 156 × 225 mm), the title in 2号 方正小标宋简体, the body in 3号 仿宋_GB2312 at 22 lines a page and 28
characters a line with a two-character first-line indent, headings 一、 in 黑体 and （一） in 楷体_GB2312, and page
numbers "— 3 —" in 4号 宋体 (odd pages right, even pages left). East Asian fonts are set apart from Latin fonts.

Text may hold docxtpl (Jinja) tags; a ``Loop`` block becomes ``{%p for … %}`` paragraphs, so each item of a
list (the paragraphs of a long text) is its own indented paragraph.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING1_FONT = "黑体"
HEADING2_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"
LATIN_FONT = "Times New Roman"
LINE = Pt(28.95)  # 225 mm / 22 lines


@dataclass(frozen=True)
class Block:
    kind: str  # title, subtitle, ref, salutation, para, plain, heading1, heading2, signature, date, note
    text: str = ""


@dataclass(frozen=True)
class Table:
    """A two-column form (label | value), as in a 登记表; values may hold tags."""

    rows: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Loop:
    """Paragraphs repeated for each item: ``for item in items`` with ``text`` using ``item``."""

    items: str
    text: str = "{{ item }}"
    kind: str = "para"
    item: str = "item"


def _fonts(run, east_asian: str, size: Pt, bold: bool = False) -> None:
    run.font.name = LATIN_FONT
    run.font.size = size
    run.font.bold = bold
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), east_asian)
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)


def _indent_chars(paragraph, first_line_chars: int = 0, right_chars: int = 0) -> None:
    """Indents in characters (w:firstLineChars / w:rightChars, hundredths of a character)."""
    ppr = paragraph._p.get_or_add_pPr()
    ind = OxmlElement("w:ind")
    if first_line_chars:
        ind.set(qn("w:firstLineChars"), str(first_line_chars * 100))
        ind.set(qn("w:firstLine"), str(first_line_chars * 320))
    if right_chars:
        ind.set(qn("w:rightChars"), str(right_chars * 100))
        ind.set(qn("w:right"), str(right_chars * 320))
    ppr.append(ind)


def _paragraph(
    doc, text: str, *, font: str, size: Pt, align=None, indent: int = 0, right: int = 0, bold=False
):
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE
    fmt.space_before = fmt.space_after = Pt(0)
    if align is not None:
        p.alignment = align
    if indent or right:
        _indent_chars(p, indent, right)
    _fonts(p.add_run(text), font, size, bold)
    return p


STYLES: dict[str, dict[str, Any]] = {
    "title": {"font": TITLE_FONT, "size": Pt(22), "align": WD_ALIGN_PARAGRAPH.CENTER},
    "subtitle": {"font": HEADING2_FONT, "size": Pt(16), "align": WD_ALIGN_PARAGRAPH.CENTER},
    "ref": {"font": BODY_FONT, "size": Pt(16), "align": WD_ALIGN_PARAGRAPH.RIGHT},
    "salutation": {"font": BODY_FONT, "size": Pt(16)},
    "plain": {"font": BODY_FONT, "size": Pt(16)},
    "para": {"font": BODY_FONT, "size": Pt(16), "indent": 2, "align": WD_ALIGN_PARAGRAPH.JUSTIFY},
    "heading1": {"font": HEADING1_FONT, "size": Pt(16), "indent": 2},
    "heading2": {"font": HEADING2_FONT, "size": Pt(16), "indent": 2},
    "signature": {"font": BODY_FONT, "size": Pt(16), "align": WD_ALIGN_PARAGRAPH.RIGHT, "right": 4},
    "date": {"font": BODY_FONT, "size": Pt(16), "align": WD_ALIGN_PARAGRAPH.RIGHT, "right": 4},
    "note": {"font": BODY_FONT, "size": Pt(14), "indent": 2},
    "cell": {"font": BODY_FONT, "size": Pt(14)},
}


def add_block(doc, kind: str, text: str):
    if kind == "blank":
        return _paragraph(doc, "", **STYLES["plain"])
    return _paragraph(doc, text, **STYLES[kind])


def _page_number_footer(footer, align) -> None:
    p = footer.paragraphs[0]
    p.alignment = align
    _fonts(p.add_run("— "), PAGE_NUMBER_FONT, Pt(14))
    run = p.add_run()
    _fonts(run, PAGE_NUMBER_FONT, Pt(14))
    for tag, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if tag:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), tag)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._element.append(el)
    _fonts(p.add_run(" —"), PAGE_NUMBER_FONT, Pt(14))


def new_document():
    """An empty A4 document with the GB/T 9704 page and the page-number footers."""
    doc = Document()
    section = doc.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(28)
    doc.settings.odd_and_even_pages_header_footer = True
    _page_number_footer(section.footer, WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number_footer(section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)
    normal = doc.styles["Normal"]
    normal.font.name = LATIN_FONT
    normal.font.size = Pt(16)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    for empty in list(doc.paragraphs):
        empty._element.getparent().remove(empty._element)
    return doc


def add_table(doc, table: Table) -> None:
    grid = doc.add_table(rows=0, cols=2)
    grid.style = doc.styles["Table Grid"]
    for label, value in table.rows:
        cells = grid.add_row().cells
        for cell, text, bold in ((cells[0], label, True), (cells[1], value, False)):
            cell.paragraphs[0].paragraph_format.space_after = Pt(0)
            _fonts(cell.paragraphs[0].add_run(text), BODY_FONT, Pt(14), bold)
    for row in grid.rows:
        row.cells[0].width, row.cells[1].width = Mm(38), Mm(118)


def build(blocks: list[Block | Loop | Table]) -> bytes:
    """The .docx template for a list of blocks."""
    doc = new_document()
    for block in blocks:
        if isinstance(block, Table):
            add_table(doc, block)
        elif isinstance(block, Loop):
            add_block(doc, "plain", f"{{%p for {block.item} in {block.items} %}}")
            add_block(doc, block.kind, block.text)
            add_block(doc, "plain", "{%p endfor %}")
        else:
            add_block(doc, block.kind, block.text)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
