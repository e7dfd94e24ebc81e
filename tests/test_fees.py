"""Information processing fees per 国办函〔2020〕109号, amounts worked out by hand."""

from __future__ import annotations

import pytest

from xxgk.register.fees import per_page, per_request


@pytest.mark.parametrize(
    ("pages", "amount"),
    [
        (0, 0),
        (30, 0),
        (31, 10),
        (100, 700),
        (101, 720),  # 70 × 10 + 1 × 20
        (200, 2700),  # 700 + 100 × 20
        (250, 4700),  # 700 + 2000 + 50 × 40
    ],
)
def test_per_page_charges_only_the_excess_band_by_band(pages, amount):
    assert per_page(pages).amount == amount


@pytest.mark.parametrize(
    ("earlier", "requests", "amount"),
    [
        (0, 10, 0),  # the first ten in a month are free
        (10, 1, 100),  # the 11th
        (29, 3, 500),  # 30th at 100, 31st and 32nd at 200
        (39, 2, 500),  # 40th at 200, 41st at 300
        (49, 2, 700),  # 50th at 300, 51st at 400
        (5, 10, 500),  # 6th–10th free, 11th–15th at 100
    ],
)
def test_per_request_counts_per_applicant_per_month(earlier, requests, amount):
    assert per_request(earlier, requests).amount == amount


def test_the_calculation_is_shown():
    lines = per_page(250).lines()
    assert lines[1] == "第 31–100 页：70 页 × 10 元/页 = 700 元"
    assert lines[-1] == "合计 4700 元（按量计收）"


def test_negative_quantities_are_refused():
    with pytest.raises(ValueError):
        per_page(-1)
    with pytest.raises(ValueError):
        per_request(-1)


def test_a_late_band_is_priced_by_arithmetic_and_absurd_counts_are_refused():
    """The 100,001st request of a month: band k = (100001 − 31) // 10 = 9997, at 200 + 100k 元
    (the bands were once built one by one from the first: 15 s and 5 GB for 3×10⁸)."""
    fee = per_request(100_000, 2)
    assert [(b.first, b.price, b.count) for b in fee.bands] == [(100_001, 999_900, 2)]
    assert per_request(35, 10).amount == 5 * 200 + 5 * 300  # the 36th–45th
    with pytest.raises(ValueError, match="过大"):
        per_request(934434011618143, 1)
    with pytest.raises(ValueError, match="过大"):
        per_page(10**12)
