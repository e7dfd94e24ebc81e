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
from json import JSONEncoder
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from ..check.corpus import corpus_findings, deadline_for
from ..read import ReadError
from ..schema import APPLICANT_PARTS, REVIEW_GROUPS, TABLES
from .bodies import describe, same_body, tail_key
from .models import FIGURES, Body, Cell, File, Report, ReportFinding, SectionText, report_figures

_json = JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
# What the readers take; anything else in a folder (images, expected JSON…) is passed over.
SUFFIXES = {".txt", ".text", ".md", ".markdown", ".htm", ".html", ".shtml", ".xhtml", ".docx", ".doc", ".wps",
            ".pdf", ".xlsx", ".xls", ".et"}
STATUSES = {"good": "无错误", "defective": "有错误", "unreadable": "无法读取", "not_report": "不是年度报告"}


@dataclass
class Outcome:
    """What reading one file gave (crosses the process boundary: plain data only)."""

    path: str
    sha256: str
    size: int
    status: str
    reason: str | None = None
    rows: dict[str, Any] | None = None  # what is stored of the report, made ready by the worker (prepare)


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
            raise FileNotFoundError(f"{p}：文件或文件夹不存在")


def sha256_of(path: Path) -> tuple[str, int]:
    h = hashlib.sha256()
    size = 0
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
            size += len(chunk)
    return h.hexdigest(), size


# ------------------------------------------------------------------ reading one file (in a worker)
def read_one(job: tuple[str, str, int]) -> Outcome:
    from ..pipeline import parse_path

    path, sha, size = job
    try:
        rec = parse_path(path)
    except ReadError as e:
        return Outcome(path, sha, size, "unreadable", str(e))
    except Exception as e:  # noqa: BLE001 - a fault of ours on one odd file must not stop the batch
        return Outcome(path, sha, size, "unreadable", f"{path}：内部错误 {type(e).__name__}: {e}")
    if not any(v is not None for v in rec.cells().values() if not isinstance(v, str)):
        return Outcome(path, sha, size, "not_report", f"{path}：未找到填有数字的年度报告表格")
    return Outcome(path, sha, size, "defective" if rec.errors else "good", None, prepare(rec.to_json()))


def prepare(rec: dict[str, Any]) -> dict[str, Any]:
    """A record as the rows it is stored in, built where it was read: the workers do the
    encoding so that the one writing process only writes."""
    rec = dict(rec)
    provenance = dict(rec.pop("provenance", None) or {})
    where = provenance.pop("cells", None) or {}
    rec["provenance"] = provenance  # file, sha256, encoding: the per-cell part goes with the cells
    cells = []
    for t in TABLES:
        for row, cols in (rec.get(t) or {}).items():
            for col, v in cols.items():
                text = v if isinstance(v, str) else None
                w = where.get(f"{t}.{row}.{col}")
                cells.append((t, row, col, None if text is not None else v, text, v is None,
                              None if w is None else _json(w)))
    return {
        "record": rec, "cells": cells,
        "findings": [{"scope": "report", "rule": x["rule"], "severity": x["severity"], "message": x["message"],
                      "cells": x.get("cells") or []} for x in rec["findings"]],
        "sections": [{"section": k, "text": v} for k, v in (rec.get("sections") or {}).items()],
        "figures": figure_values(rec),
        "errors": sum(1 for x in rec["findings"] if x["severity"] == "error"),
        "warnings": sum(1 for x in rec["findings"] if x["severity"] == "warning"),
    }


# ------------------------------------------------------------------ engines
def local_engine(workers: int) -> Callable[[list[tuple[str, str, int]]], Iterator[Outcome]]:
    """Read in `workers` processes while this one writes (0: read here, one thing at a time)."""
    def run(jobs: list[tuple[str, str, int]]) -> Iterator[Outcome]:
        if workers < 1 or len(jobs) < 2:
            yield from map(read_one, jobs)
            return
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # Spawned, not forked: a forked reader would inherit this process's database
        # connection, and if this process were killed it would keep the half-written
        # batch's transaction open, blocking the run that resumes the ingest.
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
            yield from pool.map(read_one, jobs, chunksize=8)

    return run


def ray_engine(address: str | None = None) -> Callable[[list[tuple[str, str, int]]], Iterator[Outcome]]:
    """Read on a Ray cluster (`pip install xxgk[ray]`): RAY_ADDRESS or --ray-address, or a
    local instance. The files must be reachable under the same paths on every node."""
    try:
        import ray
    except ImportError:
        raise RuntimeError("未安装 Ray：请先执行 pip install 'xxgk[ray]'") from None

    def run(jobs: list[tuple[str, str, int]]) -> Iterator[Outcome]:
        if not ray.is_initialized():
            ray.init(address=address or os.environ.get("RAY_ADDRESS"), include_dashboard=False,
                     log_to_driver=False, configure_logging=False)
        remote = ray.remote(read_one)
        window = max(4, int(ray.cluster_resources().get("CPU", 1)) * 4)
        pending, queue = [], list(jobs)
        while queue or pending:
            while queue and len(pending) < window:
                pending.append(remote.remote(queue.pop(0)))
            done, pending = ray.wait(pending, num_returns=1)
            yield from ray.get(done)

    return run


# ------------------------------------------------------------------ storing
def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


class Store:
    """Writes outcomes batch by batch; bodies are looked up once and remembered."""

    def __init__(self, s: Session):
        self.s = s
        self.bodies: dict[str, tuple[int, Any]] = {}
        self.tails: dict[str, list[str]] = {}  # tail_key → keys: where another name of a body is looked for
        for b in s.scalars(select(Body)):
            if b.key:
                self._remember(b.key, (b.id, b))

    def _remember(self, key: str, hit: tuple[int, Any]) -> None:
        self.bodies[key] = hit
        self.tails.setdefault(tail_key(key), []).append(key)

    def body(self, name: str | None) -> tuple[int | None, Any]:
        if not name:
            return None, None
        info = describe(name)
        if not info.key:
            return None, None
        hit = self.bodies.get(info.key)
        if hit is None:
            same = {self.bodies[k][0]: k for k in self.tails.get(tail_key(info.key), []) if same_body(k, info.key)}
            if len(same) == 1:  # the body under a longer or shorter name: the fuller one is kept
                hit = self.bodies[next(iter(same.values()))]
                self._remember(info.key, hit)
                b = hit[1]
                if len(info.key) > len(b.key or ""):
                    b.name, b.key, b.region_name = name, info.key, info.region_name
                    self.s.flush()
                return hit
            b = Body(name=name, key=info.key, kind=info.kind, region_name=info.region_name, level=info.level)
            self.s.add(b)
            self.s.flush()
            hit = (b.id, b)
            self._remember(info.key, hit)
        return hit

    def write(self, outcomes: list[Outcome]) -> None:
        """One transaction per batch, every table written with one multi-row insert."""
        s, now = self.s, _now()
        file_ids = _insert_returning(s, File.__table__, [
            {"sha256": o.sha256, "path": o.path, "size": o.size, "status": o.status, "reason": o.reason,
             "ingested_at": now} for o in outcomes])
        read = [(o, fid) for o, fid in zip(outcomes, file_ids) if o.rows is not None]
        reports, bodies = [], []
        for o, fid in read:
            rec = o.rows["record"]
            body_id, body = self.body(rec.get("body"))
            reports.append({"file_id": fid, "body_id": body_id, "body_name": rec.get("body"), "year": rec.get("year"),
                            "format": rec.get("format"), "source": o.path, "published_on": _date(rec.get("published")),
                            "errors": o.rows["errors"], "warnings": o.rows["warnings"], "record": rec})
            bodies.append((body_id, body))
        report_ids = _insert_returning(s, Report.__table__, reports)
        cells, findings, sections, figures = [], [], [], []
        for rid, (o, _), report, (body_id, body) in zip(report_ids, read, reports, bodies):
            cells += [(rid, *c) for c in o.rows["cells"]]
            findings += [f | {"report_id": rid} for f in o.rows["findings"]]
            sections += [x | {"report_id": rid} for x in o.rows["sections"]]
            figures.append(o.rows["figures"] | where_figures(rid, body_id, body, report["year"], report["errors"],
                                                             report["published_on"]))
        _insert_cells(s, cells)
        for table, rows in ((ReportFinding.__table__, findings), (SectionText.__table__, sections),
                            (report_figures, figures)):
            if rows:
                s.execute(insert(table), rows)
        s.commit()


def _insert_cells(s: Session, rows: list[tuple]) -> None:
    """The cells straight through the driver (a report has about 190): PostgreSQL's COPY,
    SQLite's executemany. The ORM's per-row parameter handling cost more than the
    database's own work."""
    if not rows:
        return
    conn = s.connection()
    names = ", ".join(conn.dialect.identifier_preparer.quote(c.name) for c in Cell.__table__.columns)
    if conn.dialect.name == "postgresql":
        with conn.connection.driver_connection.cursor() as cur, cur.copy(f"COPY cells ({names}) FROM STDIN") as copy:
            for r in rows:
                copy.write_row(r)
        return
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    conn.exec_driver_sql(f"INSERT INTO cells ({names}) VALUES ({', '.join([mark] * len(rows[0]))})", rows)


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


def figure_values(rec: dict) -> dict[str, Any]:
    """The dashboard's figures of a record: 表三's totals, 本年新收 by applicant, 表四."""
    a, r = rec.get("applications") or {}, rec.get("review_litigation") or {}
    row: dict[str, Any] = dict.fromkeys(FIGURES)
    for key, cols in a.items():
        if f"a_{key}" in row:
            row[f"a_{key}"] = _int(cols.get("total"))
    for part in APPLICANT_PARTS:
        row[f"n_{part}"] = _int((a.get("new_received") or {}).get(part))
    for g, _, _ in REVIEW_GROUPS:
        for col, v in (r.get(g) or {}).items():
            if f"r_{g}_{col}" in row:
                row[f"r_{g}_{col}"] = _int(v)
    return row


def where_figures(report_id: int, body_id: int | None, body, year: int | None, errors: int,
                  published: date | None) -> dict[str, Any]:
    """What the figures are filtered by: the body's level, kind and region, errors, lateness."""
    kind, level, region = (body.kind, body.level, body.region_name) if body is not None else (None, None, None)
    due = deadline_for(kind, level, year) if year and body is not None else None
    return {"report_id": report_id, "body_id": body_id, "year": year, "level": level, "kind": kind, "region": region,
            "errors": errors, "late": bool(published and due and published > due)}


def _int(v: Any) -> int | None:
    return int(v) if isinstance(v, (int, float)) and not isinstance(v, bool) and float(v).is_integer() else None


# ------------------------------------------------------------------ the whole run
def ingest(s: Session, paths: Iterable[str | Path], engine: Callable, *, batch: int = 50,
           progress: Callable[[Tally, int], None] | None = None) -> Tally:
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
    for o in engine(jobs):
        tally.add(o)
        pending.append(o)
        if len(pending) >= batch:
            store.write(pending)
            pending = []
        if progress:
            progress(tally, len(jobs))
    if pending:
        store.write(pending)
    compare(s)
    return tally


def compare(s: Session) -> int:
    """Rebuild the findings that compare reports with each other (scope corpus)."""
    s.execute(delete(ReportFinding).where(ReportFinding.scope == "corpus"))
    rows = s.execute(select(report_figures, Report.published_on, Report.body_name, Body.name.label("canonical"))
                     .join(Report, Report.id == report_figures.c.report_id)
                     .outerjoin(Body, Body.id == report_figures.c.body_id)).mappings().all()
    out = [{"report_id": rid, "scope": "corpus", "rule": f.rule, "severity": f.severity, "message": f.message,
            "cells": f.cells} for rid, f in corpus_findings([dict(r) for r in rows])]
    if out:
        s.execute(insert(ReportFinding), out)
    s.commit()
    return len(out)
