"""Writing what a command makes: the one place that says, in Chinese, why a file cannot be
written (OutputError), so that every command answers a bad -o alike (exit 2)."""

from __future__ import annotations

from pathlib import Path

from .errors import OutputError


def writable(path: Path) -> Path:
    """`path`, when it can be written; else OutputError (a missing folder, a folder in its
    place). A missing folder is not made: a mistyped path would scatter files where no one
    looks."""
    parent = path.parent
    if not parent.is_dir():
        raise OutputError(f"{path}：输出目录 {parent} 不存在，请先创建，或检查路径是否写错")
    if path.is_dir():
        raise OutputError(f"{path}：是一个目录，请给出输出文件名")
    return path


def write_file(path: Path, data: bytes) -> None:
    try:
        writable(path).write_bytes(data)
    except OSError as e:
        raise OutputError(f"{path}：无法写入（{e.strerror or e}）") from None
