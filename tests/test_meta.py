"""Body and statistics year from the forms titles and signatures take."""

from __future__ import annotations

import pytest

from xxgk.extract import extract
from xxgk.read import read_text

SECTIONS = "\n一、总体情况\n本年度工作稳步推进。\n二、主动公开政府信息情况\n"


def meta(head: str, tail: str = "") -> tuple:
    rec = extract(read_text((head + SECTIONS + tail).encode(), "t.txt"))
    return rec.body, rec.year


@pytest.mark.parametrize("head, body, year", [
    ("洪泽区人民政府2023年政府信息公开工作年度报告", "洪泽区人民政府", 2023),
    ("2023年度洪泽区人民政府政府信息公开工作年度报告", "洪泽区人民政府", 2023),
    ("附件1\n\n北京市西城区科学技术和信息化局\n2023年政府信息公开工作年度报告", "北京市西城区科学技术和信息化局", 2023),
    ("# 北京市西城区人民政府\n\n## 2020 年政府信息公开工作年度报告", "北京市西城区人民政府", 2020),
    ("北京市西城区科学技术和信息化局 2020 年\n政府信息公开工作年度报告", "北京市西城区科学技术和信息化局", 2020),
])
def test_titles(head, body, year):
    assert meta(head) == (body, year)


def test_signature_when_there_is_no_title():
    tail = "六、其他需要报告的事项\n无。\n\n中关村科技园区西城园管理委员会\n\n2021 年 1 月\n"
    assert meta("本报告由本委编制。", tail) == ("中关村科技园区西城园管理委员会", 2020)


def test_statistics_period_gives_the_year():
    tail = "六、其他需要报告的事项\n本报告所列数据的统计期限自2022年1月1日起至12月31日止。\n"
    assert meta("本报告由本局编制。", tail) == (None, 2022)
