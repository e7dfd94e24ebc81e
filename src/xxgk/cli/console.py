"""What every command shares: the two consoles, the options naming the database and the
operator, and opening the database."""

from __future__ import annotations

import getpass
from typing import Any

from rich.console import Console

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)


def __getattr__(name: str):
    """The options naming the database and the operator (DB, USER), made when a Typer
    command asks for them: `parse` and `check` print through this module without Typer."""
    if name not in ("DB", "USER"):
        raise AttributeError(name)
    import typer

    if name == "DB":
        return typer.Option(
            None, "--db", envvar="XXGK_DB", help="数据库：SQLite 文件路径或 postgresql://…（默认 ./xxgk.sqlite）"
        )
    return typer.Option(None, "--user", envvar="XXGK_USER", help="操作人（记入每条记录；默认当前系统用户）")


def fail(message: str, code: int = 2) -> Any:
    """Say what stops the command and give the exit to raise (2: unusable input or output)."""
    import typer

    err.print(f"[bold red]错误[/]：{message}", soft_wrap=True)
    return typer.Exit(code)


def sessions(db: str | None):
    """The sessions on the database the user named (a DatabaseError says why it cannot open)."""
    from ..store.db import open_db

    return open_db(db)


def session(db: str | None):
    return sessions(db)()


def operator(user: str | None) -> str:
    return user or getpass.getuser()
