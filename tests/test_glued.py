"""Web text copied without separators: runs of digits split by the table's identities."""

from __future__ import annotations

import itertools
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from xxgk.extract.glued import MAX_SPLITS, hides_blanks, splits
from xxgk.pipeline import parse_bytes
from xxgk.sample.forms import glued
from xxgk.sample.records import HONGZE_2024, published

SEVEN = ("count",) * 7


def test_the_row_total_settles_a_run():
    assert splits("211000022", SEVEN, (7,)) == [(21, 1, 0, 0, 0, 0, 22)]
    assert splits("15185700101576", SEVEN, (7,)) == [(1518, 57, 0, 0, 1, 0, 1576)]


def test_no_split_when_the_identity_cannot_hold():
    assert splits("211000023", SEVEN, (7,)) == []


def test_every_split_is_returned_when_several_fit():
    review = splits("10100110000050005", ("count",) * 15, (5, 5, 5))
    assert sorted(review) == sorted(
        [(1, 0, 10, 0, 11, 0, 0, 0, 0, 0, 5, 0, 0, 0, 5), (10, 1, 0, 0, 11, 0, 0, 0, 0, 0, 5, 0, 0, 0, 5)]
    )
    assert splits("1491.2800", ("count", "amount")) == [(1, 491.28), (14, 91.28), (149, 1.28)]


def _every_cut(run: str, groups: tuple[int, ...]) -> list[tuple[int, ...]]:
    """Every way to cut `run` into counts whose groups' last parts are the sums of the
    rest, tried one by one, shorter first parts first (the order the search goes)."""
    out = []
    for cuts in itertools.combinations(range(1, len(run)), sum(groups) - 1):
        pieces = [run[a:b] for a, b in zip((0, *cuts), (*cuts, len(run)), strict=True)]
        if any(p[0] == "0" and len(p) > 1 for p in pieces):
            continue
        parts = tuple(map(int, pieces))
        ok, at = True, 0
        for size in groups:
            ok = ok and sum(parts[at : at + size - 1]) == parts[at + size - 1]
            at += size
        if ok:
            out.append(parts)
    return out


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(0, 99), min_size=6, max_size=6).map(lambda p: [*p, sum(p)]),
    st.lists(st.sampled_from(["0", "1", "7", "9"]), max_size=3),
)
def test_a_rows_cuts_are_every_cut_that_holds(parts, noise):
    """A glued 表三 row, maybe with stray digits: the search finds exactly the cuts that
    trying every cut finds, in the same order."""
    run = "".join(map(str, parts)) + "".join(noise)
    expected = _every_cut(run, (7,))
    assert splits(run, SEVEN, (7,)) == expected[:MAX_SPLITS]
    if not noise:
        assert tuple(parts) in expected


def test_a_long_run_is_cut_as_trying_every_cut_cuts_it():
    """Runs of 20 digits and more, where the search is pruned hardest."""
    for run in ("12125752064077829977626", "286601978607013546805", "20321799028122705086", "2147002897016896733"):
        assert splits(run, SEVEN, (7,)) == _every_cut(run, (7,))


def _report(new_received_row: str, review_row: str) -> bytes:
    zeros = "0000000"
    return (
        "某某区人民政府2023年政府信息公开工作年度报告\n一、总体情况\n本年度共收到政府信息公开申请22件。\n"
        "三、收到和处理政府信息公开申请情况\n申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他\n"
        f"一、本年新收政府信息公开申请数量{new_received_row}二、上年结转政府信息公开申请数量{zeros}"
        f"三、本年度办理结果（一）予以公开{new_received_row}（二）部分公开（区分处理的，只计这一情形，不计其他情形）{zeros}"
        f"（三）不予公开1.属于国家秘密{zeros}2.其他法律行政法规禁止公开{zeros}3.危及“三安全一稳定”{zeros}"
        f"4.保护第三方合法权益{zeros}5.属于三类内部事务信息{zeros}6.属于四类过程性信息{zeros}7.属于行政执法案卷{zeros}"
        f"8.属于行政查询事项{zeros}（四）无法提供1.本机关不掌握相关政府信息{zeros}2.没有现成信息需要另行制作{zeros}"
        f"3.补正后申请内容仍不明确{zeros}（五）不予处理1.信访举报投诉类申请{zeros}2.重复申请{zeros}3.要求提供公开出版物{zeros}"
        f"4.无正当理由大量反复申请{zeros}5.要求行政机关确认或重新出具已获取信息{zeros}（六）其他处理"
        f"1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请{zeros}"
        f"2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请{zeros}3.其他{zeros}"
        f"（七）总计{new_received_row}四、结转下年度继续办理{zeros}\n"
        "四、政府信息公开行政复议、行政诉讼情况\n行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计"
        f"未经复议直接起诉复议后起诉结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计{review_row}\n"
        "五、存在的主要问题及改进情况\n无。\n六、其他需要报告的事项\n无。\n"
    ).encode()


def test_issue_example_row_reads_as_21_1_0_0_0_0_22():
    rec = parse_bytes(_report("211000022", "0" * 15), "web.txt")
    assert list(rec.applications["new_received"].values()) == [21, 1, 0, 0, 0, 0, 22]
    assert list(rec.applications["withheld_prohibited_by_law"].values()) == [0] * 7  # "00000002." split
    assert not rec.unresolved
    assert [f.rule for f in rec.errors] == ["missing.table"]  # this fixture has no 表二


def test_ambiguous_run_is_reported_not_chosen():
    rec = parse_bytes(_report("211000022", "10100110000050005"), "web.txt")
    review = rec.review_litigation["review"]
    assert list(review.values()) == [None] * 5
    found = [f for f in rec.findings if f.rule == "read.ambiguous"]
    assert len(found) == 1 and "review_litigation.review.total" in found[0].cells
    assert "1/0/10/0/11/" in found[0].message and "10/1/0/0/11/" in found[0].message
    assert not [f for f in rec.findings if f.rule.startswith("T4")]  # undetermined cells are not checked


def test_published_figures_glued_read_back():
    """洪泽区 2024 figures (95 applications, 50 granted …) glued as web text."""
    rec = published(HONGZE_2024)
    got = parse_bytes(glued(rec, random.Random(3)).encode(), "hongze.txt")
    assert got.applications == rec.applications
    assert got.review_litigation == rec.review_litigation


def test_the_whole_table_settles_rows_that_alone_split_several_ways():
    """ "11110122137" splits three ways as a row; T3-A and T3-B against a 总计 printed
    apart leave one."""
    assert len(splits("11110122137", SEVEN, (7,))) == 3
    text = _report("11110122137", "0" * 15).decode().replace("（七）总计11110122137", "（七）总计11 1 10 12 2 1 37")
    rec = parse_bytes(text.encode(), "web.txt")
    assert list(rec.applications["new_received"].values()) == [11, 1, 10, 12, 2, 1, 37]
    assert list(rec.applications["granted"].values()) == [11, 1, 10, 12, 2, 1, 37]
    assert rec.provenance["cells"]["applications.new_received.total"]["how"] == "split"
    assert not rec.unresolved and [f.rule for f in rec.errors] == ["missing.table"]  # no 表二 here


def test_when_no_combination_fits_the_rows_are_unread_not_accused():
    text = _report("11110122137", "0" * 15).decode().replace("（七）总计11110122137", "（七）总计12 11 1 0 12 0 36")
    rec = parse_bytes(text.encode(), "web.txt")
    assert "applications.new_received.total" in rec.unresolved
    said = [f for f in rec.findings if f.rule == "read.ambiguous" and "applications.new_received.total" in f.cells]
    assert said and "没有一种组合" in said[0].message
    assert not [f for f in rec.findings if f.rule.startswith("T3")]  # unread cells are not checked


def test_only_the_change_column_carries_a_sign():
    """ "276-11824577" (上一年项目数量 276, 本年增/减 -118, 处理决定 24577, glued): the sign
    starts 本年增/减, so 276 stands alone; the rest splits seven ways and is listed."""
    found = splits("276 -11824577", ("count", "signed", "count"))
    assert (276, -118, 24577) in found and all(f[0] == 276 and f[1] < 0 for f in found)
    assert splits("5 -3000", SEVEN, (7,)) == []  # 表三 counts carry no sign
    text = (
        "某某区人民政府2019年政府信息公开工作年度报告\n二、主动公开政府信息情况\n第二十条第（五）项\n"
        "信息内容上一年项目数量本年增/减处理决定数量\n行政许可276-11824577\n三、收到和处理政府信息公开申请情况\n"
    )
    rec = parse_bytes(text.encode(), "web.txt")
    assert rec.active_disclosure["licensing"] == {"previous": None, "change": None, "decisions": None}
    said = [f for f in rec.findings if f.rule == "read.ambiguous" and "active_disclosure.licensing.change" in f.cells]
    assert said and "等7种" in said[0].message
    assert [276, -118, 24577] in rec.candidates["active_disclosure.licensing"]


def test_a_run_that_could_hide_a_lost_blank_is_known():
    """244 0 _ 0 0 2282 2526 glued ("24400022822526") also splits, 2440 0 0 2 2 82 2526,
    into seven; "2000002" and zeros cannot lose a blank (a 0 stands alone)."""
    assert splits("24400022822526", SEVEN, (7,))  # seven cells fit, wrongly
    assert hides_blanks("24400022822526", SEVEN, (7,))
    assert not hides_blanks("2000002", SEVEN, (7,))
    assert not hides_blanks("0000000", SEVEN, (7,))
    assert not hides_blanks("000", ("count",) * 3)
    assert hides_blanks("123", ("count",) * 3)  # 表二: 12 3, 1 23 …


def test_blanks_lost_by_gluing_leave_the_splits_that_could_hide_one_unread():
    """A row of fewer digits than cells ("0099": 0 0 9 9 and three blanks) shows that
    gluing lost blanks: a run elsewhere that fits with a blank lost is not taken; one
    that cannot hide a blank still is."""
    text = _report("24400022822526", "0" * 15).decode().replace("（一）予以公开24400022822526", "（一）予以公开0099")
    rec = parse_bytes(text.encode(), "web.txt")
    assert rec.applications["new_received"]["natural_person"] is None
    assert "applications.new_received.total" in rec.unresolved
    said = {c for f in rec.findings if f.rule.startswith("read.") for c in f.cells}
    assert "applications.granted.total" in said and "applications.new_received.total" in said
    assert list(rec.applications["carried_over"].values()) == [0] * 7  # zeros hide nothing
