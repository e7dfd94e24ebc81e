"""The record in a terminal: the three tables as printed, findings marked on their cells."""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..record import Finding, Record
from ..schema import (ACTIVE_ITEMS, APPLICANT_COLUMNS, APPLICATION_ROW, REVIEW_COLUMNS, REVIEW_GROUPS, TABLE_NAMES)

STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
MARK = {"error": "✗", "warning": "!", "info": "i"}


def _cell(rec: Record, address: str, flagged: dict[str, str]) -> Text:
    v = rec.get(address)
    if address in rec.unresolved:
        return Text("?", style="bold red")
    s = "空" if v is None else (f"{v:g}" if isinstance(v, float) else str(v))
    style = STYLE.get(flagged.get(address, ""), "dim" if v is None else "")
    return Text(s, style=style)


def _flags(findings: list[Finding]) -> dict[str, str]:
    rank = {"info": 0, "warning": 1, "error": 2}
    out: dict[str, str] = {}
    for f in findings:
        for c in f.cells:
            if rank[f.severity] > rank.get(out.get(c, "info"), -1) or c not in out:
                out[c] = f.severity
    return out


def tables(rec: Record) -> list[Table]:
    flagged = _flags(rec.findings)
    out = []
    if rec.active_disclosure:
        t = Table(title=f"{TABLE_NAMES['active_disclosure']} 主动公开政府信息情况", title_justify="left")
        t.add_column("信息内容")
        t.add_column("数字", justify="left")
        items = {i.key: i for f in ACTIVE_ITEMS.values() for i in f}
        fmt_items = {i.key: i for i in ACTIVE_ITEMS.get(rec.format or "2019", ())}
        for key, cols in rec.active_disclosure.items():
            item = fmt_items.get(key) or items[key]
            parts = Text()
            for c in item.columns:
                if c.key in cols:
                    parts.append(f"{c.label} ")
                    parts.append(_cell(rec, f"active_disclosure.{key}.{c.key}", flagged))
                    parts.append("  ")
            if cols.get("amount_unit"):
                parts.append(f"（单位：{cols['amount_unit']}）", style="dim")
            t.add_row(item.label, parts)
        out.append(t)
    if rec.applications:
        t = Table(title=f"{TABLE_NAMES['applications']} 收到和处理政府信息公开申请情况", title_justify="left")
        t.add_column("项目")
        for c in APPLICANT_COLUMNS:
            t.add_column(c.label, justify="right")
        for key in rec.applications:
            t.add_row(APPLICATION_ROW[key].short,
                      *(_cell(rec, f"applications.{key}.{c.key}", flagged) for c in APPLICANT_COLUMNS))
        out.append(t)
    if rec.review_litigation:
        t = Table(title=f"{TABLE_NAMES['review_litigation']} 行政复议、行政诉讼情况", title_justify="left")
        t.add_column("类别")
        for c in REVIEW_COLUMNS:
            t.add_column(c.label, justify="right")
        for group, label, _ in REVIEW_GROUPS:
            if group in rec.review_litigation:
                t.add_row(label, *(_cell(rec, f"review_litigation.{group}.{c.key}", flagged) for c in REVIEW_COLUMNS))
        out.append(t)
    return out


def findings(rec: Record) -> Group | Text:
    if not rec.findings:
        return Text("✓ 未发现问题", style="green")
    lines = []
    for f in rec.findings:
        line = Text(f"{MARK[f.severity]} ", style=STYLE[f.severity])
        line.append(f.message)
        line.append(f"  [{f.rule}]", style="dim")
        lines.append(line)
    return Group(*lines)


def summary(rec: Record) -> Text:
    n = {s: sum(1 for f in rec.findings if f.severity == s) for s in STYLE}
    head = Text()
    head.append(rec.body or "（机关名称未识别）", style="bold")
    head.append(f"  {rec.year or '？'}年度  ")
    head.append(f"{'2021年新格式' if rec.format == '2021' else '2019年试行格式' if rec.format == '2019' else '格式未识别'}",
                style="dim")
    head.append(f"   错误 {n['error']} · 警告 {n['warning']}", style="red" if n["error"] else "green")
    return head


def show(console: Console, rec: Record, with_tables: bool = True) -> None:
    title = Text(rec.source or "", style="bold blue")
    parts: list = [summary(rec)]
    if with_tables:
        parts += tables(rec)
    parts.append(findings(rec))
    console.print(Panel(Group(*parts), title=title, title_align="left"))
