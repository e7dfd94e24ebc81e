"""Each rule of the checker: when it fires, on which cells, with which message."""

from __future__ import annotations

import copy
import random

import pytest

from xxgk.check import check
from xxgk.record import Record
from xxgk.sample.records import HONGZE_2024, published, random_record

pytestmark = pytest.mark.shared


@pytest.fixture
def good() -> Record:
    return published(HONGZE_2024)


def rules(rec: Record) -> list[str]:
    return [f.rule for f in check(rec)]


def test_a_consistent_report_has_no_finding(good):
    assert check(good) == []
    for seed in range(50):
        assert [f for f in check(random_record(random.Random(seed))) if f.severity == "error"] == []


def test_balance_t3a(good):
    good.applications["carried_forward"]["natural_person"] = 10
    good.applications["carried_forward"]["total"] = 10
    f = [x for x in check(good) if x.rule == "T3-A"]
    assert [x.message for x in f] == [
        "表三“自然人”列：第一项+第二项=95，第三项+第四项=105，相差10",
        "表三“总计”列：第一项+第二项=95，第三项+第四项=105，相差10",
    ]
    assert f[1].cells == [
        "applications.new_received.total",
        "applications.carried_over.total",
        "applications.total.total",
        "applications.carried_forward.total",
    ]


def test_outcomes_t3b(good):
    good.applications["granted"]["natural_person"] = 45
    found = {x.rule: x for x in check(good)}
    assert found["T3-B"].message == "表三“自然人”列：（一）至（六）各项之和=90，（七）总计=95，相差5"
    assert "applications.granted.natural_person" in found["T3-B"].cells
    assert "applications.total.natural_person" in found["T3-B"].cells
    assert found["T3-C"].message == "表三“（一）予以公开”行：自然人与法人或其他组织各栏之和=45，总计=50，相差5"


def test_whole_numbers_t3d(good):
    good.applications["granted"]["commercial"] = -1
    good.applications["granted"]["total"] = 49
    f = [x for x in check(good) if x.rule == "T3-D"]
    assert len(f) == 1 and f[0].cells == ["applications.granted.commercial"]
    assert "应为非负整数" in f[0].message


def test_review_totals_t4(good):
    good.review_litigation["review"] = {"upheld": 10, "corrected": 1, "other": 0, "pending": 0, "total": 0}
    good.review_litigation["litigation_after_review"]["total"] = 0
    f = [x for x in check(good) if x.rule.startswith("T4")]
    assert [x.rule for x in f] == ["T4-A", "T4-C"]
    assert f[0].message == "表四“行政复议”：结果维持+结果纠正+其他结果+尚未审结=11，总计=0，相差11"
    assert set(f[0].cells) == {
        f"review_litigation.review.{c}" for c in ("upheld", "corrected", "other", "pending", "total")
    }


def test_missing_table_and_row(good):
    broken = copy.deepcopy(good)
    del broken.applications["not_handled_duplicate"]
    assert "missing.row" in rules(broken)
    msg = next(f.message for f in check(broken) if f.rule == "missing.row")
    assert msg == "表三缺少“2.重复申请”行"
    broken.review_litigation = {}
    assert any(f.rule == "missing.table" and "表四" in f.message for f in check(broken))


def test_blank_is_a_warning_and_counts_as_zero(good):
    good.applications["carried_over"]["research"] = None
    f = check(good)
    assert [(x.rule, x.severity, x.cells) for x in f] == [("blank", "warning", ["applications.carried_over.research"])]


def test_blank_where_a_number_is_needed_reports_the_identity_too(good):
    good.applications["total"]["total"] = None
    messages = [x.message for x in check(good) if x.rule == "T3-A"]
    assert messages and "含空白单元格，按0计" in messages[0]


def test_undetermined_cells_are_not_checked(good):
    good.review_litigation["review"]["total"] = None
    good.unresolved = [f"review_litigation.review.{c}" for c in ("upheld", "corrected", "other", "pending", "total")]
    assert rules(good) == []


def test_narrative_against_tables(good):
    good.narrative = {"applications_received": [{"value": 17, "text": "区政府办代表区政府受理政府信息公开申请17件"}]}
    f = check(good)
    assert [(x.rule, x.severity, x.cells) for x in f] == [("narrative", "warning", ["applications.new_received.total"])]
    assert (
        f[0].message
        == "正文称“区政府办代表区政府受理政府信息公开申请17件”，而表三“一、本年新收政府信息公开申请数量”总计为95，相差78"
    )
    good.narrative = {
        "applications_received": [{"value": 95, "text": "受理申请95件"}],
        "reviews": [{"value": 2, "text": "行政复议2件"}],
        "lawsuits": [{"value": 4, "text": "行政诉讼4件"}],
    }
    assert check(good) == []
    good.narrative["lawsuits"] = [{"value": 0, "text": "未发生行政诉讼"}]
    assert rules(good) == ["narrative"]
