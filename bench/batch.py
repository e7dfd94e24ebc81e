"""Many files in one call, whole process: `xxgk parse --json` over 30 text-layer PDFs
against a `python -c` that opens each with pypdfium2 and extracts all its text, and over
60 CMS pages against a `python -c` that parses each with lxml and takes text_content()
(issue 18). Both sides are fresh processes over the same files, alternately: the best of N
(and the median of each pass against the floor run beside it);
xxgk both as it runs (a reading child per core) and with one reading child.

    .venv/bin/python bench/batch.py [-n 7] [--pdfs 30] [--pages 60]

The files are kept in bench/out/batch between runs. PDFs: the text-layer PDFs of
../shared/corpus (WPS) when present, the rest reports rendered by LibreOffice in one
batch. Pages: the real county platform page of ../shared/corpus when present, the rest
random reports in the same form (xxgk.sample.derive.cms_page: site furniture around
Word-pasted tables), one in three served as GB18030 as many county sites do.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from common import peak_memory, timed

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared" / "corpus"
OUT = HERE / "out" / "batch"
PDF_FLOOR = (
    "import sys, pypdfium2 as p\n"
    "for f in sys.argv[1:]:\n"
    "    d = p.PdfDocument(f)\n"
    "    t = ''.join(d[i].get_textpage().get_text_range() for i in range(len(d)))\n"
    "    d.close()\n"
)
HTML_FLOOR = (
    "import sys, lxml.html as h\nfor f in sys.argv[1:]:\n    t = h.fromstring(open(f, 'rb').read()).text_content()\n"
)


def kept(kind: str, n: int, real: list[Path], make) -> list[Path]:
    """n files of a kind in bench/out/batch/<kind>: the real ones, then `make(folder, k)`
    made k more; kept between runs."""
    folder = OUT / kind
    have = sorted(folder.glob(f"*.{kind}"))
    if len(have) == n:
        return have
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for p in real[:n]:
        shutil.copy(p, folder / p.name)
    make(folder, n - len(real[:n]))
    return sorted(folder.glob(f"*.{kind}"))


def make_pdfs(folder: Path, k: int) -> None:
    """Random reports rendered to PDF by LibreOffice in one batch."""
    from xxgk.render.docx import render_docx
    from xxgk.sample.records import random_record

    with tempfile.TemporaryDirectory() as d:
        for i in range(k):
            rec = random_record(random.Random(i), ("2019", "2021")[i % 2])
            (Path(d) / f"generated-{i:02d}.docx").write_bytes(render_docx(rec))
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{d}/profile", "--headless", "--convert-to", "pdf"]
            + ["--outdir", str(folder), *sorted(str(p) for p in Path(d).glob("*.docx"))],
            check=True,
            capture_output=True,
            timeout=1800,
        )


def make_pages(folder: Path, k: int) -> None:
    """Random reports as CMS pages; one in three served as GB18030."""
    from xxgk.sample.derive import cms_page
    from xxgk.sample.records import random_record

    for i in range(k):
        page = cms_page(random_record(random.Random(i), ("2019", "2021")[i % 2]), random.Random(i))
        data = page.replace("charset=utf-8", "charset=gb2312").encode("gb18030") if i % 3 == 0 else page.encode()
        (folder / f"generated-{i:02d}.html").write_bytes(data)


def compare(name: str, files: list[Path], floor_code: str, n: int) -> None:
    """The floor, and xxgk with its reading children as many as the cores (the default)
    and with one (XXGK_READERS=1): the same work on one core."""
    xxgk = [str(Path(sys.executable).with_name("xxgk")), "parse", "--json", *map(str, files)]
    floor = [sys.executable, "-c", floor_code, *map(str, files)]
    one = os.environ | {"XXGK_READERS": "1"}
    timed(xxgk), timed(floor)  # warm the page cache
    xs, ones, fs = [], [], []
    for _ in range(n):
        xs.append(timed(xxgk))
        ones.append(timed(xxgk, one))
        fs.append(timed(floor))
    x, o, f = min(xs), min(ones), min(fs)
    # a shared VM's speed drifts within a run: each pass's ratio to the floor run beside it
    # (their median) says what the best passes alone may not
    px, po = (statistics.median(a / b for a, b in zip(runs, fs, strict=True)) for runs in (xs, ones))
    print(f"{len(files)} {name}: floor {f * 1000:.0f} ms")
    print(
        f"  xxgk parse --json, {os.cpu_count()} cores: {x * 1000:.0f} ms, ratio {x / f:.2f} (median of passes {px:.2f})"
    )
    print(f"  xxgk parse --json, one reader: {o * 1000:.0f} ms, ratio {o / f:.2f} (median of passes {po:.2f})")
    print(f"  peak memory: floor {peak_memory(floor):.0f} MiB, xxgk {peak_memory(xxgk):.0f} MiB (largest process)")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=7)
    ap.add_argument("--pdfs", type=int, default=30)
    ap.add_argument("--pages", type=int, default=60)
    a = ap.parse_args()
    text_pdfs = [p for p in sorted(SHARED.glob("*.pdf")) if "scan" not in p.name]
    compare("text-layer PDFs (pypdfium2 text)", kept("pdf", a.pdfs, text_pdfs, make_pdfs), PDF_FLOOR, a.n)
    pages = kept("html", a.pages, sorted(SHARED.glob("*.html")), make_pages)
    compare("CMS pages (lxml parse + text_content)", pages, HTML_FLOOR, a.n)
    print(f"(best of {a.n}, files in {OUT.relative_to(HERE.parent)})")


if __name__ == "__main__":
    main()
