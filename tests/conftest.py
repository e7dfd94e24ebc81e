"""Shared fixtures. The real reports and their expected records live in ../shared
(beside the project, in CI too); they are read from there, never copied."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _shared() -> Path:
    """../shared beside the project; for a clone made elsewhere (a temporary folder), beside
    the checkout it was cloned from; or where $XXGK_SHARED says."""
    import os
    import subprocess

    if os.environ.get("XXGK_SHARED"):
        return Path(os.environ["XXGK_SHARED"])
    here = ROOT.parent / "shared"
    if here.is_dir():
        return here
    origin = subprocess.run(["git", "-C", str(ROOT), "config", "--get", "remote.origin.url"],
                            capture_output=True, text=True).stdout.strip()
    if origin and "://" not in origin and (Path(origin).parent / "shared").is_dir():
        return Path(origin).resolve().parent / "shared"
    return here


SHARED = _shared()
SEEDS = SHARED / "seeds"


def seed_pairs() -> list[tuple[Path, Path]]:
    assert SEEDS.is_dir(), f"../shared/seeds is missing beside the project ({SEEDS}); or set XXGK_SHARED"
    pairs = []
    for e in sorted(SEEDS.glob("*.expected.json")):
        stem = e.name[: -len(".expected.json")]
        pairs.append((e, SEEDS / f"{stem}.txt"))
    assert len(pairs) == 5
    return pairs


def with_written_parts(record: Path, folder: Path) -> str:
    """A published record with its written parts filled in (a final report needs them),
    saved in `folder`; its path."""
    rec = load(record)
    rec["sections"] = {"overview": "本年度工作情况如下。", "problems": "存在的问题及改进。", "other": "无。"}
    path = folder / "record.json"
    path.write_text(json.dumps(rec, ensure_ascii=False), encoding="utf-8")
    return str(path)


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(params=[p for p in seed_pairs()], ids=lambda p: p[1].stem)
def seed(request):
    expected, source = request.param
    return load(expected), source


# ------------------------------------------------------------------ databases
# The register's tests run on SQLite and on the PostgreSQL server of the machine
# (127.0.0.1:5432, database `test`, as in CI), each test in a schema of its own.
PG = "postgresql://postgres@127.0.0.1:5432/test"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'register.sqlite'}"
        return
    import uuid

    import psycopg

    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG, autocommit=True) as c:
        c.execute(f"CREATE SCHEMA {schema}")
    try:
        yield f"{PG}?options=-csearch_path%3D{schema}"
    finally:
        from sqlalchemy.orm import close_all_sessions

        close_all_sessions()
        with psycopg.connect(PG, autocommit=True) as c:
            c.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture
def sessions(db_url):
    from xxgk.store.db import open_db

    made = open_db(db_url)
    yield made
    made.kw["bind"].dispose()


# ------------------------------------------------------------------ a served application
def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_served(base: str, tries: int = 100) -> bool:
    """Whether the application at `base` answers /api/health within `tries` fifths of a second."""
    import time
    import urllib.request

    for _ in range(tries):
        try:
            urllib.request.urlopen(f"{base}/api/health", timeout=1)
            return True
        except OSError:
            time.sleep(0.2)
    return False
