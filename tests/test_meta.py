"""Body and statistics year from the forms titles and signatures take."""

from __future__ import annotations

import pytest

from xxgk.extract import extract
from xxgk.pipeline import parse_bytes
from xxgk.read.text import read_text

SECTIONS = "\n一、总体情况\n本年度工作稳步推进。\n二、主动公开政府信息情况\n"


def meta(head: str, tail: str = "") -> tuple:
    rec = extract(read_text((head + SECTIONS + tail).encode(), "t.txt"))
    return rec.body, rec.year


@pytest.mark.parametrize(
    "head, body, year",
    [
        ("洪泽区人民政府2023年政府信息公开工作年度报告", "洪泽区人民政府", 2023),
        ("2023年度洪泽区人民政府政府信息公开工作年度报告", "洪泽区人民政府", 2023),
        ("# 北京市大兴区科学\n# 技术委员会2023年政府信息公开工作年度报告", "北京市大兴区科学技术委员会", 2023),
        (
            "附件1\n\n北京市西城区科学技术和信息化局\n2023年政府信息公开工作年度报告",
            "北京市西城区科学技术和信息化局",
            2023,
        ),
        ("# 北京市西城区人民政府\n\n## 2020 年政府信息公开工作年度报告", "北京市西城区人民政府", 2020),
        ("北京市西城区科学技术和信息化局 2020 年\n政府信息公开工作年度报告", "北京市西城区科学技术和信息化局", 2020),
    ],
)
def test_titles(head, body, year):
    assert meta(head) == (body, year)


def test_signature_when_there_is_no_title():
    tail = "六、其他需要报告的事项\n无。\n\n中关村科技园区西城园管理委员会\n\n2021 年 1 月\n"
    assert meta("本报告由本委编制。", tail) == ("中关村科技园区西城园管理委员会", 2020)


def test_statistics_period_gives_the_year():
    tail = "六、其他需要报告的事项\n本报告所列数据的统计期限自2022年1月1日起至12月31日止。\n"
    assert meta("本报告由本局编制。", tail) == (None, 2022)


def test_a_cover_letter_is_not_the_report_and_a_heading_typo_still_heads_table_four():
    text = (
        "淮安市人民政府办公室：\n现将《淮安市洪泽区教育局2023年政府信息公开工作年度报告》报送你们\n"
        "淮安市洪泽区教育局\n2024年1月20日\n淮安市洪泽区教育局2023年政府信息公开工作年度报告\n一、总体情况\n无。\n"
        "四、政府信息公开行政法复议、行政诉讼情况\n行政复议 行政诉讼\n"
        "结果维持 结果纠正 其他结果 尚未审结 总计 未经复议直接起诉 复议后起诉\n" + "0 " * 14 + "0\n"
        "五、存在的主要问题及改进情况\n无。\n"
    )
    rec = parse_bytes(text.encode(), "letter.txt")
    assert (rec.body, rec.year) == ("淮安市洪泽区教育局", 2023)
    assert rec.review_litigation["review"] == {"upheld": 0, "corrected": 0, "other": 0, "pending": 0, "total": 0}


def test_headings_inline_in_one_line_but_not_an_enumeration_of_them():
    from xxgk.extract.stream import headings_in
    from xxgk.schema import normalize

    line = normalize(
        "本报告包括一、总体情况，二、主动公开政府信息情况等六个部分。一、总体情况2019年，本区…"
        "二、主动公开政府信息情况第二十条第(一)项信息内容…0000000三、收到和处理政府信息公开申请情况(本列数据"
    )
    spans = headings_in(line)
    assert [line[a:b] for a, b in spans if b > a] == [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
    ]
    assert [line[a : a + 6] for a, b in spans if a == b][:1] + [line[a : a + 5] for a, b in spans if a == b][1:] == [
        "第二十条第(",
        "(本列数据",
    ]  # tables begin


@pytest.mark.parametrize(
    "head",
    [
        "当前位置：首页 > 政务公开 > 政府信息公开年报 > 洪泽区人民政府2023年政府信息公开工作年度报告\n分享到：微信 微博",
        "洪泽区人民政府2023年政府信息公开工作年度报告 根据《中华人民共和国政府信息公开条例》，编制本报告。本报告…",
    ],
)
def test_title_behind_a_breadcrumb_or_at_the_head_of_a_stream(head):
    assert meta(head) == ("洪泽区人民政府", 2023)


def test_a_crawlers_metadata_block_gives_title_and_publication_date():
    head = "标题: 洪泽区人民政府2023年政府信息公开工作年度报告\n发布时间: 2024-01-20 15:22\n原文链接: https://x.gov.cn/1.htm\n"
    rec = extract(
        read_text((head + "洪泽区人民政府2023年政府信息公开工作年度报告 本报告…。一、总体情况无。").encode(), "t.txt")
    )
    assert (rec.body, rec.year, rec.posted) == ("洪泽区人民政府", 2023, "2024-01-20")
