"""Render a sample report to PDF and save its 表三 page as docs/report-page.png.

    .venv/bin/python scripts/docs-figure.py
"""

import subprocess
import tempfile
from pathlib import Path

from xxgk.render.pdf import render_pdf
from xxgk.sample.records import HONGZE_2024, published

rec = published(HONGZE_2024)
rec.sections = {"overview": "2024年，区政府办公室坚持以公开为常态、不公开为例外，全面推进政务公开工作。",
                "problems": "政策解读的形式还不够丰富，下一步将加强图解、视频解读。", "other": "本年度未收取信息处理费。"}
out = Path(__file__).resolve().parents[1] / "docs" / "report-page.png"
with tempfile.TemporaryDirectory() as d:
    pdf = Path(d) / "report.pdf"
    pdf.write_bytes(render_pdf(rec))
    page = next(p for p in range(1, 9) if "（七）总计" in subprocess.run(
        ["pdftotext", "-f", str(p), "-l", str(p), str(pdf), "-"], capture_output=True, text=True).stdout)
    subprocess.run(["pdftoppm", "-png", "-r", "72", "-singlefile", "-f", str(page), "-l", str(page), str(pdf),
                    str(out.with_suffix(""))], check=True)
print(out)
