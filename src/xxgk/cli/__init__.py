"""The `xxgk` command. `main` runs the commands people run most — `parse` and `check` on
files — straight away (files.py), without loading the command-line framework: typer,
pydantic and rich took most of a one-file parse to start. Anything else, and any
option those two do not know here (--help among them), goes to the Typer app (commands.py),
which says usage errors as it always has."""

from __future__ import annotations

import contextlib
import os
import sys
from typing import Any


def main() -> None:
    from .files import fast

    code = fast(sys.argv[1:])
    if code is not None:
        # Done: what is said is flushed, and the interpreter's teardown (a twentieth of a
        # one-file parse, unloading what it loaded) is skipped: nothing here needs it.
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError):  # a reader that went away (| head): nothing more to say
                stream.flush()
        os._exit(code)
    from .commands import app

    app()


def __getattr__(name: str) -> Any:
    if name == "app":  # the Typer app, loaded when asked for (tests run it in process)
        from .commands import app

        return app
    raise AttributeError(name)
