"""Files that must be refused quickly and clearly, without stopping a batch."""

from __future__ import annotations

import io
import subprocess
import zipfile

import pypdfium2 as pdfium
import pytest
from conftest import SEEDS, SHARED
from PIL import Image

from xxgk.errors import ReadError
from xxgk.pipeline import parse_bytes, parse_path
from xxgk.render import render
from xxgk.sample.records import HONGZE_2024, published

pytestmark = [pytest.mark.shared, pytest.mark.office]


def test_zip_bomb_disguised_as_docx():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"\0" * (60 * 1024 * 1024))
    with pytest.raises(ReadError, match="bomb.docx：文件解压后达 60 MB.*疑似压缩炸弹"):
        parse_bytes(buf.getvalue(), "bomb.docx")


def test_pdf_of_thousands_of_pages():
    pdf = pdfium.PdfDocument.new()
    for _ in range(2500):
        pdf.new_page(595, 842)
    out = io.BytesIO()
    pdf.save(out)
    with pytest.raises(ReadError, match="PDF 共 2500 页，超过上限 2000 页"):
        parse_bytes(out.getvalue(), "huge.pdf")


def test_scan_without_text_layer():
    out = io.BytesIO()
    Image.new("RGB", (600, 800), "white").save(out, format="PDF")
    with pytest.raises(ReadError, match="scan.pdf：PDF 中没有可读的文字（既无文字层，文字识别也未读出文字）"):
        parse_bytes(out.getvalue(), "scan.pdf")  # read by OCR, and nothing is there
    with pytest.raises(ReadError, match="scan.pdf：扫描件，无文字层（PDF 中只有图像；已关闭文字识别"):
        parse_bytes(out.getvalue(), "scan.pdf", ocr=False)


def test_scan_whose_image_sits_in_a_form_xobject():
    """Some scanners wrap the page image in a form XObject: the page is still a scan."""
    out = io.BytesIO()
    Image.new("RGB", (600, 800), "white").save(out, format="PDF")
    src = pdfium.PdfDocument(out.getvalue())
    pdf = pdfium.PdfDocument.new()
    page = pdf.new_page(595, 842)
    xobject = pdfium.raw.FPDF_NewXObjectFromPage(pdf, src, 0)
    pdfium.raw.FPDFPage_InsertObject(page, pdfium.raw.FPDF_NewFormObjectFromXObject(xobject))
    pdfium.raw.FPDFPage_GenerateContent(page)
    wrapped = io.BytesIO()
    pdf.save(wrapped)
    assert [o.type for o in pdfium.PdfDocument(wrapped.getvalue())[0].get_objects(max_depth=1)] == [
        pdfium.raw.FPDF_PAGEOBJ_FORM
    ]
    with pytest.raises(ReadError, match="wrapped.pdf：扫描件，无文字层"):
        parse_bytes(wrapped.getvalue(), "wrapped.pdf", ocr=False)


def test_truncated_pdf():
    data = (SHARED / "corpus" / "hongze-2023.pdf").read_bytes()
    with pytest.raises(ReadError, match="cut.pdf：PDF 文件已损坏或不完整"):
        parse_bytes(data[: len(data) // 3], "cut.pdf")


def test_encrypted_pdf(tmp_path):
    src = tmp_path / "report.docx"
    src.write_bytes(render(published(HONGZE_2024), "docx"))
    export = (
        'pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
        '"DocumentOpenPassword":{"type":"string","value":"secret"}}'
    )
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            export,
            "--outdir",
            str(tmp_path),
            str(src),
        ],
        capture_output=True,
        timeout=180,
        check=True,
    )
    with pytest.raises(ReadError, match="PDF 已加密"):
        parse_path(tmp_path / "report.pdf")


def test_file_over_the_size_limit_is_not_read(tmp_path):
    big = tmp_path / "big.pdf"
    with big.open("wb") as f:
        f.truncate(250 * 1024 * 1024)  # sparse: nothing is written, nothing should be read
    with pytest.raises(ReadError, match="big.pdf：文件过大（250 MB），超过上限 200 MB"):
        parse_path(big)


def test_a_batch_goes_on_after_bad_files(xxgk, tmp_path):
    scan = tmp_path / "scan.pdf"
    Image.new("RGB", (60, 80), "white").save(scan, format="PDF")
    good = SHARED / "corpus" / "hongze-2024.pdf"
    r = xxgk("parse", "--json", scan, good, SEEDS / "002_748de284c8ce90af.txt")
    assert r.returncode == 2
    assert len(r.stdout.splitlines()) == 2
    assert "scan.pdf：PDF 中没有可读的文字" in r.stderr
