"""Load on the dashboard pages: 20 concurrent users on the demo corpus scaled to 10,000 reports.

    .venv/bin/python bench/web_load.py [--db sqlite|postgresql] [--reports 10000] [--users 20] [--seconds 30]

The corpus is the demo's (xxgk.sample.corpus: bodies of imagined cities, four years
each, text and web pages, some with mistakes), written and ingested once (the SQLite
database is kept in bench/out/web-<n>.sqlite between runs). `xxgk serve --workers 2`
answers; each user asks, one after another, for what people look at: the dashboard with
no filter and filtered by region, level, year, body or errors, the report library, a
report and a body's page. Latency is measured from request to the whole page received.
Baseline, in the same run: GET /api/health.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

from api_load import load, percentile
from common import scratch_db, serving

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"


def build(url: str, reports: int) -> None:
    from xxgk.sample.corpus import bodies, write_corpus
    from xxgk.store.db import open_db
    from xxgk.store.ingest import ingest, local_engine

    per_city = len(bodies(1)) * 4
    with tempfile.TemporaryDirectory() as d:
        t = time.perf_counter()
        n = write_corpus(Path(d), scale=max(1, round(reports / per_city)))
        sessions = open_db(url)
        with sessions() as s:
            ingest(s, [d], local_engine(2), batch=200)
        sessions.kw["bind"].dispose()
        print(f"corpus: {n} reports written and ingested in {time.perf_counter() - t:.0f} s")


def paths_of(cities: int, reports: int, body_ids: int):
    regions = ["示例市", "示例市甲区", "示例2市", f"示例{max(2, cities)}市丙县"]
    levels = ["市", "县"]

    def paths(rng: random.Random) -> str:
        r = rng.random()
        if r < 0.15:
            return "/dashboard"
        if r < 0.35:
            return f"/dashboard?region={quote(rng.choice(regions))}"
        if r < 0.45:
            return f"/dashboard?level={quote(rng.choice(levels))}&year={rng.choice((2021, 2022, 2023, 2024))}"
        if r < 0.55:
            return f"/dashboard?body={quote(rng.choice(('公安局', '教育局', '人民政府')))}&errors=1"
        if r < 0.65:
            return f"/reports?region={quote(rng.choice(regions))}"
        if r < 0.85:
            return f"/reports/{rng.randint(1, reports)}"
        return f"/bodies/{rng.randint(1, body_ids)}"

    return paths


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    ap.add_argument("--reports", type=int, default=10_000)
    ap.add_argument("--users", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--port", type=int, default=8741)
    a = ap.parse_args()
    if a.db == "sqlite":
        OUT.mkdir(parents=True, exist_ok=True)
        path = OUT / f"web-{a.reports}.sqlite"
        url, cleanup = f"sqlite:///{path}", lambda: None
        if not path.exists():
            try:
                build(url, a.reports)
            except BaseException:
                for p in OUT.glob(f"web-{a.reports}.sqlite*"):
                    p.unlink()
                raise
    else:
        url, cleanup = scratch_db("postgresql")
        build(url, a.reports)
    try:
        with serving(url, a.port, 2):
            asyncio.run(run(a, url))
    finally:
        cleanup()


async def run(a, url: str) -> None:
    from sqlalchemy import func, select

    from xxgk.store.db import open_db
    from xxgk.store.models import Body, Report

    sessions = open_db(url)
    with sessions() as s:
        reports = s.scalar(select(func.count()).select_from(Report))
        body_ids = s.scalar(select(func.max(Body.id)))
    sessions.kw["bind"].dispose()
    cities = max(1, round(reports / 192))
    paths = paths_of(cities, reports, body_ids)
    await load(a.port, paths, 3, a.users)  # warm up
    n0, lat0 = await load(a.port, lambda rng: "/api/health", 5, a.users)
    n, lat = await load(a.port, paths, a.seconds, a.users)
    print(f"database: {a.db}; {reports} reports; server: xxgk serve --workers 2; {a.users} concurrent users")
    print(
        f"baseline GET /api/health: {n0 / 5:7.0f} req/s  p50 {percentile(lat0, 50) * 1000:6.1f} ms  "
        f"p95 {percentile(lat0, 95) * 1000:6.1f} ms"
    )
    print(
        f"dashboard pages (mix):    {n / a.seconds:7.0f} req/s  p50 {percentile(lat, 50) * 1000:6.1f} ms  "
        f"p95 {percentile(lat, 95) * 1000:6.1f} ms  p99 {percentile(lat, 99) * 1000:6.1f} ms  "
        f"({n / a.seconds / (n0 / 5):.2f}x the baseline's rate)"
    )


if __name__ == "__main__":
    main()
