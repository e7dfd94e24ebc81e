"""Ruling lines found in a page image (read/rules.py): a scan's tables get the same grids,
merged cells included, as the text PDF it was scanned from; a skewed page is straightened
from its rules first."""

from __future__ import annotations

import cv2
import pypdfium2 as pdfium
import pytest
from conftest import SHARED

from xxgk.read.grid import merge, tables
from xxgk.read.ocr import render
from xxgk.read.pdf import _segments
from xxgk.read.pdfium import Pdf
from xxgk.read.rules import segments, skew, straighten

pytestmark = pytest.mark.shared

TEXT, SCAN = SHARED / "corpus" / "hongze-2024.pdf", SHARED / "corpus" / "hongze-2024-scan.pdf"


def grids(grey, dpi: float) -> list[tuple[int, int, int]]:
    """Each table's columns, rows and cells (merged cells counted once)."""
    hs, vs = segments(grey, dpi)
    return [(len(t.xs) - 1, len(t.ys) - 1, len(set(t.root.values()))) for t in tables(merge(hs), merge(vs))]


def page(path, i: int, dpi: float):
    return render(pdfium.PdfDocument(path)[i], dpi)


def test_the_scans_tables_are_the_text_pdfs_tables():
    text, scan = pdfium.PdfDocument(TEXT), pdfium.PdfDocument(SCAN)
    assert len(text) == len(scan)
    for i in range(len(text)):
        printed = grids(page(TEXT, i, 150), 150)
        grey = page(SCAN, i, 200)
        assert grids(straighten(grey, skew(grey)), 200) == printed, i
    # 表三 as the PDF draws it: 10 columns, 16 rows, 117 cells once merged ones count once
    vector = tables(*_segments(Pdf(TEXT.read_bytes(), TEXT.name).page(2)))
    assert (10, 16, 117) in [(len(t.xs) - 1, len(t.ys) - 1, len(set(t.root.values()))) for t in vector]
    assert (10, 16, 117) in grids(page(SCAN, 2, 200), 200)


@pytest.mark.parametrize("angle", [0.6, -1.5, 3.0])
def test_a_skewed_page_is_straightened_from_its_rules(angle):
    grey = page(TEXT, 2, 150)
    h, w = grey.shape
    turned = cv2.warpAffine(
        grey, cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0), (w, h), borderValue=255
    )  # counter-clockwise
    found = skew(turned)
    assert abs(found - angle) < 0.1
    assert grids(straighten(turned, found), 150) == grids(grey, 150)
