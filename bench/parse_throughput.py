"""Parse+check throughput on generated reports, against merely reading the same files.

    .venv/bin/python bench/parse_throughput.py [--reports 600] [--repeat 5] [--against REV]

Writes N generated reports (every raw text form, both formats) to a temporary folder,
then times, in the same run and on one core: (a) reading every file's bytes — the
floor — and (b) `xxgk.pipeline.parse_path` (read, decode, extract, check) on each.
Each is the best of --repeat passes. Prints reports per second and the ratio.

Reports per second depend on the machine (the same VM kind has measured 2–3× apart from
session to session), so `--against REV` also times the code of a git revision on the
same files in the same run: both in fresh processes on the same core, alternately,
--repeat times; it prints the ratio of the best passes and the median of the paired
ratios (issue 18 asks for 1,000 reports/s where the code it was filed against, 85c4d94,
made 600: 1.67× that code).
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from common import best, one_core

from xxgk.pipeline import parse_path
from xxgk.sample.forms import FORMS
from xxgk.sample.records import random_record

ROOT = Path(__file__).resolve().parents[1]
# one pass of parse_path over the files listed in argv[2], with the code under argv[1]
_PASS = """\
import sys, time
sys.path.insert(0, sys.argv[1])
from xxgk.pipeline import parse_path
paths = open(sys.argv[2]).read().split("\\n")
for p in paths[:20]:
    parse_path(p)  # warm: lazy imports, caches
t = time.perf_counter()
for p in paths:
    parse_path(p)
print(time.perf_counter() - t)
"""


def against(rev: str, paths: list[Path], repeat: int) -> None:
    """This tree's code and revision `rev`'s on the same files, alternately (see above)."""
    with tempfile.TemporaryDirectory() as d:
        old = Path(d) / "old"
        old.mkdir()
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "src"], check=True, capture_output=True)
        subprocess.run(["tar", "-x", "-C", str(old)], input=archive.stdout, check=True)
        listing = Path(d) / "files"
        listing.write_text("\n".join(map(str, paths)))
        cmd = ["taskset", "-c", "0", sys.executable, "-c", _PASS]
        runs: dict[str, list[float]] = {"old": [], "new": []}
        for _ in range(repeat):
            for name, src in (("old", old / "src"), ("new", ROOT / "src")):
                out = subprocess.run([*cmd, str(src), str(listing)], check=True, capture_output=True, text=True)
                runs[name].append(float(out.stdout))
    n = len(paths)
    o, w = min(runs["old"]), min(runs["new"])
    paired = statistics.median(a / b for a, b in zip(runs["old"], runs["new"], strict=True))
    print(f"against {rev} (the same files, fresh processes, one core, {repeat} alternate passes):")
    print(f"  {rev}: {n / o:8.0f} reports/s    this tree: {n / w:8.0f} reports/s")
    print(f"  this tree is {o / w:.2f}x as fast (best passes), {paired:.2f}x (median of paired passes)")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reports", type=int, default=600)
    ap.add_argument("--repeat", type=int, default=9)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--against", metavar="REV", help="also time this git revision's code on the same files")
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
        if a.against:
            against(a.against, paths, a.repeat)
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
