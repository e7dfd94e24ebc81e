"""Load on the register's REST API over loopback: read throughput and latency, and
concurrent writes with nothing lost.

    .venv/bin/python bench/api_load.py [--db sqlite|postgresql] [--seconds 20] [--clients 32]

A register of two simulated years (2,000 applications each across five bodies) is
served by `xxgk serve` (uvicorn, --workers 2) on 127.0.0.1. The load generator is one
asyncio process on the same machine speaking HTTP/1.1 over keep-alive connections
(a few microseconds of client work per request, so that the server gets the CPU).

Reads, first as fast as --clients connections go (closed loop: the most the server
answers), then at a fixed --rate of 300 requests per second (open loop: the latency
users see at that load): a mix of application detail with its explained deadline (60%), the due-soon
queue of a body (20%), the overdue queue (10%) and the deadline calculator (10%).
Baseline, in the same run: GET /api/health (the framework and the loopback alone).
Writes: --clients officers edit the same 20 applications at once, each save naming the
version it read, re-reading and retrying on 409; afterwards every accepted save must
be in the applications' event logs and their versions.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import time
from datetime import date
from pathlib import Path

from common import scratch_db, serving

ROOT = Path(__file__).resolve().parents[1]


AUTH = {"header": ""}  # set once logged in: every call is made as the benchmark's admin


class Conn:
    """One keep-alive HTTP/1.1 connection."""

    def __init__(self, reader, writer):
        self.r, self.w = reader, writer

    @classmethod
    async def open(cls, port: int) -> Conn:
        return cls(*await asyncio.open_connection("127.0.0.1", port))

    async def call(self, method: str, path: str, body: dict | None = None) -> tuple[int, bytes]:
        data = json.dumps(body).encode() if body is not None else b""
        head = f"{method} {path} HTTP/1.1\r\nHost: x\r\nContent-Length: {len(data)}\r\n{AUTH['header']}"
        if body is not None:
            head += "Content-Type: application/json\r\n"
        self.w.write(head.encode() + b"\r\n" + data)
        status_line = await self.r.readline()
        length = 0
        while (line := await self.r.readline()) not in (b"\r\n", b""):
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        return int(status_line.split()[1]), await self.r.readexactly(length)


def percentile(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(p / 100 * len(xs)))]


async def load(port: int, paths, seconds: float, clients: int) -> tuple[int, list[float]]:
    latencies: list[float] = []
    stop = time.perf_counter() + seconds

    async def client(k: int) -> None:
        c = await Conn.open(port)
        rng = random.Random(k)
        while time.perf_counter() < stop:
            path = paths(rng)
            t = time.perf_counter()
            status, _ = await c.call("GET", path)
            latencies.append(time.perf_counter() - t)
            assert status == 200, (status, path)

    await asyncio.gather(*(client(k) for k in range(clients)))
    return len(latencies), latencies


async def paced(port: int, paths, seconds: float, rate: float, conns: int = 48) -> list[float]:
    """Requests sent at a fixed rate whatever the answers do (open loop); each latency is
    measured from the moment the request was due, so a stalled server shows in full."""
    pool: asyncio.Queue[Conn] = asyncio.Queue()
    for _ in range(conns):
        pool.put_nowait(await Conn.open(port))
    latencies: list[float] = []
    rng = random.Random(7)
    start = time.perf_counter()

    async def one(due: float, path: str) -> None:
        c = await pool.get()
        status, _ = await c.call("GET", path)
        latencies.append(time.perf_counter() - due)
        pool.put_nowait(c)
        assert status == 200, (status, path)

    tasks = []
    for k in range(int(seconds * rate)):
        due = start + k / rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(due, paths(rng))))
    await asyncio.gather(*tasks)
    return latencies


async def writes(port: int, ids: list[int], clients: int, saves: int) -> tuple[int, int]:
    """Each client makes `saves` accepted edits; returns (accepted, conflicts)."""
    conflicts = 0

    async def officer(k: int) -> int:
        nonlocal conflicts
        c = await Conn.open(port)
        rng = random.Random(1000 + k)
        done = 0
        while done < saves:
            app = rng.choice(ids)
            _, body = await c.call("GET", f"/api/applications/{app}")
            version = json.loads(body)["version"]
            while True:
                status, body = await c.call(
                    "PATCH",
                    f"/api/applications/{app}",
                    {"version": version, "changes": {"content": f"officer {k} save {done}"}},
                )
                if status == 200:
                    done += 1
                    break
                assert status == 409, (status, body)
                conflicts += 1
                version = json.loads(body)["current_version"]
        return done

    accepted = sum(await asyncio.gather(*(officer(k) for k in range(clients))))
    return accepted, conflicts


def prepare(url: str) -> None:
    from xxgk.sample.register import simulate
    from xxgk.store.accounts import add_user
    from xxgk.store.db import open_db

    sessions = open_db(url)
    with sessions() as s:
        simulate(s, random.Random(1), years=(2024, 2025), per_year=2000, today=date(2026, 1, 20))
        add_user(s, "bench", "bench-password", "admin")
    # Statistics for the planner now, not whenever autovacuum gets to the new tables mid-run.
    with sessions.kw["bind"].connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("ANALYZE")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument("--clients", type=int, default=32)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--port", type=int, default=8731)
    ap.add_argument("--rate", type=float, default=300, help="offered load of the paced phase, requests per second")
    a = ap.parse_args()
    url, cleanup = scratch_db(a.db)
    try:
        prepare(url)
        with serving(url, a.port, a.workers):
            asyncio.run(run(a, url))
    finally:
        cleanup()


async def run(a, url: str) -> None:
    c = await Conn.open(a.port)
    token = json.loads((await c.call("POST", "/api/login", {"username": "bench", "password": "bench-password"}))[1])
    AUTH["header"] = f"Authorization: Bearer {token['token']}\r\n"
    bodies = json.loads((await c.call("GET", "/api/bodies"))[1])
    ids = list(range(1, 4001))

    def reads(rng: random.Random) -> str:
        x = rng.random()
        if x < 0.6:
            return f"/api/applications/{rng.choice(ids)}"
        if x < 0.8:
            return f"/api/applications?body_id={rng.choice(bodies)['id']}&due_within=5&today=2026-01-05&limit=50"
        if x < 0.9:
            return f"/api/applications?body_id={rng.choice(bodies)['id']}&overdue=true&today=2026-01-20&limit=50"
        return f"/api/deadline?received=2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"

    await load(a.port, reads, 2, a.clients)  # warm up
    n0, lat0 = await load(a.port, lambda rng: "/api/health", a.seconds / 2, a.clients)
    n, lat = await load(a.port, reads, a.seconds, a.clients)
    base = n0 / (a.seconds / 2)
    rps = n / a.seconds
    print(
        f"database: {a.db}; server: xxgk serve --workers {a.workers}; {a.clients} concurrent clients; "
        f"{len(ids)} applications"
    )
    print(
        f"baseline GET /api/health: {base:8.0f} req/s  p50 {percentile(lat0, 50) * 1000:5.1f} ms  "
        f"p99 {percentile(lat0, 99) * 1000:5.1f} ms"
    )
    print(
        f"register reads (mix):     {rps:8.0f} req/s  p50 {percentile(lat, 50) * 1000:5.1f} ms  "
        f"p95 {percentile(lat, 95) * 1000:5.1f} ms  p99 {percentile(lat, 99) * 1000:5.1f} ms  "
        f"({rps / base:.2f}x the baseline's rate)"
    )
    lat_p = await paced(a.port, reads, a.seconds, a.rate)
    print(
        f"register reads at {a.rate:.0f} req/s offered: p50 {percentile(lat_p, 50) * 1000:5.1f} ms  "
        f"p95 {percentile(lat_p, 95) * 1000:5.1f} ms  p99 {percentile(lat_p, 99) * 1000:5.1f} ms  "
        f"(all {len(lat_p)} answered)"
    )
    hot = ids[:20]
    t = time.perf_counter()
    accepted, conflicts = await writes(a.port, hot, a.clients, 25)
    took = time.perf_counter() - t
    # Every accepted save is one version step and one "edited" event: nothing lost.
    from xxgk.register import service
    from xxgk.store.db import open_db

    with open_db(url)() as s:
        steps = sum(service.get(s, i).version - len(service.view(s, i).events) for i in hot)
        edits = sum(1 for i in hot for e in service.view(s, i).events if e.kind == "edited")
        versions = sum(service.get(s, i).version for i in hot)
    before = versions - edits
    print(
        f"concurrent writes: {accepted} saves accepted in {took:.1f} s ({accepted / took:.0f}/s), "
        f"{conflicts} refused as stale (409) and retried; edited events recorded: {edits}; "
        f"lost: {accepted - edits}; version/event mismatch: {steps}"
    )
    assert edits == accepted and steps == 0 and before > 0


if __name__ == "__main__":
    main()
