"""The forms a real report is also found in, derived from its text or its record.

Metamorphic tests and `bench/accuracy.py` read each real report of ../shared in these
forms and require, for every cell, the exact value or a reading warning:

- from the report's own text: all lines joined into one (crawler text), and the
  digits of table rows glued (web text copied without cell separators);
- from its record: an OCR tool's Markdown (one pipe table per section with generic
  headers 数据1…数据6, 表四 split in three, sometimes a header the tool invented), a
  PDF-to-Markdown converter's (title over two lines, a merged label on a row of its
  own above its numbers), a web page with spanning label cells, a CMS platform
  page (furniture around Word-pasted tables), and the text a PDF
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


_FONT = 'font-size:10.5pt;font-family:宋体;mso-ascii-font-family:"Times New Roman"'


def _word_cell(m: re.Match, rng: random.Random) -> str:
    """A cell as Word pastes it into a CMS editor: td with mso styles, the text in
    <p class=MsoNormal> split across <span>s (and a <font> now and then), &nbsp; for blank."""
    span = "".join(f" {a}" for a in re.findall(r'(?:rowspan|colspan)="\d+"', m.group(2)))
    text = m.group(3)
    if not text:
        inner = "<span lang=EN-US>&nbsp;<o:p></o:p></span>"
    elif text.isdigit() or len(text) < 4:
        inner = f"<span lang=EN-US style='{_FONT}'>{text}<o:p></o:p></span>"
    else:
        cut = rng.randint(1, len(text) - 1)
        first = f"<font face=宋体>{text[:cut]}</font>" if rng.random() < 0.3 else text[:cut]
        inner = f"<span style='{_FONT}'>{first}</span><span style='{_FONT}'>{text[cut:]}<o:p></o:p></span>"
    align = "center" if m.group(1) == "th" else "right"
    return (
        f"<td{span} width={rng.randint(40, 160)} valign=center style='border:solid windowtext 1.0pt;"
        f"mso-border-alt:solid windowtext .5pt;padding:0cm 5.4pt 0cm 5.4pt'>"
        f"<p class=MsoNormal align={align} style='text-align:{align}'>{inner}</p></td>"
    )


def cms_page(rec: Record, rng: random.Random) -> str:
    """The report as a 政府网站集约化 platform page serves it: site header, navigation, a
    metadata table (索引号/发布机构/公开日期) before the article, Word-pasted tables and
    paragraphs (mso styles, labels split across <span>s), share and print bars, a footer,
    scripts and styles."""
    from ..render.html import render_html

    page = render_html(rec, blank="")
    article = page[page.index("<main>") + 6 : page.index("</main>")]
    article = re.sub(r"</?section[^>]*>|<caption>.*?</caption>|<colgroup>.*?</colgroup>", "", article)
    article = re.sub(
        r"<(th|td)([^>]*)>(.*?)</\1>",
        lambda m: _word_cell(m, rng),
        article,
    )
    article = article.replace("<table>", "<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0>")
    article = re.sub(
        r"<p>(.*?)</p>",
        lambda m: f"<p class=MsoNormal style='text-indent:32.0pt'><span style='{_FONT}'>{m.group(1)}</span></p>",
        article,
    )
    body, year = rec.body or "某某局", rec.year or 2023
    day = f"{year + 1}-01-{rng.randint(10, 31):02d}"
    menu = "".join(f"<li><a href='/col/col{rng.randint(1000, 9999)}/'>{t}</a></li>" for t in _MENU)
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>{body}{year}年政府信息公开工作年度报告_{body}</title>
<meta name="SiteName" content="{body}"><meta name="ColumnName" content="年度报告"><meta name="PubDate" content="{day} 09:{rng.randint(10, 59)}">
<link rel="stylesheet" href="/static/css/base.css"><style>.main{{width:1200px;margin:0 auto}} .nav li{{float:left}} .xxgk-meta td{{padding:4px}}</style>
<script src="/static/js/jquery.min.js"></script><script>var _hmt = _hmt || []; var siteid = {rng.randint(1, 999)}; function doZoom(s){{document.getElementById('zoom').style.fontSize=s+'px';}}</script>
</head><body>
<div class="header"><div class="top-bar">欢迎访问{body}网站 今天是{year + 1}年1月{rng.randint(1, 31)}日 <a href="/">首页</a> <a href="/wza">无障碍</a></div>
<div class="logo"><img src="/static/img/logo.png" alt="{body}"></div></div>
<div class="nav"><ul>{menu}</ul></div>
<div class="main"><div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/xxgk">政府信息公开</a> &gt; 年度报告</div>
<div class="xxgk-meta"><table class="meta" width="100%"><tr><td>索引号：</td><td>{rng.randint(10**8, 10**9)}/{year + 1}-{rng.randint(1, 99):05d}</td><td>分类：</td><td>年度报告</td></tr>
<tr><td>发布机构：</td><td>{body}</td><td>公开日期：</td><td>{day}</td></tr>
<tr><td>文号：</td><td></td><td>有效性：</td><td>有效</td></tr></table></div>
<div class="article"><h4 class="title">{body}{year}年政府信息公开工作年度报告</h4>
<div class="info">发布时间：{day} 来源：{body} 浏览次数：<span id="hits">{rng.randint(10, 9999)}</span> 字号：[<a href="javascript:doZoom(16)">大</a> <a href="javascript:doZoom(14)">中</a>]</div>
<div id="zoom" class="content">{article}</div>
<div class="share">分享到：<a>微信</a> <a>微博</a> <a>QQ空间</a></div>
<div class="print-bar">【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.close()">关闭窗口</a>】</div>
</div></div>
<div class="footer"><p>主办单位：{body} 地址：人民路{rng.randint(1, 300)}号 邮编：{rng.randint(100000, 999999)}</p>
<p>网站标识码：{rng.randint(10**9, 10**10)} ICP备{rng.randint(10**7, 10**8)}号 公安机关备案号：{rng.randint(10**13, 10**14)}</p></div>
<script>var hits = [{rng.randint(1, 99)}, {rng.randint(1, 99)}]; $(function(){{ $.get('/count?id=' + siteid); }});</script>
</body></html>
"""


_MENU = ("首页", "政府信息公开", "政务服务", "互动交流", "政策文件", "规划计划", "财政信息", "人事信息", "年度报告")


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
    "cms_page": cms_page,
    "viewer_blocks": viewer_blocks,
    "viewer_text": viewer_text,
}
SUFFIX = {
    "web_page": ".html",
    "cms_page": ".html",
    "ocr_markdown": ".md",
    "converter_markdown": ".md",
    "converter_html_tables": ".md",
}

__all__ = ["FROM_RECORD", "FROM_TEXT", "SUFFIX"]
