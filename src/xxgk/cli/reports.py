"""Commands on report files: read, check, the template to fill, render, the demo, serve."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from ..errors import InputError, ReadError
from ..outputs import writable, write_file
from ..record import Record
from ..render import FORMATS
from .console import DB, out

FILES = typer.Argument(
    ...,
    help="报告文件：PDF（含扫描件）、Word（DOCX/DOC/WPS）、网页、Excel、文本或 Markdown（任意编码）、扫描图片（PNG/JPEG/TIFF）；“-”表示从标准输入读取",
    show_default=False,
)


NO_OCR = typer.Option(False, "--no-ocr", help="不对扫描件做文字识别（扫描件将被拒绝读取）")


def parse(
    files: list[str] = FILES,
    json: bool = typer.Option(False, "--json", help="每个文件输出一行 JSON 记录（JSON Lines），含 source 键"),
    explain: list[str] = typer.Option(
        [], "--explain", metavar="CELL", help="说明某个单元格从哪里读出，如 applications.new_received.total"
    ),
    no_ocr: bool = NO_OCR,
) -> None:
    """读取报告，显示三张表和核验结果。扫描件（只有图像的 PDF、PNG/JPEG/TIFF 图片）经文字识别读取。"""
    from .files import parse_files

    raise typer.Exit(parse_files(files, json, explain, not no_ocr))


def check(files: list[str] = FILES, no_ocr: bool = NO_OCR) -> None:
    """只显示核验结果；发现错误时退出码为 1，有文件无法读取时为 2。"""
    from .files import check_files

    raise typer.Exit(check_files(files, not no_ocr))


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
    from ..read.limits import read_bytes
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
