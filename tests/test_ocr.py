"""Scanned reports read by OCR (read/ocr.py) and checked by the identities (check/ocr.py).

Scans are made here from the real PDFs of ../shared and from reports rendered through
LibreOffice, spoiled as scanners spoil them (sample/scan.py: skew, blur, speckle, JPEG,
a quarter turn). Each must read back exactly or with the doubtful cells flagged — never a
wrong number presented as certain, never a publisher's error the paper does not hold.
"""

from __future__ import annotations

import io
import random

import cv2
import numpy as np
import orjson
import pypdfium2 as pdfium
import pytest
from conftest import SHARED, load
from PIL import Image

from xxgk.check import check, correct
from xxgk.errors import ReadError
from xxgk.pipeline import parse_bytes
from xxgk.read.ocr import render
from xxgk.record import Record
from xxgk.render import render as render_record
from xxgk.render.pdf import docx_to_pdf
from xxgk.sample.accuracy import compare
from xxgk.sample.records import random_record
from xxgk.sample.scan import LIGHT, PHOTOCOPY, POOR, Damage, scan_pdf
from xxgk.sandbox import UPLOAD, parse_limited

CORPUS = SHARED / "corpus"
TEXT_PDFS = sorted(p for p in CORPUS.glob("*.pdf") if "scan" not in p.stem)


def read_back(expected: dict, data: bytes, name: str, least: float = 0.98):
    """Parse a scan; every cell right, unread or flagged, none silently wrong, no false
    error, and at least `least` of the cells right."""
    rec = parse_bytes(data, name)
    score = compare(expected, rec, doubted=True)
    assert score.wrong == [], score.wrong
    assert score.false_errors == [], score.false_errors
    assert score.right >= least * score.total, (score.right, score.total)
    assert rec.provenance["ocr"]["pages"]
    orjson.dumps(rec.to_json())  # plain numbers throughout: the record is stored and served
    return rec, score


@pytest.mark.shared
@pytest.mark.parametrize("damage", [LIGHT, PHOTOCOPY, POOR], ids=["light", "photocopy", "poor"])
@pytest.mark.parametrize("pdf", TEXT_PDFS, ids=lambda p: p.stem)
def test_scans_of_the_real_pdfs_read_back(pdf, damage):
    expected = load(pdf.with_suffix(".expected.json"))
    rec, score = read_back(expected, scan_pdf(pdf.read_bytes(), damage), pdf.stem + "-scan.pdf")
    if damage is LIGHT:  # a clean scan: every cell, and the published defects found
        assert score.right == score.total
        flagged = {c for f in rec.findings for c in f.cells}
        for defect in expected["known_defects"]:
            assert set(defect["cells"]) & flagged, defect["why"]


@pytest.mark.shared
def test_a_page_turned_a_quarter_is_read_upright():
    pdf = CORPUS / "hongze-2024.pdf"
    rec, score = read_back(
        load(pdf.with_suffix(".expected.json")), scan_pdf(pdf.read_bytes(), Damage(turn=90)), "t.pdf"
    )
    assert score.right == score.total


@pytest.mark.shared
def test_a_mixed_pdf_reads_its_text_pages_as_text_and_its_scanned_pages_by_ocr():
    text = pdfium.PdfDocument(CORPUS / "hongze-2024.pdf")
    scan = pdfium.PdfDocument(scan_pdf((CORPUS / "hongze-2024.pdf").read_bytes(), PHOTOCOPY))
    mixed = pdfium.PdfDocument.new()
    for i in range(len(text)):  # 表三 and 表四 (pages 3 and 4) scanned, the rest typeset
        mixed.import_pages(scan if i in (2, 3) else text, [i])
    out = io.BytesIO()
    mixed.save(out)
    rec, score = read_back(load(CORPUS / "hongze-2024.expected.json"), out.getvalue(), "mixed.pdf")
    assert rec.provenance["ocr"]["pages"] == [3, 4]
    assert score.right == score.total
    cells = rec.provenance["cells"]
    assert (
        "ocr" in cells["applications.new_received.total"] and "ocr" not in cells["active_disclosure.regulations.issued"]
    )


@pytest.mark.shared
def test_pictures_of_the_pages_as_a_tiff_and_two_pages_on_one_sheet():
    scan = pdfium.PdfDocument(CORPUS / "hongze-2024-scan.pdf")
    pages = [render(scan[i], 150) for i in range(len(scan))]
    tiff = io.BytesIO()
    frames = [Image.fromarray(p) for p in pages]
    frames[0].save(tiff, format="TIFF", save_all=True, append_images=frames[1:], dpi=(150, 150))
    expected = load(CORPUS / "hongze-2024-scan.expected.json")
    rec, score = read_back(expected, tiff.getvalue(), "scan.tiff")
    assert score.right == score.total and rec.provenance["ocr"]["pages"] == [1, 2, 3, 4, 5]
    # 表三 and 表四's pages photocopied side by side onto one landscape sheet, as a PNG
    h = max(pages[2].shape[0], pages[3].shape[0])
    sheet = np.full((h, pages[2].shape[1] + pages[3].shape[1] + 60), 255, np.uint8)
    sheet[: pages[2].shape[0], : pages[2].shape[1]] = pages[2]
    sheet[: pages[3].shape[0], pages[2].shape[1] + 60 :] = pages[3]
    png = cv2.imencode(".png", sheet)[1].tobytes()
    rec = parse_bytes(png, "sheet.png")
    assert rec.applications == expected["applications"]
    assert rec.review_litigation == expected["review_litigation"]
    assert not rec.errors
    # the last page alone: 表二 and 表三's first rows are not on it — on a scan, what is not
    # found may be not recognised, a reading warning, never the publisher's omission
    rec = parse_bytes(cv2.imencode(".png", pages[3])[1].tobytes(), "page4.png")
    assert not rec.errors
    assert "read.missing_table" in {f.rule for f in rec.findings}


@pytest.mark.office
@pytest.mark.parametrize(
    "fmt, seed, damage",
    [
        ("2021", 31, Damage(dpi=150, skew=0.7, blur=0.7, speckle=0.002, jpeg=55)),  # the official template, photocopied
        (
            "2019",
            32,
            Damage(dpi=200, skew=1.2, blur=0.9, speckle=0.001, jpeg=70),
        ),  # scanned at 200 dpi, skewed, blurred
    ],
)
def test_scans_of_rendered_reports_blank_cells_and_all(fmt, seed, damage):
    rng = random.Random(seed)
    rec = random_record(rng, fmt)
    for cols in rec.applications.values():  # a few cells printed blank where 0 is meant
        for c, v in cols.items():
            if v == 0 and rng.random() < 0.08:
                cols[c] = None
    pdf = docx_to_pdf(render_record(rec, "docx", blank=""))
    got, score = read_back(rec.to_json() | {"known_defects": []}, scan_pdf(pdf, damage), "rendered.pdf")
    assert score.right == score.total, compare(rec.to_json(), got, doubted=True)


@pytest.mark.shared
def test_scans_are_read_under_the_upload_limits_with_progress_page_by_page():
    seen = []
    rec = parse_limited(
        (CORPUS / "hongze-2024-scan.pdf").read_bytes(), "scan.pdf", UPLOAD, progress=lambda *d: seen.append(d)
    )
    assert seen == [(k, 5) for k in range(1, 6)]
    assert rec.applications["new_received"]["total"] == 95


@pytest.mark.shared
def test_no_ocr_keeps_the_refusal_and_bad_pictures_are_refused(xxgk, tmp_path):
    scan = CORPUS / "hongze-2024-scan.pdf"
    r = xxgk("parse", "--no-ocr", str(scan))
    assert r.returncode == 2 and "扫描件" in r.stderr and "--no-ocr" in r.stderr
    bad = tmp_path / "页面.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    r = xxgk("parse", str(bad))
    assert r.returncode == 2 and "页面.png" in r.stderr and "图片" in r.stderr and "Traceback" not in r.stderr
    with pytest.raises(ReadError, match="像素"):
        huge = io.BytesIO()
        Image.new("L", (9000, 9000), 255).save(huge, format="PNG")
        parse_bytes(huge.getvalue(), "huge.png")


# ------------------------------------------------------------------ the identities as checksum
def scanned(record: dict, misread: dict[str, tuple[object, list[str]]]) -> Record:
    """A record as if read from a scan: every 表三/表四 cell recognised, some misread
    (address → (value read, the recogniser's runner-up readings))."""
    rec = Record.from_json(record)
    cells = {}
    for address, value in rec.cells().items():
        if address.startswith(("applications.", "review_litigation.")):
            cells[address] = {"page": 3, "printed": str(value), "ocr": 0.99}
    for address, (value, alternatives) in misread.items():
        table, row, column = address.split(".")
        rec.table(table)[row][column] = value
        cells[address] |= {"printed": str(value), "ocr": 0.7, "alternatives": alternatives}
    rec.provenance = {"cells": cells, "ocr": {"pages": [3, 4]}}
    rec.findings = []
    return rec


@pytest.mark.shared
def test_a_misread_digit_is_mended_only_when_one_reading_restores_every_identity():
    record = load(CORPUS / "hongze-2024.expected.json")
    # 95 read as 96: the recogniser's second reading (95) restores T3-A, T3-B and T3-C
    rec = scanned(record, {"applications.new_received.natural_person": (96, ["90", "95"])})
    notes = correct(rec)
    assert rec.applications["new_received"]["natural_person"] == 95
    assert [f.rule for f in notes] == ["read.ocr_corrected"] and "96" in notes[0].message
    where = rec.provenance["cells"]["applications.new_received.natural_person"]
    assert where["ocr_read"] == "96" and where["printed"] == "95" and "T3-C" in where["corrected_by"]
    assert not [f for f in check(rec) if f.rule.startswith(("T3", "read.identity"))]

    # no reading the recogniser ranked restores them: left as read, in doubt, not an error
    rec = scanned(record, {"applications.new_received.natural_person": (96, ["98"])})
    assert correct(rec) == [] and rec.applications["new_received"]["natural_person"] == 96
    found = check(rec)
    assert not [f for f in found if f.severity == "error"]
    assert any("识别存疑" in f.message for f in found if f.rule == "read.identity")

    # 表四 行政复议 1 + 1 + 0 + 0 = 2 with 维持 read as 2: 维持's runner-up 1 mends T4-A,
    # and so would 纠正's runner-up 0 — the identities do not choose, nothing is changed
    rec = scanned(
        record, {"review_litigation.review.upheld": (2, ["1"]), "review_litigation.review.corrected": (1, ["0"])}
    )
    assert correct(rec) == []
    assert rec.review_litigation["review"]["upheld"] == 2
    said = [f for f in check(rec) if "review_litigation.review.upheld" in f.cells]
    assert {f.rule for f in said} == {"read.identity", "read.ocr"} and all(f.severity == "warning" for f in said)


@pytest.mark.shared
def test_unsure_cells_no_identity_confirms_are_flagged():
    record = load(CORPUS / "hongze-2024.expected.json")
    rec = scanned(record, {})
    rec.provenance["cells"]["active_disclosure.fees.amount"] = {"page": 2, "printed": "7545", "ocr": 0.61}
    rec.provenance["cells"]["applications.granted.natural_person"]["ocr"] = 0.6  # confirmed by T3-B, T3-C
    found = [f for f in check(rec) if f.rule == "read.ocr"]
    assert [f.cells for f in found] == [["active_disclosure.fees.amount"]]
    assert "识别存疑" in found[0].message and "61%" in found[0].message


def filled_template(expected: dict) -> bytes:
    """The official 2021 Word template (../shared) filled in with a report's figures, as
    an office fills it: the title, then each table's empty cells."""
    from docx import Document

    from xxgk.record import fmt
    from xxgk.schema import ACTIVE_ITEMS, APPLICANT_COLUMNS, REVIEW_COLUMNS, REVIEW_GROUPS, application_rows

    def text(v) -> str:
        return "" if v is None else fmt(v)

    d = Document(str(CORPUS / "format-2021-template.docx"))
    d.paragraphs[1].text = f"{expected['body']}{expected['year']}年政府信息公开工作年度报告"
    active, applications, review = d.tables[:3]
    items = {i.label: i for i in ACTIVE_ITEMS["2021"]}
    for row in active.rows:
        item = items.get(row.cells[0].text.strip())
        if item and item.key in expected["active_disclosure"]:
            for k, column in enumerate(item.columns):
                row.cells[1 + k].text = text(expected["active_disclosure"][item.key].get(column.key))
    for row, r in zip(applications.rows[3:], application_rows(True), strict=True):
        for k, column in enumerate(APPLICANT_COLUMNS):
            row.cells[3 + k].text = text(expected["applications"][r.key][column.key])
    values = [expected["review_litigation"][g][c.key] for g, _, _ in REVIEW_GROUPS for c in REVIEW_COLUMNS]
    for cell, v in zip(review.rows[3].cells, values, strict=True):
        cell.text = text(v)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


@pytest.mark.shared
@pytest.mark.office
@pytest.mark.parametrize("report", ["shuyang-2025-ocr", "shuyang-fgj-2023"])
def test_the_official_template_filled_with_real_figures_and_photocopied(report):
    expected = load(CORPUS / f"{report}.expected.json")
    pdf = docx_to_pdf(filled_template(expected))
    assert compare(expected, parse_bytes(pdf, "template.pdf")).wrong == []  # the typeset form reads exactly
    damage = Damage(dpi=150, skew=0.6, blur=0.7, speckle=0.002, jpeg=55, seed=5)
    rec, score = read_back(expected, scan_pdf(pdf, damage), "template-scan.pdf")
    assert (rec.year, rec.format) == (expected["year"], expected["format"])
    # the body's name as recognised: a rare character may be misread (沭 as 述), no more
    assert (
        len(rec.body) == len(expected["body"])
        and sum(a != b for a, b in zip(rec.body, expected["body"], strict=True)) <= 1
    )
