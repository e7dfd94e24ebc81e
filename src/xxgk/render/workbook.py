"""The workbook an officer fills in (xxgk template), and reading it back.

Sheets: 基本信息 (body, region, year, format), one sheet per table laid out as the
national format prints it (inputs in white, totals as live SUM formulas in grey,
validated: whole numbers ≥ 0, signed for 本年增/减, amounts with four decimals in 万元),
and 正文 for the six sections. A hidden sheet `_xxgk` records the layout, so that a
filled workbook reads back cell by cell.
"""

from __future__ import annotations

import io
from typing import cast

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ..errors import FormulaError, NotTemplate, ReadError
from ..read.xlsx import cell_value, open_workbook
from ..record import Record
from ..schema import ACTIVE_ITEMS, SECTIONS, TABLE_NAMES
from ..tabular import as_text
from .layout import (
    Cell,
    Grid,
    active_grid,
    active_items,
    applications_grid,
    review_grid,
)
from .report import DRAFT, EXPECTED, EXPECTED_FEES_2021, heading

INFO, TEXT, META = "基本信息", "正文", "_xxgk"
SHEETS = {"active_disclosure": "表二 主动公开", "applications": "表三 依申请公开", "review_litigation": "表四 复议诉讼"}
TOP = 3  # tables start on this row, under the sheet's heading
FORMAT_NAMES = {
    "2019": "2019年试行格式（国办公开办函〔2019〕60号，适用于2019—2020年度报告）",
    "2021": "2021年格式（国办公开办函〔2021〕30号，适用于2021年度起的报告）",
}

THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
GREY = PatternFill("solid", fgColor="E7E6E6")
HEAD = PatternFill("solid", fgColor="F2F2F2")
FONT = Font(name="宋体", size=10)
BOLD = Font(name="黑体", size=12)


def format_for(year: int) -> str:
    return "2021" if year >= 2021 else "2019"


def _grids(fmt: str, split: bool, items: list[str], unit: str | None) -> list[Grid]:
    by_key = {i.key: i for i in ACTIVE_ITEMS[fmt]}
    return [active_grid(fmt, [by_key[k] for k in items], unit), applications_grid(split), review_grid()]


def _coord(c: Cell) -> str:
    return f"{get_column_letter(c.col + 1)}{TOP + c.row}"


def _ranges(cells: list[Cell]) -> str:
    """SUM's argument: a range when the cells run on in one row or one column, else a list."""
    rows = [c.row for c in cells]
    cols = [c.col for c in cells]
    on = (
        len(set(cols)) == 1
        and rows == list(range(rows[0], rows[0] + len(rows)))
        or len(set(rows)) == 1
        and cols == list(range(cols[0], cols[0] + len(cols)))
    )
    if on and len(cells) > 1:
        return f"{_coord(cells[0])}:{_coord(cells[-1])}"
    return ",".join(_coord(c) for c in cells)


def _put_grid(ws: Worksheet, g: Grid, rec: Record | None) -> None:
    by_address = {c.address: c for c in g.values()}
    validations = {
        "count": DataValidation(
            type="whole",
            operator="greaterThanOrEqual",
            formula1="0",
            error="请填写非负整数",
            errorTitle="数字有误",
            showErrorMessage=True,
        ),
        "signed": DataValidation(
            type="whole",
            operator="between",
            formula1="-1000000000",
            formula2="1000000000",
            error="请填写整数（减少填负数）",
            errorTitle="数字有误",
            showErrorMessage=True,
        ),
        "amount": DataValidation(
            type="decimal",
            operator="greaterThanOrEqual",
            formula1="0",
            error="请填写金额（万元，最多四位小数）",
            errorTitle="金额有误",
            showErrorMessage=True,
        ),
    }
    for dv in validations.values():
        ws.add_data_validation(dv)
    for c in g.cells:
        cell = ws[_coord(c)]
        if c.rowspan > 1 or c.colspan > 1:
            ws.merge_cells(
                start_row=TOP + c.row,
                start_column=c.col + 1,
                end_row=TOP + c.row + c.rowspan - 1,
                end_column=c.col + c.colspan,
            )
            for r in range(c.rowspan):
                for k in range(c.colspan):
                    ws.cell(TOP + c.row + r, c.col + 1 + k).border = BORDER
        cell.border = BORDER
        cell.font = FONT
        if c.kind != "value":
            cell.value = c.text
            cell.alignment = Alignment(
                horizontal="center" if c.kind == "head" or c.vertical else "left",
                vertical="center",
                wrap_text=True,
                text_rotation=255 if c.vertical else 0,
            )
            if c.kind == "head":
                cell.fill = HEAD
            continue
        cell.alignment = Alignment(horizontal="right", vertical="center")
        if c.kind_of_value == "amount":
            cell.number_format = "0.0000"
        value = rec.get(c.cell) if rec is not None else None
        if c.sums:
            parts = [by_address[a] for a in c.sums]
            formula = f"=SUM({_ranges(parts)})"
            computed = sum(rec.get(a) or 0 for a in c.sums) if rec is not None else None
            if rec is None or value is None or value == computed:
                cell.value, cell.fill = formula, GREY  # a live total
                continue
        cell.value = value  # as printed, even where it does not add up (a draft shows what it has)
        cell.protection = Protection(locked=False)
        validations[c.kind_of_value].add(cell.coordinate)
    for k, mm in enumerate(g.widths):
        ws.column_dimensions[get_column_letter(k + 1)].width = max(6.0, mm / 2.1)
    ws.protection.sheet = True  # totals and labels stay as they are; unlock the sheet to change them


def write_workbook(
    rec: Record | None = None, year: int | None = None, body: str = "", region: str = "", draft: bool = False
) -> bytes:
    """The template for a year (rec None), or the workbook filled with a record."""
    if rec is not None:
        year = rec.year or year
        fmt = rec.format or format_for(year or 2021)
        split = any(k.startswith("other_") for k in rec.applications) if rec.applications else fmt == "2021"
        items = [i.key for i in active_items(rec, fmt)]
        unit = (rec.active_disclosure.get("procurement") or {}).get("amount_unit", "万元")
        body, region = rec.body or body, rec.region or region
    else:
        fmt = format_for(year or 2021)
        split = fmt == "2021"
        items = [i.key for i in active_items(None, fmt)]
        unit = "万元"
    wb = Workbook()
    info = cast(Worksheet, wb.active)  # a new workbook's one sheet
    info.title = INFO
    info["A1"] = '=B3&B5&"年政府信息公开工作年度报告"'
    info["A1"].font = Font(name="黑体", size=16)
    for r, (label, value) in enumerate(
        (("机关名称", body), ("行政区划", region), ("报告年度", year), ("报告格式", fmt)), 3
    ):
        info.cell(r, 1, label).font = BOLD
        cell = info.cell(r, 2, value)
        as_text(cell)  # a body's name from an uploaded report never runs as a formula
        if label != "报告格式":
            cell.protection = Protection(locked=False)
    info["C6"] = FORMAT_NAMES[fmt]
    info["A8"] = (
        "填表说明：白色单元格填写数字，无数据填 0；灰色单元格为合计，自动计算，不必填写；"
        "金额以万元为单位，保留四位小数；正文各部分写在“正文”表。填好后用 xxgk render 生成报告。"
    )
    if draft:
        info["A2"] = DRAFT
        info["A2"].font = Font(name="黑体", size=12, color="C00000", bold=True)
    info.column_dimensions["A"].width = 14
    info.column_dimensions["B"].width = 40
    info.protection.sheet = True
    year_rule = DataValidation(
        type="whole",
        operator="between",
        formula1="2019",
        formula2="2100",
        error="请填写四位年份",
        showErrorMessage=True,
    )
    info.add_data_validation(year_rule)
    year_rule.add("B5")
    grids = _grids(fmt, split, items, unit)
    for g in grids:
        ws = wb.create_sheet(SHEETS[g.table])
        ws["A1"] = heading(next(s for s in SECTIONS if s.key == g.table))
        ws["A1"].font = BOLD
        _put_grid(ws, g, rec)
    text = wb.create_sheet(TEXT)
    text.append(["部分", "正文（每段一行，可换行）", "这一部分应写的内容"])
    for s in SECTIONS:
        expected = (
            EXPECTED_FEES_2021
            if s.key == "other" and fmt == "2021"
            else EXPECTED.get(s.key, "（可补充说明，表格另填）")
        )
        text.append([heading(s), (rec.sections.get(s.key, "") if rec is not None else ""), expected])
    for row in text.iter_rows(min_row=2):
        as_text(row[1])
        row[1].alignment = Alignment(wrap_text=True, vertical="top")
        row[2].alignment = Alignment(wrap_text=True, vertical="top")
    text.column_dimensions["A"].width = 34
    text.column_dimensions["B"].width = 90
    text.column_dimensions["C"].width = 50
    meta = wb.create_sheet(META)
    for key, value in (
        ("schema", "xxgk.workbook/1"),
        ("format", fmt),
        ("split_other", int(split)),
        ("items", ",".join(items)),
        ("unit", unit or ""),
    ):
        meta.append([key, value])
    meta.sheet_state = "hidden"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def read_workbook(data: bytes, name: str) -> Record:
    """A filled workbook back to a record; a cell that is not a number is an error that
    names its sheet, cell and row."""
    wb, cached = open_workbook(data, name)
    if META not in wb.sheetnames or INFO not in wb.sheetnames:
        raise NotTemplate(f"{name}：不是 xxgk 生成的填报表（缺少“{INFO}”或布局信息），请先用 xxgk template 生成模板")
    meta = {row[0].value: row[1].value for row in wb[META].iter_rows() if row[0].value}
    fmt = str(meta.get("format") or "2021")
    items = [k for k in str(meta.get("items") or "").split(",") if k]
    grids = _grids(fmt, bool(meta.get("split_other")), items, meta.get("unit") or None)
    info = wb[INFO]
    year = info["B5"].value
    try:
        year = int(year) if year not in (None, "") else None
    except (TypeError, ValueError):
        raise ReadError(f"{name}：“{INFO}”表 B5 的报告年度“{year}”不是年份") from None
    rec = Record(
        body=(str(info["B3"].value).strip() or None) if info["B3"].value else None,
        year=year,
        format=fmt,
        region=(str(info["B4"].value).strip() or None) if info["B4"].value else None,
        source=name,
    )
    problems = []
    for g in grids:
        ws, saved = wb[SHEETS[g.table]], cached[SHEETS[g.table]]
        for c in g.values():
            table, row, col = c.cell.split(".")
            try:
                v = cell_value(ws, saved, _coord(c))
            except FormulaError as e:
                problems.append(f"“{ws.title}”表 {_coord(c)}：公式无法计算（{e}）")
                continue
            if isinstance(v, str):
                v = v.strip().replace(",", "")
                try:
                    v = float(v) if "." in v else int(v) if v else None
                except ValueError:
                    problems.append(f"“{ws.title}”表 {_coord(c)}（{_label(g, c)}）：“{v}”不是数字")
                    continue
            if isinstance(v, float) and v.is_integer() and c.kind_of_value != "amount":
                v = int(v)
            rec.table(table).setdefault(row, {})[col] = v
    if problems:
        raise ReadError(f"{name}：" + "；".join(problems[:5]) + (f" 等{len(problems)}处" if len(problems) > 5 else ""))
    if "procurement" in rec.active_disclosure:
        rec.active_disclosure["procurement"]["amount_unit"] = meta.get("unit") or None
    if TEXT in wb.sheetnames:
        for row in wb[TEXT].iter_rows(min_row=2):
            title = str(row[0].value or "")
            section = next((s for s in SECTIONS if heading(s) == title), None)
            if section is not None and row[1].value:
                rec.sections[section.key] = str(row[1].value).strip()
    return rec


def _label(g: Grid, c: Cell) -> str:
    """ "一、本年新收… · 自然人": the row's label and the column's heading of a value cell."""
    row = " ".join(x.text for x in g.cells if x.kind == "label" and x.row <= c.row < x.row + x.rowspan)
    col = [x.text for x in g.cells if x.kind == "head" and x.col <= c.col < x.col + x.colspan]
    return f"{TABLE_NAMES[g.table]} {row} · {col[-1] if col else ''}".strip()
