"""Commands over the corpus of published reports: ingest, query, export."""

from __future__ import annotations

import json as jsonlib
import os
import sys
from pathlib import Path

import typer
from rich.table import Table

from ..errors import InputError
from ..outputs import writable
from .console import DB, err, out, sessions

REGION = typer.Option(None, "--region", help="地区：名称如 北京市、淮安市洪泽区，或行政区划代码如 320813")
LEVEL = typer.Option(None, "--level", help="层级：国务院部门、省、市、县、乡")
YEAR = typer.Option(None, "--year", help="报告年度")
BODY = typer.Option(None, "--body", help="机关名称的一部分")
HAS_ERRORS = typer.Option(False, "--has-errors", help="只看有错误的报告")


def _filters(region, level, year, body, has_errors):
    from ..store.queries import LEVELS, Filters

    if level and level not in LEVELS:
        raise InputError(f"--level 应为 {'、'.join(LEVELS)} 之一")
    return Filters(region=region, level=level, year=year, body=body, has_errors=has_errors)


def ingest(
    paths: list[str] = typer.Argument(..., help="文件或文件夹（递归）"),
    db: str = DB,
    workers: int = typer.Option(os.cpu_count() or 1, "--workers", help="并行读取的进程数"),
    engine: str = typer.Option("local", "--engine", help="local（本机进程池）或 ray（Ray 集群）"),
    ray_address: str = typer.Option(None, "--ray-address", help="Ray 集群地址（默认 RAY_ADDRESS 或本机新建）"),
    batch: int = typer.Option(50, "--batch", help="每批提交的文件数"),
) -> None:
    """读入年报：按内容去重（已读过的文件不再读），每批提交，单个文件出错不影响其余文件。"""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from ..store.ingest import STATUSES, local_engine, ray_engine
    from ..store.ingest import ingest as run

    if engine not in ("local", "ray"):
        raise InputError("--engine 应为 local 或 ray")
    opened = sessions(db)
    reader = ray_engine(ray_address) if engine == "ray" else local_engine(workers)
    columns = (
        TextColumn("读取"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=err, transient=False) as bar, opened() as s:
        task = bar.add_task("", total=None)

        def progress(t, total) -> None:
            bar.update(
                task,
                total=total,
                completed=t.stored,
                description=f"无错误 {t.good} · 有错误 {t.defective} · 无法读取 {t.unreadable} · "
                f"不是年报 {t.not_report}",
            )

        tally = run(s, paths, reader, batch=batch, progress=progress)
    out.print(
        f"新读入 {tally.stored} 个文件：{STATUSES['good']} {tally.good}，{STATUSES['defective']} {tally.defective}，"
        f"{STATUSES['unreadable']} {tally.unreadable}，{STATUSES['not_report']} {tally.not_report}；"
        f"已在库中、跳过 {tally.known} 个"
    )
    for _, reason in tally.failures[:10]:
        err.print(f"  无法读取：{reason}", soft_wrap=True)
    if len(tally.failures) > 10:
        err.print(f"  ……共 {len(tally.failures)} 个文件无法读取（原因已记入数据库）")


WHAT = ("totals", "outcomes", "applicants", "corrections", "regions", "quality", "reports")


def query(
    what: list[str] = typer.Argument(
        None,
        help="要看的内容：totals（按年度合计）、outcomes（办理结果占比）、"
        "applicants（申请人类型）、corrections（复议诉讼纠错率）、regions（下一级地区或各机关比较）、"
        "quality（报告质量）、reports（有错误的报告）；默认全部",
    ),
    db: str = DB,
    region: str = REGION,
    level: str = LEVEL,
    year: int = YEAR,
    body: str = BODY,
    has_errors: bool = HAS_ERRORS,
    min_count: int = typer.Option(10, "--min-count", help="纠错率至少需要的已审结案件数"),
    json: bool = typer.Option(False, "--json", help="输出 JSON"),
) -> None:
    """查询年报库（与数据看板同一套查询）。"""
    from ..store import queries as q
    from ..store.figures import figures

    what = what or list(WHAT)
    bad = [w for w in what if w not in WHAT]
    if bad:
        raise InputError(f"不认识“{'、'.join(bad)}”，可选：{'、'.join(WHAT)}")
    f = _filters(region, level, year, body, has_errors)
    with sessions(db)() as s:
        fig = figures(s, f)  # the selected reports' figures, read once for every question
        result = {
            "totals": fig.totals_by_year,
            "outcomes": fig.outcomes,
            "applicants": fig.applicants,
            "corrections": lambda: fig.corrections(min_count),
            "regions": lambda: fig.by_region(min_count),
            "quality": fig.quality,
            "reports": lambda: q.reports(s, f),
        }
        answers = {w: result[w]() for w in what}
    if json:
        sys.stdout.write(jsonlib.dumps({"filters": f.describe(), **answers}, ensure_ascii=False, default=str) + "\n")
        return
    out.print(f"[bold]范围[/]：{f.describe()}")
    for w, a in answers.items():
        out.print(_table(w, a))


def _pct(x) -> str:
    return "—" if x is None else f"{x * 100:.1f}%"


def _table(what: str, a) -> Table | str:
    if what == "totals":
        t = Table(
            "年度",
            "报告数",
            "本年新收",
            "上年结转",
            "办结",
            "结转下年度",
            "行政复议",
            "行政诉讼",
            title="按年度合计",
            title_justify="left",
        )
        for r in a:
            t.add_row(
                *(
                    str(r[k])
                    for k in (
                        "year",
                        "reports",
                        "new_received",
                        "carried_over",
                        "closed",
                        "carried_forward",
                        "reviews",
                        "lawsuits",
                    )
                )
            )
        return t
    if what in ("outcomes", "applicants"):
        t = Table(
            "办理结果" if what == "outcomes" else "申请人类型",
            "件数",
            "占比",
            title="办理结果占比" if what == "outcomes" else "申请人类型（本年新收）",
            title_justify="left",
        )
        for r in a:
            t.add_row(r["label"], str(r["count"]), _pct(r["share"]))
        return t
    if what == "corrections":
        t = Table("", "已审结", "结果纠正", "纠错率", "尚未审结", title="复议、诉讼纠错率", title_justify="left")
        for r in a:
            rate = _pct(r["rate"]) if r["rate"] is not None else f"—（已审结不足 {r['min_count']} 件）"
            t.add_row(r["label"], str(r["decided"]), str(r["corrected"]), rate, str(r["pending"]))
        return t
    if what == "regions":
        t = Table(
            a["by"],
            "报告数",
            "本年新收",
            "办结",
            "不予公开占比",
            "复议纠错率",
            "有错误",
            "逾期发布",
            title=f"{a['within'] + '：' if a['within'] else ''}按{a['by']}比较",
            title_justify="left",
        )
        for r in a["rows"]:
            t.add_row(
                r["name"],
                str(r["reports"]),
                str(r["new_received"]),
                str(r["closed"]),
                _pct(r["withheld_share"]),
                _pct(r["review_rate"]),
                str(r["with_errors"]),
                str(r["late"]),
            )
        return t
    if what == "quality":
        t = Table("报告数", "有错误", "缺少表格", "逾期发布", title="报告质量", title_justify="left")
        t.add_row(*(str(a[k]) for k in ("reports", "with_errors", "missing_tables", "late")))
        return t
    t = Table("机关", "年度", "错误", "警告", "问题", title="有错误的报告", title_justify="left")
    for r in a:
        t.add_row(
            r["body"] or "？",
            str(r["year"] or "？"),
            str(r["errors"]),
            str(r["warnings"]),
            "；".join(x["message"] for x in r["findings"] if x["severity"] == "error")[:200],
        )
    return t


def export(
    output: Path = typer.Option(..., "-o", "--output", help="输出文件"),
    fmt: str = typer.Option(None, "--format", help="csv、xlsx 或 parquet（默认按文件扩展名）"),
    db: str = DB,
    region: str = REGION,
    level: str = LEVEL,
    year: int = YEAR,
    body: str = BODY,
    has_errors: bool = HAS_ERRORS,
) -> None:
    """导出单元格（每格一行：机关、年度、表、行、列、数值）和问题。CSV 与 Parquet 的问题另存为“文件名-findings”。"""
    from ..store.export import write_export

    writable(output)
    fmt = fmt or output.suffix.lower().lstrip(".")
    if fmt not in ("csv", "xlsx", "parquet"):
        raise InputError("--format 应为 csv、xlsx 或 parquet")
    f = _filters(region, level, year, body, has_errors)
    with sessions(db)() as s:
        cells, findings, files = write_export(s, f, output, fmt)
    out.print(f"已导出 {cells} 个单元格、{findings} 条问题：{'、'.join(map(str, files))}")


def install(app: typer.Typer) -> None:
    app.command(short_help="把文件夹里的年报（任意形式）读入数据库，可反复执行、可中断后继续。")(ingest)
    app.command(short_help="查询年报库：按年度合计、办理结果、申请人类型、纠错率、问题报告。")(query)
    app.command(short_help="导出年报库的单元格和问题（CSV、Excel 或 Parquet）。")(export)
