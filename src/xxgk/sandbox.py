"""Reading a file nobody vouches for in a child process, under a memory and a time limit.

A report is a few MB of text; a crafted file (a DOCX whose XML honestly inflates to
300 MB, a PDF that sends a reader round in circles) costs minutes and gigabytes. Read in
a child process whose address space is capped (setrlimit) and which is killed when its
time is up, the worst a file can do is fail with a clear message: the server, or the
batch, goes on. The same limits serve the web uploads, `xxgk parse` and `xxgk ingest`.
"""

from __future__ import annotations

import gc
import os
import pickle
import resource
import select
import signal
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
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
def setting(name: str, default: int) -> int:
    """A positive whole number from the environment; anything else is said and the default kept."""
    text = os.environ.get(name, "").strip()
    if text.isdigit() and int(text) > 0:
        return int(text)
    if text:
        print(f"环境变量 {name}={text} 不是正整数，按默认值 {default} 处理", file=sys.stderr)
    return default


PAGE_SECONDS = 60  # a scanned page read by OCR takes a few seconds; one taking this long is stuck
UPLOAD = Limits(setting("XXGK_UPLOAD_SECONDS", 120), setting("XXGK_UPLOAD_MB", 1536) << 20)
LOCAL = Limits(setting("XXGK_READ_SECONDS", 600), setting("XXGK_READ_MB", 3072) << 20)


def too_slow(name: str, limits: Limits) -> str:
    return f"{name}：读取超过 {limits.seconds:g} 秒仍未完成，文件可能异常或过于复杂，已停止读取"


def too_big(name: str, limits: Limits) -> str:
    return f"{name}：读取所需内存超过上限（{limits.megabytes} MB），文件可能异常（如解压后异常庞大），已停止读取"


def reading_process(memory: int) -> None:
    """Make this (child) process a reader: killed when the process that made it ends
    (Linux; a reader forked by an ingest holds its database connection open while it
    lives), its address space capped at what it holds now plus `memory` — past it an
    allocation fails (MemoryError) instead of the machine running out."""
    try:
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # elsewhere it ends when it next waits for its parent
        pass
    resource.setrlimit(resource.RLIMIT_AS, (_size() + memory, resource.RLIM_INFINITY))
    gc.freeze()  # what it inherited lives on: a collection walking it would copy its pages


def alarm(seconds: float) -> None:
    """Raise ReadTimeout in this (reading) process's main thread after `seconds`, and again
    every tenth of a second until cancelled (0): raised while a finalizer or a collector's
    callback runs (a library's, inherited from the parent), the exception is swallowed there."""

    def ring(*_: Any) -> None:
        signal.setitimer(signal.ITIMER_REAL, 0.1)
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
    with Reader(limits) as reader:
        return reader(fn, args, name, progress)


class Reader:
    """A child process that reads file after file, each under `limits` (the time per file;
    the memory on top of what the child held when it started). Files of one batch share
    it: the readers' libraries, decoders and patterns are loaded once, not once per file.
    A file that runs out of time or memory, or kills the child, costs the child: the next
    file gets a fresh one, as does a file after the child has grown past half its memory."""

    def __init__(self, limits: Limits):
        self.limits = limits
        self.child: Any = None
        self.conn: Any = None

    def __enter__(self) -> Reader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __call__(
        self, fn: Callable[..., Any], args: tuple, name: str, progress: Callable[[int, int], None] | None = None
    ) -> Any:
        if not READERS.acquire(timeout=WAIT):
            raise ReadError(f"{name}：服务器正忙（同时读取的文件过多），请稍后重试")
        try:
            kind, value = self._ask((fn, args, progress is not None), name, progress)
        finally:
            READERS.release()
        if kind == "ok":
            return value
        if kind == "read":
            raise ReadError(value)
        if kind == "memory":
            raise ReadError(too_big(name, self.limits))
        if kind == "died":
            raise ReadError(f"{name}：读取进程异常退出（可能超出内存上限 {self.limits.megabytes} MB），已停止读取")
        raise RuntimeError(value)  # a fault of ours: the caller reports it as an internal error

    def parse(self, data: bytes, name: str, ocr: bool = True, progress=None):
        """Read, extract and check `data` (parse_limited, in this reader's child)."""
        from .record import Record

        return Record.from_json(self(_parse, (data, name, ocr), name, progress))

    def parse_json(self, data: bytes | None, name: str, ocr: bool = True, progress=None) -> tuple[str, int]:
        """The record's JSON line and how many errors it has: what `xxgk parse --json`
        writes, made in the child (no record built again here). Without `data` the child
        reads the file `name` itself: its bytes need not pass through this process."""
        return self(_parse_json, (data, name, ocr), name, progress)

    def start(self) -> None:
        """The child, made now if there is none (else with the first file)."""
        if self.child is None:
            ctx = _context()
            self.conn, there = ctx.Pipe()
            self.child = ctx.Process(target=_serve, args=(there, self.limits.memory), daemon=True)
            self.child.start()
            there.close()

    def _ask(self, job: tuple, name: str, progress) -> tuple[str, Any]:
        self.start()
        try:
            self.conn.send(job)
            deadline = time.monotonic() + self.limits.seconds
            while True:
                if not self.conn.poll(max(0.0, deadline - time.monotonic())):
                    self._stop()
                    raise ReadError(too_slow(name, self.limits))
                kind, value, retire = self.conn.recv()
                if kind != "progress":
                    break
                progress(*value)
                deadline = max(deadline, time.monotonic() + PAGE_SECONDS)
        except (EOFError, OSError):
            kind, value, retire = "died", None, True
        if retire:
            self._stop()
        return kind, value

    def _stop(self) -> None:
        child, conn, self.child, self.conn = self.child, self.conn, None, None
        if child is None:  # ended already (by close, from another thread)
            return
        if child.is_alive():
            child.kill()
        child.join()
        conn.close()

    def close(self) -> None:
        """End the child (waiting for its next file, it holds nothing worth a clean exit)."""
        self._stop()


def _serve(conn, memory: int) -> None:
    """The child: jobs until it is ended, or until it has grown past half its allowance
    (it says so with the result and ends)."""
    reading_process(memory)
    start = _size()
    while True:
        try:
            fn, args, progress = conn.recv()
        except EOFError:  # the parent went away
            break
        try:
            if progress:
                result: tuple[str, Any] = ("ok", fn(*args, progress=lambda *done: conn.send(("progress", done, False))))
            else:
                result = ("ok", fn(*args))
        except ReadError as e:
            result = ("read", str(e))
        except MemoryError:
            result = ("memory", None)
        except Exception as e:  # noqa: BLE001 - sent back whole: the parent decides
            result = ("fault", f"{type(e).__name__}: {e}")
        retire = result[0] not in ("ok", "read") or _size() - start > memory // 2
        try:
            conn.send((*result, retire))
        except MemoryError:
            conn.send(("memory", None, True))
        if retire:
            break
    conn.close()


def _size() -> int:
    """Bytes of this process's address space (what RLIMIT_AS caps)."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[0]) * resource.getpagesize()


def _context() -> Any:
    """Fork from a single-threaded command line (a few milliseconds: `_Fork`); from a
    server, whose other threads may hold locks a forked child would inherit locked, fork
    from a clean server process that has the readers loaded."""
    if threading.active_count() == 1:
        return _Fork
    import multiprocessing

    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["xxgk.pipeline"])
    return ctx


class _End:
    """One end of a pair of OS pipes carrying pickled messages, as multiprocessing's
    Connection does (send, recv, poll, close) without its imports: a third of the time a
    one-file `xxgk parse` spent starting, besides reading."""

    def __init__(self, r: int, w: int) -> None:
        self.r, self.w = r, w
        self.other: _End | None = None  # the pair's other end: the child closes its parent's

    def send(self, obj: Any) -> None:
        data = pickle.dumps(obj, pickle.HIGHEST_PROTOCOL)
        self._write(len(data).to_bytes(8, "little"))
        self._write(data)

    def _write(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            view = view[os.write(self.w, view) :]

    def recv(self) -> Any:
        return pickle.loads(self._read(int.from_bytes(self._read(8), "little")))

    def _read(self, n: int) -> bytes:
        buf = bytearray()
        while len(buf) < n:
            chunk = os.read(self.r, min(n - len(buf), 1 << 20))
            if not chunk:
                raise EOFError
            buf += chunk
        return bytes(buf)

    def poll(self, timeout: float) -> bool:
        waiting = select.poll()  # not select(): it refuses descriptors past 1023
        waiting.register(self.r, select.POLLIN)
        return bool(waiting.poll(timeout * 1000))

    def close(self) -> None:
        for fd in (self.r, self.w):
            if fd >= 0:
                os.close(fd)
        self.r = self.w = -1  # once: a number closed twice may be another file's by then


class _Fork:
    """The fork start of multiprocessing (Pipe, Process), in a few lines of os calls."""

    @staticmethod
    def Pipe() -> tuple[_End, _End]:  # noqa: N802 - as multiprocessing's context names it
        r1, w1 = os.pipe()
        r2, w2 = os.pipe()
        here, there = _End(r1, w2), _End(r2, w1)
        here.other, there.other = there, here
        return here, there

    class Process:
        def __init__(self, target: Callable[..., Any], args: tuple, daemon: bool = True) -> None:
            self.target, self.args = target, args
            self.pid = 0
            self.status: int | None = None

        def start(self) -> None:
            for stream in (sys.stdout, sys.stderr):  # nothing written twice
                stream.flush()
            pid = os.fork()
            if pid == 0:  # the child: its parent's ends closed, so that it hears when the parent goes
                code = 1
                try:
                    for a in self.args:
                        if isinstance(a, _End) and a.other is not None:
                            a.other.close()
                    self.target(*self.args)
                    code = 0
                finally:
                    os._exit(code)
            self.pid = pid

        def is_alive(self) -> bool:
            if self.status is None:
                pid, status = os.waitpid(self.pid, os.WNOHANG)
                if pid:
                    self.status = status
            return self.status is None

        def kill(self) -> None:
            if self.is_alive():
                os.kill(self.pid, signal.SIGKILL)

        def join(self) -> None:
            if self.status is None:
                self.status = os.waitpid(self.pid, 0)[1]


def _parse(data: bytes, name: str, ocr: bool = True, progress=None) -> dict:
    from .pipeline import parse_bytes

    return parse_bytes(data, name, ocr, progress).to_json()


def _parse_json(data: bytes | None, name: str, ocr: bool = True, progress=None) -> tuple[str, int]:
    from .pipeline import parse_bytes
    from .read.limits import read_bytes

    rec = parse_bytes(read_bytes(Path(name)) if data is None else data, name, ocr, progress)
    return rec.dumps(), len(rec.errors)


def parse_limited(data: bytes, name: str, limits: Limits, ocr: bool = True, progress=None):
    """Read, extract and check `data` in a child process under `limits`; `ocr` and
    `progress` as for pipeline.parse_bytes."""
    with Reader(limits) as reader:
        return reader.parse(data, name, ocr, progress)
