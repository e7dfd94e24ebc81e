"""Rules on what must be there: the three tables, every 表三 row, no blank cells."""

from __future__ import annotations

from ..record import Finding, Record
from ..schema import (
    APPLICANT_COLUMNS,
    OTHER_SPLIT,
    REVIEW_GROUPS,
    TABLE_NAMES,
    TABLE_TITLES,
    TABLES,
    application_rows,
    column_name,
    row_name,
)


def _missing(kind: str, unsure: bool, error: str, warning: str, cells: list[str] | None = None) -> Finding:
    """Something not found: the publisher's omission (missing.*, an error), or, where the
    reading is in doubt, perhaps the reader's (read.missing_*, a warning)."""
    if unsure:
        return Finding(f"read.missing_{kind}", "warning", warning, cells or [])
    return Finding(f"missing.{kind}", "error", error, cells or [])


def tables_present(rec: Record) -> list[Finding]:
    unread = rec.provenance.get("unread") or []  # printed but not read: the reader said so
    return [
        _missing(
            "table",
            rec.scanned,  # a scan: not found may be not recognised
            f"缺少{TABLE_NAMES[t]}（{TABLE_TITLES[t]}）：报告中未找到该表",
            f"扫描件经文字识别未找到{TABLE_NAMES[t]}（{TABLE_TITLES[t]}），可能是识别问题，请核对原件",
        )
        for t in TABLES
        if not rec.table(t) and t not in unread
    ]


def rows_present(rec: Record) -> list[Finding]:
    if not rec.applications:
        return []
    split = any(k in rec.applications for k in OTHER_SPLIT)
    missing = [row for row in application_rows(split) if row.key not in rec.applications]
    out: list[Finding] = []
    if missing:
        read = [f"applications.{r}.{c}" for r, cols in rec.applications.items() for c in cols]
        # a row not found where others could not be read, or were placed by inference, or on
        # a scan, may be the reader's failure: it is said as such, not as the publisher's omission
        unsure = bool(set(read) & set(rec.unresolved)) or bool(rec.inferred(read)) or rec.scanned
        why = "扫描件经文字识别读取" if rec.scanned else "表中另有数字未能确定"
        out = [
            _missing(
                "row",
                unsure,
                f"表三缺少“{row.label}”行",
                f"表三未读到“{row.label}”行（{why}，可能是读取问题），请核对原件",
                [f"applications.{row.key}.{c.key}" for c in APPLICANT_COLUMNS],
            )
            for row in missing
        ]
    if rec.review_litigation:
        out += [
            _missing(
                "row",
                rec.scanned,
                f"表四缺少“{label}”部分",
                f"表四未读到“{label}”部分（扫描件经文字识别读取，可能是识别问题），请核对原件",
            )
            for group, label, _ in REVIEW_GROUPS
            if group not in rec.review_litigation
        ]
    return out


def _heading(address: str, fmt: str | None) -> str:
    table, row, column = address.split(".")
    return column_name(table, row, column, fmt)


def blanks(rec: Record) -> list[Finding]:
    """A blank printed where a number belongs (the format expects 0): one finding per row,
    or one per table when many of its rows are blank."""
    out = []
    for t in TABLES:
        rows = []
        for row, cols in rec.table(t).items():
            cells = [f"{t}.{row}.{c}" for c, v in cols.items() if v is None and c != "amount_unit"]
            cells = [c for c in cells if c not in rec.unresolved]
            if cells:
                rows.append((row, cells))
        if len(rows) > 5:
            cells = [c for _, cs in rows for c in cs]
            out.append(
                Finding(
                    "blank",
                    "warning",
                    f"{TABLE_NAMES[t]}有{len(rows)}行共{len(cells)}个单元格为空白（应填写数字，无数据填0）",
                    cells,
                )
            )
            continue
        for row, cells in rows:
            labels = "、".join(f"“{_heading(c, rec.format)}”" for c in cells)
            out.append(
                Finding(
                    "blank",
                    "warning",
                    f"{TABLE_NAMES[t]}“{row_name(t, row, rec.format)}”的{labels}栏为空白（应填写数字，无数据填0）",
                    cells,
                )
            )
    return out


def meta_present(rec: Record) -> list[Finding]:
    out = []
    if not rec.body:
        out.append(Finding("missing.body", "warning", "未能识别报告机关名称（标题或落款中未找到）"))
    if not rec.year:
        out.append(Finding("missing.year", "warning", "未能识别报告所属年度"))
    return out
