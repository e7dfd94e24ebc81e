"""Reading accuracy by form on the real reports of ../shared, and on the forms derived
from them (see xxgk.sample.derive): cells right, cells honestly unread, cells wrong,
false errors. Wrong cells and false errors must be 0 everywhere.

    .venv/bin/python bench/accuracy.py [--variants 3] [--no-viewer] [-v]

The table it prints is docs/accuracy.md's.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

from xxgk.errors import ReadError
from xxgk.pipeline import parse_bytes
from xxgk.record import Record
from xxgk.sample.accuracy import Score, compare
from xxgk.sample.derive import FROM_RECORD, FROM_TEXT, SUFFIX, viewer_copy

SHARED = Path(__file__).resolve().parents[2] / "shared"


def reports() -> list[tuple[Path, dict]]:
    out = []
    for folder in (SHARED / "seeds", SHARED / "corpus"):
        for e in sorted(folder.glob("*.expected.json")):
            stem = e.name[: -len(".expected.json")]
            source = next(p for p in folder.iterdir() if p.stem == stem and not p.name.endswith(".json"))
            out.append((source, json.loads(e.read_text(encoding="utf-8"))))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--variants", type=int, default=3, help="random variants of each derived form")
    ap.add_argument("--no-viewer", action="store_true", help="skip the PDF-viewer form (needs LibreOffice)")
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args()
    scores: dict[str, Score] = {}
    files: dict[str, int] = {}

    def add(form: str, expected: dict, data: bytes, name: str) -> None:
        try:
            got = parse_bytes(data, name)
        except ReadError as e:
            got = Record()
            got.findings = []
            print(f"  {form} {name}: {e}")
        s = compare(expected, got)
        scores.setdefault(form, Score())
        scores[form] += s
        files[form] = files.get(form, 0) + 1
        if a.verbose and (s.wrong or s.false_errors):
            print(f"{form} {name}: wrong {s.wrong[:5]} false {s.false_errors[:3]}")

    for source, expected in reports():
        if "scan" in source.stem:  # image-only: OCR is issue 16
            continue
        add("original:" + source.suffix.lstrip("."), expected, source.read_bytes(), source.name)
        if source.suffix == ".pdf":  # the published PDF as a viewer copies it
            add("viewer_copy:pdf", expected, viewer_copy(source.read_bytes()).encode(), f"{source.stem}.viewer.txt")
        if source.suffix == ".txt":
            text = source.read_text(encoding="utf-8")
            for form, derive in FROM_TEXT.items():
                for k in range(a.variants):
                    add(form, expected, derive(text, random.Random(k)).encode(), f"{source.stem}.{form}{k}.txt")
        rec = Record.from_json(expected)
        for form, derive in FROM_RECORD.items():
            if form == "viewer_text" and a.no_viewer:
                continue
            for k in range(a.variants if form != "viewer_text" else 1):
                name = f"{source.stem}.{form}{k}{SUFFIX.get(form, '.txt')}"
                add(form, expected, derive(rec, random.Random(k)).encode(), name)
    print("| form | files | cells | right | unread | wrong | false errors |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for form, s in scores.items():
        pct = 100 * s.right / s.total if s.total else 0
        print(
            f"| {form} | {files[form]} | {s.total} | {s.right} ({pct:.2f}%) | {s.unread} | {len(s.wrong)} | "
            f"{len(s.false_errors)} |"
        )


if __name__ == "__main__":
    main()
