"""Record → DOCX in the layout of the format's annex.

A4 with the margins of official documents (GB/T 9704), the title in 方正小标宋简体, headings
in 黑体, text in 仿宋_GB2312, tables in 宋体 with the official merged cells, the
三、本年度办理结果 label printed vertically, and page numbers in the footer. Fonts are
named for East Asian text too, so Word on an office PC uses the real ones; elsewhere
the viewer substitutes its nearest Song/Fangsong face.
"""

from __future__ import annotations

import io

from docx import Document as new_document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from ..record import Record
from ..schema import SECTIONS
from .grid_values import cell_text
from .layout import Grid, report_grids
from .report import DRAFT, PREAMBLE, heading, section_text, signature, title

TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
BODY_FONT = "仿宋_GB2312"
TABLE_FONT = "宋体"
RED = RGBColor(0xC0, 0x00, 0x00)


def set_font(run, name: str, size: float, bold: bool = False, color: RGBColor | None = None) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def paragraph(
    doc,
    text: str,
    font: str = BODY_FONT,
    size: float = 16,
    align=None,
    indent: bool = True,
    color: RGBColor | None = None,
    bold: bool = False,
):
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(28 if size >= 16 else size * 1.6)
    fmt.space_before = fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(size * 2)
    if align is not None:
        p.alignment = align
    set_font(p.add_run(text), font, size, bold, color)
    return p


def page_number(section) -> None:
    """ "— 1 —" centred in the footer, from Word's PAGE field."""
    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(p.add_run("— "), TABLE_FONT, 14)
    run = p.add_run()
    set_font(run, TABLE_FONT, 14)
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text == "PAGE":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = " PAGE "
        else:
            el = OxmlElement("w:t")
            el.text = text
        run._element.append(el)
    set_font(p.add_run(" —"), TABLE_FONT, 14)


def _vertical(cell) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    direction = OxmlElement("w:textDirection")
    direction.set(qn("w:val"), "tbRlV")  # top to bottom, characters upright
    tc_pr.append(direction)


def _table(doc, rec: Record, g: Grid, blank: str) -> None:
    size = 9 if g.ncols >= 10 else 10.5
    t = doc.add_table(rows=g.nrows, cols=g.ncols)
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    cells = t._cells  # once: table.cell() rebuilds this list on every call
    for k, mm in enumerate(g.widths):
        t.columns[k].width = Mm(mm)
        for r in range(g.nrows):
            cells[r * g.ncols + k].width = Mm(mm)
    margins = OxmlElement("w:tblCellMar")  # narrow cell margins: seven numbers fit across
    for side in ("left", "right"):
        m = OxmlElement(f"w:{side}")
        m.set(qn("w:w"), "45")
        m.set(qn("w:type"), "dxa")
        margins.append(m)
    t._tbl.tblPr.append(margins)
    for r, row in enumerate(t.rows):
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # a row never splits between pages
        if r < g.head_rows:
            row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # headings repeat on each page
    for c in g.cells:  # write every cell first, then merge: the cached cells stay valid
        cell = cells[c.row * g.ncols + c.col]
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        p = cell.paragraphs[0]
        p.paragraph_format.space_before = p.paragraph_format.space_after = Pt(0)
        p.alignment = WD_ALIGN_PARAGRAPH.LEFT if c.kind == "label" and not c.vertical else WD_ALIGN_PARAGRAPH.CENTER
        set_font(p.add_run(cell_text(rec, c, blank)), TABLE_FONT, size)
        if c.vertical:
            _vertical(cell)
    for c in g.cells:
        if c.rowspan > 1 or c.colspan > 1:
            end = cells[(c.row + c.rowspan - 1) * g.ncols + c.col + c.colspan - 1]
            cells[c.row * g.ncols + c.col].merge(end)
    doc.add_paragraph().paragraph_format.space_after = Pt(0)


def a4_document():
    """A new document on A4 with the margins of official documents and page numbers."""
    doc = new_document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    page_number(section)
    return doc


def saved(doc) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def render_docx(rec: Record, draft: bool = False, blank: str = "0") -> bytes:
    doc = a4_document()
    section = doc.sections[0]
    if draft:
        header = section.header.paragraphs[0]
        header.alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_font(header.add_run(DRAFT), HEADING_FONT, 12, True, RED)
        paragraph(doc, f"【{DRAFT}】", HEADING_FONT, 14, WD_ALIGN_PARAGRAPH.CENTER, False, RED, True)
    body, head = title(rec)
    for line in (body, head):
        paragraph(doc, line, TITLE_FONT, 22, WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    paragraph(doc, "")
    paragraph(doc, PREAMBLE)
    grids = {g.table: g for g in report_grids(rec)}
    for s in SECTIONS:
        paragraph(doc, heading(s), HEADING_FONT, 16)
        paragraphs, placeholder = section_text(rec, s)
        for text in paragraphs:
            paragraph(doc, text)
        if placeholder:
            paragraph(doc, placeholder, color=RED)
        if s.key in grids and rec.table(s.key):
            _table(doc, rec, grids[s.key], blank)
    paragraph(doc, "", indent=False)
    for line in signature(rec):  # the 落款, to the right
        paragraph(doc, line, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    return saved(doc)
