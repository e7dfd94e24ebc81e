"""Rendered reports read back to the same record, every cell (issue: round trip)."""

from __future__ import annotations

import json
import random

import pytest
from conftest import SHARED, load
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xxgk.pipeline import parse_bytes
from xxgk.record import Record
from xxgk.render import render
from xxgk.sample.records import random_record
from xxgk.schema import TABLES

pytestmark = pytest.mark.shared

FORMS = ("docx", "html", "md", "xlsx")


def clean_expected() -> list:
    """Every expected record in ../shared that has no known defect."""
    found = sorted((SHARED / "seeds").glob("*.expected.json")) + sorted((SHARED / "corpus").glob("*.expected.json"))
    assert found, "no expected records in ../shared"
    return [p for p in found if not load(p)["known_defects"]]


def same(expected: dict, got: Record) -> None:
    assert (got.body, got.year, got.format) == (expected["body"], expected["year"], expected["format"])
    for t in TABLES:
        assert got.table(t) == expected[t], t
    assert not got.unresolved


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("path", clean_expected(), ids=lambda p: p.name.split(".")[0])
def test_expected_records_round_trip(tmp_path, path, form):
    expected = load(path)
    data = render(Record.from_json(expected), form)
    same(expected, parse_bytes(data, f"report.{form}"))


def test_round_trip_through_the_command(xxgk, tmp_path):
    """`xxgk render` then `xxgk parse --json`, as a user runs them."""
    path = clean_expected()[0]
    outs = []
    for form in FORMS:
        out = tmp_path / f"report.{form}"
        # --draft: the published record has its tables, not its written parts (a final needs them)
        r = xxgk("render", path, "-o", out, "--draft")
        assert r.returncode == 0, r.stderr
        outs.append(out)
    r = xxgk("parse", "--json", *outs)
    assert r.returncode == 0, r.stderr
    expected = load(path)
    for line in r.stdout.splitlines():
        got = json.loads(line)
        assert (got["body"], got["year"], got["format"]) == (expected["body"], expected["year"], expected["format"])
        for t in TABLES:
            assert got[t] == expected[t], (got["source"], t)


@pytest.mark.parametrize("form", FORMS)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**9), fmt=st.sampled_from(["2019", "2021"]))
def test_random_reports_round_trip(form, seed, fmt):
    rec = random_record(random.Random(seed), fmt)
    got = parse_bytes(render(rec, form), f"r.{form}")
    assert (got.body, got.year, got.format) == (rec.body, rec.year, rec.format)
    assert got.cells() == rec.cells()
