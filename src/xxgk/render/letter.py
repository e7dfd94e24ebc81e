"""A letter of the office (告知书, 征求意见函, 答复书) → DOCX, laid out as official
documents are (GB/T 9704): A4 with the report's margins and fonts, the issuing body's
mark in red over a red rule, the 文号, the title, the addressee, the text in 仿宋, the
signature and date to the right, and the articles cited quoted in full at the end.

What a letter says is decided above (register/letters.py); this only lays it out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Letter:
    kind: str  # 补正告知书 | 延期答复告知书 | 征求意见函 | 收费通知书 | 答复书
    letterhead: str  # the issuing body's mark (发文机关标志)
    number: str  # 文号
    title: str
    to: str  # the addressee, as the salutation writes it
    paragraphs: tuple[str, ...]
    signature: str
    on: date
    quotes: tuple[tuple[str, str], ...] = ()  # (citation, the text it cites)

    def text(self) -> str:
        """The letter as plain text (an e-mail's body, a test's subject)."""
        parts = [self.letterhead, self.number, self.title, f"{self.to}：", *self.paragraphs, self.signature]
        parts.append(chinese_date(self.on))
        if self.quotes:
            parts += ["附：相关法律条文", *(f"{c}：{t}" for c, t in self.quotes)]
        return "\n".join(parts)


def chinese_date(on: date) -> str:
    return f"{on.year}年{on.month}月{on.day}日"


def _red_rule(p) -> None:
    """A red line under the paragraph: the separator under the issuing body's mark."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", "12"), ("w:space", "6"), ("w:color", "C00000")):
        bottom.set(qn(k), v)
    borders.append(bottom)
    p._p.get_or_add_pPr().append(borders)


def render_letter(letter: Letter) -> bytes:
    # python-docx is imported when a letter is made, not when the register starts
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    from .docx import BODY_FONT, HEADING_FONT, RED, TITLE_FONT, a4_document, paragraph, saved

    doc = a4_document()
    center = WD_ALIGN_PARAGRAPH.CENTER
    paragraph(doc, letter.letterhead, TITLE_FONT, 26, center, indent=False, color=RED)
    _red_rule(paragraph(doc, letter.number, BODY_FONT, 16, center, indent=False))
    paragraph(doc, "", indent=False)
    paragraph(doc, letter.title, TITLE_FONT, 22, center, indent=False)
    paragraph(doc, "", indent=False)
    paragraph(doc, f"{letter.to}：", indent=False)
    for text in letter.paragraphs:
        paragraph(doc, text)
    paragraph(doc, "", indent=False)
    right = WD_ALIGN_PARAGRAPH.RIGHT
    paragraph(doc, letter.signature, align=right, indent=False)
    paragraph(doc, chinese_date(letter.on), align=right, indent=False)
    if letter.quotes:
        paragraph(doc, "", indent=False)
        paragraph(doc, "附：相关法律条文", HEADING_FONT, 16, indent=False)
        for citation, text in letter.quotes:
            for k, line in enumerate(text.splitlines()):
                paragraph(doc, f"{citation}　{line}" if k == 0 else line, size=14)
    return saved(doc)
