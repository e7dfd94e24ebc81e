"""The paper 政府信息公开申请表 for the counter: a blank form with the fields of 条例
第二十九条, ticked boxes for the form and way of delivery, the office's receipt box,
and the article quoted below — A4 and the fonts of the report renderer.

What the form asks is given by the caller (register/applicant.py holds the choices).
"""

from __future__ import annotations

from collections.abc import Sequence

PERSON = ("姓名", "工作单位", "证件名称", "证件号码", "联系电话", "电子邮箱", "通信地址", "邮政编码")
ORGANISATION = (
    "名称",
    "统一社会信用代码",
    "法定代表人或负责人",
    "联系人姓名",
    "联系电话",
    "电子邮箱",
    "通信地址",
    "邮政编码",
)


def render_form(
    body: str,
    id_types: Sequence[str],
    forms: Sequence[str],
    ways: Sequence[str],
    statute: tuple[str, str],
) -> bytes:
    """`statute`: (citation, text) printed under the form."""
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    from .docx import BODY_FONT, TABLE_FONT, TITLE_FONT, a4_document, paragraph, saved, set_font

    doc = a4_document()
    paragraph(doc, body or "", TITLE_FONT, 18, WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    paragraph(doc, "政府信息公开申请表", TITLE_FONT, 22, WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    paragraph(doc, "", indent=False)
    boxes = "　".join(f"□{x}" for x in id_types)
    # (group, label, value); a label with value None is a sub-heading across the row
    rows: list[tuple[str, str, str | None]] = [
        ("申请人信息", "公民", None),
        *(("", k, boxes if k == "证件名称" else "") for k in PERSON),
        ("", "法人或者其他组织", None),
        *(("", k, "") for k in ORGANISATION),
        ("所需信息情况", "所需信息的名称、文号或者便于查询的其他特征性描述", "\n\n\n\n"),
        ("", "信息的形式（可多选）", "　".join(f"□{x}" for x in forms)),
        ("", "获取信息的方式（可多选）", "　".join(f"□{x}" for x in ways)),
        ("申请人签名或者盖章", "\n\n年　　月　　日", None),
        ("受理情况（受理机关填写）", "申请编号", ""),
        ("", "收到申请之日", ""),
        ("", "经办人", ""),
    ]
    t = doc.add_table(rows=len(rows), cols=3)
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    widths = (Mm(24), Mm(42), Mm(90))
    for k, w in enumerate(widths):
        t.columns[k].width = w
    for r, (group, label, value) in enumerate(rows):
        for k, text in enumerate((group, label, value or "")):
            cell = t.cell(r, k)
            cell.width = widths[k]
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            if text:
                p = cell.paragraphs[0]
                p.paragraph_format.space_before = p.paragraph_format.space_after = Pt(1)
                heading = value is None and k == 1 and "\n" not in text  # 公民, 法人或者其他组织
                if value is None and k == 1:
                    p.alignment = WD_ALIGN_PARAGRAPH.CENTER if heading else WD_ALIGN_PARAGRAPH.RIGHT
                set_font(p.add_run(text), TABLE_FONT, 10.5, bold=heading)
    # merged after writing: a group's label down its rows, a sub-heading across its row
    starts = [r for r, row in enumerate(rows) if row[0]] + [len(rows)]
    for a, b in zip(starts, starts[1:], strict=False):
        if b - 1 > a:
            t.cell(a, 0).merge(t.cell(b - 1, 0))
    for r, (_, _, value) in enumerate(rows):
        if value is None:
            t.cell(r, 1).merge(t.cell(r, 2))
    paragraph(doc, "", indent=False)
    citation, text = statute
    paragraph(doc, f"注：{citation}", BODY_FONT, 12, indent=False)
    for line in text.splitlines():
        paragraph(doc, line, BODY_FONT, 12)
    return saved(doc)
