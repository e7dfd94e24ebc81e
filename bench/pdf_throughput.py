"""PDF parse time against pypdfium2's plain text extraction of the same file, and peak
memory on a 200-page PDF.

    .venv/bin/python bench/pdf_throughput.py [--repeat 15]

Per PDF (the corpus in ../shared, when present, and PDFs made here with LibreOffice from
generated reports, short and 200 pages long), in the same run and on one core:
(a) the floor: pypdfium2 opens the file and extracts every page's text, nothing more;
(b) `xxgk.pipeline.parse_bytes`: tables from ruling lines, every cell, the record, the
checks. Each is the best of --repeat passes. Peak memory (maximum resident set) of
parsing the 200-page PDF is measured in a fresh process.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

import pypdfium2 as pdfium
from common import best, one_core, peak_memory

from xxgk.errors import ReadError
from xxgk.pipeline import parse_bytes
from xxgk.render.docx import render_docx
from xxgk.render.pdf import docx_to_pdf
from xxgk.sample.records import random_record

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"


def floor(data: bytes) -> None:
    pdf = pdfium.PdfDocument(data)
    for i in range(len(pdf)):
        pdf[i].get_textpage().get_text_range()
    pdf.close()


def made_pdfs() -> dict[str, bytes]:
    """Reports rendered to PDF by LibreOffice (kept in bench/out between runs)."""
    OUT.mkdir(parents=True, exist_ok=True)
    out = {}
    for name, fmt, paragraphs in (
        ("generated-2019", "2019", 4),
        ("generated-2021", "2021", 4),
        ("generated-200-pages", "2021", 1380),
    ):
        path = OUT / f"{name}.pdf"
        if not path.exists():
            rec = random_record(random.Random(len(name)), fmt)
            text = "本年度，本机关坚持以公开为常态、不公开为例外，围绕重点领域信息公开、政策解读和回应关切，持续深化政务公开工作。"
            rec.sections = {"overview": "\n".join([text] * paragraphs), "problems": "无。", "other": "无。"}
            path.write_bytes(docx_to_pdf(render_docx(rec), timeout=900))
        out[name] = path.read_bytes()
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=15)
    a = ap.parse_args()
    one_core()
    pdfs = {p.stem: p.read_bytes() for p in sorted((ROOT.parent / "shared" / "corpus").glob("*.pdf"))}
    pdfs |= made_pdfs()
    print(f"{'PDF':24s} {'pages':>5s} {'floor ms':>9s} {'xxgk ms':>9s} {'ratio':>6s}")
    for name, data in pdfs.items():
        pages = len(pdfium.PdfDocument(data))
        try:
            parse_bytes(data, name, ocr=False)
        except ReadError as e:  # a scan: no text layer to measure against (OCR: bench/ocr_pages.py)
            print(f"{name:24s} {pages:5d}  skipped: {e}")
            continue
        repeat = a.repeat if pages < 50 else 3
        f = best(lambda data=data: floor(data), repeat)
        x = best(lambda data=data, name=name: parse_bytes(data, name), repeat)
        print(f"{name:24s} {pages:5d} {f * 1000:9.1f} {x * 1000:9.1f} {x / f:6.2f}")
    big = OUT / "generated-200-pages.pdf"
    parsed = peak_memory(
        [sys.executable, "-c", "import sys; from xxgk.pipeline import parse_path; parse_path(sys.argv[1])", str(big)]
    )
    imported = peak_memory([sys.executable, "-c", "import xxgk.pipeline"])
    print(f"peak memory parsing {big.name}: {parsed:.0f} MiB (the interpreter with xxgk imported: {imported:.0f} MiB)")


if __name__ == "__main__":
    main()
