"""What each rendered form must hold: the national layout, accessibility, placeholders."""

from __future__ import annotations

import io

import lxml.html
from docx import Document
from openpyxl import load_workbook

from xxgk.render import render
from xxgk.render.report import DRAFT
from xxgk.sample.records import HONGZE_2024, XICHENG_2020, published

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def test_docx_is_a4_with_official_merges_fonts_and_page_numbers():
    rec = published(XICHENG_2020)
    d = Document(io.BytesIO(render(rec, "docx")))
    s = d.sections[0]
    assert (round(s.page_width.mm), round(s.page_height.mm)) == (210, 297)
    xml = d.element.xml
    assert 'w:eastAsia="仿宋_GB2312"' in xml and 'w:eastAsia="黑体"' in xml and 'w:eastAsia="宋体"' in xml
    assert 'w:textDirection w:val="tbRlV"' in xml  # 三、本年度办理结果, printed vertically
    footer = s.footer._element.xml
    assert "PAGE" in footer and "fldChar" in footer
    t3 = d.tables[1]
    assert t3.cell(0, 0).text.startswith("（本列数据的勾稽关系为")
    assert t3.cell(0, 0)._tc is t3.cell(2, 2)._tc  # the note spans three rows and three columns
    assert t3.cell(0, 3)._tc is t3.cell(0, 9)._tc  # 申请人情况 over the seven columns
    assert t3.cell(5, 0)._tc is t3.cell(24, 0)._tc  # the side label from （一） down to （七）总计
    assert t3.cell(25, 0).text == "四、结转下年度继续办理"
    t4 = d.tables[2]
    assert len(t4.columns) == 15 and t4.cell(0, 5)._tc is t4.cell(0, 14)._tc  # 行政诉讼 over ten columns
    text = "\n".join(p.text for p in d.paragraphs)
    for h in (
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ):
        assert h in text


def test_html_is_accessible_and_prints():
    page = render(published(HONGZE_2024), "html").decode()
    root = lxml.html.fromstring(page)
    assert root.get("lang") == "zh-CN"
    tables = root.findall(".//table")
    assert len(tables) == 3
    for t in tables:
        assert t.find("caption") is not None
        assert not t.findall(".//table")  # no nested layout tables
        assert all(th.get("scope") in ("col", "colgroup", "row", "rowgroup") for th in t.iter("th"))
        assert t.find("thead") is not None or t is tables[0]
    note = tables[1].find(".//th")
    assert note.get("rowspan") == "3" and note.get("colspan") == "3"
    assert "@page" in page and "size: A4" in page


def test_placeholders_say_what_the_statute_expects():
    rec = published(HONGZE_2024)
    rec.sections = {"overview": "本年度全区政务公开工作稳步推进。"}
    md = render(rec, "md").decode()
    assert "本年度全区政务公开工作稳步推进。" in md
    assert "【待填写】应说明本年度政府信息公开工作存在的主要问题" in md
    assert "收取信息处理费的情况" in md  # 2021 format: 信息处理费 goes in section 六
    assert "【待填写】应概述" not in md


def test_draft_is_marked_in_every_form():
    rec = published(XICHENG_2020)
    assert DRAFT in render(rec, "md", draft=True).decode()
    assert 'class="draft"' in render(rec, "html", draft=True).decode()
    d = Document(io.BytesIO(render(rec, "docx", draft=True)))
    assert "草稿" in d.sections[0].header.paragraphs[0].text
    assert load_workbook(io.BytesIO(render(rec, "xlsx", draft=True)))["基本信息"]["A2"].value == DRAFT
    assert DRAFT not in render(rec, "md").decode()
