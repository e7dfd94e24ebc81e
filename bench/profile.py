"""Flame graphs of where the time goes (issue 18: profile first, change second).

    .venv/bin/python bench/profile.py [--rate 500]

Samples with py-spy (its own process, reading this one's stacks: nothing is
instrumented) and writes an SVG flame graph per workload into docs/flame/:

- text.svg: parse + check of 600 generated reports in every raw text form, in process;
- pdf.svg: `xxgk parse --json` of the 30 PDFs of bench/batch.py, one reader, with its
  reading child (bench/batch.py makes the files);
- html.svg: the same for its 60 CMS pages.

Open an SVG in a browser: the width of a frame is its share of the samples.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "flame"
TEXT = """
import random
from xxgk.pipeline import parse_bytes
from xxgk.sample.forms import FORMS
from xxgk.sample.records import random_record

forms = list(FORMS)
data = []
for i in range(600):
    rng = random.Random(100_000 + i)
    data.append(FORMS[forms[i % len(forms)]](random_record(rng), rng).encode())
for _ in range(3):
    for i, d in enumerate(data):
        parse_bytes(d, f"{i}.txt")
"""


def record(name: str, argv: list[str], rate: int, env: dict[str, str] | None = None) -> None:
    out = OUT / f"{name}.svg"
    subprocess.run(
        [str(Path(sys.executable).with_name("py-spy")), "record", "--rate", str(rate), "--subprocesses"]
        + ["--format", "flamegraph", "--output", str(out), "--", *argv],
        check=True,
        capture_output=True,
        env=env,
    )
    print(f"{out.relative_to(ROOT)}: {out.stat().st_size // 1024} KiB")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rate", type=int, default=500, help="samples per second")
    a = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    record("text", [sys.executable, "-c", TEXT], a.rate)
    batch = ROOT / "bench" / "out" / "batch"
    xxgk = str(Path(sys.executable).with_name("xxgk"))
    one = os.environ | {"XXGK_READERS": "1"}
    for kind in ("pdf", "html"):
        files = sorted(map(str, (batch / kind).glob("*")))
        if not files:
            sys.exit(f"{batch / kind} is empty: run bench/batch.py first")
        # the files three times over: enough samples of the reading child
        record(kind, [xxgk, "parse", "--json", *files * 3], a.rate, one)


if __name__ == "__main__":
    main()
