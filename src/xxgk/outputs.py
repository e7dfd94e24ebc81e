"""Where a command writes: a file it can write, or why not, in words."""

from __future__ import annotations

from pathlib import Path


def output_problem(path: Path) -> str | None:
    """Why `path` cannot be written (a missing folder, a folder in its place), or None.
    A missing folder is not made: a mistyped path would scatter files where no one looks."""
    parent = path.parent
    if not parent.is_dir():
        return f"{path}：输出目录 {parent} 不存在，请先创建，或检查路径是否写错"
    if path.is_dir():
        return f"{path}：是一个目录，请给出输出文件名"
    return None


def write_file(path: Path, data: bytes) -> str | None:
    """Write `data`; None when done, else why not."""
    problem = output_problem(path)
    if problem:
        return problem
    try:
        path.write_bytes(data)
    except OSError as e:
        return f"{path}：无法写入（{e.strerror or e}）"
    return None
