"""PDF through LibreOffice headless: the page picture shows the table grid and headings."""

from __future__ import annotations

import subprocess

import pytest
from conftest import SEEDS, with_written_parts
from PIL import Image

pytestmark = [pytest.mark.shared, pytest.mark.office]

CLEAN_RECORD = SEEDS / "001_8fc16502fb056e9d.expected.json"


def clean(tmp_path) -> str:
    return with_written_parts(CLEAN_RECORD, tmp_path)


def page_text(pdf, page: int) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        check=True,
        text=True,
    ).stdout


def rules(img: Image.Image, horizontal: bool, share: float) -> int:
    """Ruled lines: rows (or columns) of pixels mostly dark, adjacent ones counted once."""
    g = img.convert("L")
    w, h = g.size
    data = g.load()
    outer, inner = (h, w) if horizontal else (w, h)
    lines, previous = 0, False
    for i in range(outer):
        dark = sum(1 for j in range(0, inner, 2) if (data[j, i] if horizontal else data[i, j]) < 110)
        on = dark * 2 > share * inner
        lines += on and not previous
        previous = on
    return lines


def test_pdf_shows_grid_and_headings(xxgk, tmp_path):
    pdf = tmp_path / "年报.pdf"
    r = xxgk("render", clean(tmp_path), "-o", str(pdf))
    assert r.returncode == 0, r.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
    pages = int(
        next(
            line.split()[-1]
            for line in subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout.splitlines()
            if line.startswith("Pages:")
        )
    )
    page = next(p for p in range(1, pages + 1) if "（七）总计" in page_text(pdf, p))
    text = page_text(pdf, page)
    assert "四、结转下年度继续办理" in text and "申请人情况" in text  # the headings repeat on the new page
    all_text = "".join(page_text(pdf, p) for p in range(1, pages + 1))
    for heading in (
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
    ):
        assert heading in all_text.replace(" ", "")
    subprocess.run(
        ["pdftoppm", "-png", "-r", "100", "-f", str(page), "-l", str(page), str(pdf), str(tmp_path / "page")],
        check=True,
    )
    img = Image.open(next(tmp_path.glob("page*.png")))
    assert rules(img, horizontal=True, share=0.45) >= 25  # 表三: its 29 row rules
    assert rules(img, horizontal=False, share=0.25) >= 8  # and the column rules of its value columns


def test_without_libreoffice_the_message_says_what_to_install(xxgk, tmp_path):
    r = xxgk("render", clean(tmp_path), "-o", str(tmp_path / "x.pdf"), env={"PATH": str(tmp_path)})
    assert r.returncode == 2
    assert "未找到 LibreOffice" in r.stderr and "libreoffice-writer-nogui" in r.stderr
    assert not (tmp_path / "x.pdf").exists()
