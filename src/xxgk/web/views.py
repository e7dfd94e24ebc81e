"""What the pages show, as plain data: a record's three tables with each finding on its
cells and where each number was read; the dashboard's figures and chart options."""

from __future__ import annotations

import functools
from typing import Any

from markupsafe import Markup, escape

from ..read.document import describe
from ..record import Record, fmt
from ..render.grid_values import cell_text
from ..render.layout import report_grids
from ..schema import TABLE_NAMES, TABLE_TITLES, column_name, row_name

SEVERITY_NAMES = {"error": "错误", "warning": "警告", "info": "提示"}
_RANK = {"error": 0, "warning": 1, "info": 2}


def marked_tables(rec: Record) -> list[dict[str, Any]]:
    """The tables as printed, each value cell with its findings (by number in the list of
    findings) and where it was read."""
    on: dict[str, list[int]] = {}
    for n, f in enumerate(rec.findings, 1):
        for address in f.cells:
            on.setdefault(address, []).append(n)
    where = (rec.provenance or {}).get("cells") or {}
    out = []
    for g in report_grids(rec):
        if not rec.table(g.table):
            continue
        rows: list[list[dict[str, Any]]] = [[] for _ in range(g.nrows)]
        for c in sorted(g.cells, key=lambda c: (c.row, c.col)):
            cell: dict[str, Any] = {
                "tag": "td" if c.kind == "value" else "th",
                "text": cell_text(rec, c, "空"),
                "rowspan": c.rowspan,
                "colspan": c.colspan,
                "cls": "",
                "title": "",
                "marks": [],
            }
            if c.kind == "value" and c.address:
                marks = on.get(c.address, [])
                cell["address"] = c.address
                cell["marks"] = marks
                if marks:
                    worst = min((rec.findings[n - 1].severity for n in marks), key=_RANK.__getitem__)
                    cell["cls"] = worst
                if rec.get(c.address) is None:
                    cell["cls"] += " blank"
                cell["label"] = _label(rec.format, c.address)
                w = where.get(c.address)
                if w:
                    printed = w.get("printed")
                    cell["title"] = f"读自{describe(w)}" + (f"，原文“{printed}”" if printed is not None else "")
            elif c.vertical:
                cell["cls"] = "vertical"
            rows[c.row].append(cell)
        out.append(
            {"table": g.table, "caption": f"{TABLE_NAMES[g.table]} {TABLE_TITLES[g.table]}", "html": _rows_html(rows)}
        )
    return out


def _rows_html(rows: list[list[dict[str, Any]]]) -> Markup:
    """The rows as HTML, built here rather than in the template: a report's ~400 cells took
    the template longer than everything else on the page."""
    out = []
    for row in rows:
        out.append("<tr>")
        for c in row:
            attrs = (
                (f' rowspan="{c["rowspan"]}"' if c["rowspan"] > 1 else "")
                + (f' colspan="{c["colspan"]}"' if c["colspan"] > 1 else "")
                + (f' class="{escape(c["cls"])}"' if c["cls"] else "")
            )
            if c.get("address"):
                attrs += f' data-cell="{escape(c["address"])}" data-label="{escape(c["label"])}" tabindex="0"'
            if c["title"]:
                attrs += f' title="{escape(c["title"])}"'
            marks = "".join(f'<a class="mark" href="#f{n}">{n}</a>' for n in c["marks"])
            out.append(f"<{c['tag']}{attrs}>{escape(c['text'])}{marks}</{c['tag']}>")
        out.append("</tr>\n")
    return Markup("".join(out))


@functools.lru_cache(maxsize=4096)
def _label(fmt: str | None, address: str) -> str:
    """表三 一、本年新收 · 自然人"""
    table, row, column = address.split(".")
    try:
        return f"{TABLE_NAMES[table]} {row_name(table, row, fmt)} · {column_name(table, row, column, fmt)}"
    except (KeyError, StopIteration):
        return address


def findings_view(rec: Record) -> list[dict[str, Any]]:
    return [
        {
            "n": n,
            "rule": f.rule,
            "severity": f.severity,
            "severity_name": SEVERITY_NAMES.get(f.severity, f.severity),
            "message": f.message,
            "cells": f.cells,
        }
        for n, f in enumerate(rec.findings, 1)
    ]


def summary(rec: Record) -> dict[str, Any]:
    count = {k: sum(f.severity == k for f in rec.findings) for k in SEVERITY_NAMES}
    return {
        "body": rec.body or "（未识别出机关名称）",
        "year": rec.year,
        "format": rec.format,
        "published": rec.published,
        "posted": rec.posted,
        **count,
        "encoding": (rec.provenance or {}).get("encoding"),
    }


# ------------------------------------------------------------------ dashboard charts (ECharts options)
def _pct(share: float | None) -> float | None:
    return None if share is None else round(100 * share, 1)


def charts(totals: list[dict], outcomes: list[dict], applicants: list[dict], corrections: list[dict]) -> dict:
    years = [str(t["year"]) for t in totals]
    return {
        "by_year": {
            "tooltip": {"trigger": "axis"},
            "legend": {"top": 0},
            "grid": {"left": 60, "right": 20, "top": 40, "bottom": 30},
            "xAxis": {"type": "category", "data": years},
            "yAxis": {"type": "value", "name": "件"},
            "series": [
                {"name": "本年新收", "type": "bar", "data": [t["new_received"] for t in totals]},
                {"name": "上年结转", "type": "bar", "data": [t["carried_over"] for t in totals]},
                {"name": "办结", "type": "line", "data": [t["closed"] for t in totals]},
            ],
        },
        "outcomes": {
            "tooltip": {"trigger": "item", "formatter": "{b}：{c} 件（{d}%）"},
            "series": [
                {
                    "type": "pie",
                    "radius": ["35%", "65%"],
                    "data": [{"name": o["label"], "value": o["count"]} for o in outcomes],
                }
            ],
        },
        "applicants": {
            "tooltip": {"trigger": "axis"},
            "grid": {"left": 150, "right": 30, "top": 10, "bottom": 30},
            "xAxis": {"type": "value", "name": "件"},
            "yAxis": {"type": "category", "data": [a["label"] for a in applicants], "inverse": True},
            "series": [{"type": "bar", "data": [a["count"] for a in applicants]}],
        },
        "corrections": {
            "tooltip": {"trigger": "axis"},
            "grid": {"left": 60, "right": 20, "top": 20, "bottom": 30},
            "xAxis": {"type": "category", "data": [c["label"] for c in corrections]},
            "yAxis": {"type": "value", "name": "%", "max": 100},
            "series": [
                {
                    "type": "bar",
                    "data": [_pct(c["rate"]) for c in corrections],
                    "label": {"show": True, "formatter": "{c}%"},
                }
            ],
        },
    }


def number(v: Any) -> str:
    return fmt(v) if isinstance(v, (int, float)) else "—"
