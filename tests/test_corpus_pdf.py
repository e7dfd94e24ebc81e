"""The real PDFs in ../shared/corpus, a scanned one among them, read back to their
expected records, every cell, with their published defects reported."""

from __future__ import annotations

import pytest
from conftest import SHARED, load

from xxgk.pipeline import parse_path
from xxgk.schema import TABLES

pytestmark = pytest.mark.shared

PDFS = sorted((SHARED / "corpus").glob("*.pdf"))  # image-only scans among them, read by OCR


@pytest.mark.parametrize("pdf", PDFS, ids=lambda p: p.stem)
def test_corpus_pdf_every_cell_and_defect(pdf):
    assert PDFS, "no PDFs in ../shared/corpus"
    expected = load(pdf.with_suffix(".expected.json"))
    rec = parse_path(pdf)
    assert (rec.body, rec.year, rec.format) == (expected["body"], expected["year"], expected["format"])
    for t in TABLES:
        assert rec.table(t) == expected[t], t
    reported = [set(f.cells) for f in rec.findings]
    for defect in expected["known_defects"]:
        assert any(set(defect["cells"]) <= cells for cells in reported), defect["why"]
    # cells say where on the page they were read: 表三's first row, last column, page 3
    where = rec.provenance["cells"]["applications.new_received.total"]
    assert where["page"] == 3
    x0, y0, x1, y1 = where["bbox"]
    assert 480 < x0 < x1 <= 520 and 450 < y0 < y1 < 520


def test_each_table_states_the_format_it_follows():
    """洪泽区 2023: the 2021 表二 with the 2019 single-row （六）其他处理 in 表三."""
    rec = parse_path(SHARED / "corpus" / "hongze-2023.pdf")
    assert rec.format == "2021"
    assert rec.formats == {"active_disclosure": "2021", "applications": "2019"}
    assert "other" in rec.applications and "other_misc" not in rec.applications
    assert not [f for f in rec.findings if f.rule.startswith("missing")]
