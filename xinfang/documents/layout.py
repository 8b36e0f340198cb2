"""Official document layout (GB/T 9704-2012) for .docx templates, built with python-docx.

A template is a list of blocks; ``build`` lays them out on A4 with the standard margins (top 37 mm, left 28 mm,
text block 156 × 225 mm), the title in 2号 方正小标宋简体, the body in 3号 仿宋_GB2312 on a character grid of 22
lines a page and 28 characters a line (``w:docGrid`` of type linesAndChars, 5.2.2) with a two-character first-line
indent, headings 一、 in 黑体 and （一） in 楷体_GB2312, and page numbers "— 3 —" in 4号 宋体, one character in from
the edge (odd pages right, even pages left, 7.5). The issuing unit's name is centred above the date, the date four
characters in from the right (7.3.5.1). East Asian fonts are set apart from Latin fonts.

Text may hold docxtpl (Jinja) tags; a ``Loop`` block becomes ``{%p for … %}`` paragraphs, so each item of a
list (the paragraphs of a long text) is its own indented paragraph. A ``ListTable`` is an annex on a page of its
own: a table with a row per item (``{%tr for … %}``).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, Twips

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING1_FONT = "黑体"
HEADING2_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"
LATIN_FONT = "Times New Roman"
LINE = Pt(28.95)  # 225 mm / 22 lines
BODY_SIZE = Pt(16)  # 3号
CHARS_PER_LINE = 28
TEXT_WIDTH = Mm(156)
CHAR = Twips(round(TEXT_WIDTH.twips / CHARS_PER_LINE))  # one character of the grid (about 5.57 mm)
# The grid's pitch (about 15.8 pt) is narrower than a 16 pt character. Word squeezes snapped characters into it,
# but LibreOffice (7.4) lays each over two cells (14 characters a line); so paragraphs do not snap to the
# character grid and reach 28 characters a line by a condensed spacing both honour (twentieths of a point).
CONDENSED = -6
# The signature and the date are both centred in the last 15 characters of the line: the date (about 7
# characters, 2026年11月25日) then ends four characters in from the right margin, and the issuing unit's name,
# up to 15 characters on one line, is centred above it (a longer name wraps inside the same span).
SIGNATURE_INDENT = CHARS_PER_LINE - 15


@dataclass(frozen=True)
class Block:
    kind: str  # title, subtitle, ref, salutation, para, plain, heading1, heading2, signature, date, note
    text: str = ""


@dataclass(frozen=True)
class Table:
    """A two-column form (label | value), as in a 登记表; values may hold tags."""

    rows: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class ListTable:
    """An annex on a page of its own (GB/T 9704 7.3.7: "附件" top left, its title centred below), then a table: a
    header row, one row for each item of ``items`` (``{%tr for item in items %}``) and, if given, a total row,
    in 小四 (12 pt) so that an 18-digit ID number fits its column. ``columns`` are (header, cell text using
    ``item``, width in mm); the widths add up to the text block."""

    title: str
    columns: tuple[tuple[str, str, int], ...]
    items: str
    item: str = "item"
    total: tuple[str, ...] = ()


@dataclass(frozen=True)
class Loop:
    """Paragraphs repeated for each item: ``for item in items`` with ``text`` using ``item``."""

    items: str
    text: str = "{{ item }}"
    kind: str = "para"
    item: str = "item"


# Children of w:rPr and w:pPr that the schema puts after w:spacing (in w:rPr) and after w:snapToGrid (in w:pPr):
# a new child goes before the first of them present, as Word expects.
RPR_AFTER_SPACING = ("w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:lang")
PPR_AFTER_SNAP = ("w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:jc", "w:rPr", "w:sectPr")


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
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), str(CONDENSED))
    rpr.insert_element_before(spacing, *RPR_AFTER_SPACING)


def _indent_chars(paragraph, first_line_chars: int = 0, right_chars: int = 0, left_chars: int = 0) -> None:
    """Indents in characters (w:firstLineChars / w:rightChars / w:leftChars, hundredths of a character)."""
    ppr = paragraph._p.get_or_add_pPr()
    ind = OxmlElement("w:ind")
    if left_chars:
        ind.set(qn("w:leftChars"), str(left_chars * 100))
        ind.set(qn("w:left"), str(left_chars * CHAR.twips))
    if first_line_chars:
        ind.set(qn("w:firstLineChars"), str(first_line_chars * 100))
        ind.set(qn("w:firstLine"), str(first_line_chars * 320))
    if right_chars:
        ind.set(qn("w:rightChars"), str(right_chars * 100))
        ind.set(qn("w:right"), str(right_chars * 320))
    ppr._insert_ind(ind)


def _paragraph(
    doc,
    text: str,
    *,
    font: str,
    size: Pt,
    align=None,
    indent: int = 0,
    right: int = 0,
    bold=False,
    left: int = 0,
):
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE
    fmt.space_before = fmt.space_after = Pt(0)
    if align is not None:
        p.alignment = align
    if indent or right or left:
        _indent_chars(p, indent, right, left)
    _no_grid(p)
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
    "signature": {
        "font": BODY_FONT,
        "size": Pt(16),
        "align": WD_ALIGN_PARAGRAPH.CENTER,
        "left": SIGNATURE_INDENT,
    },
    "date": {"font": BODY_FONT, "size": Pt(16), "align": WD_ALIGN_PARAGRAPH.CENTER, "left": SIGNATURE_INDENT},
    "note": {"font": BODY_FONT, "size": Pt(14), "indent": 2},
    "cell": {"font": BODY_FONT, "size": Pt(14)},
}


def add_block(doc, kind: str, text: str):
    if kind == "blank":
        return _paragraph(doc, "", **STYLES["plain"])
    return _paragraph(doc, text, **STYLES[kind])


def _no_grid(paragraph) -> None:
    """Lay a paragraph out by its own font, not on the body's character grid (page numbers, table cells)."""
    snap = OxmlElement("w:snapToGrid")
    snap.set(qn("w:val"), "0")
    paragraph._p.get_or_add_pPr().insert_element_before(snap, *PPR_AFTER_SNAP)


def _page_number_footer(footer, align) -> None:
    p = footer.paragraphs[0]
    p.alignment = align
    # One character (of the 4号 page number) in from the edge of the text block: 单页码居右空一字，双页码居左空一字.
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        p.paragraph_format.right_indent = Pt(14)
    else:
        p.paragraph_format.left_indent = Pt(14)
    _no_grid(p)
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
    normal.font.size = BODY_SIZE
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    _defaults_size(doc, BODY_SIZE)
    _character_grid(section)
    for empty in list(doc.paragraphs):
        empty._element.getparent().remove(empty._element)
    return doc


def _defaults_size(doc, size: Pt) -> None:
    """The document's default font size (the grid's characters are measured against it)."""
    rpr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for tag in ("w:sz", "w:szCs"):
        el = rpr.find(qn(tag))
        if el is None:
            el = OxmlElement(tag)
            rpr.append(el)
        el.set(qn("w:val"), str(round(size.pt * 2)))


def _character_grid(section) -> None:
    """22 lines of 28 characters (GB/T 9704 5.2.2): a grid of lines and characters. ``w:charSpace`` is the
    difference between the grid's character pitch and the body font size, in 1/4096 of a point."""
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(round(LINE.twips)))
    width_pt = (section.page_width - section.left_margin - section.right_margin) / Pt(1)
    grid.set(qn("w:charSpace"), str(round((width_pt / CHARS_PER_LINE - BODY_SIZE.pt) * 4096)))


def add_table(doc, table: Table) -> None:
    grid = doc.add_table(rows=0, cols=2)
    grid.style = doc.styles["Table Grid"]
    grid.autofit = False
    for label, value in table.rows:
        cells = grid.add_row().cells
        for cell, text, bold in ((cells[0], label, True), (cells[1], value, False)):
            _cell_text(cell, text, bold=bold)
    for row in grid.rows:
        row.cells[0].width, row.cells[1].width = Mm(38), Mm(118)
    grid.columns[0].width, grid.columns[1].width = Mm(38), Mm(118)


CELL_SIZE = Pt(14)  # 4号


def _cell_text(cell, text: str, *, font: str = BODY_FONT, size: Pt = CELL_SIZE, bold=False, align=None):
    p = cell.paragraphs[0]
    p.paragraph_format.space_after = Pt(0)
    if align is not None:
        p.alignment = align
    _no_grid(p)
    _fonts(p.add_run(text), font, size, bold)
    return p


def _annex_heading(doc, title: str) -> None:
    """ "附件" at the top left of a new page and the annex's title centred on the third line (GB/T 9704 7.3.7), in a
    borderless one-cell table, so the document's last paragraph stays its date."""
    head = doc.add_table(rows=1, cols=1)
    cell = head.rows[0].cells[0]
    label = _cell_text(cell, "附件", font=HEADING1_FONT, size=BODY_SIZE)
    label.paragraph_format.page_break_before = True
    for text, font, size in (
        ("", BODY_FONT, BODY_SIZE),
        (title, TITLE_FONT, Pt(22)),
        ("", BODY_FONT, BODY_SIZE),
    ):
        p = cell.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_after = Pt(0)
        _no_grid(p)
        _fonts(p.add_run(text), font, size)


def add_list_table(doc, table: ListTable) -> None:
    _annex_heading(doc, table.title)
    rows = [
        ([header for header, _, _ in table.columns], True),
        ([f"{{%tr for {table.item} in {table.items} %}}"] + [""] * (len(table.columns) - 1), False),
        ([text for _, text, _ in table.columns], False),
        (["{%tr endfor %}"] + [""] * (len(table.columns) - 1), False),
    ]
    if table.total:
        rows.append((list(table.total), True))
    grid = doc.add_table(rows=0, cols=len(table.columns))
    grid.style = doc.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    for texts, bold in rows:
        cells = grid.add_row().cells
        for cell, text, (_, _, width) in zip(cells, texts, table.columns, strict=True):
            cell.width = Mm(width)
            _cell_text(cell, text, size=Pt(12), bold=bold, align=WD_ALIGN_PARAGRAPH.CENTER if bold else None)
    for column, (_, _, width) in zip(grid.columns, table.columns, strict=True):
        column.width = Mm(width)
    doc.add_paragraph()  # a document ends with a paragraph


def build(blocks: list[Block | Loop | Table | ListTable]) -> bytes:
    """The .docx template for a list of blocks."""
    doc = new_document()
    for block in blocks:
        if isinstance(block, Table):
            add_table(doc, block)
        elif isinstance(block, ListTable):
            add_list_table(doc, block)
        elif isinstance(block, Loop):
            add_block(doc, "plain", f"{{%p for {block.item} in {block.items} %}}")
            add_block(doc, block.kind, block.text)
            add_block(doc, "plain", "{%p endfor %}")
        else:
            paragraph = add_block(doc, block.kind, block.text)
            if block.kind == "signature":
                _keep_with_signature(paragraph)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _keep_with_signature(signature) -> None:
    """The signature and date never stand alone on a page: the blank lines before them and the last paragraph
    of text (template tags skipped, they vanish when rendered) are kept on the same page."""
    signature.paragraph_format.keep_with_next = True
    element = signature._p.getprevious()
    while element is not None and element.tag == qn("w:p"):
        text = "".join(t.text or "" for t in element.iter(qn("w:t")))
        if not text.startswith("{%"):
            element.get_or_add_pPr()._insert_keepNext(OxmlElement("w:keepNext"))
            if text.strip():
                return
        element = element.getprevious()
