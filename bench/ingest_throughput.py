"""Ingest throughput, end to end, by form, workers and database.

    .venv/bin/python bench/ingest_throughput.py [--reports 10000] [--db sqlite postgresql]

Generates --reports random consistent reports (kept in bench/out/corpus between runs):
40% text in the six raw forms, 20% HTML pages, 20% DOCX, 20% PDF. The PDFs are 200
distinct reports converted by LibreOffice in one batch, each copied with a distinct
trailing comment (a valid PDF, another file by content); the DOCX likewise 200 distinct
documents, copies told apart by a zip comment — making thousands one by one would take
the benchmark hours. For each form, each database and 1 and 2 workers,
`xxgk.store.ingest.ingest` reads the folder into an empty database: walk, hash, parse,
check, store every cell, finding and figure, compare the reports. Baseline, in the
same run: parsing the same files in one process with nothing stored. Each figure is
the best of --repeat runs (3).
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import scratch_db

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out" / "corpus"
SHARES = {"text": 0.4, "html": 0.2, "docx": 0.2, "pdf": 0.2}
DISTINCT = 200  # distinct DOCX and PDF reports (python-docx and LibreOffice are slow to make thousands)


def generate(n: int) -> dict[str, Path]:
    from xxgk.render import render
    from xxgk.sample.forms import FORMS
    from xxgk.sample.records import BODIES, random_record

    folders = {form: OUT / form for form in SHARES}
    counts = {form: int(n * share) for form, share in SHARES.items()}
    if all(len(list(folders[f].glob("*"))) == counts[f] for f in SHARES):
        return folders
    shutil.rmtree(OUT, ignore_errors=True)
    for f in folders.values():
        f.mkdir(parents=True)
    forms = list(FORMS)
    rng = random.Random(2026)

    def record(k: int):
        return random_record(random.Random(k), body=f"{rng.choice(BODIES)}{k}", big=300)

    for k in range(counts["text"]):
        (folders["text"] / f"{k:05d}.txt").write_text(
            FORMS[forms[k % len(forms)]](record(k), random.Random(k)), encoding="gb18030" if k % 7 == 0 else "utf-8"
        )
    base = counts["text"]
    for k in range(counts["html"]):
        (folders["html"] / f"{k:05d}.html").write_bytes(render(record(base + k), "html"))
    base += counts["html"]
    with tempfile.TemporaryDirectory() as d:
        for k in range(DISTINCT):
            (Path(d) / f"{k:05d}.docx").write_bytes(render(record(base + k), "docx"))
        docx = sorted(Path(d).glob("*.docx"))
        for k in range(counts["docx"]):
            (folders["docx"] / f"{k:05d}.docx").write_bytes(_with_comment(docx[k % len(docx)].read_bytes(), k))
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation=file://{d}/profile",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                d,
                *sorted(str(p) for p in Path(d).glob("*.docx")),
            ],
            check=True,
            capture_output=True,
            timeout=3600,
        )
        pdfs = sorted(Path(d).glob("*.pdf"))
        for k in range(counts["pdf"]):
            data = pdfs[k % len(pdfs)].read_bytes() + f"\n% copy {k}\n".encode()
            (folders["pdf"] / f"{k:05d}.pdf").write_bytes(data)
    return folders


def _with_comment(docx: bytes, k: int) -> bytes:
    """The same document as another file: a zip comment changes the bytes, not the content."""
    import io
    import zipfile

    buf = io.BytesIO(docx)
    with zipfile.ZipFile(buf, "a") as z:
        z.comment = f"copy {k}".encode()
    return buf.getvalue()


PARSE_ONLY = """\
import sys, time
from pathlib import Path
from xxgk.pipeline import parse_path
files = sorted(Path(sys.argv[1]).iterdir())
t = time.perf_counter()
for f in files:
    parse_path(f)
print(len(files) / (time.perf_counter() - t))
"""


def parse_only(folder: Path, repeat: int) -> float:
    """Reports parsed per second, each file once in a fresh process (as a reader of the
    ingest meets them: a second pass would find the tokenizer's caches warm); the best
    of `repeat` processes."""
    argv = [sys.executable, "-c", PARSE_ONLY, str(folder)]
    return max(float(subprocess.run(argv, capture_output=True, text=True, check=True).stdout) for _ in range(repeat))


def ingest_rate(folder: Path, kind: str, workers: int, repeat: int) -> float:
    """Reports stored per second into an empty database, the best of `repeat` runs."""
    return max(_ingest_rate(folder, kind, workers) for _ in range(repeat))


def _ingest_rate(folder: Path, kind: str, workers: int) -> float:
    from xxgk.store.db import open_db
    from xxgk.store.ingest import ingest, local_engine

    url, drop = scratch_db(kind)
    try:
        sessions = open_db(url)
        with sessions() as s:
            t = time.perf_counter()
            tally = ingest(s, [folder], local_engine(workers), batch=100)
            took = time.perf_counter() - t
        sessions.kw["bind"].dispose()
        return tally.stored / took
    finally:
        drop()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reports", type=int, default=10_000)
    ap.add_argument("--db", nargs="+", default=["sqlite", "postgresql"])
    ap.add_argument("--forms", nargs="+", default=list(SHARES))
    ap.add_argument("--repeat", type=int, default=3, help="runs of each measurement; the best counts")
    a = ap.parse_args()
    t = time.perf_counter()
    folders = generate(a.reports)
    print(f"corpus: {a.reports} reports in bench/out/corpus ({time.perf_counter() - t:.0f} s to make or find)")
    print(
        f"{'form':6s} {'files':>6s} {'parse only':>11s}  "
        + "  ".join(f"{db + ' ' + str(w) + 'w':>16s}" for db in a.db for w in (1, 2))
    )
    for form in a.forms:
        folder = folders[form]
        base = parse_only(folder, a.repeat)
        cells = []
        for db in a.db:
            for workers in (1, 2):
                rate = ingest_rate(folder, db, workers, a.repeat)
                cells.append(f"{rate:7.0f}/s {rate / base:5.2f}x")
        n = len(list(folder.iterdir()))
        print(f"{form:6s} {n:6d} {base:9.0f}/s  " + "  ".join(f"{c:>16s}" for c in cells), flush=True)


if __name__ == "__main__":
    main()
