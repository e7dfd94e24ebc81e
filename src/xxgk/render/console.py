"""The record in a terminal: the three tables as printed, findings marked on their cells."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..record import Finding, Record, fmt
from ..schema import (
    ACTIVE_ITEMS,
    APPLICANT_COLUMNS,
    APPLICATION_ROW,
    REVIEW_COLUMNS,
    REVIEW_GROUPS,
    TABLE_NAMES,
    TABLE_TITLES,
    cell_name,
)

STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
MARK = {"error": "✗", "warning": "!", "info": "i"}
RANK = {"info": 0, "warning": 1, "error": 2}
# two-character heads keep 表三 within 80 columns; the order is the statutory one
SHORT_HEADS = {
    "自然人": "自然人",
    "商业企业": "商业",
    "科研机构": "科研",
    "社会公益组织": "公益",
    "法律服务机构": "法律",
    "其他": "其他",
    "总计": "总计",
}


def _flags(findings: list[Finding]) -> dict[str, str]:
    """The most severe finding on each cell."""
    out: dict[str, str] = {}
    for f in findings:
        for c in f.cells:
            if c not in out or RANK[f.severity] > RANK[out[c]]:
                out[c] = f.severity
    return out


def _cell(rec: Record, address: str, flagged: dict[str, str]) -> Text:
    if address in rec.unresolved:
        return Text("?", style="bold red")
    v = rec.get(address)
    style = STYLE.get(flagged.get(address, ""), "dim" if v is None else "")
    return Text("空" if v is None else fmt(v), style=style)


def _table(title: str) -> Table:
    return Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)


def active_tables(rec: Record, flagged: dict[str, str]) -> list[Table]:
    """表二 as printed: one small table per article of 第二十条, with its own columns."""
    out: list[Table] = []
    items = [i for i in ACTIVE_ITEMS.get(rec.format or "2019", ()) if i.key in rec.active_disclosure]
    current = None
    for item in items:
        heads = [c.label for c in item.columns]
        if current is None or current[0] != (item.article, tuple(heads)):
            t = _table(f"{TABLE_NAMES['active_disclosure']} {item.article}")
            t.add_column("信息内容", no_wrap=True)
            for h in heads:
                t.add_column(h, justify="right")
            current = ((item.article, tuple(heads)), t)
            out.append(t)
        cols = rec.active_disclosure[item.key]
        cells = [_cell(rec, f"active_disclosure.{item.key}.{c.key}", flagged) for c in item.columns]
        if item.key == "procurement" and cols.get("amount_unit"):
            cells[-1].append(f" {cols['amount_unit']}", style="dim")
        current[1].add_row(item.label, *cells)
    return out


def tables(rec: Record) -> list[Table]:
    flagged = _flags(rec.findings)
    out = active_tables(rec, flagged)
    if rec.applications:
        t = _table(f"{TABLE_NAMES['applications']} {TABLE_TITLES['applications']}")
        t.add_column("项目", no_wrap=True, max_width=18, overflow="ellipsis")
        for c in APPLICANT_COLUMNS:
            t.add_column(SHORT_HEADS[c.label], justify="right", no_wrap=True, overflow="fold")
        for key in rec.applications:
            t.add_row(
                APPLICATION_ROW[key].short,
                *(_cell(rec, f"applications.{key}.{c.key}", flagged) for c in APPLICANT_COLUMNS),
            )
        out.append(t)
    if rec.review_litigation:
        t = _table(f"{TABLE_NAMES['review_litigation']} {TABLE_TITLES['review_litigation']}")
        t.add_column("类别", no_wrap=True)
        for c in REVIEW_COLUMNS:
            t.add_column(c.label, justify="right", no_wrap=True)
        for group, label, _ in REVIEW_GROUPS:
            if group in rec.review_litigation:
                t.add_row(
                    label.replace("行政诉讼·", "诉讼·"),
                    *(_cell(rec, f"review_litigation.{group}.{c.key}", flagged) for c in REVIEW_COLUMNS),
                )
        out.append(t)
    return out


def findings(rec: Record) -> Table | Text:
    if not rec.findings:
        return Text("✓ 未发现问题", style="green")
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for f in rec.findings:
        grid.add_row(Text(MARK[f.severity], style=STYLE[f.severity]), Text(f.message + f"  [{f.rule}]"))
    return grid


def summary(rec: Record) -> Text:
    n = {s: sum(1 for f in rec.findings if f.severity == s) for s in STYLE}
    head = Text()
    head.append(rec.body or "（机关名称未识别）", style="bold")
    head.append(f"  {rec.year or '？'}年度  ")
    label = {"2021": "2021年格式", "2019": "2019年试行格式"}.get(rec.format or "", "格式未识别")
    head.append(label, style="dim")
    head.append(f"  错误 {n['error']} · 警告 {n['warning']}", style="red" if n["error"] else "green")
    return head


def show(console: Console, rec: Record, with_tables: bool = True) -> None:
    console.rule(Text(rec.source or "", style="bold blue"), align="left")
    console.print(summary(rec))
    if with_tables:
        for t in tables(rec):
            console.print(t)
    console.print(findings(rec))


def ocr_note(where: dict) -> str:
    """How a scanned cell was recognised, in words."""
    out = f"扫描件，文字识别把握 {where['ocr']:.0%}"
    if "ocr_read" in where:
        out += f"；识别读作“{where['ocr_read']}”，按勾稽关系（{where['corrected_by']}）取识别器的另一候选“{where['printed']}”"
    elif where.get("alternatives"):
        out += f"；识别器的其他候选：{'、'.join(where['alternatives'])}"
    return out


def explain_cell(console: Console, rec: Record, address: str) -> None:
    """Where a cell's number was read, as printed, and what the checker says of it."""
    from ..read.document import describe

    parts = address.split(".")
    if len(parts) != 3 or parts[0] not in TABLE_NAMES:
        console.print(
            f"[red]单元格写法有误[/]：{address}（应为 表.行.列，如 applications.new_received.total）", soft_wrap=True
        )
        return
    table, row, col = parts
    if row not in rec.table(table) or col not in rec.table(table)[row]:
        console.print(f"{rec.source}：没有单元格 {address}（该报告未印出这一行或这一栏）", soft_wrap=True)
        return
    name = cell_name(address, rec.format)
    value = rec.get(address)
    console.print(
        f"[bold]{address}[/]  {name} = {'?' if address in rec.unresolved else fmt(value) if value is not None else '空白'}",
        soft_wrap=True,
    )
    where = rec.provenance.get("cells", {}).get(address)
    if where:
        console.print(f"  读自 {rec.source} {describe(where)}，原文“{where.get('printed', '')}”", soft_wrap=True)
        if "ocr" in where:
            console.print(f"  {ocr_note(where)}", soft_wrap=True)
    else:
        console.print(f"  {rec.source}：该单元格为空白或未能确定，无原文位置", soft_wrap=True)
    for f in rec.findings:
        if address in f.cells:
            console.print(f"  {MARK[f.severity]} {f.message}  [{f.rule}]", soft_wrap=True, style=STYLE[f.severity])
