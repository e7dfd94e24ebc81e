"""A record written out in the raw text forms real reports are found in.

- `pdf_text`: text extracted from a PDF: prose and labels hard-wrapped, header cells one
  character per line, numbers on the label's line or the next, cells written "n␣",
  page numbers, URLs and running heads between rows, sometimes double-spaced.
- `word_cells`: Word's export, a cell per tab-led line, rows separated by empty lines.
- `word_lines`: a cell per line without tabs, an empty cell as an empty line.
- `tab_rows`: a table row per line, cells separated by tabs.
- `markdown`: headings with #, pipe tables.
- `glued`: web text copied without separators between cells ("211000022").

Blank cells (None) are written as each form shows them; `glued` cannot show them.
Labels come in the variants real reports print (ordinals, quotes, brackets, spaces,
known misprints).
"""

from __future__ import annotations

import random
from collections.abc import Callable

from ..record import Record
from ..schema import (
    ACTIVE_ITEMS,
    APPLICANT_COLUMNS,
    APPLICATION_ROWS,
    NOT_HANDLED,
    OTHER,
    RESULTS,
    REVIEW_COLUMNS,
    REVIEW_GROUPS,
    SECTIONS,
    SERVICES,
    UNAVAILABLE,
    WITHHELD,
)

Grid = list[tuple[list[str], list[str]]]  # rows of (label cells, value cells)

TYPOS = {
    "其他法律行政法规禁止公开": "其他法律行政止公开",
    "属于三类内部事务信息": "属于三类内容事务信息",
    "只计这一情形": "只计这一情况",
}
NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


# ------------------------------------------------------------------ labels and values
def variant(label: str, rng: random.Random) -> str:
    """The label as some report prints it."""
    if rng.random() < 0.3:
        for right, wrong in TYPOS.items():
            label = label.replace(right, wrong)
    if label[:1].isdigit() and label[1:2] == ".":
        label = label[0] + rng.choice((".", "．", "、", ". ")) + label[2:]
    if "“" in label:
        q = rng.choice(("“”", '""', "「」", "‘’"))
        label = label.replace("“", q[0]).replace("”", q[1])
    if label.startswith("（") and rng.random() < 0.3:
        label = label.replace("（", "(", 1).replace("）", ")", 1)
    if rng.random() < 0.15 and len(label) > 6:
        at = rng.randint(4, len(label) - 2)
        label = label[:at] + " " + label[at:]
    return label


def value(v: int | float | str | None, kind: str, rng: random.Random, four: bool = False) -> str:
    if v is None:
        return ""
    if kind == "signed" and isinstance(v, int) and v > 0 and rng.random() < 0.5:
        return f"+{v}"
    if kind == "amount" and four:
        return f"{v:.4f}"
    if isinstance(v, float):
        return repr(v)
    return str(v)


# ------------------------------------------------------------------ table grids
def active_grids(rec: Record, rng: random.Random) -> list[tuple[str, list[str], Grid]]:
    """表二 as sub-tables: (article, header labels, rows with two label columns)."""
    out: list[tuple[str, list[str], Grid]] = []
    items = [it for it in ACTIVE_ITEMS[rec.format or "2019"] if it.key in rec.active_disclosure]
    unit = (rec.active_disclosure.get("procurement") or {}).get("amount_unit")
    four = unit == "万元"
    for it in items:
        cols = rec.active_disclosure[it.key]
        header = [c.label for c in it.columns]
        if it.key == "procurement":
            header[-1] = "采购总金额" + {"万元": "（万元，保留四位小数）", "元": "（元）"}.get(unit or "", "")
        labels = [it.group or variant(it.label, rng), variant(it.label, rng) if it.group else ""]
        if it.group and out and out[-1][2] and out[-1][2][-1][0][0] in (it.group, ""):
            labels[0] = ""  # the merged 其他对外管理服务事项 cell spans its sub-rows
        vals = [value(cols.get(c.key), c.kind, rng, four) for c in it.columns]
        if out and out[-1][0] == it.article and out[-1][1] == header:
            out[-1][2].append((labels, vals))
        else:
            out.append((it.article, header, [(labels, vals)]))
    return out


def applications_grid(rec: Record, rng: random.Random) -> Grid:
    """表三 with three label columns (side label, item, sub-item) as merged cells print."""
    rows: Grid = []
    seen: set[str] = set()
    groups = {WITHHELD, UNAVAILABLE, NOT_HANDLED}
    for row in APPLICATION_ROWS:
        if row.key not in rec.applications:
            continue
        label = variant(row.label, rng)
        if row.group == RESULTS:
            cells = ["" if RESULTS in seen else RESULTS, label, ""]
            seen.add(RESULTS)
        elif row.group in groups or row.group == OTHER:
            cells = ["", "" if row.group in seen else variant(row.group, rng), label]
            seen.add(row.group)
            seen.add(RESULTS)
        else:
            cells = [label, "", ""]
        vals = [value(rec.applications[row.key].get(c.key), "count", rng) for c in APPLICANT_COLUMNS]
        rows.append((cells, vals))
    return rows


def review_values(rec: Record, rng: random.Random) -> list[str]:
    return [
        value(rec.review_litigation.get(g, {}).get(c.key), "count", rng)
        for g, _, _ in REVIEW_GROUPS
        for c in REVIEW_COLUMNS
    ]


APPLICANT_HEADER = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
REVIEW_HEADER = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]


# ------------------------------------------------------------------ prose
def narrative(rec: Record) -> dict[str, list[str]]:
    a, r = rec.applications, rec.review_litigation
    new = (a.get("new_received") or {}).get("total")
    lines = {
        "overview": ["（一）主动公开情况。本机关严格落实政务公开工作要点，及时公开机构职能、政策文件和重点领域信息。"],
        "problems": ["存在的主要问题：政策解读形式还需进一步丰富。", "改进情况：下一步将加强培训，规范答复流程。"],
        "other": ["本报告所列数据的统计期限自" + f"{rec.year}年1月1日起至12月31日止。"],
    }
    if new is not None:
        lines["overview"].append(f"（二）依申请公开情况。本年度共收到政府信息公开申请{new}件，均已按时答复。")
    total = (r.get("review") or {}).get("total")
    if total is not None:
        lines["overview"].append(f"（三）监督保障情况。本年度发生政府信息公开行政复议{total}件。")
    return lines


def _title(rec: Record, rng: random.Random) -> list[str]:
    if rng.random() < 0.5:
        return [f"{rec.body}{rec.year}年", "政府信息公开工作年度报告"]
    return [rec.body or "", f"{rec.year}年政府信息公开工作年度报告"]


def _heading(s, rng: random.Random, md: bool = False) -> str:
    h = f"{s.number}、{s.title}"
    return ("## " + h) if md else h


def _wrap(text: str, width: int) -> list[str]:
    return [text[i : i + width].strip() for i in range(0, len(text), width)] or [""]


# ------------------------------------------------------------------ grid forms
# (cells, label cells before the values (-1: a header row), value cells (the rest pads the row))
Rows = list[tuple[list[str], int, int]]


def _grid_report(
    rec: Record, rng: random.Random, emit: Callable[[Rows], list[str]], md: bool = False, spaced: bool = True
) -> str:
    """Forms whose tables are explicit rows of cells; `emit` writes one table."""
    out = [("# " if md else "") + t for t in _title(rec, rng)]
    prose = narrative(rec)
    for s in SECTIONS:
        out += ["", _heading(s, rng, md)] if spaced else [_heading(s, rng, md)]
        if s.key == "active_disclosure" and rec.active_disclosure:
            grids = active_grids(rec, rng)
            width = max(len(h) for _, h, _ in grids)
            table: Rows = []
            for article, header, rows in grids:
                table.append(([article, ""] + [""] * width, -1, 0))
                table.append((["信息内容", ""] + header + [""] * (width - len(header)), -1, 0))
                table += [(labels + vals + [""] * (width - len(vals)), 2, len(vals)) for labels, vals in rows]
            out += emit(table)
        elif s.key == "applications" and rec.applications:
            table = [
                ([NOTE, "", "", "申请人情况"] + [""] * 6, -1, 0),
                (["", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"], -1, 0),
                (["", "", "", ""] + APPLICANT_HEADER[1:6] + [""], -1, 0),
            ]
            table += [(labels + vals, 3, 7) for labels, vals in applications_grid(rec, rng)]
            out += emit(table)
        elif s.key == "review_litigation" and rec.review_litigation:
            table = [
                (["行政复议", "", "", "", "", "行政诉讼"] + [""] * 9, -1, 0),
                (REVIEW_HEADER + ["未经复议直接起诉", "", "", "", "", "复议后起诉", "", "", "", ""], -1, 0),
                ([""] * 5 + REVIEW_HEADER * 2, -1, 0),
                (review_values(rec, rng), 0, 15),
            ]
            out += emit(table)
        else:
            out += prose.get(s.key, [])
    return "\n".join(out) + "\n"


def tab_rows(rec: Record, rng: random.Random) -> str:
    return _grid_report(rec, rng, lambda t: ["\t".join(cells) for cells, _, _ in t])


def markdown(rec: Record, rng: random.Random) -> str:
    def emit(t: Rows) -> list[str]:
        rows = ["| " + " | ".join(cells) + " |" for cells, _, _ in t]
        return ["", rows[0], "|" + "---|" * len(t[0][0])] + rows[1:] + [""]

    return _grid_report(rec, rng, emit, md=True)


def _wrap_cell(c: str, rng: random.Random) -> list[str]:
    """A header or label cell whose text Word wrapped onto a second line."""
    if len(c) > 4 and rng.random() < 0.3:
        cut = rng.randint(2, len(c) - 2)
        return ["\t" + c[:cut], c[cut:]]
    return ["\t" + c]


def word_cells(rec: Record, rng: random.Random) -> str:
    """Word's text export: a merged label cell appears once, so rows differ in length."""

    def emit(t: Rows) -> list[str]:
        lines: list[str] = []
        for cells, k, n in t:
            if k < 0:
                labels, values = [c for c in cells if c], []
            else:
                labels, values = cells[:k], cells[k : k + n]
                while len(labels) > 1 and labels[-1] == "":
                    labels.pop()  # merged with the empty cells to its right
            for c in labels:
                lines += _wrap_cell(c, rng)
            lines += ["\t" + v for v in values]
            lines.append("")
        return lines

    return _grid_report(rec, rng, emit)


def word_lines(rec: Record, rng: random.Random) -> str:
    """A cell per line, no tabs; an empty value cell is an empty line."""

    def emit(t: Rows) -> list[str]:
        lines: list[str] = []
        for cells, k, n in t:
            if k < 0:
                lines += [c for c in cells if c]
            else:
                lines += [c for c in cells[:k] if c] + cells[k : k + n]
        return lines

    return _grid_report(rec, rng, emit, spaced=False)  # empty lines are cells here


# ------------------------------------------------------------------ PDF text
def pdf_text(rec: Record, rng: random.Random) -> str:
    width = rng.randint(9, 16)
    place = rng.choice(("first", "last", "next", "mixed"))
    pages = [0]
    out: list[str] = list(_title(rec, rng))
    prose = narrative(rec)

    def page_break() -> None:
        pages[0] += 1
        junk = [
            rng.choice((f"- {pages[0]} -", f"第 {pages[0]} 页", f"— {pages[0]} —", f"第{pages[0]}页 共9页")),
            f"https://www.example.gov.cn/xxgk/art/{rec.year}/1/{pages[0]}/art_{rng.randint(100, 999)}.html",
            f"{rec.body}{rec.year}年政府信息公开工作年度报告",
        ]
        out.extend([""] + rng.sample(junk, rng.randint(1, 3)) + [""])

    def row(labels: list[str], vals: list[str]) -> None:
        text = "".join(labels)
        parts = _wrap(text, width)
        nums = "".join(v + " " for v in vals)
        where = rng.choice(("first", "last", "next")) if place == "mixed" else place
        if where == "next" or not text:
            out.extend(parts if text else [])
            out.append(nums)
        elif where == "first":
            out.append(parts[0] + " " + nums)
            out.extend(parts[1:])
        else:
            out.extend(parts[:-1])
            out.append(parts[-1] + " " + nums)
        if rng.random() < 0.08:
            page_break()

    def vertical(text: str) -> None:
        step = rng.choice((1, 2))
        out.extend(text[i : i + step] for i in range(0, len(text), step))

    for s in SECTIONS:
        out.append(_heading(s, rng))
        if s.key == "active_disclosure" and rec.active_disclosure:
            for article, header, rows in active_grids(rec, rng):
                out.append(article)
                out.append("信息内容 " + " ".join(header) if rng.random() < 0.6 else "信息内容")
                if out[-1] == "信息内容":
                    for h in header:
                        out.extend(_wrap(h, rng.randint(3, 7)))
                for labels, vals in rows:
                    if labels[0] and labels[1]:  # the group cell, then the sub-row in its own column
                        out.extend(_wrap(labels[0], width))
                    row([labels[1] or labels[0]], vals)
        elif s.key == "applications" and rec.applications:
            out.extend(_wrap(NOTE, 18))
            out.append("申请人情况")
            for h in APPLICANT_HEADER:
                vertical(h) if rng.random() < 0.4 else out.append(h)
            for labels, vals in applications_grid(rec, rng):
                side, item, sub = labels
                if side == RESULTS:
                    vertical(side)  # the merged side label, one character per line
                elif side:
                    item = side
                if item and sub:
                    vertical(item)
                    item = ""
                row([x for x in (item, sub) if x], vals)
        elif s.key == "review_litigation" and rec.review_litigation:
            out.append("行政复议 行政诉讼")
            for h in REVIEW_HEADER:
                vertical(h)
            out.append("未经复议直接起诉 复议后起诉")
            for h in REVIEW_HEADER * 2:
                vertical(h) if rng.random() < 0.5 else out.append(h)
            out.append("".join(v + " " for v in review_values(rec, rng)))
        else:
            for p in prose.get(s.key, []):
                out.extend(_wrap(p, 28))
    if rng.random() < 0.3:  # every line followed by an empty one, as some extractors do
        out = [x for line in out for x in (line, "")]
    return "\n".join(out) + "\n"


# ------------------------------------------------------------------ glued web text
def glued(rec: Record, rng: random.Random) -> str:
    out = list(_title(rec, rng))
    prose = narrative(rec)
    per_line = rng.choice((True, False))
    for s in SECTIONS:
        out.append(_heading(s, rng))
        if s.key == "active_disclosure" and rec.active_disclosure:
            for article, header, rows in active_grids(rec, rng):
                out.append(
                    article
                    + "信息内容"
                    + "".join(header)
                    + "".join("".join(labels) + "".join(vals) for labels, vals in rows)
                )
        elif s.key == "applications" and rec.applications:
            head = NOTE + "申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他"
            lines = ["".join(labels) + "".join(vals) for labels, vals in applications_grid(rec, rng)]
            out += [head] + lines if per_line else [head + "".join(lines)]
        elif s.key == "review_litigation" and rec.review_litigation:
            out.append(
                "行政复议行政诉讼"
                + "".join(REVIEW_HEADER)
                + "未经复议直接起诉复议后起诉"
                + "".join(REVIEW_HEADER) * 2
                + "".join(review_values(rec, rng))
            )
        else:
            out += prose.get(s.key, [])
    return "\n".join(out) + "\n"


FORMS: dict[str, Callable[[Record, random.Random], str]] = {
    "pdf_text": pdf_text,
    "word_cells": word_cells,
    "word_lines": word_lines,
    "tab_rows": tab_rows,
    "markdown": markdown,
    "glued": glued,
}
SHOWS_BLANKS = ("pdf_text", "word_cells", "word_lines", "tab_rows", "markdown")
__all__ = ["FORMS", "SHOWS_BLANKS", "SERVICES", "variant"]
