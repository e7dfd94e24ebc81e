"""The five real reports in ../shared/seeds read back to their expected records."""

from __future__ import annotations

import pytest

from xxgk.pipeline import parse_path
from xxgk.schema import TABLES

pytestmark = pytest.mark.shared


def test_every_cell_body_year_and_format(seed):
    expected, source = seed
    rec = parse_path(source)
    assert (rec.body, rec.year, rec.format) == (expected["body"], expected["year"], expected["format"])
    for table in TABLES:
        assert set(rec.table(table)) == set(expected[table]), table
        for row, cols in expected[table].items():
            got = rec.table(table)[row]
            for col, value in cols.items():
                assert got[col] == value, f"{table}.{row}.{col}: {got[col]!r} != {value!r}"
            assert set(got) == set(cols), f"{table}.{row} has extra columns"
    assert not rec.unresolved


def test_known_defects_are_reported_on_exactly_their_cells(seed):
    expected, source = seed
    rec = parse_path(source)
    reported = [set(f.cells) for f in rec.findings]
    for defect in expected["known_defects"]:
        assert set(defect["cells"]) in reported, defect["why"]
    if not expected["known_defects"]:
        assert [f for f in rec.findings if f.severity == "error"] == []
        assert [f for f in rec.findings if f.severity == "warning"] == []


def test_sections_are_recovered(seed):
    expected, source = seed
    rec = parse_path(source)
    assert set(rec.sections) == {
        "overview",
        "active_disclosure",
        "applications",
        "review_litigation",
        "problems",
        "other",
    }
    assert len(rec.sections["overview"]) > 30
    assert rec.sections["problems"]
    # table cells never leak into the section texts
    assert "本年新收政府信息公开申请数量" not in rec.sections["applications"]


def test_xicheng_balance_message_is_exact():
    """The issue's example, from the real 2020 西城区 report (carry-forward 2782 where 55 balances)."""
    from conftest import SEEDS

    rec = parse_path(SEEDS / "004_42b2e6b1a7d7c7c9.txt")
    messages = [f.message for f in rec.findings if f.rule == "T3-A"]
    assert "表三“总计”列：第一项+第二项=1621，第三项+第四项=4348，相差2727" in messages
