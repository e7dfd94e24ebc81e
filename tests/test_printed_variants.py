"""Real seed text altered the way other real reports print it: label variants, known
misprints, and PDF page furniture in the middle of 表三."""

from __future__ import annotations

import pytest
from conftest import SEEDS, load

from xxgk.pipeline import parse_bytes

pytestmark = pytest.mark.shared

STEM = "000_12624315990b42fd"  # PDF text: labels wrapped, numbers after labels, "n␣" cells


def _read(text: str):
    return parse_bytes(text.encode(), "variant.txt")


def _expected():
    return load(SEEDS / f"{STEM}.expected.json")


def _text() -> str:
    return (SEEDS / f"{STEM}.txt").read_text(encoding="utf-8")


def test_label_variants_and_misprints():
    text = _text()
    for old, new in [
        ("2.其他法律行政法规禁止公开", "2．其他法律行政止公开"),
        ("5.属于三类内部事务信息", "5、属于三类内容事务信息"),
        ("一情形，不计其他情形）", "一情况，不计其他情形）"),
        ("3.危及“三安全一稳定”", "3.危及「三安全一稳定」"),
        ("（一）予以公开", "(一) 予 以公开"),
        ("4.保护第三方合法权益", "4. 保护第三方合法 权益"),
    ]:
        assert old in text, old
        text = text.replace(old, new)
    rec = _read(text)
    assert rec.applications == _expected()["applications"]


def test_page_number_url_and_running_head_inside_table_three():
    text = _text()
    furniture = (
        "\n- 3 -\n\nhttps://www.bjxch.gov.cn/xxgk/xxxq/pnidpv858728.html\n"
        "北京市西城区科学技术和信息化局 2020 年政府信息公开工作年度报告\n第 3 页 共 5 页\n"
    )
    at = text.index("4.保护第三方合法权益")
    rec = _read(text[:at] + furniture + text[at:])
    assert rec.applications == _expected()["applications"]
    at = text.index("（二）部分公开")
    rec = _read(text[:at] + "\n7\n" + text[at:])  # a bare page number
    assert rec.applications == _expected()["applications"]


def test_numbers_on_the_line_after_a_wrapped_label():
    text = _text().replace("1.属于国家秘密 0 0 0 0 0 0 0 ", "1.属于国家\n秘密\n0 0 0 0 0 0 0 ")
    assert _read(text).applications == _expected()["applications"]


def test_blank_cell_position_comes_from_spacing():
    rec = _read(_text())
    assert rec.applications["carried_forward"]["research"] is None
    moved = _text().replace("四、结转下年度继续办理 0 0  0 0 0 0 ", "四、结转下年度继续办理 0 0 0 0 0  0 ")
    assert _read(moved).applications["carried_forward"]["social_welfare"] == 0
    assert _read(moved).applications["carried_forward"]["other_org"] is None


def test_a_short_row_without_a_telling_gap_is_reported_not_shifted():
    text = _text().replace("四、结转下年度继续办理 0 0  0 0 0 0 ", "四、结转下年度继续办理 0 0 0 0 0 0 ")
    rec = _read(text)
    assert list(rec.applications["carried_forward"].values()) == [None] * 7
    f = [x for x in rec.findings if x.rule == "read.undetermined"]
    assert len(f) == 1 and "applications.carried_forward.total" in f[0].cells
    assert "无法从排版确定空白单元格的位置" in f[0].message
