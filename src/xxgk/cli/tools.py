"""Commands that need no database: the deadline calculator and the fee calculator."""

from __future__ import annotations

import json as jsonlib
import sys

import typer

from ..errors import InputError
from ..register.calendar import Calendar, load_entries
from ..register.dates import parse_date, parse_span
from ..register.deadline import Clock, Pause, compute, day_text
from ..register.fees import per_page, per_request
from .console import out


def calendar_from(path: str | None) -> Calendar:
    return load_entries(path) if path else Calendar()


def deadline(
    received: str = typer.Option(..., "--received", help="收到申请的日期（第三十一条），如 2025-09-30"),
    correction_requested: str = typer.Option(None, "--correction-requested", help="发出补正告知的日期"),
    correction_received: str = typer.Option(None, "--correction-received", help="收到补正后申请的日期：期限重新计算"),
    extended: bool = typer.Option(False, "--extended", help="经批准延长 20 个工作日"),
    paused: list[str] = typer.Option(
        [], "--paused", metavar="START:END", help="不计入期限的区间（征求第三方或其他机关意见），含首尾两天；可重复"
    ),
    calendar: str = typer.Option(
        None,
        "--calendar",
        metavar="FILE",
        help="本机关录入的日历（每行“2027-01-01 休 元旦”“2027-02-07 班”或“2027 年已录入”）",
    ),
    json: bool = typer.Option(False, "--json", help='输出 JSON：{"due": "YYYY-MM-DD", "steps": [...]}'),
) -> None:
    """计算依申请公开的答复期限（按中国法定工作日，含调休），并列出每一步。不需要数据库。"""
    clock = Clock(
        received=parse_date(received, "--received"),
        correction_requested=parse_date(correction_requested, "--correction-requested")
        if correction_requested
        else None,
        correction_received=parse_date(correction_received, "--correction-received") if correction_received else None,
        extended=extended,
        pauses=tuple(Pause(*parse_span(p, "--paused"), "暂停计算") for p in paused),
    )
    result = compute(clock, calendar_from(calendar))
    if json:
        sys.stdout.write(jsonlib.dumps(result.json(), ensure_ascii=False) + "\n")
        return
    for s in result.steps:
        out.print(f"· {s.text}", soft_wrap=True)
    if result.due:
        out.print(f"[bold]答复期限：{day_text(result.due)}[/]")
    else:
        out.print(f"[bold]暂无到期日[/]：{result.waiting}", soft_wrap=True)


def fee(
    pages: int = typer.Option(None, "--pages", help="按量计收：本次申请提供的页数"),
    earlier: int = typer.Option(None, "--earlier", help="按件计收：同一申请人本自然月此前已提出的申请件数"),
    requests: int = typer.Option(1, "--requests", help="按件计收：本次计费的申请件数"),
    json: bool = typer.Option(False, "--json", help="输出 JSON"),
) -> None:
    """按国办函〔2020〕109号计算信息处理费（按件或按量，只对超出免费的部分收费）。"""
    if (pages is None) == (earlier is None):
        raise InputError("请在 --pages（按量）和 --earlier（按件）中选择一种计费方式")
    result = per_page(pages) if pages is not None else per_request(earlier, requests)
    if json:
        sys.stdout.write(jsonlib.dumps(result.json(), ensure_ascii=False) + "\n")
        return
    for line in result.lines():
        out.print(line)


def install(app: typer.Typer) -> None:
    app.command(short_help="计算依申请公开的答复期限（法定工作日，含调休），不需要数据库。")(deadline)
    app.command(short_help="计算信息处理费（国办函〔2020〕109号）。")(fee)
