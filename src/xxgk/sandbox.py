"""Reading a file nobody vouches for in a child process, under a memory and a time limit.

A report is a few MB of text; a crafted file (a DOCX whose XML honestly inflates to
300 MB, a PDF that sends a reader round in circles) costs minutes and gigabytes. Read in
a child process whose address space is capped (setrlimit) and which is killed when its
time is up, the worst a file can do is fail with a clear message: the server, or the
batch, goes on. The same limits serve the web uploads, `xxgk parse` and `xxgk ingest`.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import signal
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .errors import ReadError, ReadTimeout


@dataclass(frozen=True)
class Limits:
    seconds: float  # wall-clock time for one file
    memory: int  # bytes the reading may take on top of what the process holds when it starts

    @property
    def megabytes(self) -> int:
        return self.memory >> 20


# An upload waits for its answer in a browser; a file of one's own may take its time.
# Scans are read by OCR page by page: a 30-page scan takes minutes on a small machine.
def _setting(name: str, default: int) -> int:
    """A positive whole number from the environment; anything else is said and the default kept."""
    text = os.environ.get(name, "").strip()
    if text.isdigit() and int(text) > 0:
        return int(text)
    if text:
        print(f"环境变量 {name}={text} 不是正整数，按默认值 {default} 处理", file=sys.stderr)
    return default


PAGE_SECONDS = 60  # a scanned page read by OCR takes a few seconds; one taking this long is stuck
UPLOAD = Limits(_setting("XXGK_UPLOAD_SECONDS", 120), _setting("XXGK_UPLOAD_MB", 1536) << 20)
LOCAL = Limits(_setting("XXGK_READ_SECONDS", 600), _setting("XXGK_READ_MB", 3072) << 20)


def too_slow(name: str, limits: Limits) -> str:
    return f"{name}：读取超过 {limits.seconds:g} 秒仍未完成，文件可能异常或过于复杂，已停止读取"


def too_big(name: str, limits: Limits) -> str:
    return f"{name}：读取所需内存超过上限（{limits.megabytes} MB），文件可能异常（如解压后异常庞大），已停止读取"


def cap_memory(memory: int) -> None:
    """Cap this process's address space at what it holds now plus `memory`: past it an
    allocation fails (MemoryError) instead of the machine running out."""
    with open("/proc/self/statm") as f:
        held = int(f.read().split()[0]) * resource.getpagesize()
    resource.setrlimit(resource.RLIMIT_AS, (held + memory, resource.RLIM_INFINITY))


def alarm(seconds: float) -> None:
    """Raise ReadTimeout in this (reading) process's main thread after `seconds`; 0 cancels."""

    def ring(*_: Any) -> None:
        raise ReadTimeout()

    signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)


# Reading processes at once (per server process): reading is CPU work, and a crowd of
# uploads must not take every thread of the server while they wait.
READERS = threading.BoundedSemaphore(max(2, os.cpu_count() or 1))
WAIT = 10  # seconds an upload waits for a free reader before it is turned away


def run(
    fn: Callable[..., Any], args: tuple, name: str, limits: Limits, progress: Callable[[int, int], None] | None = None
) -> Any:
    """fn(*args) in a child process under `limits`; its ReadError comes back as one, and
    running out of time or memory is a ReadError that says so. With `progress`, fn is
    also given `progress=` and what it reports is passed on; each report buys the child
    at least PAGE_SECONDS more (a long scan is bounded page by page)."""
    if not READERS.acquire(timeout=WAIT):
        raise ReadError(f"{name}：服务器正忙（同时读取的文件过多），请稍后重试")
    try:
        return _run(fn, args, name, limits, progress)
    finally:
        READERS.release()


def _run(fn: Callable[..., Any], args: tuple, name: str, limits: Limits, progress) -> Any:
    ctx = _context()
    here, there = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_child, args=(there, fn, args, limits.memory, progress is not None), daemon=True)
    child.start()
    there.close()
    try:
        deadline = time.monotonic() + limits.seconds
        while True:
            if not here.poll(max(0.0, deadline - time.monotonic())):
                raise ReadError(too_slow(name, limits))
            try:
                kind, value = here.recv()
            except (EOFError, OSError):
                kind, value = "died", None
            if kind != "progress":
                break
            progress(*value)
            deadline = max(deadline, time.monotonic() + PAGE_SECONDS)
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        here.close()
    if kind == "ok":
        return value
    if kind == "read":
        raise ReadError(value)
    if kind == "memory":
        raise ReadError(too_big(name, limits))
    if kind == "died":
        raise ReadError(f"{name}：读取进程异常退出（可能超出内存上限 {limits.megabytes} MB），已停止读取")
    raise RuntimeError(value)  # a fault of ours: the caller reports it as an internal error


def _child(conn, fn: Callable[..., Any], args: tuple, memory: int, progress: bool) -> None:
    try:
        cap_memory(memory)
        if progress:
            result: tuple[str, Any] = ("ok", fn(*args, progress=lambda *done: conn.send(("progress", done))))
        else:
            result = ("ok", fn(*args))
    except ReadError as e:
        result = ("read", str(e))
    except MemoryError:
        result = ("memory", None)
    except Exception as e:  # noqa: BLE001 - sent back whole: the parent decides
        result = ("fault", f"{type(e).__name__}: {e}")
    try:
        conn.send(result)
    except MemoryError:
        conn.send(("memory", None))
    conn.close()


def _context():
    """Fork from a single-threaded command line (a few milliseconds); from a server, whose
    other threads may hold locks a forked child would inherit locked, fork from a clean
    server process that has the readers loaded."""
    if threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["xxgk.pipeline"])
    return ctx


def _parse(data: bytes, name: str, ocr: bool = True, progress=None) -> dict:
    from .pipeline import parse_bytes

    return parse_bytes(data, name, ocr, progress).to_json()


def parse_limited(data: bytes, name: str, limits: Limits, ocr: bool = True, progress=None):
    """Read, extract and check `data` in a child process under `limits`; `ocr` and
    `progress` as for pipeline.parse_bytes."""
    from .record import Record

    return Record.from_json(run(_parse, (data, name, ocr), name, limits, progress))
