"""One file, whole process: `xxgk parse --json` of a published WPS PDF against a bare
`python -c` that opens the same PDF with pypdfium2 and extracts all its text — what a
user waits for, start-up included (issue 18).

Both run as fresh processes, alternately, best of N each (the rest is noise of a shared
machine); the ratio is xxgk over the floor.

    .venv/bin/python bench/startup.py [PDF] [-n 15]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from common import peak_memory, timed

HERE = Path(__file__).resolve().parent
DEFAULT = HERE.parent.parent / "shared" / "corpus" / "hongze-2023.pdf"
FLOOR = (
    "import sys, pypdfium2 as p\n"
    "d = p.PdfDocument(sys.argv[1])\n"
    "t = ''.join(d[i].get_textpage().get_text_range() for i in range(len(d)))\n"
)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("pdf", nargs="?", default=str(DEFAULT))
    ap.add_argument("-n", type=int, default=15)
    a = ap.parse_args()
    xxgk = [str(Path(sys.executable).with_name("xxgk")), "parse", "--json", a.pdf]  # the command a user types
    floor = [sys.executable, "-c", FLOOR, a.pdf]
    timed(xxgk), timed(floor)  # warm the page cache and the bytecode
    xs, fs = [], []
    for _ in range(a.n):
        xs.append(timed(xxgk))
        fs.append(timed(floor))
    x, f = min(xs), min(fs)
    print(f"{Path(a.pdf).name}: floor {f * 1000:.0f} ms, xxgk parse --json {x * 1000:.0f} ms, ratio {x / f:.2f}")
    print(f"peak memory: floor {peak_memory(floor):.0f} MiB, xxgk {peak_memory(xxgk):.0f} MiB (largest process)")
    print(f"(best of {a.n}; PYTHONDONTWRITEBYTECODE={os.environ.get('PYTHONDONTWRITEBYTECODE', '')!r})")


if __name__ == "__main__":
    main()
