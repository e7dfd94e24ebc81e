"""The three tables as the national format lays them out: merged header and label cells.

One model for every renderer (DOCX, HTML, the XLSX workbook): a grid of cells with
row and column spans, each value cell tied to its record address, totals tied to the
cells they sum. It follows the annex of 国办公开办函〔2021〕30号 (and the 2019 trial
format, whose 表二 has other columns and whose 表三 has a single （六）其他处理 row).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..record import Record
from ..schema import (
    ACTIVE_ITEMS,
    APPLICANT_COLUMNS,
    APPLICANT_PARTS,
    NOT_HANDLED,
    OTHER,
    OTHER_SPLIT,
    RESULTS,
    REVIEW_COLUMNS,
    REVIEW_GROUPS,
    REVIEW_PARTS,
    UNAVAILABLE,
    WITHHELD,
    Item,
    application_rows,
    outcome_keys,
)

NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
TEXT_WIDTH = 156.0  # mm: A4 less the margins of official documents (28 + 26 mm)
AMOUNT_HEAD = {"万元": "采购总金额（万元，保留四位小数）", "元": "采购总金额（元）", None: "采购总金额"}


@dataclass(slots=True)
class Cell:
    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    kind: str = "label"  # head | label | value
    address: str | None = None  # value cells: the record cell
    sums: tuple[str, ...] = ()  # value cells that are totals: the cells they add up
    kind_of_value: str = "count"  # count | signed | amount
    vertical: bool = False  # printed top to bottom (三、本年度办理结果)

    @property
    def cell(self) -> str:
        """A value cell's address in the record."""
        if self.address is None:
            raise ValueError(f"a {self.kind} cell has no address in the record")
        return self.address


@dataclass(slots=True)
class Grid:
    table: str
    ncols: int
    head_rows: int  # rows of column headings at the top
    widths: tuple[float, ...] = ()  # column widths in mm on an A4 page (156 mm of text width)
    cells: list[Cell] = field(default_factory=list)

    @property
    def nrows(self) -> int:
        return max(c.row + c.rowspan for c in self.cells)

    def add(self, text: str, row: int, col: int, rowspan: int = 1, colspan: int = 1, **kw) -> Cell:
        cell = Cell(text, row, col, rowspan, colspan, **kw)
        self.cells.append(cell)
        return cell

    def values(self) -> list[Cell]:
        return [c for c in self.cells if c.kind == "value"]


def active_items(rec: Record | None, fmt: str) -> list[Item]:
    """The 表二 items to print: those in the record, or (for a blank template) the
    national set — 其他对外管理服务事项 as one row unless the record splits it."""
    items = ACTIVE_ITEMS[fmt]
    if rec is not None and rec.active_disclosure:
        return [i for i in items if i.key in rec.active_disclosure]
    return [i for i in items if i.key not in ("inspection", "confirmation")]


def active_grid(fmt: str, items: list[Item], unit: str | None = "万元") -> Grid:
    """表二: for each article a heading row, a column-heading row and the items; value
    cells of items with fewer columns are widened to fill the table."""
    split = any(i.group for i in items)  # the Beijing variant needs a second label column
    labels = 2 if split else 1
    width = max(len(i.columns) for i in items)
    label_mm = (26.0, 28.0) if split else (50.0,)
    g = Grid("active_disclosure", labels + width, 0, label_mm + ((TEXT_WIDTH - sum(label_mm)) / width,) * width)
    r = 0
    article = None
    heads = None
    group_start: Cell | None = None
    for item in items:
        cols = [c.label for c in item.columns]
        if item.key == "procurement":
            cols[-1] = AMOUNT_HEAD.get(unit, "采购总金额")
        if item.article != article or cols != heads:
            if item.article != article:
                g.add(item.article, r, 0, colspan=labels + width, kind="head")
                r += 1
            g.add("信息内容", r, 0, colspan=labels, kind="head")
            for c, (text, span) in enumerate(zip(cols, _spans(len(cols), width), strict=False)):
                g.add(text, r, labels + sum(_spans(len(cols), width)[:c]), colspan=span, kind="head")
            r += 1
            article, heads = item.article, cols
        if item.group and group_start is not None and group_start.text == item.group:
            group_start.rowspan += 1
            g.add(item.label, r, 1)
        elif item.group:
            group_start = g.add(item.group, r, 0)
            g.add(item.label, r, 1)
        else:
            g.add(item.label, r, 0, colspan=labels)
        col = labels
        for column, span in zip(item.columns, _spans(len(item.columns), width), strict=False):
            g.add(
                "",
                r,
                col,
                colspan=span,
                kind="value",
                address=f"active_disclosure.{item.key}.{column.key}",
                kind_of_value=column.kind,
            )
            col += span
        r += 1
    return g


def _spans(n: int, width: int) -> list[int]:
    """Column spans of n cells filling `width` columns (the last one takes the rest)."""
    return [1] * (n - 1) + [width - n + 1]


def applications_grid(split_other: bool) -> Grid:
    """表三: three label columns (side label, item, sub-item) and seven value columns."""
    g = Grid("applications", 10, 3, (8.0, 20.0, 37.0) + (13.0,) * 7)
    g.add(NOTE, 0, 0, rowspan=3, colspan=3, kind="head")
    g.add("申请人情况", 0, 3, colspan=7, kind="head")
    g.add("自然人", 1, 3, rowspan=2, kind="head")
    g.add("法人或其他组织", 1, 4, colspan=5, kind="head")
    g.add("总计", 1, 9, rowspan=2, kind="head")
    for c, col in enumerate(APPLICANT_COLUMNS[1:6]):
        g.add(col.label, 2, 4 + c, kind="head")
    rows = application_rows(split_other)
    outcomes = outcome_keys(split_other)
    r = 3
    side = None
    groups: dict[str, Cell] = {}
    for row in rows:
        if row.group == "":
            g.add(row.label, r, 0, colspan=3)
        else:
            if side is None:
                side = g.add(RESULTS, r, 0, vertical=True)
            else:
                side.rowspan += 1
            if row.group in (WITHHELD, UNAVAILABLE, NOT_HANDLED, OTHER):
                if row.group in groups:
                    groups[row.group].rowspan += 1
                else:
                    groups[row.group] = g.add(row.group, r, 1)
                g.add(row.label, r, 2)
            else:
                g.add(row.label, r, 1, colspan=2)
        for c, col in enumerate(APPLICANT_COLUMNS):
            address = f"applications.{row.key}.{col.key}"
            if col.key == "total":
                sums = tuple(f"applications.{row.key}.{k}" for k in APPLICANT_PARTS)
            elif row.key == "total":
                sums = tuple(f"applications.{k}.{col.key}" for k in outcomes)
            else:
                sums = ()
            g.add("", r, 3 + c, kind="value", address=address, sums=sums)
        r += 1
    return g


def review_grid() -> Grid:
    """表四: 行政复议 (five columns) and 行政诉讼 (未经复议直接起诉, 复议后起诉: five each)."""
    g = Grid("review_litigation", 15, 3, (TEXT_WIDTH / 15,) * 15)
    g.add("行政复议", 0, 0, colspan=5, kind="head")
    g.add("行政诉讼", 0, 5, colspan=10, kind="head")
    for c, col in enumerate(REVIEW_COLUMNS):
        g.add(col.label, 1, c, rowspan=2, kind="head")
    g.add("未经复议直接起诉", 1, 5, colspan=5, kind="head")
    g.add("复议后起诉", 1, 10, colspan=5, kind="head")
    for k in range(2):
        for c, col in enumerate(REVIEW_COLUMNS):
            g.add(col.label, 2, 5 + 5 * k + c, kind="head")
    for k, (group, _, _) in enumerate(REVIEW_GROUPS):
        for c, col in enumerate(REVIEW_COLUMNS):
            sums = tuple(f"review_litigation.{group}.{p}" for p in REVIEW_PARTS) if col.key == "total" else ()
            g.add("", 3, 5 * k + c, kind="value", address=f"review_litigation.{group}.{col.key}", sums=sums)
    return g


def report_grids(rec: Record) -> list[Grid]:
    """The three tables for a record, in its format and (六) layout."""
    fmt = rec.format or ("2021" if (rec.year or 0) >= 2021 else "2019")
    split = any(k in rec.applications for k in OTHER_SPLIT) if rec.applications else fmt == "2021"
    unit = (rec.active_disclosure.get("procurement") or {}).get("amount_unit")
    return [active_grid(fmt, active_items(rec, fmt), unit), applications_grid(split), review_grid()]
