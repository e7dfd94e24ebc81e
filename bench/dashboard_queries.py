"""The dashboard's questions over a corpus of 100,000 reports.

    .venv/bin/python bench/dashboard_queries.py [--reports 100000] [--db sqlite postgresql]

A corpus of --reports reports is synthesised straight into the database (reading
100,000 files would take the benchmark an hour and is measured by
bench/ingest_throughput.py): 8,000 bodies in 31 provinces, their cities and counties,
years 2019–2025, figures drawn at random, one report in ten with findings. Then every
question of the dashboard (totals by year, outcome shares, applicant types, correction
rates, the comparison one region level down, quality, the list of reports with errors)
is asked under six filters (none, a year, a province, a level, part of a body's name,
only reports with errors), 20 times each, as the web asks them: over the figures held in
memory (xxgk.store.figures, loaded once per state of the corpus; the load is timed too),
the filter a mask. Latency percentiles per question and overall, and what `xxgk query`
takes (it reads the filter's rows, then answers). Baseline, in the same run:
`SELECT count(*)` over the figures table.
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import datetime

from common import scratch_db
from sqlalchemy import func, insert, select


def synthesise(sessions, n: int) -> None:
    from xxgk.schema import FIGURES
    from xxgk.store.bodies import describe
    from xxgk.store.models import Body, File, Report, ReportFinding, report_figures

    rng = random.Random(1)
    provinces = [f"示例{k:02d}省" for k in range(31)]
    names = []
    for k in range(8000):
        p = provinces[k % 31]
        city = f"第{k % 13}市"
        county = f"第{k % 7}县"
        kind = rng.choice(("人民政府", "教育局", "民政局", "自然资源局", "公安局", "生态环境局"))
        names.append(rng.choice((f"{p}{kind}", f"{p}{city}{kind}", f"{p}{city}{county}{kind}")) + f"{k}")
    now = datetime(2026, 1, 1)
    with sessions() as s:
        bodies = []
        for name in names:
            info = describe(name)
            bodies.append(
                {"name": name, "key": info.key, "kind": info.kind, "region_name": info.region_name, "level": info.level}
            )
        s.execute(insert(Body.__table__), bodies)
        ids = {b.key: (b.id, b) for b in s.scalars(select(Body))}
        body_rows = [ids[b["key"]] for b in bodies]
        chunk = 5000
        for start in range(0, n, chunk):
            files, reports, figures, findings = [], [], [], []
            for k in range(start, min(n, start + chunk)):
                files.append(
                    {
                        "id": k + 1,
                        "sha256": f"{k:064x}",
                        "path": f"/corpus/{k}.pdf",
                        "size": 100_000,
                        "status": "good",
                        "reason": None,
                        "ingested_at": now,
                    }
                )
                body_id, body = body_rows[k % len(body_rows)]
                year = 2019 + k % 7
                errors = 1 if rng.random() < 0.1 else 0
                reports.append(
                    {
                        "id": k + 1,
                        "file_id": k + 1,
                        "body_id": body_id,
                        "body_name": body.name,
                        "year": year,
                        "format": "2019" if year < 2021 else "2021",
                        "source": f"/corpus/{k}.pdf",
                        "published_on": None,
                        "errors": errors,
                        "warnings": 0,
                        "record": {},
                    }
                )
                row = {f: rng.randint(0, 50) for f in FIGURES}
                figures.append(
                    row
                    | {
                        "report_id": k + 1,
                        "body_id": body_id,
                        "year": year,
                        "level": body.level,
                        "kind": body.kind,
                        "region": body.region_name,
                        "errors": errors,
                        "late": rng.random() < 0.05,
                    }
                )
                if errors:
                    findings.append(
                        {
                            "report_id": k + 1,
                            "scope": "report",
                            "rule": "T3-A",
                            "severity": "error",
                            "message": "表三“总计”列：第一项+第二项与第三项+第四项不等",
                            "cells": [],
                        }
                    )
            for table, rows in (
                (File.__table__, files),
                (Report.__table__, reports),
                (report_figures, figures),
                (ReportFinding.__table__, findings),
            ):
                s.execute(insert(table), rows)
            s.commit()
    with sessions.kw["bind"].connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("ANALYZE")


def percentile(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(p / 100 * len(xs)))]


def run(kind: str, n: int, repeat: int) -> None:
    from xxgk.store import queries as q
    from xxgk.store.db import open_db
    from xxgk.store.figures import figures, load
    from xxgk.store.models import report_figures

    url, cleanup = scratch_db(kind)
    try:
        sessions = open_db(url)
        t = time.perf_counter()
        synthesise(sessions, n)
        print(f"database: {kind}; {n} reports synthesised in {time.perf_counter() - t:.0f} s")
        filters = [
            q.Filters(),
            q.Filters(year=2023),
            q.Filters(region="示例07省"),
            q.Filters(level="县"),
            q.Filters(body="民政局12"),
            q.Filters(has_errors=True),
        ]
        questions = {
            "totals_by_year": lambda fig, mc: fig.totals_by_year(),
            "outcomes": lambda fig, mc: fig.outcomes(),
            "applicants": lambda fig, mc: fig.applicants(),
            "corrections": lambda fig, mc: fig.corrections(mc),
            "by_region": lambda fig, mc: fig.by_region(mc),
            "quality": lambda fig, mc: fig.quality(),
        }
        with sessions() as s:
            base = []
            for _ in range(repeat):
                t = time.perf_counter()
                s.execute(select(func.count()).select_from(report_figures)).scalar()
                base.append(time.perf_counter() - t)
            print(
                f"baseline count(*):    p50 {percentile(base, 50) * 1000:6.1f} ms  p95 {percentile(base, 95) * 1000:6.1f} ms"
            )
            loads = []
            for _ in range(3):
                t = time.perf_counter()
                frame = load(s)
                loads.append(time.perf_counter() - t)
            print(
                f"figures loaded into memory (once per state of the corpus and server process): "
                f"{min(loads) * 1000:.0f} ms, {frame.values.nbytes / len(frame.year):.0f} bytes a report"
            )
            everything = []
            for name, ask in questions.items():
                lat = []
                for f in filters:
                    for _ in range(repeat):
                        t = time.perf_counter()
                        ask(frame.where(f), 10)  # the filter's mask included
                        lat.append(time.perf_counter() - t)
                everything += lat
                print(
                    f"{name:20s}  p50 {percentile(lat, 50) * 1000:6.2f} ms  p95 {percentile(lat, 95) * 1000:6.2f} ms  "
                    f"max {max(lat) * 1000:6.2f} ms"
                )
            lat = []
            for f in filters:
                for _ in range(repeat):
                    t = time.perf_counter()
                    q.report_rows(s, frame.where(f).worst(20))
                    lat.append(time.perf_counter() - t)
            everything += lat
            print(
                f"{'reports (errors)':20s}  p50 {percentile(lat, 50) * 1000:6.2f} ms  p95 {percentile(lat, 95) * 1000:6.2f} ms  "
                f"max {max(lat) * 1000:6.2f} ms"
            )
            print(
                f"{'all questions':20s}  p50 {percentile(everything, 50) * 1000:6.2f} ms  "
                f"p95 {percentile(everything, 95) * 1000:6.2f} ms  ({len(everything)} asked; "
                f"p95 = {percentile(everything, 95) / percentile(base, 95):.1f}x the baseline's)"
            )
            cli = []
            for f in filters:
                t = time.perf_counter()
                fig = figures(s, f)
                for ask in questions.values():
                    ask(fig, 10)
                cli.append(time.perf_counter() - t)
            print(
                f"{'xxgk query (all)':20s}  p50 {percentile(cli, 50) * 1000:6.0f} ms  max {max(cli) * 1000:6.0f} ms"
                f"  (the filter's rows read from the database, then every question)"
            )
        sessions.kw["bind"].dispose()
    finally:
        cleanup()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reports", type=int, default=100_000)
    ap.add_argument("--db", nargs="+", default=["sqlite", "postgresql"])
    ap.add_argument("--repeat", type=int, default=20)
    a = ap.parse_args()
    for kind in a.db:
        run(kind, a.reports, a.repeat)


if __name__ == "__main__":
    main()
