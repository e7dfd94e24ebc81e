"""The two offline OCR engines on the scanned reports of ../shared: RapidOCR (PP-OCRv4
models shipped in the rapidocr-onnxruntime wheel, onnxruntime on the CPU) and Debian's
Tesseract with its chi_sim model (`apt-get install tesseract-ocr tesseract-ocr-chi-sim`;
skipped when absent).

    .venv/bin/python bench/ocr_engines.py [--dpi 200 300]

Per engine and resolution, whole pages rendered by PDFium in greyscale and given to the
engine as they are: seconds per page, peak memory of a fresh process doing it (VmHWM,
the child's own; for Tesseract the larger of that and its largest process), and how many of the expected record's numbers the page text holds
(each expected value counted as often as it is expected). The numbers are what the
tables are read from, so this says which engine can read them at all; the cells the
reader gets right are scored apart (score.py).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCANS = sorted((ROOT.parent / "shared" / "corpus").glob("*-scan.pdf"))

# Run in a child: the engine's memory is then its own, and its high-water mark is read there.
CHILD = r"""
import re, subprocess, sys, tempfile, time
import pypdfium2 as pdfium
engine, dpi, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
pdf = pdfium.PdfDocument(path)
pages = [pdf[i].render(scale=dpi / 72, grayscale=True).to_pil() for i in range(len(pdf))]
texts = []
t = time.perf_counter()
if engine == "rapidocr":
    import numpy as np
    from rapidocr_onnxruntime import RapidOCR
    ocr = RapidOCR()
    for p in pages:
        found, _ = ocr(np.asarray(p))
        texts += [f[1] for f in found or []]
else:
    with tempfile.TemporaryDirectory() as d:
        for k, p in enumerate(pages):
            p.save(f"{d}/{k}.png")
            args = ["tesseract", f"{d}/{k}.png", "-", "-l", "chi_sim", "--psm", "6"]
            texts.append(subprocess.run(args, capture_output=True, text=True).stdout)
seconds = (time.perf_counter() - t) / len(pages)
import resource
hwm = next(int(x.split()[1]) for x in open("/proc/self/status") if x.startswith("VmHWM:"))
hwm = max(hwm, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)  # Tesseract runs as a process
print(seconds, hwm, len(pages))
print("\n".join(texts))
"""


def expected_numbers(path: Path) -> Counter:
    rec = json.loads(path.with_name(path.name.replace(".pdf", ".expected.json")).read_text(encoding="utf-8"))
    out: Counter = Counter()

    def walk(x) -> None:
        if isinstance(x, dict):
            for v in x.values():
                walk(v)
        elif isinstance(x, (int, float)) and not isinstance(x, bool):
            out[str(x)] += 1

    for table in ("active_disclosure", "applications", "review_litigation"):
        walk(rec.get(table) or {})
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dpi", type=int, nargs="+", default=[200, 300])
    a = ap.parse_args()
    engines = ["rapidocr"] + (["tesseract"] if shutil.which("tesseract") else [])
    if len(engines) == 1:
        print("tesseract not installed: only RapidOCR is measured")
    print(f"{'scan':28s} {'engine':10s} {'dpi':>4s} {'s/page':>7s} {'peak MiB':>9s} {'numbers found':>14s}")
    for scan in SCANS:
        want = expected_numbers(scan)
        for engine in engines:
            for dpi in a.dpi:
                r = subprocess.run(
                    [sys.executable, "-c", CHILD, engine, str(dpi), str(scan)], capture_output=True, text=True
                )
                if r.returncode:
                    print(f"{scan.stem:28s} {engine:10s} {dpi:4d} failed: {r.stderr.strip()[-200:]}")
                    continue
                head, _, text = r.stdout.partition("\n")
                seconds, hwm, _ = head.split()
                got = Counter(re.findall(r"\d+(?:\.\d+)?", text))
                found = sum(min(got[k], n) for k, n in want.items())
                print(
                    f"{scan.stem:28s} {engine:10s} {dpi:4d} {float(seconds):7.1f} {int(hwm) / 1024:9.0f} "
                    f"{found:>6d}/{sum(want.values())}"
                )


if __name__ == "__main__":
    main()
