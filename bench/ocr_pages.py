"""Scanned reports read by `xxgk` (read/ocr.py): seconds per page against the floor of
the same engine run whole on the same pages, and the end-to-end time of the command.

    .venv/bin/python bench/ocr_pages.py

The scans: ../shared's hongze-2024-scan (150 dpi photocopy), hongze-2023 scanned here at
200 dpi with 1° of skew and blur (as a WPS report put through an office scanner), and a
2021-format report rendered from a record through LibreOffice and scanned at 150 dpi (the
official Word template filled in and photocopied) — 11 pages or so in all, about the two
unseen scans of issue 16.

Floor: RapidOCR's own pipeline (detection at full resolution, direction, recognition of
every line) on each page image, in the same process, after one warm-up page. Ours: the
page straightened, its rules and tables found, lines detected at 100 dpi and cut at the
cells, each recognised, numbers decoded again with digits only. End to end: `xxgk parse
--json` on all the scans in one fresh process (model loading included), its wall time
and its peak memory (the largest process's high-water mark).
"""

from __future__ import annotations

import random
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from common import peak_memory

from xxgk.read.ocr import DPI, engine, read_image, render
from xxgk.sample.scan import Damage, scan_pdf

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"


def scans(folder: Path) -> list[Path]:
    out = [CORPUS / "hongze-2024-scan.pdf"]
    wps = folder / "hongze-2023-200dpi.pdf"
    wps.write_bytes(scan_pdf((CORPUS / "hongze-2023.pdf").read_bytes(), Damage(dpi=200, skew=1.0, blur=0.8, seed=1)))
    out.append(wps)
    try:
        from xxgk.render import render as render_record
        from xxgk.render.pdf import docx_to_pdf
        from xxgk.sample.records import random_record

        pdf = docx_to_pdf(render_record(random_record(random.Random(7), "2021"), "docx", blank=""))
        template = folder / "template-150dpi.pdf"
        template.write_bytes(scan_pdf(pdf, Damage(dpi=150, skew=0.5, blur=0.6, seed=2)))
        out.append(template)
    except Exception as e:  # noqa: BLE001 - LibreOffice absent: measured without it
        print(f"(rendered report left out: {e})")
    return out


def main() -> None:
    from rapidocr_onnxruntime import RapidOCR

    with tempfile.TemporaryDirectory() as d:
        files = scans(Path(d))
        pages = [render(p, DPI) for f in files for p in pdfium.PdfDocument(f)]
        whole, ours = RapidOCR(), engine()
        whole(np.stack([pages[0]] * 3, axis=-1))  # warm-up
        read_image(pages[0], DPI, ours)
        t = time.perf_counter()
        for g in pages:
            whole(np.stack([g] * 3, axis=-1))
        floor = (time.perf_counter() - t) / len(pages)
        t = time.perf_counter()
        for g in pages:
            read_image(g, DPI, ours)
        mine = (time.perf_counter() - t) / len(pages)
        argv = [str(ROOT / ".venv" / "bin" / "xxgk"), "parse", "--json", *map(str, files)]
        t = time.perf_counter()
        run = subprocess.run(argv, capture_output=True, text=True)
        total = time.perf_counter() - t
        peak = peak_memory(argv)  # a fresh process: this one holds two OCR engines
    read = sum(1 for line in run.stdout.splitlines() if line.startswith("{"))
    print(f"files {len(files)}, pages {len(pages)}, read {read}")
    print(f"floor  RapidOCR whole page   {floor:6.2f} s/page")
    print(f"xxgk   read_image            {mine:6.2f} s/page   {mine / floor:.2f}× the floor")
    print(f"xxgk parse --json, all files {total:6.1f} s ({total / len(pages):.2f} s/page), peak {peak:.0f} MiB")


if __name__ == "__main__":
    main()
