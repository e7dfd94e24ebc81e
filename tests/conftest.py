"""Shared fixtures. The real reports and their expected records live in ../shared
(beside the project, in CI too); they are read from there, never copied."""

from __future__ import annotations

import functools
import importlib.util
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _shared() -> Path:
    """../shared beside the project; for a clone made elsewhere (a temporary folder), beside
    the checkout it was cloned from; or where $XXGK_SHARED says."""
    if os.environ.get("XXGK_SHARED"):
        return Path(os.environ["XXGK_SHARED"])
    here = ROOT.parent / "shared"
    if here.is_dir():
        return here
    origin = subprocess.run(
        ["git", "-C", str(ROOT), "config", "--get", "remote.origin.url"], capture_output=True, text=True
    ).stdout.strip()
    if origin and "://" not in origin and (Path(origin).parent / "shared").is_dir():
        return Path(origin).resolve().parent / "shared"
    return here


SHARED = _shared()
SEEDS = SHARED / "seeds"


def seed_pairs() -> list[tuple[Path, Path]]:
    pairs: list[tuple[Path, Path]] = []
    if not SEEDS.is_dir():
        return pairs  # the tests that need them are marked `shared` and skipped, saying why
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


# ------------------------------------------------------------------ services
# A test that needs a service carries its mark; where the service is missing the test is
# skipped with the reason, unless XXGK_NEED_ALL is set (make test sets it: there every
# service is installed and a missing one is a failure, not a skip).
def _pg_up() -> bool:
    import psycopg

    try:
        psycopg.connect(PG, connect_timeout=3).close()
        return True
    except psycopg.Error:
        return False


SERVICES = {
    "pg": (_pg_up, "PostgreSQL 不可用（127.0.0.1:5432，数据库 test）"),
    "office": (lambda: shutil.which("soffice") is not None, "未安装 LibreOffice（make test 会安装）"),
    "browser": (lambda: Path("/usr/bin/chromium").exists(), "未安装 Chromium（make test 会安装）"),
    "ray": (lambda: importlib.util.find_spec("ray") is not None, "未安装 Ray（pip install 'xxgk[ray]'）"),
    "shared": (lambda: SEEDS.is_dir(), f"未找到 ../shared（{SHARED}），可设置 XXGK_SHARED"),
}


@functools.cache
def _available(name: str) -> bool:
    return bool(SERVICES[name][0]())


def pytest_configure(config) -> None:
    for name, (_, reason) in SERVICES.items():
        config.addinivalue_line("markers", f"{name}: needs it; skipped when absent ({reason})")


def pytest_collection_modifyitems(config, items) -> None:
    for item in items:  # the PostgreSQL half of every test run on both databases
        callspec = getattr(item, "callspec", None)
        if callspec is not None and callspec.params.get("db_url") == "postgresql":
            item.add_marker(pytest.mark.pg)


def pytest_runtest_setup(item) -> None:
    for name, (_, reason) in SERVICES.items():
        if item.get_closest_marker(name) and not _available(name):
            if os.environ.get("XXGK_NEED_ALL"):
                pytest.fail(f"{name}: {reason}")
            pytest.skip(reason)


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


# ------------------------------------------------------------------ running xxgk
@dataclass(frozen=True)
class Ran:
    """What a run of `xxgk` said and how it ended."""

    returncode: int
    stdout: str
    stderr: str
    stdout_bytes: bytes

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def run_xxgk(
    *args: object,
    stdin: bytes | str | None = None,
    env: dict[str, str | None] | None = None,
    process: bool = False,
    cwd: Path | None = None,
    timeout: float = 300,
) -> Ran:
    """Run `xxgk` with `args`: in this process through Typer's CliRunner (the exit code,
    stdout and stderr as the command line gives them), or as a process of its own
    (`process=True`) where the process is the point: the entry point itself, limits on
    the process, signals. `env` adds to the environment (None removes a variable)."""
    argv = [str(a) for a in args]
    if process:
        full = {k: v for k, v in {**os.environ, **(env or {})}.items() if v is not None}
        data = stdin.encode() if isinstance(stdin, str) else stdin
        p = subprocess.run(
            [sys.executable, "-m", "xxgk", *argv], input=data, capture_output=True, env=full, cwd=cwd, timeout=timeout
        )
        return Ran(p.returncode, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace"), p.stdout)
    from typer.testing import CliRunner

    from xxgk.cli import app

    here = Path.cwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        r = CliRunner().invoke(app, argv, input=stdin, env={"COLUMNS": "200", **(env or {})}, catch_exceptions=False)
    finally:
        os.chdir(here)
    return Ran(r.exit_code, r.stdout, r.stderr, r.stdout_bytes)


@pytest.fixture
def xxgk():
    """The one way tests run the `xxgk` command (see run_xxgk)."""
    return run_xxgk


# ------------------------------------------------------------------ a browser
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium driven by Playwright (installed by make test: scripts/system-deps.sh)."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Debian's chromium is installed by make test (scripts/system-deps.sh)"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield b
        b.close()
