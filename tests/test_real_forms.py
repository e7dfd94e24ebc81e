"""Reports in the forms they are published in, built here and read back exactly:
PDF through LibreOffice (merged cells, 表三 broken over a page, headers one character
per line, blank cells), DOC through LibreOffice, DOCX with layout tables (python-docx),
and a GBK CMS page written by hand — in both formats."""

from __future__ import annotations

import io
import random
import re
import subprocess
import tempfile
from pathlib import Path

import pytest
from docx import Document

from xxgk.pipeline import parse_bytes
from xxgk.read.html import read_html
from xxgk.render import render
from xxgk.render.html import render_html
from xxgk.render.pdf import docx_to_pdf
from xxgk.sample.records import random_record

pytestmark = [pytest.mark.shared, pytest.mark.office]

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def record(fmt: str, seed: int, blanks: bool = True):
    rng = random.Random(seed)
    rec = random_record(rng, fmt)
    if blanks:  # a few cells printed blank where 0 is meant, as some offices do
        for t in ("applications", "review_litigation", "active_disclosure"):
            for cols in rec.table(t).values():
                for c, v in cols.items():
                    if v == 0 and c != "amount_unit" and rng.random() < 0.08:
                        cols[c] = None
    return rec


def exact(rec, got) -> None:
    assert (got.body, got.year, got.format) == (rec.body, rec.year, rec.format)
    assert got.cells() == rec.cells()
    assert not got.unresolved
    assert not [f for f in got.findings if f.severity == "error"], [f.message for f in got.findings]


PARAGRAPH = (
    "本年度，本机关坚持以公开为常态、不公开为例外，围绕重点领域信息公开、政策解读和回应关切，持续深化政务公开工作。"
)


@pytest.mark.parametrize("fmt, seed", [("2019", 11), ("2021", 12)])
def test_pdf_from_libreoffice(fmt, seed):
    rec = record(fmt, seed)
    rec.sections = {"overview": "\n".join([PARAGRAPH] * 5)}  # long enough that 表三 starts mid-page
    got = parse_bytes(docx_to_pdf(render(rec, "docx", blank="")), "report.pdf")
    exact(rec, got)
    pages = {w["page"] for k, w in got.provenance["cells"].items() if k.startswith("applications.")}
    assert len(pages) == 2  # 表三 runs over a page break, its headings repeated on the next page


def test_table_whose_grid_changes_at_a_page_break():
    """表三's first rows end page 1, where its side-label column has no rule yet (nine
    grid columns), and go on on page 2 (ten): blanks in the first rows still land right."""
    rec = record("2021", 456)
    got = parse_bytes(docx_to_pdf(render(rec, "docx", blank="")), "report.pdf")
    assert rec.applications["new_received"]["commercial"] is None
    exact(rec, got)


def test_pdf_with_headers_one_character_per_line():
    rec = record("2021", 13)
    docx = render(rec, "docx", blank="")
    d = Document(io.BytesIO(docx))
    for table in d.tables[1:]:
        for tr in table.rows:
            if tr._tr.find(f"{W}trPr/{W}tblHeader") is None:
                continue
            for cell in tr.cells:
                text = cell.text
                if text and len(text) <= 6 and not text.startswith("（"):
                    p = cell.paragraphs[0]
                    font = p.runs[0].font
                    for r in p.runs:
                        r._r.getparent().remove(r._r)
                    for i, ch in enumerate(text):
                        run = p.add_run(ch)
                        run.font.size, run.font.name = font.size, font.name
                        if i < len(text) - 1:
                            run.add_break()
    out = io.BytesIO()
    d.save(out)
    pdf = docx_to_pdf(out.getvalue())
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True).stdout.decode()
    assert "维\n持" in text or "维\n\n持" in text  # the header really is one character per line
    exact(rec, parse_bytes(pdf, "report.pdf"))


def test_doc_converted_by_libreoffice():
    rec = record("2019", 14)
    with tempfile.TemporaryDirectory() as d:
        src = Path(d) / "report.docx"
        src.write_bytes(render(rec, "docx", blank=""))
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation=file://{d}/profile",
                "--headless",
                "--convert-to",
                "doc",
                "--outdir",
                d,
                str(src),
            ],
            capture_output=True,
            timeout=180,
            check=True,
        )
        data = (Path(d) / "report.doc").read_bytes()
    assert data.startswith(b"\xd0\xcf\x11\xe0")
    exact(rec, parse_bytes(data, "report.doc"))


@pytest.mark.parametrize("fmt, seed", [("2019", 15), ("2021", 16)])
def test_docx_with_a_layout_table_around_the_report(fmt, seed):
    """Some offices put the whole report into a one-cell table; the report's own
    tables are then nested inside it."""
    rec = record(fmt, seed)
    d = Document(io.BytesIO(render(rec, "docx", blank="")))
    body = d.element.body
    outer = d.add_table(rows=1, cols=1)._tbl
    cell = outer.find(f".//{W}tc")
    for el in [e for e in body.iterchildren() if e is not outer and e.tag != f"{W}sectPr"]:
        cell.insert(len(cell) - 1, el)  # everything into the one cell, before its closing paragraph
    out = io.BytesIO()
    d.save(out)
    exact(rec, parse_bytes(out.getvalue(), "report.docx"))


@pytest.mark.parametrize("fmt, seed", [("2019", 17), ("2021", 18)])
def test_cms_page_in_gbk(fmt, seed):
    """A page as a government CMS serves it: GB2312 declared, navigation, a layout table,
    share buttons and a footer around the article; Word-pasted cells with <p>/<span>,
    &nbsp; and <br> inside labels; the official merged cells as rowspan/colspan."""
    rec = record(fmt, seed)
    article = render_html(rec, blank="")
    article = article[article.index("<main>") + 6 : article.index("</main>")]
    article = re.sub(
        r"<td>(\d+(?:\.\d+)?)</td>",
        r'<td width=40 style="mso-x"><p class=MsoNormal>'
        r"<span lang=EN-US>&nbsp;\1<o:p></o:p></span></p></td>",
        article,
    )
    article = article.replace("（区分处理的，", "<br>（区分处理的，").replace("<td></td>", "<td>&nbsp;</td>")
    page = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN">
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>政府信息公开</title>
<script>var views = "2024年 1 2 3";</script></head>
<body><div class="header"><a href="/">首页</a> <a href="/xxgk">政府信息公开</a> 发布日期：2024年1月31日</div>
<div id="nav"><ul><li>机构职能</li><li>政策文件 12</li><li>年度报告 2023</li></ul></div>
<table width="100%"><tr><td class="left-menu">栏目导航 1 2 3</td><td>
<div class="article"><div class="share">分享到：微信 微博 QQ</div>{article}
<div class="print-bar">【打印】【关闭】 浏览次数：1234</div></div></td></tr></table>
<div class="footer">主办单位：人民政府办公室 苏ICP备12345678号 电话：0517-12345678</div></body></html>"""
    got = parse_bytes(page.encode("gb18030"), "page.html")
    assert got.provenance["encoding"] == "gb18030"
    assert got.posted == "2024-01-31"  # from the header's 发布日期, though the header itself is not read
    exact(rec, got)


def test_the_date_a_page_was_published():
    """The PubDate meta of government sites first (the header's text may be a print date or
    today), then a 发布时间 in the page; an impossible date is no date."""

    def page(head: str, body: str = "") -> bytes:
        return (
            f"<html><head><meta charset='utf-8'>{head}</head><body>{body}<h1>示例市教育局2024年"
            f"政府信息公开工作年度报告</h1><p>一、总体情况</p></body></html>"
        ).encode()

    meta = '<meta name="PubDate" content="2025-02-10 09:30:00">'
    assert parse_bytes(page(meta, "<div class=info>发布时间：2025-01-20</div>"), "a.html").posted == "2025-02-10"
    assert parse_bytes(page('<meta content="2025/1/9" name="firstpublishedtime">'), "a.html").posted == "2025-01-09"
    assert parse_bytes(page("", "<span>发布日期: 2025年01月27日 </span>"), "a.html").posted == "2025-01-27"
    assert parse_bytes(page('<meta name="PubDate" content="2025-02-30">'), "a.html").posted is None
    assert parse_bytes(page("", "<p>2025年1月20日</p>"), "a.html").posted is None  # no word says it is the publication


@pytest.mark.parametrize("fmt, seed", [("2019", 19), ("2021", 20)])
def test_html5_page_whose_furniture_is_told_by_its_tags(fmt, seed):
    """A page whose navigation, sidebar and footer carry no class or id, only their
    HTML5 tags — with numbers in them that must not reach the tables."""
    rec = record(fmt, seed)
    article = render_html(rec, blank="")
    article = article[article.index("<main>") + 6 : article.index("</main>")]
    page = f"""<!doctype html><html><head><meta charset="utf-8"><script>var hits = [12, 34];</script></head>
<body><div><header>首页 政府信息公开 2024年1月31日 访问量 5678</header><nav><ul><li>年度报告 2023</li><li>政策文件 12</li></ul></nav>
{article}<aside>相关链接 本年新收 99 行政复议 3 维持 1 纠正 2 其他 0 总计 6</aside>
<footer>主办单位 电话 0517 12345678 1 2 3 4 5</footer></div></body></html>"""
    text = "\n".join(ln.raw for ln in read_html(page.encode(), "page.html").lines)
    for furniture in ("访问量", "政策文件", "相关链接", "主办单位", "hits"):
        assert furniture not in text
    exact(rec, parse_bytes(page.encode(), "page.html"))


@pytest.mark.parametrize("fmt, seed", [("2019", 24), ("2021", 29), ("2019", 34), ("2019", 107), ("2021", 118)])
def test_pdf_tables_without_rules(fmt, seed):
    """Tables printed without borders, blank cells included: each value goes to the
    column its position shows — learned from the table's complete rows, or from the
    header's words above a row (表四 has one row, under a header in tiers)."""
    rec = record(fmt, seed)
    d = Document(io.BytesIO(render(rec, "docx", blank="")))
    for t in d.tables:
        t.style = d.styles["Normal Table"]  # no borders at all
    out = io.BytesIO()
    d.save(out)
    assert not d.element.xpath(".//w:tblBorders")
    exact(rec, parse_bytes(docx_to_pdf(out.getvalue()), "unruled.pdf"))


@pytest.mark.parametrize("fmt, seed", [("2019", 40), ("2021", 41)])
def test_xlsx_exported_by_an_office(fmt, seed):
    """A workbook as offices export one: a title sheet, then a sheet per table named 表二,
    表三, 表四 with no section headings; numbers as numbers, merged cells left empty."""
    from openpyxl import Workbook

    from xxgk.render.grid_values import flat_rows
    from xxgk.render.layout import report_grids

    rec = record(fmt, seed, blanks=False)
    wb = Workbook()
    wb.active.title = "封面"
    wb.active.append([f"{rec.body}{rec.year}年政府信息公开工作年度报告"])
    for grid, name in zip(report_grids(rec), ("表二", "表三", "表四"), strict=False):
        ws = wb.create_sheet(name)
        for row in flat_rows(rec, grid):
            ws.append([float(c) if re.fullmatch(r"\d+\.\d+", c) else int(c) if c.isdigit() else c for c in row])
    out = io.BytesIO()
    wb.save(out)
    exact(rec, parse_bytes(out.getvalue(), "export.xlsx"))


def test_a_unit_in_a_span_of_its_own_is_kept():
    """Word-pasted pages print "75394432.52<span>元</span>": the amount and its unit."""
    page = (
        "<html><body><h1>某某区人民政府2019年政府信息公开工作年度报告</h1><p>二、主动公开政府信息情况</p>"
        "<table><tr><td colspan='3'>第二十条第（九）项</td></tr>"
        "<tr><td>信息内容</td><td>采购项目数量</td><td>采购总金额</td></tr>"
        "<tr><td>政府集中采购</td><td><p><span>135</span></p></td>"
        "<td><p><span>75394432.52</span><span>元</span></p></td></tr></table>"
        "<p>三、收到和处理政府信息公开申请情况</p></body></html>"
    )
    rec = parse_bytes(page.encode(), "page.html")
    assert rec.active_disclosure["procurement"] == {"items": 135, "amount": 75394432.52, "amount_unit": "元"}


def test_markdown_with_html_tables_as_converters_write_them():
    """MinerU-style Markdown: text as Markdown, merged tables as HTML on one line each."""
    rec = record("2021", 77)
    from xxgk.sample.derive import converter_html_tables

    text = converter_html_tables(rec, random.Random(1))
    assert "<table" in text and "rowspan" in text
    exact(rec, parse_bytes(text.encode(), "report.md"))
