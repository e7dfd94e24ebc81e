"""The `xxgk` command."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import typer
from rich.console import Console

from .read import ReadError
from .record import Record
from .register import cli as register_cli
from .outputs import output_problem, write_file
from .store import cli as corpus_cli

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode="rich",
                  help="政府信息公开工作年度报告：读取、核验、生成。")
out = Console(highlight=False)
err = Console(stderr=True, highlight=False)

FILES = typer.Argument(..., help="报告文件：PDF、Word（DOCX/DOC/WPS）、网页、Excel、文本或 Markdown（任意编码）；"
                                 "“-”表示从标准输入读取", show_default=False)


def _run(files: list[str], each) -> int:
    from .pipeline import read_bytes
    from .sandbox import LOCAL, parse_limited

    failed = errors = 0
    for f in files:
        try:  # read in a child process with a memory and a time limit: one odd file stops nothing
            data = sys.stdin.buffer.read() if f == "-" else read_bytes(Path(f))
            rec = parse_limited(data, f, LOCAL)
        except ReadError as e:
            err.print(f"[bold red]无法读取[/]：{e}", soft_wrap=True)
            failed += 1
            continue
        except Exception as e:  # a fault of ours on one odd file must not stop the batch
            if os.environ.get("XXGK_DEBUG"):
                raise
            err.print(f"[bold red]内部错误[/]：{f}：{type(e).__name__}: {e}（其余文件照常处理；"
                      "设置 XXGK_DEBUG=1 可查看详情，请反馈此文件）", soft_wrap=True)
            failed += 1
            continue
        errors += bool(rec.errors)
        each(rec)
    return 2 if failed else (1 if errors else 0)


@app.command()
def parse(files: list[str] = FILES,
          json: bool = typer.Option(False, "--json", help="每个文件输出一行 JSON 记录（JSON Lines），含 source 键"),
          explain: list[str] = typer.Option([], "--explain", metavar="CELL",
                                            help="说明某个单元格从哪里读出，如 applications.new_received.total")) -> None:
    """读取报告，显示三张表和核验结果。"""
    from .render.console import explain_cell, show

    def each(rec: Record) -> None:
        if explain:
            for cell in explain:
                explain_cell(out, rec, cell)
        elif json:
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


@app.command(short_help="生成填报用的 Excel 模板（按年度选格式，合计为公式）。")
def template(year: int = typer.Option(..., "--year", help="报告年度（2019、2020 用 2019 年试行格式，2021 年起用 2021 年格式）"),
             output: Path = typer.Option(Path("年报数据.xlsx"), "-o", "--output", help="输出的 Excel 文件"),
             body: str = typer.Option("", "--body", help="机关名称（也可在表中填写）"),
             region: str = typer.Option("", "--region", help="行政区划（也可在表中填写）")) -> None:
    """生成填报用的 Excel 模板：三张表按国家格式排列，合计为公式，数字有校验，另有正文和基本信息表。"""
    from .workbook import write_workbook

    if not 2019 <= year <= 2100:
        err.print(f"[bold red]年度有误[/]：{year}（《条例》修订后的年报格式自 2019 年度起适用）", soft_wrap=True)
        raise typer.Exit(2)
    problem = write_file(output, write_workbook(year=year, body=body, region=region))
    if problem:
        err.print(f"[bold red]无法生成[/]：{problem}", soft_wrap=True)
        raise typer.Exit(2)
    out.print(f"已生成 {output}（{year} 年度）。填好后运行：xxgk render {output} --to docx -o 年报.docx", soft_wrap=True)


@app.command(short_help="按国家格式生成年度报告（先核验，未通过则拒绝）。")
def render(source: Path = typer.Argument(..., help="报告记录（JSON）、填好的 Excel 模板，或任一可读取的报告文件",
                                         show_default=False),
           to: str = typer.Option("", "--to", help="输出格式：docx、html、md、xlsx、pdf（默认按输出文件扩展名）"),
           output: Path = typer.Option(..., "-o", "--output", help="输出文件", show_default=False),
           draft: bool = typer.Option(False, "--draft", help="未通过核验也生成，并标注“草稿”")) -> None:
    """按国家规定格式生成年度报告。先核验：有错误时拒绝生成（退出码 1），除非加 --draft。"""
    from .check import check
    from .render import FORMATS
    from .render import render as render_to
    from .render.console import findings as show_findings
    from .render.gate import blank_for, blockers
    from .render.pdf import RenderError

    if problem := output_problem(output):  # said before any work is done
        err.print(f"[bold red]无法生成[/]：{problem}", soft_wrap=True)
        raise typer.Exit(2)
    fmt = (to or output.suffix.lstrip(".")).lower().replace("markdown", "md")
    if fmt not in FORMATS:
        err.print(f"[bold red]无法确定输出格式[/]：请用 --to 指定 {'、'.join(FORMATS)} 之一", soft_wrap=True)
        raise typer.Exit(2)
    try:
        rec = _load(source)
    except ReadError as e:
        err.print(f"[bold red]无法读取[/]：{e}", soft_wrap=True)
        raise typer.Exit(2)
    checked = check(rec)
    errors = blockers(rec, checked)
    rec.findings = errors + [f for f in checked if f.severity != "error" and f.rule != "blank"]
    if rec.findings:
        out.print(show_findings(rec))
    if errors and not draft:
        err.print(f"[bold red]拒绝生成[/]：报告未通过核验或尚未填完（{len(errors)} 个问题）。请修正后重试，"
                  "或加 --draft 生成标注“草稿”的版本。", soft_wrap=True)
        raise typer.Exit(1)
    try:
        data = render_to(rec, fmt, draft, blank_for(draft))
    except RenderError as e:
        err.print(f"[bold red]无法生成[/]：{e}", soft_wrap=True)
        raise typer.Exit(2)
    problem = write_file(output, data)
    if problem:
        err.print(f"[bold red]无法生成[/]：{problem}", soft_wrap=True)
        raise typer.Exit(2)
    out.print(f"已生成 {output}" + ("（草稿）" if draft else ""), soft_wrap=True)


def _load(source: Path) -> Record:
    """A record from JSON, a filled workbook, or any report xxgk can read."""
    import json

    from .pipeline import read_bytes
    from .sandbox import LOCAL, parse_limited
    from .workbook import NotTemplate, read_workbook

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


@app.command()
def demo(out_dir: Path = typer.Option(Path("demo-output"), "--out", help="示例报告的输出目录"),
         serve: bool = typer.Option(True, "--serve/--no-serve", help="最后启动网页演示"),
         port: int = typer.Option(8000, "--port", help="网页演示的端口")) -> None:
    """生成示例报告并逐一读取、核验；生成年报和依申请台账的示例；最后启动网页演示。"""
    from .sample.demo import run

    raise typer.Exit(run(out_dir, out, serve, port))


app.command(short_help="计算依申请公开的答复期限（法定工作日，含调休），不需要数据库。")(register_cli.deadline)
app.command(short_help="计算信息处理费（国办函〔2020〕109号）。")(register_cli.fee)
app.add_typer(register_cli.register_app, name="register", short_help="依申请公开台账：登记、办理、期限、复议诉讼、导入导出。")
app.command(short_help="由台账生成年度报告（表三、表四由登记的申请统计）。")(register_cli.report)
app.command(short_help="把文件夹里的年报（任意形式）读入数据库，可反复执行、可中断后继续。")(corpus_cli.ingest)
app.command(short_help="查询年报库：按年度合计、办理结果、申请人类型、纠错率、问题报告。")(corpus_cli.query)
app.command(short_help="导出年报库的单元格和问题（CSV、Excel 或 Parquet）。")(corpus_cli.export)
app.add_typer(corpus_cli.user_app, name="user", short_help="网页账号：添加用户、列出用户、重设密码。")


@app.command(short_help="启动网页和 REST API（接口文档见 /docs）。")
def serve(db: str = typer.Option(None, "--db", envvar="XXGK_DB", help="数据库：SQLite 文件路径或 postgresql://…（默认 ./xxgk.sqlite）"),
          host: str = typer.Option("127.0.0.1", "--host", help="监听地址"),
          port: int = typer.Option(8000, "--port", help="端口"),
          workers: int = typer.Option(1, "--workers", help="进程数")) -> None:
    """启动 xxgk 网页（年报体检、数据看板、依申请台账）和 REST API。"""
    from .store.db import DatabaseError, default_url, open_db
    from .web.serve import serve_forever

    url = db or default_url()
    try:
        open_db(url).kw["bind"].dispose()
    except DatabaseError as e:
        err.print(f"[bold red]错误[/]：{e}", soft_wrap=True)
        raise typer.Exit(2) from None
    out.print(f"xxgk 网页：http://{host}:{port}/ （接口 /api，文档 /docs；首次使用请先用 xxgk user add 建立管理员账号）")
    serve_forever(url, host, port, workers)


def main() -> None:
    app()
