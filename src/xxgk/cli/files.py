"""Reading report files from the command line — `xxgk parse` and `xxgk check` — without
the command-line framework: the Typer commands (reports.py) and the fast path (`fast`)
both run them here. rich is loaded only to show tables, a message or a scan's progress."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from ..errors import ReadError, XxgkError

if TYPE_CHECKING:
    from ..record import Record


def say(message: str) -> None:
    """A message on standard error, as every command says one (rich markup)."""
    from .console import err

    err.print(message, soft_wrap=True)


def failed(e: Exception) -> int:
    """Say why a command stopped; the exit code. An XxgkError is said in Chinese with the
    code it carries (errors.py); a fault of ours is said, never shown as a traceback
    (unless XXGK_DEBUG is set: then it is raised)."""
    if isinstance(e, XxgkError):
        say(f"[bold red]{e.title}[/]：{e}")
        return e.exit_code
    if os.environ.get("XXGK_DEBUG"):
        raise e
    say(f"[bold red]内部错误[/]：{type(e).__name__}: {e}（设置 XXGK_DEBUG=1 可查看详情，请反馈）")
    return 70


def each_file(files: list[str], each: Callable[[str], None], ocr: bool = True) -> int:
    """Read every file in a child process, each file with a memory and a time limit, so
    one odd file stops nothing, and give `each` its record's JSON line; 2 if one could
    not be read, else 1 if one has errors. Files are read by as many children at once as
    the machine has cores (up to READING; XXGK_READERS sets it) and said in the order
    given. A scan's pages show a progress bar on a terminal."""
    failed_ = errors = 0
    for f, kind, value in _readings(files, ocr):
        if kind == "ok":
            text, n_errors = value
            errors += bool(n_errors)
            each(text)
            continue
        failed_ += 1
        if kind == "read":
            say(f"[bold red]{value.title}[/]：{value}")
        elif os.environ.get("XXGK_DEBUG"):
            raise value
        else:  # a fault of ours on one odd file must not stop the batch
            say(
                f"[bold red]内部错误[/]：{f}：{type(value).__name__}: {value}（其余文件照常处理；"
                "设置 XXGK_DEBUG=1 可查看详情，请反馈此文件）"
            )
    return 2 if failed_ else (1 if errors else 0)


READING = 4  # children reading at once by default, at most (XXGK_READERS): one per core


def _readings(files: list[str], ocr: bool) -> Iterator[tuple[str, str, Any]]:
    """(file, "ok", (JSON line, errors)) or (file, "read" | "fault", the exception), in
    the files' order. The reading modules are loaded once, here, and the children forked
    with them; each reads file after file, waited for by a thread of its own."""
    import importlib

    from ..pipeline import readers_for
    from ..sandbox import LOCAL, Reader, setting

    for module in readers_for(files):
        try:
            importlib.import_module(module)
        except ImportError:  # said by the file that needs it
            continue
    pages = _Pages()
    at_once = setting("XXGK_READERS", min(os.cpu_count() or 1, READING))
    readers = [Reader(LOCAL) for _ in range(max(1, min(len(files), at_once)))]
    for r in readers:
        r.start()  # forked now, while this process has one thread

    def read(reader: Reader, f: str) -> tuple[str, str, Any]:
        try:
            data = sys.stdin.buffer.read() if f == "-" else None  # a file is read by the child
            with pages.of(f) as progress:
                return f, "ok", reader.parse_json(data, f, ocr=ocr, progress=progress)
        except ReadError as e:
            return f, "read", e
        except Exception as e:  # noqa: BLE001 - said by the caller, the batch goes on
            return f, "fault", e

    done: dict[int, tuple[str, str, Any]] = {}
    turn = threading.Condition()
    todo = iter(enumerate(files))
    stop = threading.Event()

    def work(reader: Reader) -> None:
        while True:
            with turn:
                job = None if stop.is_set() else next(todo, None)
            if job is None:
                return
            result = read(reader, job[1])
            with turn:
                done[job[0]] = result
                turn.notify_all()

    try:
        if len(readers) == 1:
            yield from (read(readers[0], f) for f in files)
            return
        for r in readers:
            threading.Thread(target=work, args=(r,), daemon=True).start()
        for k in range(len(files)):
            with turn:
                turn.wait_for(lambda: k in done)  # noqa: B023 - waited for here, in this turn
                result = done.pop(k)
            yield result
    finally:
        stop.set()  # no thread takes another file
        for r in readers:  # ends the children: a thread still waiting on one hears so at once
            r.close()
        pages.stop()


class _Pages:
    """Bars of the scanned pages read so far, a bar per file being read, on a terminal;
    made when the first scanned page is reported (most files have none)."""

    def __init__(self) -> None:
        self.progress: Any = None
        self.lock = threading.Lock()

    @contextmanager
    def of(self, name: str) -> Iterator[Callable[[int, int], None] | None]:
        if not sys.stderr.isatty():
            yield None
            return
        task: list[Any] = []

        def report(done: int, of: int) -> None:
            with self.lock:
                if self.progress is None:
                    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

                    from .console import err

                    self.progress = Progress(
                        TextColumn("{task.description}"),
                        BarColumn(),
                        MofNCompleteColumn(),
                        TimeElapsedColumn(),
                        console=err,
                        transient=True,
                    )
                    self.progress.start()
                if not task:
                    task.append(self.progress.add_task(f"文字识别 {name}", total=None))
                self.progress.update(task[0], completed=done, total=of)

        try:
            yield report
        finally:
            if task:
                with self.lock:
                    self.progress.remove_task(task[0])
                    if not self.progress.tasks:  # no scan being read: the bars go until the next
                        self.progress.stop()
                        self.progress = None

    def stop(self) -> None:
        if self.progress is not None:
            self.progress.stop()


def parse_files(files: list[str], json: bool = False, explain: list[str] | None = None, ocr: bool = True) -> int:
    """`xxgk parse`: each file's tables and findings, its JSON record (one line each), or
    where the cells named came from. 2 when a file could not be read, else 0."""

    def each(text: str) -> None:
        if explain:
            from ..render.console import explain_cell
            from .console import out

            rec = _record(text)
            for cell in explain:
                explain_cell(out, rec, cell)
        elif json:
            sys.stdout.write(text + "\n")
            sys.stdout.flush()
        else:
            from ..render.console import show
            from .console import out

            show(out, _record(text))

    return 2 if each_file(files, each, ocr) == 2 else 0


def _record(text: str) -> Record:
    """A record from the JSON line its reader sent (to show it)."""
    import json

    from ..record import Record

    return Record.from_json(json.loads(text))


def check_files(files: list[str], ocr: bool = True) -> int:
    """`xxgk check`: the findings only; 1 when there are errors, 2 when a file could not be read."""

    def each(text: str) -> None:
        from ..render.console import show
        from .console import out

        show(out, _record(text), with_tables=False)

    return each_file(files, each, ocr)


def fast(argv: list[str]) -> int | None:
    """Run `parse` or `check` when `argv` is one of them with options known here; None to
    leave it to the Typer app (help, usage errors, every other command)."""
    if not argv or argv[0] not in ("parse", "check"):
        return None
    command, files, explain = argv[0], [], []
    flags = {"--no-ocr": False} | ({"--json": False} if command == "parse" else {})
    rest = iter(argv[1:])
    for a in rest:
        if a in flags:
            flags[a] = True
        elif command == "parse" and a == "--explain":
            value = next(rest, None)
            if value is None:
                return None
            explain.append(value)
        elif command == "parse" and a.startswith("--explain="):
            explain.append(a.split("=", 1)[1])
        elif a == "-" or not a.startswith("-"):
            files.append(a)
        else:
            return None  # -h, --help, a mistyped option: Typer says it
    if not files:
        return None
    try:
        if command == "parse":
            return parse_files(files, flags["--json"], explain, not flags["--no-ocr"])
        return check_files(files, not flags["--no-ocr"])
    except BrokenPipeError:  # the reader of the output went away (| head): stop, quietly
        return 141  # as a process ended by SIGPIPE
    except Exception as e:
        return failed(e)
