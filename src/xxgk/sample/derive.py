"""The forms a real report is also found in, derived from its text or its record.

Metamorphic tests and `bench/accuracy.py` read each real report of ../shared in these
forms and require, for every cell, the exact value or a reading warning:

- from the report's own text: all lines joined into one (crawler text), and the
  digits of table rows glued (web text copied without cell separators);
- from its record: an OCR tool's Markdown (one pipe table per section with generic
  headers 数据1…数据6, 表四 split in three, sometimes a header the tool invented), a
  PDF-to-Markdown converter's (title over two lines, a merged label on a row of its
  own above its numbers), a web page with spanning label cells, and the text a PDF
  viewer copies out of the rendered PDF (content-stream order).
"""

from __future__ import annotations

import random
import re
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from ..record import Record
from ..schema import ACTIVE_ITEMS, APPLICATION_ROWS, NOT_HANDLED, OTHER, REVIEW_GROUPS, SECTIONS, UNAVAILABLE, WITHHELD
from .forms import APPLICANT_HEADER, NOTE, REVIEW_HEADER, narrative, review_values, value


# ------------------------------------------------------------------ from the text
def one_line(text: str, rng: random.Random) -> str:
    """The whole body on one line, as site-archive crawlers save it."""
    sep = rng.choice(("", " "))  # a page's text keeps no tabs: cells run together or apart by a space
    return sep.join(s.strip().replace("\t", sep) for s in text.splitlines() if s.strip()) + "\n"


_SPACED_DIGITS = re.compile(r"(?<=\d)[ \u3000]+(?=\d)")  # tabs are a grid's cells: kept


def glued_cells(text: str, rng: random.Random) -> str:
    """Numbers that stood apart run together, as web text copied without separators."""
    return _SPACED_DIGITS.sub("", text)


# ------------------------------------------------------------------ from the record
def _title(rec: Record) -> str:
    return f"{rec.body}{rec.year}年政府信息公开工作年度报告"


def _prose(rec: Record, key: str) -> list[str]:
    return narrative(rec).get(key, [])


def _pipe(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _sep(n: int) -> str:
    return "|" + "---|" * n


def _active_rows(rec: Record) -> list[tuple[str, list[str], list[tuple[str, list[str]]]]]:
    """(article, header, [(label, values)]) of 表二, one sub-table per article."""
    out: list[tuple[str, list[str], list[tuple[str, list[str]]]]] = []
    unit = (rec.active_disclosure.get("procurement") or {}).get("amount_unit")
    rng = random.Random(0)
    for it in ACTIVE_ITEMS[rec.format or "2019"]:
        if it.key not in rec.active_disclosure:
            continue
        cols = rec.active_disclosure[it.key]
        header = [c.label for c in it.columns]
        if it.key == "procurement":
            header[-1] = "采购总金额" + {"万元": "（万元）", "元": "（元）"}.get(unit or "", "")
        vals = [value(cols.get(c.key), c.kind, rng) for c in it.columns]
        if out and out[-1][0] == it.article and out[-1][1] == header:
            out[-1][2].append((it.label, vals))
        else:
            out.append((it.article, header, [(it.label, vals)]))
    return out


def _applicant_values(rec: Record, key: str) -> list[str]:
    rng = random.Random(0)
    return [
        value(rec.applications[key].get(c), "count", rng)
        for c in ("natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org", "total")
    ]


def ocr_markdown(rec: Record, rng: random.Random) -> str:
    """An OCR tool's Markdown: 表三 cut into one pipe table per section under generic
    headers, sometimes with a header the tool invented over the last rows; 表四 as
    three tables."""
    out = [f"# {rec.body} {rec.year} 年 政府信息公开工作年度报告", ""]
    generic = ["类别"] + [f"数据{i}" for i in range(1, 7)] + ["总计"]
    invented = ["项目", "本年新收件数", "上年结转件数", "予以公开", "部分公开", "不予公开", "结转下年度", "总计"]
    for s in SECTIONS:
        out += [f"## {s.number}、{s.title}", ""]
        if s.key == "active_disclosure" and rec.active_disclosure:
            for article, header, rows in _active_rows(rec):
                out += [f"### {article}", _pipe(["信息内容", *header]), _sep(len(header) + 1)]
                out += [_pipe([label, *vals]) for label, vals in rows] + [""]
        elif s.key == "applications" and rec.applications:
            out += [NOTE, ""]
            group = None
            lie_from = rng.randrange(len(rec.applications)) if rng.random() < 0.5 else None
            for k, row in enumerate(r for r in APPLICATION_ROWS if r.key in rec.applications):
                g = row.group if row.group in (WITHHELD, UNAVAILABLE, NOT_HANDLED, OTHER) else row.label
                if g != group:
                    group = g
                    out += ["", f"### {g}", _pipe(generic), _sep(8)]
                if lie_from is not None and k == lie_from:
                    out += ["", _pipe(invented), _sep(8)]
                out.append(_pipe([row.label.lstrip("一二四、"), *_applicant_values(rec, row.key)]))
            out.append("")
        elif s.key == "review_litigation" and rec.review_litigation:
            values = review_values(rec, rng)
            for k, (_, label, _) in enumerate(REVIEW_GROUPS):
                name = label.replace("·", "（") + ("）" if "·" in label else "")
                out += [f"### {name}", _pipe(REVIEW_HEADER), _sep(5), _pipe(values[5 * k : 5 * k + 5]), ""]
        else:
            out += _prose(rec, s.key) + [""]
    return "\n".join(out) + "\n"


def converter_markdown(rec: Record, rng: random.Random) -> str:
    """A PDF-to-Markdown converter's: the title over two lines, header rows folded into
    one, and a merged label cell on a row of its own above its numbers."""
    title = _title(rec)
    cut = rng.randint(4, len(title) - 4)
    out = [f"# {title[:cut]}", f"# {title[cut:]}", ""]

    def rows(labels: list[str], vals: list[str], width: int) -> list[str]:
        if rng.random() < 0.3:  # the label row, then its numbers on a row without a label
            return [_pipe(labels + [""] * (width - len(labels))), _pipe([""] * len(labels) + vals)]
        return [_pipe(labels + vals)]

    for s in SECTIONS:
        out += [f"## {s.number}、{s.title}", ""]
        if s.key == "active_disclosure" and rec.active_disclosure:
            width = 1 + max(len(h) for _, h, _ in _active_rows(rec))
            out += [_pipe(["信息内容"] + [""] * (width - 1)), _sep(width)]
            for article, header, items in _active_rows(rec):
                out.append(_pipe([article] + [""] * (width - 1)))
                out.append(_pipe(["信息内容", *header] + [""] * (width - 1 - len(header))))
                for label, vals in items:
                    out += rows([label], vals + [""] * (width - 1 - len(vals)), width)
            out.append("")
        elif s.key == "applications" and rec.applications:
            out += [_pipe(["申请人情况", "", *APPLICANT_HEADER]), _sep(9)]
            group = ""
            for row in APPLICATION_ROWS:
                if row.key not in rec.applications:
                    continue
                side = row.group if row.group in (WITHHELD, UNAVAILABLE, NOT_HANDLED, OTHER) else ""
                labels = [side if side != group else "", row.label]
                group = side or group
                out += rows(labels, _applicant_values(rec, row.key), 9)
            out += ["", NOTE, ""]
        elif s.key == "review_litigation" and rec.review_litigation:
            out += [
                _pipe(["行政复议"] + [""] * 4 + ["行政诉讼"] + [""] * 9),
                _sep(15),
                _pipe([""] * 5 + ["未经复议直接起诉"] + [""] * 4 + ["复议后起诉"] + [""] * 4),
                _pipe(REVIEW_HEADER * 3),
                _pipe(review_values(rec, rng)),
                "",
            ]
        else:
            out += _prose(rec, s.key) + [""]
    return "\n".join(out) + "\n"


def converter_html_tables(rec: Record, rng: random.Random) -> str:
    """Markdown as converters that keep merged cells write it (MinerU and the like): text
    as Markdown, each table as an HTML <table> with rowspan/colspan, on one line."""
    from ..render.html import render_html

    page = render_html(rec, blank="")
    tables = [
        re.sub(r"<caption>.*?</caption>|\s*\n\s*", "", t, flags=re.S)
        for t in re.findall(r"<table\b.*?</table>", page, flags=re.S)
    ]
    title = _title(rec)
    cut = rng.randint(4, len(title) - 4)
    out = [f"# {title[:cut]}", f"# {title[cut:]}", ""]
    keys = [k for k in ("active_disclosure", "applications", "review_litigation") if rec.table(k)]
    for s in SECTIONS:
        out += [f"## {s.number}、{s.title}", ""]
        if s.key in keys:
            out += [tables[keys.index(s.key)], ""]
        else:
            out += _prose(rec, s.key) + [""]
    return "\n".join(out) + "\n"


def web_page(rec: Record, rng: random.Random) -> str:
    """The report as a web page: the official merged cells as rowspan/colspan."""
    from ..render.html import render_html

    return render_html(rec, blank=rng.choice(("", "&nbsp;")).replace("&nbsp;", "\u00a0"))


def viewer_text(rec: Record, rng: random.Random) -> str:
    """Text as a PDF viewer copies it out of the report rendered to PDF by LibreOffice."""
    from ..render.docx import render_docx
    from ..render.pdf import docx_to_pdf

    return viewer_copy(docx_to_pdf(render_docx(rec, blank="")))


def viewer_blocks(rec: Record, rng: random.Random) -> str:
    """A viewer's copy as PDFs from office suites give it: each table's labels in one run,
    then its numbers, blocks of consecutive rows written row by row or column by column
    (a page's share of 表三 column by column), one number per line."""
    out = [_title(rec), ""]

    def blocks(rows: list[list[str]]) -> list[str]:
        nums: list[str] = []
        i = 0
        while i < len(rows):
            k = rng.randint(1, min(9, len(rows) - i))
            part = rows[i : i + k]
            if rng.random() < 0.5:
                nums += [v for r in part for v in r]
            else:
                nums += [r[c] for c in range(len(part[0])) for r in part]
            i += k
        return nums

    for s in SECTIONS:
        out.append(f"{s.number}、{s.title}")
        if s.key == "active_disclosure" and rec.active_disclosure:
            groups = _active_rows(rec)
            out += [label for _, _, rows in groups for label, _ in rows]
            for article, header, rows in groups:
                out += [article, *header]
                vals = [r for _, r in rows]
                if rng.random() < 0.5:
                    out += [v for r in vals for v in r]
                else:
                    out += [r[c] for c in range(len(vals[0])) for r in vals]
        elif s.key == "applications" and rec.applications:
            present = [r for r in APPLICATION_ROWS if r.key in rec.applications]
            out += [NOTE, "申请人情况", *APPLICANT_HEADER] + [r.label for r in present]
            out += blocks([_applicant_values(rec, r.key) for r in present])
        elif s.key == "review_litigation" and rec.review_litigation:
            out += [
                "行政复议",
                "行政诉讼",
                *REVIEW_HEADER,
                "未经复议直接起诉",
                *REVIEW_HEADER,
                "复议后起诉",
                *REVIEW_HEADER,
                *review_values(rec, rng),
            ]
        else:
            out += _prose(rec, s.key)
    return "\n".join(x if x else "" for x in out) + "\n"


def viewer_copy(pdf: bytes) -> str:
    """`pdftotext` without -layout: the text in content-stream order, as a viewer copies it."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "r.pdf"
        path.write_bytes(pdf)
        return subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, timeout=60
        ).stdout.decode("utf-8")


FROM_TEXT: dict[str, Callable[[str, random.Random], str]] = {"one_line": one_line, "glued_cells": glued_cells}
FROM_RECORD: dict[str, Callable[[Record, random.Random], str]] = {
    "ocr_markdown": ocr_markdown,
    "converter_markdown": converter_markdown,
    "converter_html_tables": converter_html_tables,
    "web_page": web_page,
    "viewer_blocks": viewer_blocks,
    "viewer_text": viewer_text,
}
SUFFIX = {"web_page": ".html", "ocr_markdown": ".md", "converter_markdown": ".md", "converter_html_tables": ".md"}

__all__ = ["FROM_RECORD", "FROM_TEXT", "SUFFIX"]
