"""Commands on report files: read, check, the template to fill, render, the demo, serve."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import typer

from ..errors import InputError, ReadError
from ..outputs import writable, write_file
from ..record import Record
from ..render import FORMATS
from .console import DB, err, out

FILES = typer.Argument(
    ...,
    help="报告文件：PDF（含扫描件）、Word（DOCX/DOC/WPS）、网页、Excel、文本或 Markdown（任意编码）、扫描图片（PNG/JPEG/TIFF）；“-”表示从标准输入读取",
    show_default=False,
)


NO_OCR = typer.Option(False, "--no-ocr", help="不对扫描件做文字识别（扫描件将被拒绝读取）")


def _each_file(files: list[str], each: Callable[[Record], None], ocr: bool = True) -> int:
    """Read every file in turn, each in a child process with a memory and a time limit, so
    one odd file stops nothing; 2 if one could not be read, else 1 if one has errors. A
    scan's pages show a progress bar on a terminal."""
    from ..pipeline import read_bytes
    from ..sandbox import LOCAL, parse_limited

    failed = errors = 0
    for f in files:
        try:
            data = sys.stdin.buffer.read() if f == "-" else read_bytes(Path(f))
            with _pages(f) as progress:
                rec = parse_limited(data, f, LOCAL, ocr=ocr, progress=progress)
        except ReadError as e:
            err.print(f"[bold red]{e.title}[/]：{e}", soft_wrap=True)
            failed += 1
            continue
        except Exception as e:  # a fault of ours on one odd file must not stop the batch
            if os.environ.get("XXGK_DEBUG"):
                raise
            err.print(
                f"[bold red]内部错误[/]：{f}：{type(e).__name__}: {e}（其余文件照常处理；"
                "设置 XXGK_DEBUG=1 可查看详情，请反馈此文件）",
                soft_wrap=True,
            )
            failed += 1
            continue
        errors += bool(rec.errors)
        each(rec)
    return 2 if failed else (1 if errors else 0)


@contextmanager
def _pages(name: str) -> Iterator[Callable[[int, int], None] | None]:
    """A bar of the scanned pages read so far, on a terminal, shown when the first
    scanned page is reported (most files have none); nothing elsewhere."""
    if not err.is_terminal:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    bar = Progress(
        TextColumn(f"文字识别 {name}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    )
    task = bar.add_task("", total=None)

    def report(done: int, of: int) -> None:
        bar.start()  # a no-op once started
        bar.update(task, completed=done, total=of)

    try:
        yield report
    finally:
        bar.stop()


def parse(
    files: list[str] = FILES,
    json: bool = typer.Option(False, "--json", help="每个文件输出一行 JSON 记录（JSON Lines），含 source 键"),
    explain: list[str] = typer.Option(
        [], "--explain", metavar="CELL", help="说明某个单元格从哪里读出，如 applications.new_received.total"
    ),
    no_ocr: bool = NO_OCR,
) -> None:
    """读取报告，显示三张表和核验结果。扫描件（只有图像的 PDF、PNG/JPEG/TIFF 图片）经文字识别读取。"""
    from ..render.console import explain_cell, show

    def each(rec: Record) -> None:
        if explain:
            for cell in explain:
                explain_cell(out, rec, cell)
        elif json:
            sys.stdout.write(rec.dumps() + "\n")
            sys.stdout.flush()
        else:
            show(out, rec)

    raise typer.Exit(2 if _each_file(files, each, ocr=not no_ocr) == 2 else 0)


def check(files: list[str] = FILES, no_ocr: bool = NO_OCR) -> None:
    """只显示核验结果；发现错误时退出码为 1，有文件无法读取时为 2。"""
    from ..render.console import show

    raise typer.Exit(_each_file(files, lambda rec: show(out, rec, with_tables=False), ocr=not no_ocr))


def template(
    year: int = typer.Option(..., "--year", help="报告年度（2019、2020 用 2019 年试行格式，2021 年起用 2021 年格式）"),
    output: Path = typer.Option(Path("年报数据.xlsx"), "-o", "--output", help="输出的 Excel 文件"),
    body: str = typer.Option("", "--body", help="机关名称（也可在表中填写）"),
    region: str = typer.Option("", "--region", help="行政区划（也可在表中填写）"),
) -> None:
    """生成填报用的 Excel 模板：三张表按国家格式排列，合计为公式，数字有校验，另有正文和基本信息表。"""
    from ..render.workbook import write_workbook

    if not 2019 <= year <= 2100:
        raise InputError(f"年度有误：{year}（《条例》修订后的年报格式自 2019 年度起适用）")
    write_file(output, write_workbook(year=year, body=body, region=region))
    out.print(
        f"已生成 {output}（{year} 年度）。填好后运行：xxgk render {output} --to docx -o 年报.docx", soft_wrap=True
    )


def render(
    source: Path = typer.Argument(
        ..., help="报告记录（JSON）、填好的 Excel 模板，或任一可读取的报告文件", show_default=False
    ),
    to: str = typer.Option("", "--to", help=f"输出格式：{'、'.join(FORMATS)}（默认按输出文件扩展名）"),
    output: Path = typer.Option(..., "-o", "--output", help="输出文件", show_default=False),
    draft: bool = typer.Option(False, "--draft", help="未通过核验也生成，并标注“草稿”"),
) -> None:
    """按国家规定格式生成年度报告。先核验：有错误时拒绝生成（退出码 1），除非加 --draft。"""
    from ..check import check
    from ..render.console import findings as show_findings
    from ..render.gate import blockers, release

    writable(output)  # said before any work is done
    fmt = (to or output.suffix.lstrip(".")).lower().replace("markdown", "md")
    if fmt not in FORMATS:
        raise InputError(f"无法确定输出格式：请用 --to 指定 {'、'.join(FORMATS)} 之一")
    rec = _load(source)
    checked = check(rec)
    rec.findings = blockers(rec, checked) + [f for f in checked if f.severity != "error" and f.rule != "blank"]
    if rec.findings:
        out.print(show_findings(rec))
    write_file(output, release(rec, fmt, draft, checked))
    out.print(f"已生成 {output}" + ("（草稿）" if draft else ""), soft_wrap=True)


def _load(source: Path) -> Record:
    """A record from JSON, a filled workbook, or any report xxgk can read."""
    from ..errors import NotTemplate
    from ..pipeline import read_bytes
    from ..render.workbook import read_workbook
    from ..sandbox import LOCAL, parse_limited

    data = read_bytes(source)
    name = str(source)
    if source.suffix.lower() == ".json" or data.lstrip()[:1] == b"{":
        try:
            return Record.from_json(json.loads(data.decode("utf-8-sig")))
        except (UnicodeDecodeError, json.JSONDecodeError, ValueError, TypeError, AttributeError) as e:
            raise ReadError(f"{name}：不是有效的报告记录 JSON（{e}）") from None
    if data.startswith(b"PK\x03\x04") and b"xl/workbook.xml" in data:
        try:
            return read_workbook(data, name)
        except NotTemplate:
            pass  # some other workbook: read as a report
    return parse_limited(data, name, LOCAL)


def demo(
    out_dir: Path = typer.Option(Path("demo-output"), "--out", help="示例报告的输出目录"),
    serve: bool = typer.Option(True, "--serve/--no-serve", help="最后启动网页演示"),
    port: int = typer.Option(8000, "--port", help="网页演示的端口"),
) -> None:
    """生成示例报告并逐一读取、核验；生成年报和依申请台账的示例；最后启动网页演示。"""
    from .demo import run

    raise typer.Exit(run(out_dir, out, serve, port))


def serve(
    db: str = DB,
    host: str = typer.Option("127.0.0.1", "--host", help="监听地址"),
    port: int = typer.Option(8000, "--port", help="端口"),
    workers: int = typer.Option(1, "--workers", help="进程数"),
) -> None:
    """启动 xxgk 网页（年报体检、数据看板、依申请台账）和 REST API。"""
    from ..store.db import default_url, open_db
    from ..web.serve import serve_forever

    url = db or default_url()
    open_db(url).kw["bind"].dispose()  # a database that cannot open is said before the server starts
    out.print(
        f"xxgk 网页：http://{host}:{port}/ （接口 /api，文档 /docs；首次使用请先用 xxgk user add 建立管理员账号）"
    )
    serve_forever(url, host, port, workers)


def install(app: typer.Typer) -> None:
    app.command()(parse)
    app.command()(check)
    app.command(short_help="生成填报用的 Excel 模板（按年度选格式，合计为公式）。")(template)
    app.command(short_help="按国家格式生成年度报告（先核验，未通过则拒绝）。")(render)
    app.command()(demo)
    app.command(short_help="启动网页和 REST API（接口文档见 /docs）。")(serve)
