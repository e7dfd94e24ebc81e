"""The `xxgk` command."""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.console import Console

from .read import ReadError
from .record import Record

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode="rich",
                  help="政府信息公开工作年度报告：读取、核验。")
out = Console(highlight=False)
err = Console(stderr=True, highlight=False)

FILES = typer.Argument(..., help="报告文件（文本、Markdown；UTF-8 或 GBK 等编码）；“-”表示从标准输入读取", show_default=False)


def _run(files: list[str], each) -> int:
    from .pipeline import parse_bytes, parse_path

    failed = errors = 0
    for f in files:
        try:
            rec = parse_bytes(sys.stdin.buffer.read(), "-") if f == "-" else parse_path(f)
        except ReadError as e:
            err.print(f"[bold red]无法读取[/]：{e}", soft_wrap=True)
            failed += 1
            continue
        errors += bool(rec.errors)
        each(rec)
    return 2 if failed else (1 if errors else 0)


@app.command()
def parse(files: list[str] = FILES,
          json: bool = typer.Option(False, "--json", help="每个文件输出一行 JSON 记录（JSON Lines），含 source 键")) -> None:
    """读取报告，显示三张表和核验结果。"""
    from .render.console import show

    def each(rec: Record) -> None:
        if json:
            sys.stdout.write(rec.dumps() + "\n")
            sys.stdout.flush()
        else:
            show(out, rec)

    code = _run(files, each)
    raise typer.Exit(2 if code == 2 else 0)


@app.command()
def check(files: list[str] = FILES) -> None:
    """只显示核验结果；发现错误时退出码为 1，有文件无法读取时为 2。"""
    from .render.console import show

    raise typer.Exit(_run(files, lambda rec: show(out, rec, with_tables=False)))


@app.command()
def demo(out_dir: Path = typer.Option(Path("demo-output"), "--out", help="示例报告的输出目录")) -> None:
    """生成示例报告（多种文本形式），逐一读取并核验。"""
    from .sample.demo import run

    raise typer.Exit(run(out_dir, out))


def main() -> None:
    app()
