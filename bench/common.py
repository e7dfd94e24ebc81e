"""What the benchmark scripts share: best-of-N timing on one core, scratch databases."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager


def best(fn, repeat: int) -> float:
    """The fastest of `repeat` runs, in seconds (the others are noise of a shared machine)."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def timed(argv: list[str], env: dict[str, str] | None = None) -> float:
    """Seconds one run of a command takes, start to end (its output thrown away)."""
    t = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, env=env)
    return time.perf_counter() - t


def one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})


_LAUNCH = """\
import os, sys
pid = os.fork()
if pid == 0:
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
    os.execv(sys.argv[1], sys.argv[1:])
_, status, usage = os.wait4(pid, 0)
print(usage.ru_maxrss if os.waitstatus_to_exitcode(status) == 0 else -1)
"""


def peak_memory(argv: list[str]) -> float:
    """MiB at most resident in the largest process of one run of `argv` (it, or a child it
    waited for — xxgk reads in a child process). Measured from a small launcher: ru_maxrss
    survives fork and exec, so a command forked from this process would be counted at
    this process's size, not its own."""
    r = subprocess.run([sys.executable, "-c", _LAUNCH, *argv], capture_output=True, text=True, check=True)
    kib = int(r.stdout.split()[-1])
    if kib < 0:
        raise RuntimeError(f"{argv[:4]} failed: {r.stderr[-500:]}")
    return kib / 1024


PG = "postgresql://postgres@127.0.0.1:5432/test"


def scratch_db(kind: str):
    """An empty database for one measurement: a SQLite file in a temporary folder, or a
    schema of its own on the machine's PostgreSQL. Returns (URL, cleanup)."""
    import shutil
    import tempfile
    import uuid
    from pathlib import Path

    if kind == "sqlite":
        d = Path(tempfile.mkdtemp(prefix="xxgk-bench-"))
        return f"sqlite:///{d / 'bench.sqlite'}", lambda: shutil.rmtree(d)
    import psycopg

    schema = f"bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG, autocommit=True) as c:
        c.execute(f"CREATE SCHEMA {schema}")

    def drop() -> None:
        with psycopg.connect(PG, autocommit=True) as c:
            c.execute(f"DROP SCHEMA {schema} CASCADE")

    return f"{PG}?options=-csearch_path%3D{schema}", drop


@contextmanager
def serving(url: str, port: int, workers: int):
    """`xxgk serve` on the database for the duration, answering /api/health when entered."""
    server = subprocess.Popen(
        [sys.executable, "-m", "xxgk", "serve", "--db", url, "--port", str(port), "--workers", str(workers)],
        stdout=subprocess.DEVNULL,
    )
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        yield
    finally:
        server.terminate()
        server.wait()
