"""Ingest: folders of published reports in any form into the database.

Files are known by their content (SHA-256): a re-run reads only files whose bytes are
new, and a file stored twice under two names is one file. Work is committed in small
batches, each file with everything read from it, so an ingest killed at any moment
is resumed by running it again: nothing stored is lost or stored twice. Files are read
in a process pool (or on Ray); the database is written by this process alone. A file
that cannot be read is stored with its reason and the batch goes on.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, cast

from sqlalchemy import JSON, Table, bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from ..check.corpus import corpus_findings, deadline_for
from ..errors import EngineError, InputError, ReadError
from ..record import json_text
from ..sandbox import LOCAL, Limits, Reader, reading_process
from .bodies import describe, same_body, tail_key
from .continuity import settle_across_years
from .copies import link_copies
from .models import Body, Cell, File, Report, ReportFinding, SectionText, report_figures, utc_now
from .rows import Outcome, cell_rows, read_one, read_timed

# What the readers take; anything else in a folder (images, expected JSON…) is passed over.
SUFFIXES = {
    ".txt",
    ".text",
    ".md",
    ".markdown",
    ".htm",
    ".html",
    ".shtml",
    ".xhtml",
    ".docx",
    ".doc",
    ".wps",
    ".pdf",
    ".xlsx",
    ".xls",
    ".et",
    ".png",  # pictures of scanned pages
    ".jpg",
    ".jpeg",
    ".tif",
    ".tiff",
}
STATUSES = {"good": "无错误", "defective": "有错误", "unreadable": "无法读取", "not_report": "不是年度报告"}


@dataclass
class Tally:
    good: int = 0
    defective: int = 0
    unreadable: int = 0
    not_report: int = 0
    known: int = 0  # already in the database: not read again
    failures: list[tuple[str, str]] = field(default_factory=list)

    def add(self, o: Outcome) -> None:
        setattr(self, o.status, getattr(self, o.status) + 1)
        if o.status == "unreadable":
            self.failures.append((o.path, o.reason or ""))

    @property
    def stored(self) -> int:
        return self.good + self.defective + self.unreadable + self.not_report


# ------------------------------------------------------------------ finding the files
def walk(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Report files under the paths, folders recursively, in a stable order."""
    for p in map(Path, paths):
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs.sort()
                for f in sorted(files):
                    q = Path(root) / f
                    if q.suffix.lower() in SUFFIXES:
                        yield q
        elif p.exists():
            yield p
        else:
            raise InputError(f"{p}：文件或文件夹不存在")


def sha256_of(path: Path) -> tuple[str, int]:
    h = hashlib.sha256()
    size = 0
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
            size += len(chunk)
    return h.hexdigest(), size


# ------------------------------------------------------------------ engines
def local_engine(workers: int, limits: Limits = LOCAL) -> Callable[[list[tuple[str, str, int]]], Iterator[Outcome]]:
    """Read in `workers` processes while this one writes (0: one file at a time in one child
    process). Every file is read under `limits` of memory and time."""

    def run(jobs: list[tuple[str, str, int]]) -> Iterator[Outcome]:
        if workers < 1 or len(jobs) < 2:
            with Reader(limits) as reader:
                yield from (_read_apart(job, reader) for job in jobs)
            return
        import functools
        import multiprocessing
        import threading
        from concurrent.futures import ProcessPoolExecutor

        # Forked, all of them before the pool starts its threads (its fork start does so):
        # a reader starts in milliseconds (a spawned one took a quarter of a second). A
        # reader inherits this process's database connection, never uses it, and dies
        # with this process: a killed ingest leaves no transaction open to block the run
        # that resumes it. From a process with threads (whose locks a fork would copy
        # held), from a clean server process.
        single = threading.active_count() == 1
        pool = ProcessPoolExecutor(
            workers,
            mp_context=multiprocessing.get_context("fork" if single else "forkserver"),
            initializer=reading_process,
            initargs=(limits.memory,),
        )
        try:
            # files sent in chunks: a reader idles less waiting for the next (a few each
            # when there are few files)
            chunk = max(1, min(32, len(jobs) // (4 * workers)))
            yield from pool.map(functools.partial(read_timed, limits=limits), jobs, chunksize=chunk)
        finally:  # the readers end while the last batch is written
            pool.shutdown(wait=False, cancel_futures=True)

    return run


def _read_apart(job: tuple[str, str, int], reader: Reader) -> Outcome:
    """One file read in the reader's child process."""
    try:
        return reader(read_one, (job,), job[0])
    except ReadError as e:
        return Outcome(*job, "unreadable", str(e))
    except RuntimeError as e:
        return Outcome(*job, "unreadable", f"{job[0]}：内部错误 {e}")


def ray_engine(address: str | None = None) -> Callable[[list[tuple[str, str, int]]], Iterator[Outcome]]:
    """Read on a Ray cluster (`pip install xxgk[ray]`): RAY_ADDRESS or --ray-address, or a
    local instance. The files' bytes travel with the tasks, so the cluster's machines need
    not see this machine's disks."""
    address = address or os.environ.get("RAY_ADDRESS")
    if address and "RAY_AUTH_MODE" not in os.environ and _ray_token_present():
        # A cluster started by `ray start` asks for its token, which Ray's client sends
        # only in token mode (read when Ray is imported).
        os.environ["RAY_AUTH_MODE"] = "token"
    try:
        import ray
    except ImportError:
        raise EngineError("未安装 Ray：请先执行 pip install 'xxgk[ray]'") from None

    def connect() -> None:
        if ray.is_initialized():
            return
        _reachable(address)  # Ray itself retries a dead address for minutes
        try:
            # Without an address, a new local instance: not whatever cluster `ray start`
            # last ran on this machine, which may be long gone.
            ray.init(address=address or "local", include_dashboard=False, log_to_driver=False, configure_logging=False)
        except Exception as e:  # noqa: BLE001 - Ray says why in many exception types
            raise EngineError(
                f"无法连接 Ray 集群 {address or '（本机）'}：{e}。请确认地址（ray start 打印的 "
                f"--address），集群启用令牌认证时提供令牌（RAY_AUTH_TOKEN 或 ~/.ray/auth_token）"
            ) from None

    def run(jobs: list[tuple[str, str, int]]) -> Iterator[Outcome]:
        from ..read.limits import read_bytes

        connect()
        remote: Any = ray.remote(read_one)
        window = max(4, int(ray.cluster_resources().get("CPU", 1)) * 4)
        pending: list[Any] = []
        queue = list(reversed(jobs))
        while queue or pending:
            while queue and len(pending) < window:
                job = queue.pop()
                try:
                    pending.append(remote.remote(job, read_bytes(Path(job[0]))))
                except ReadError as e:
                    yield Outcome(job[0], job[1], job[2], "unreadable", str(e))
            if pending:
                done, pending = ray.wait(pending, num_returns=1)
                yield from ray.get(done)

    return run


def _reachable(address: str | None) -> None:
    """A cluster address (host:port or ray://host:port) answers, or a clear EngineError."""
    import socket

    host, _, port = (address or "").removeprefix("ray://").rpartition(":")
    if not host or not port.isdigit():
        return  # "auto", "local" or none: Ray's own business
    try:
        socket.create_connection((host, int(port)), timeout=5).close()
    except OSError as e:
        raise EngineError(
            f"无法连接 Ray 集群 {address}：{e.strerror or e}。请确认集群已启动（ray start --head）、地址和端口无误"
        ) from None


def _ray_token_present() -> bool:
    return bool(
        os.environ.get("RAY_AUTH_TOKEN")
        or os.environ.get("RAY_AUTH_TOKEN_PATH")
        or (Path.home() / ".ray" / "auth_token").exists()
    )


# ------------------------------------------------------------------ storing
@dataclass(slots=True)
class _Body:
    """A body as the writer knows it; `id` is None until its batch stores it."""

    id: int | None
    name: str
    key: str
    kind: str | None
    level: str | None
    region_name: str | None
    region: str | None  # 行政区划代码
    renamed: bool = False  # a fuller name was seen: the stored row is updated with the batch


class Store:
    """Writes outcomes batch by batch; bodies are looked up once and remembered, and a
    batch's new bodies are stored with one insert."""

    def __init__(self, s: Session):
        self.s = s
        self.bodies: dict[str, _Body] = {}
        self.tails: dict[str, list[str]] = {}  # tail_key → keys: where another name of a body is looked for
        for row in s.execute(
            select(Body.id, Body.name, Body.key, Body.kind, Body.level, Body.region_name, Body.region)
        ):
            if row.key:
                self._remember(
                    row.key, _Body(row.id, row.name, row.key, row.kind, row.level, row.region_name, row.region)
                )

    def _remember(self, key: str, body: _Body) -> None:
        self.bodies[key] = body
        self.tails.setdefault(tail_key(key), []).append(key)

    def body(self, name: str | None) -> _Body | None:
        if not name:
            return None
        info = describe(name)
        if not info.key:
            return None
        hit = self.bodies.get(info.key)
        if hit is not None:
            return hit
        same = {
            id(self.bodies[k]): self.bodies[k] for k in self.tails.get(tail_key(info.key), []) if same_body(k, info.key)
        }
        if len(same) == 1:  # the body under a longer or shorter name: the fuller one is kept
            hit = next(iter(same.values()))
            self._remember(info.key, hit)
            if len(info.key) > len(hit.key):
                hit.name, hit.key, hit.renamed = name, info.key, True
                hit.region_name, hit.region = info.region_name, info.code or hit.region
            return hit
        hit = _Body(None, name, info.key, info.kind, info.level, info.region_name, info.code)
        self._remember(info.key, hit)
        return hit

    def _store_bodies(self, bodies: list[_Body | None]) -> None:
        new = list({id(b): b for b in bodies if b is not None and b.id is None}.values())
        fields = ("name", "key", "kind", "level", "region_name", "region")
        ids = _insert_returning(self.s, Body.__table__, [{f: getattr(b, f) for f in fields} for b in new])
        for b, i in zip(new, ids, strict=False):
            b.id, b.renamed = i, False
        renamed = list({id(b): b for b in bodies if b is not None and b.renamed}.values())
        if renamed:
            t = cast(Table, Body.__table__)
            self.s.execute(
                update(t)
                .where(t.c.id == bindparam("b_id"))
                .values(
                    name=bindparam("b_name"),
                    key=bindparam("b_key"),
                    region_name=bindparam("b_region_name"),
                    region=bindparam("b_region"),
                ),
                [
                    {
                        "b_id": b.id,
                        "b_name": b.name,
                        "b_key": b.key,
                        "b_region_name": b.region_name,
                        "b_region": b.region,
                    }
                    for b in renamed
                ],
            )
            for b in renamed:
                b.renamed = False

    def write(self, outcomes: list[Outcome]) -> None:
        """One transaction per batch, every table written with one multi-row insert."""
        s, now = self.s, utc_now()
        file_ids = _insert_returning(
            s,
            File.__table__,
            [
                {
                    "sha256": o.sha256,
                    "path": o.path,
                    "size": o.size,
                    "status": o.status,
                    "reason": o.reason,
                    "ingested_at": now,
                }
                for o in outcomes
            ],
        )
        read = [(o, o.stored(), fid) for o, fid in zip(outcomes, file_ids, strict=False) if o.record is not None]
        bodies = [self.body(rows["record"].get("body")) for _, rows, _ in read]
        self._store_bodies(bodies)
        reports = []
        for (o, rows, fid), body in zip(read, bodies, strict=False):
            rec = rows["record"]
            reports.append(
                {
                    "file_id": fid,
                    "body_id": body and body.id,
                    "body_name": rec.get("body"),
                    "year": rec.get("year"),
                    "format": rec.get("format"),
                    "source": o.path,
                    "published_on": _date(rec.get("posted") or rec.get("published")),
                    "errors": rows["errors"],
                    "warnings": rows["warnings"],
                    "record": rec,
                }
            )
        report_ids = _insert_returning(s, Report.__table__, reports)
        cells, findings, sections, figures = [], [], [], []
        for rid, (_, rows, _), report, body in zip(report_ids, read, reports, bodies, strict=False):
            cells += cell_rows(rid, rows["record"], rows["where"])
            findings += [f | {"report_id": rid} for f in rows["findings"]]
            sections += [x | {"report_id": rid} for x in rows["sections"]]
            figures.append(
                rows["figures"]
                | where_figures(rid, body, report["year"], report["errors"], report["published_on"])
                | {
                    "doubts": rows["doubts"],
                    "filled": rows["filled"],
                    "missing": any(x["rule"] == "missing.table" for x in rows["findings"]),
                }
            )
        _insert_plain(s, cast(Table, Cell.__table__), cells)
        for table, batch in (
            (cast(Table, ReportFinding.__table__), findings),
            (cast(Table, SectionText.__table__), sections),
            (report_figures, figures),
        ):
            if batch:
                names = list(batch[0])
                encode = [isinstance(table.c[n].type, JSON) for n in names]
                _insert_plain(s, table, [tuple(map(_value, encode, row.values())) for row in batch], names)
        s.commit()


def _insert_plain(s: Session, table: Table, rows: list[tuple], names: list[str] | None = None) -> None:
    """Rows (of `names`, else of every column in order) straight through the driver:
    PostgreSQL's COPY, SQLite's executemany. A report is ~190 cells and a few findings,
    sections and figures; the ORM's per-row parameter handling, and psycopg's statement
    per row, cost more than the database's own work. JSON values come encoded."""
    if not rows:
        return
    conn = s.connection()
    quote = conn.dialect.identifier_preparer.quote
    cols = ", ".join(quote(n) for n in names or [c.name for c in table.columns])
    if conn.dialect.name == "postgresql":
        driver: Any = conn.connection.driver_connection  # psycopg's connection
        with driver.cursor() as cur, cur.copy(f"COPY {quote(table.name)} ({cols}) FROM STDIN") as copy:
            for r in rows:
                copy.write_row(r)
        return
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    conn.exec_driver_sql(f"INSERT INTO {quote(table.name)} ({cols}) VALUES ({', '.join([mark] * len(rows[0]))})", rows)


def _value(json: bool, v: Any) -> Any:
    return json_text(v) if json and v is not None else v


def _insert_returning(s: Session, table, rows: list[dict]) -> list[int]:
    """Insert rows, return their new ids in the rows' order."""
    if not rows:
        return []
    stmt = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    return [r[0] for r in s.execute(stmt, rows)]


def _date(v: Any) -> date | None:
    try:
        return date.fromisoformat(v) if v else None
    except ValueError:
        return None


def where_figures(
    report_id: int, body: _Body | None, year: int | None, errors: int, published: date | None
) -> dict[str, Any]:
    """What the figures are filtered by: the body's level, kind and region, errors, lateness."""
    if body is None:
        return {
            "report_id": report_id,
            "body_id": None,
            "year": year,
            "level": None,
            "kind": None,
            "region": None,
            "errors": errors,
            "late": False,
        }
    due = deadline_for(body.kind, body.level, year) if year else None
    return {
        "report_id": report_id,
        "body_id": body.id,
        "year": year,
        "level": body.level,
        "kind": body.kind,
        "region": body.region_name,
        "errors": errors,
        "late": bool(published and due and published > due),
    }


# ------------------------------------------------------------------ the whole run
def ingest(
    s: Session,
    paths: Iterable[str | Path],
    engine: Callable,
    *,
    batch: int = 50,
    progress: Callable[[Tally, int], None] | None = None,
) -> Tally:
    """Read every new file under `paths` and store it; then compare the reports."""
    tally = Tally()
    known = set(s.scalars(select(File.sha256)))
    jobs, seen = [], set()
    for p in walk(paths):
        sha, size = sha256_of(p)
        if sha in known or sha in seen:
            tally.known += 1
            continue
        seen.add(sha)
        jobs.append((str(p), sha, size))
    store = Store(s)
    pending: list[Outcome] = []
    if progress:
        progress(tally, len(jobs))
    for k, o in enumerate(engine(jobs), 1):
        tally.add(o)
        pending.append(o)
        # near the end, smaller batches: what is left to write once the last file is read
        # is written while nothing else runs
        if len(pending) >= (batch if len(jobs) - k > 2 * batch else max(1, batch // 10)):
            store.write(pending)
            pending = []
        if progress:
            progress(tally, len(jobs))
    if pending:
        store.write(pending)
    compare(s)
    return tally


def compare(s: Session) -> int:
    """Settle what neighbouring years settle, choose the file that counts for each body
    and year, then rebuild the findings that compare reports with each other (scope corpus)."""
    settle_across_years(s)
    s.execute(delete(ReportFinding).where(ReportFinding.scope == "corpus"))
    rows = [
        dict(r)
        for r in s.execute(
            select(report_figures, Report.published_on, Report.body_name, Report.source, Body.name.label("canonical"))
            .join(Report, Report.id == report_figures.c.report_id)
            .outerjoin(Body, Body.id == report_figures.c.body_id)
        ).mappings()
    ]
    link_copies(s, rows)
    out = [
        {
            "report_id": rid,
            "scope": "corpus",
            "rule": f.rule,
            "severity": f.severity,
            "message": f.message,
            "cells": f.cells,
        }
        for rid, f in corpus_findings(rows)
    ]
    if out:
        s.execute(insert(ReportFinding), out)
    s.commit()
    return len(out)
