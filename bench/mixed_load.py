"""Many users at once, as an office's day has them: supervisors on the dashboard with
filters of their own, officers on their register, visitors in the library, and uploads.

    .venv/bin/python bench/mixed_load.py [--db sqlite|postgresql] [--reports 10000] [--seconds 20]

The corpus is web_load.py's (the demo corpus scaled to --reports, kept in bench/out);
a copy of it gets a register (five bodies' officers, 600 applications), a supervisor of
示例市 and an admin. `xxgk serve --workers 2` answers. Two runs, each --seconds long:
50 users (20 supervisors, 20 officers, 10 visitors) and 100 users (40, 40, 15 and 5
uploaders checking a real report on /check). Every user asks, one request after the
other, over a keep-alive connection, logged in with a Bearer token; a supervisor's
dashboard filters are drawn from region × level × year × body × errors × min_count, so
most are new to the server's answer cache. Reported per kind of page: requests, p50,
p95, p99 and the slowest (a stall shows there), and every answer that is not a success.
Baseline, in the same run: GET /api/health at the same concurrency. A 5 s warm-up
comes first (templates compiled, the figures loaded into each worker), not measured.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import shutil
import time
import uuid
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import quote

from api_load import percentile
from common import scratch_db, serving
from web_load import OUT, build

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seeds"
PASSWORD = "bench-password-1"


class Conn:
    """One keep-alive HTTP/1.1 connection, as one user."""

    def __init__(self, reader, writer, token: str):
        self.r, self.w, self.token = reader, writer, token

    @classmethod
    async def open(cls, port: int, token: str) -> Conn:
        return cls(*await asyncio.open_connection("127.0.0.1", port), token)

    async def call(self, method: str, path: str, body: bytes = b"", ctype: str = "") -> tuple[int, bytes]:
        head = f"{method} {path} HTTP/1.1\r\nHost: x\r\nContent-Length: {len(body)}\r\n"
        if self.token:
            head += f"Authorization: Bearer {self.token}\r\n"
        if ctype:
            head += f"Content-Type: {ctype}\r\n"
        self.w.write(head.encode() + b"\r\n" + body)
        status = int((await self.r.readline()).split()[1])
        length, chunked = 0, False
        while (line := await self.r.readline()) not in (b"\r\n", b""):
            low = line.lower()
            if low.startswith(b"content-length:"):
                length = int(line.split(b":")[1])
            elif low.startswith(b"transfer-encoding:") and b"chunked" in low:
                chunked = True
        if not chunked:
            return status, await self.r.readexactly(length)
        data = b""
        while size := int((await self.r.readline()).strip(), 16):
            data += await self.r.readexactly(size + 2)
        await self.r.readline()
        return status, data


def register(url: str) -> None:
    """Users and a register on the copied corpus."""
    from xxgk.register import service
    from xxgk.store.accounts import add_user
    from xxgk.store.db import open_db
    from xxgk.store.models import Body

    sessions = open_db(url)
    with sessions() as s:
        from sqlalchemy import select

        bodies = list(s.scalars(select(Body).where(Body.region_name.like("%示例市%")).order_by(Body.id).limit(5)))
        rng = random.Random(3)
        for k, b in enumerate(bodies):
            add_user(s, f"officer{k}", PASSWORD, "officer", body=b)
            for _ in range(120):
                service.receive(
                    s,
                    b,
                    date(2025, 1, 2) + timedelta(days=rng.randint(0, 330)),
                    "natural_person",
                    "bench",
                    applicant_name="张三",
                    content="申请公开",
                )
        add_user(s, "sup", PASSWORD, "supervisor", region="示例市")
        add_user(s, "root", PASSWORD, "admin")
    sessions.kw["bind"].dispose()


async def token(port: int, user: str) -> str:
    c = await Conn.open(port, "")
    status, body = await c.call(
        "POST", "/api/login", json.dumps({"username": user, "password": PASSWORD}).encode(), "application/json"
    )
    assert status == 200, (status, body)
    c.w.close()
    return json.loads(body)["token"]


def dashboard(rng: random.Random) -> str:
    q = []
    if rng.random() < 0.7:
        q.append(
            f"region={quote(rng.choice(('示例市', '示例市甲区', '示例2市', '示例市乙区', '示例3市丙县', '示例')))}"
        )
    if rng.random() < 0.4:
        q.append(f"level={quote(rng.choice(('市', '县')))}")
    if rng.random() < 0.6:
        q.append(f"year={rng.choice((2021, 2022, 2023, 2024))}")
    if rng.random() < 0.3:
        q.append(f"body={quote(rng.choice(('公安局', '教育局', '人民政府', '民政局', '卫生')))}")
    if rng.random() < 0.3:
        q.append("errors=1")
    if rng.random() < 0.3:
        q.append(f"min_count={rng.choice((1, 5, 10, 20, 50))}")
    return "/dashboard" + ("?" + "&".join(q) if q else "")


def officer(apps: list[int]):
    def pages(rng: random.Random) -> tuple[str, str]:
        r = rng.random()
        if r < 0.3:
            return "register", "/register"
        if r < 0.7:
            return "register", f"/register/{rng.choice(apps)}"
        if r < 0.9:
            return "api", "/api/applications?limit=50"
        return "api", f"/api/applications/{rng.choice(apps)}/deadline"

    return pages


def visitor(reports: int, bodies: int):
    def pages(rng: random.Random) -> tuple[str, str]:
        r = rng.random()
        if r < 0.3:
            return "library", f"/reports?year={rng.choice((2021, 2022, 2023, 2024))}"
        if r < 0.7:
            return "library", f"/reports/{rng.randint(1, reports)}"
        return "library", f"/bodies/{rng.randint(1, bodies)}"

    return pages


async def run_users(port: int, seconds: float, users: list[tuple[str, object]], tokens: dict[str, str]):
    """Each user asks one request after another until the time is up."""
    seen: dict[str, list[float]] = defaultdict(list)
    failed: list[tuple[str, int]] = []
    stop = time.perf_counter() + seconds
    upload = next(SEED.glob("*.txt")).read_bytes()

    async def user(k: int, role: str, pages) -> None:
        c = await Conn.open(port, tokens[role])
        rng = random.Random(k)
        csrf = ""
        while time.perf_counter() < stop:
            t = time.perf_counter()
            if role == "uploader":
                kind = "upload"
                if not csrf:
                    _, page = await c.call("GET", "/check")
                    csrf = page.decode().split('name="csrf" value="')[1].split('"')[0]
                b = uuid.uuid4().hex
                body = (
                    (
                        f'--{b}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n{csrf}\r\n'
                        f'--{b}\r\nContent-Disposition: form-data; name="files"; filename="report.txt"\r\n'
                        f"Content-Type: text/plain\r\n\r\n"
                    ).encode()
                    + upload
                    + f"\r\n--{b}--\r\n".encode()
                )
                status, _ = await c.call("POST", "/check", body, f"multipart/form-data; boundary={b}")
                path = "/check"
            else:
                kind, path = ("dashboard", dashboard(rng)) if role == "supervisor" else pages(rng)
                status, _ = await c.call("GET", path)
            seen[kind].append(time.perf_counter() - t)
            if status >= 400:
                failed.append((path, status))

    await asyncio.gather(*(user(k, role, pages) for k, (role, pages) in enumerate(users)))
    return seen, failed


async def health(port: int, seconds: float, n: int) -> list[float]:
    lat: list[float] = []
    stop = time.perf_counter() + seconds

    async def one() -> None:
        c = await Conn.open(port, "")
        while time.perf_counter() < stop:
            t = time.perf_counter()
            await c.call("GET", "/api/health")
            lat.append(time.perf_counter() - t)

    await asyncio.gather(*(one() for _ in range(n)))
    return lat


def line(kind: str, lat: list[float], seconds: float) -> str:
    ms = [x * 1000 for x in lat]
    return (
        f"  {kind:<10} {len(lat) / seconds:6.0f} req/s  p50 {percentile(ms, 50):6.1f} ms  p95 {percentile(ms, 95):6.1f} ms"
        f"  p99 {percentile(ms, 99):7.1f} ms  slowest {max(ms):7.1f} ms"
    )


async def run(a, url: str) -> None:
    from sqlalchemy import func, select

    from xxgk.store.db import open_db
    from xxgk.store.models import Application, Body, Report

    sessions = open_db(url)
    with sessions() as s:
        reports = s.scalar(select(func.count()).select_from(Report))
        bodies = s.scalar(select(func.max(Body.id)))
        apps_by = {}
        for app_id, body_id in s.execute(select(Application.id, Application.body_id)):
            apps_by.setdefault(body_id, []).append(app_id)
    sessions.kw["bind"].dispose()
    tokens = {"supervisor": await token(a.port, "sup"), "visitor": "", "uploader": await token(a.port, "sup")}
    officers = []
    for k, (_, apps) in enumerate(sorted(apps_by.items())):
        tokens[f"officer{k}"] = await token(a.port, f"officer{k}")
        officers.append((f"officer{k}", officer(apps)))
    print(
        f"database: {a.db}; {reports} reports, {sum(map(len, apps_by.values()))} applications; "
        f"server: xxgk serve --workers 2; {a.seconds:.0f} s per run"
    )
    # Warm up (templates compiled, the figures loaded into each worker), not measured.
    await run_users(
        a.port, 5, [("supervisor", None)] * 10 + officers + [("visitor", visitor(reports, bodies))] * 4, tokens
    )
    for n_sup, n_off, n_vis, n_up in ((20, 20, 10, 0), (40, 40, 15, 5)):
        users = (
            [("supervisor", None)] * n_sup
            + [officers[k % len(officers)] for k in range(n_off)]
            + [("visitor", visitor(reports, bodies))] * n_vis
            + [("uploader", None)] * n_up
        )
        total = len(users)
        base = await health(a.port, 5, total)
        seen, failed = await run_users(a.port, a.seconds, users, tokens)
        print(f"{total} users ({n_sup} supervisors, {n_off} officers, {n_vis} visitors, {n_up} uploading):")
        print(line("health", base, 5) + "   (baseline)")
        for kind in ("dashboard", "register", "api", "library", "upload"):
            if seen.get(kind):
                print(line(kind, seen[kind], a.seconds))
        print(f"  not a success: {len(failed)}" + (f" (e.g. {failed[:3]})" if failed else ""))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    ap.add_argument("--reports", type=int, default=10_000)
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument("--port", type=int, default=8743)
    a = ap.parse_args()
    if a.db == "sqlite":
        OUT.mkdir(parents=True, exist_ok=True)
        corpus = OUT / f"web-{a.reports}.sqlite"
        if not corpus.exists():
            build(f"sqlite:///{corpus}", a.reports)
        url, cleanup = scratch_db("sqlite")
        shutil.copy(corpus, url.removeprefix("sqlite:///"))
    else:
        url, cleanup = scratch_db("postgresql")
        build(url, a.reports)
    try:
        register(url)
        with serving(url, a.port, 2):
            asyncio.run(run(a, url))
    finally:
        cleanup()


if __name__ == "__main__":
    main()
