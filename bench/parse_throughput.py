"""Parse+check throughput on generated reports, against merely reading the same files.

    .venv/bin/python bench/parse_throughput.py [--reports 600] [--repeat 5]

Writes N generated reports (every raw text form, both formats) to a temporary folder,
then times, in the same run and on one core: (a) reading every file's bytes — the
floor — and (b) `xxgk.pipeline.parse_path` (read, decode, extract, check) on each.
Each is the best of --repeat passes. Prints reports per second and the ratio.
"""

from __future__ import annotations

import argparse
import random
import tempfile
from pathlib import Path

from common import best, one_core

from xxgk.pipeline import parse_path
from xxgk.sample.forms import FORMS
from xxgk.sample.records import random_record


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reports", type=int, default=600)
    ap.add_argument("--repeat", type=int, default=9)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    one_core()
    with tempfile.TemporaryDirectory() as d:
        paths: list[Path] = []
        forms = list(FORMS)
        for i in range(a.reports):
            rng = random.Random(a.seed * 100_000 + i)
            form = forms[i % len(forms)]
            p = Path(d) / f"{i:05d}-{form}.txt"
            p.write_text(FORMS[form](random_record(rng), rng), encoding="utf-8")
            paths.append(p)
        size = sum(p.stat().st_size for p in paths)
        read = best(lambda: [p.read_bytes() for p in paths], a.repeat)
        parse = best(lambda: [parse_path(p) for p in paths], a.repeat)
        per_form = {}
        for form in forms:
            subset = [p for p in paths if p.stem.endswith(form)]
            per_form[form] = len(subset) / best(lambda subset=subset: [parse_path(p) for p in subset], a.repeat)
    seeds = sorted((Path(__file__).resolve().parents[1].parent / "shared" / "seeds").glob("*.txt"))
    if seeds:  # the real reports, when ../shared is beside the project
        seed_read = best(lambda: [p.read_bytes() for p in seeds * 20], a.repeat)
        seed_parse = best(lambda: [parse_path(p) for p in seeds * 20], a.repeat)
    n = len(paths)
    print(f"reports: {n} ({size / n / 1024:.1f} KiB average), forms: {', '.join(forms)}")
    print(f"read only:    {n / read:10.0f} reports/s  (baseline)")
    print(f"parse+check:  {n / parse:10.0f} reports/s  ({parse / read:.0f}x the time of reading)")
    for form, rate in per_form.items():
        print(f"  {form:12s} {rate:8.0f} reports/s")
    if seeds:
        k = len(seeds) * 20
        kib = sum(p.stat().st_size for p in seeds) / len(seeds) / 1024
        print(f"real seed reports ({len(seeds)} files, {kib:.1f} KiB average, each read 20 times):")
        print(f"  read only:   {k / seed_read:10.0f} reports/s  (baseline)")
        print(f"  parse+check: {k / seed_parse:10.0f} reports/s  ({seed_parse / seed_read:.0f}x the time of reading)")


if __name__ == "__main__":
    main()
