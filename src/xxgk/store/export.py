"""Exports of the corpus: one row per cell (body, year, table, row, column, value, and
the body's region with its 行政区划代码) and one row per finding, as CSV, Excel or Parquet."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from ..record import file_name
from ..schema import TABLE_NAMES, column_name, row_name
from ..tabular import write_csv, write_xlsx
from . import queries

CELL_HEADERS = (
    "机关",
    "年度",
    "表",
    "行",
    "列",
    "数值",
    "空白",
    "table",
    "row",
    "column",
    "文件",
    "地区",
    "行政区划代码",
)
FINDING_HEADERS = ("机关", "年度", "范围", "规则", "级别", "说明", "文件")
_SCOPES = {"report": "本报告", "corpus": "跨报告"}
_SEVERITY = {"error": "错误", "warning": "警告", "info": "提示"}


def _label(table: str, row: str, col: str, fmt: str | None) -> tuple[str, str]:
    if col == "amount_unit":
        return row_name(table, row, fmt), "金额单位"
    return row_name(table, row, fmt), column_name(table, row, col, fmt)


def cells(s: Session, f: queries.Filters, public: bool = False):
    """Every cell of the selected reports; `public`: sources by file name only."""
    for body, year, fmt, table, row, col, value, text, blank, source, region, code in queries.cell_rows(s, f):
        v = text if text is not None else (int(value) if value is not None and float(value).is_integer() else value)
        yield (
            body,
            year,
            TABLE_NAMES[table],
            *_label(table, row, col, fmt),
            v,
            "是" if blank else "",
            table,
            row,
            col,
            file_name(source) if public else source,
            region,
            code,
        )


def findings(s: Session, f: queries.Filters):
    for body, year, scope, rule, severity, message, source in queries.finding_rows(s, f):
        yield body, year, _SCOPES.get(scope, scope), rule, _SEVERITY.get(severity, severity), message, source


def write_export(s: Session, f: queries.Filters, output: Path, fmt: str) -> tuple[int, int, list[Path]]:
    cell_list, finding_list = list(cells(s, f)), list(findings(s, f))
    second = output.with_name(f"{output.stem}-findings{output.suffix}")
    if fmt == "xlsx":
        write_xlsx(output, [("单元格", CELL_HEADERS, cell_list), ("问题", FINDING_HEADERS, finding_list)])
        return len(cell_list), len(finding_list), [output]
    if fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        def table(headers, rows, numeric: int | None):
            cols: list[tuple[Any, ...]] = list(zip(*rows, strict=False)) if rows else [() for _ in headers]
            arrays = []
            for k, c in enumerate(cols):
                if k == numeric:  # values: numbers, with a unit such as 万元 kept apart
                    arrays.append(pa.array([v if isinstance(v, (int, float)) else None for v in c], pa.float64()))
                elif k == 1:
                    arrays.append(pa.array(list(c), pa.int32()))
                else:
                    arrays.append(pa.array([None if v is None else str(v) for v in c], pa.string()))
            return pa.Table.from_arrays(arrays, names=list(headers))

        pq.write_table(table(CELL_HEADERS, cell_list, 5), output)
        pq.write_table(table(FINDING_HEADERS, finding_list, None), second)
        return len(cell_list), len(finding_list), [output, second]
    write_csv(output, CELL_HEADERS, cell_list)
    write_csv(second, FINDING_HEADERS, finding_list)
    return len(cell_list), len(finding_list), [output, second]
