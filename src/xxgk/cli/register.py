"""`xxgk register`: the register of applications — receive, record each step, see what is
due, explain a deadline."""

from __future__ import annotations

import json as jsonlib
import sys
from datetime import timedelta
from pathlib import Path

import typer

from ..errors import EventError
from ..register.dates import parse_date
from ..register.deadline import day_text
from ..register.events import (
    APPLICANT_BY_NAME,
    APPLICANT_TYPES,
    CHANNEL_BY_NAME,
    CHANNELS,
    KINDS,
    OUTCOMES,
    PARTIES,
    RECEIPT_RULE,
    STATUSES,
    kind_of,
    lookup,
)
from .console import DB, USER, err, operator, out, session

app = typer.Typer(
    no_args_is_help=True,
    rich_markup_mode="rich",
    help="依申请公开台账：登记申请、记录办理过程、计算期限、复议诉讼、导入导出。",
)


def beijing(at) -> str:
    """A recorded UTC time as officers read it: Beijing time (UTC+8, no daylight saving)."""
    return f"{at + timedelta(hours=8):%Y-%m-%d %H:%M}"


def _status_line(v) -> str:

    state = STATUSES[v.case.status] + (f"：{OUTCOMES[v.case.outcome]}" if v.case.outcome else "")
    if v.due.on:
        due_text = day_text(v.due.on)
    elif v.due.error:
        due_text = f"无法计算（{v.due.error}）"
    else:
        due_text = f"暂无（{v.due.computed().waiting}）"
    return f"状态：{state}；答复期限：{due_text}"


def _show(v, personal: bool = False) -> None:

    a = v.app
    out.print(f"[bold]申请 {a.id}[/]  {v.body.name}  编号 {a.number}  版本 {a.version}")
    out.print(f"收到：{day_text(a.received_on)}，{CHANNELS[a.channel]}（{RECEIPT_RULE[a.channel]}）")
    out.print(
        f"申请人类型：{APPLICANT_TYPES[a.applicant_type]}"
        + (f"；申请人：{a.applicant_name}；联系方式：{a.applicant_contact}" if personal else "")
    )
    if a.content:
        out.print(f"申请内容：{a.content}", soft_wrap=True)
    state = STATUSES[v.case.status] + (f"：{OUTCOMES[v.case.outcome]}" if v.case.outcome else "")
    out.print(f"状态：{state}" + (f"（{day_text(v.case.closed_on)}）" if v.case.closed_on else ""))
    if v.due.on:
        late = v.case.closed_on and v.case.closed_on > v.due.on
        out.print(f"答复期限：{day_text(v.due.on)}" + ("  [red]逾期答复[/]" if late else ""))
    elif v.due.error:
        out.print(f"答复期限：[red]无法计算[/]：{v.due.error}", soft_wrap=True)
    elif v.due.deadline:
        out.print(f"答复期限：暂无（{v.due.computed().waiting}）", soft_wrap=True)
    out.print("办理记录：")
    for e in v.events:
        extra = ""
        d = e.data or {}
        if e.kind == "answered":
            extra = f"：{OUTCOMES[d['outcome']]}"
        elif e.kind == "consultation_started":
            extra = f"：{PARTIES.get(d.get('party', ''), '')}"
        elif e.kind == "extension_approved" and d.get("approver"):
            extra = f"：批准人 {d['approver']}"
        elif e.kind == "fee_notice" and "amount" in d:
            extra = f"：{d['amount']} 元"
        elif e.kind == "edited":
            extra = f"：{'、'.join(d.get('fields', []))}"
        out.print(
            f"  {e.seq}. {e.on}  {KINDS.get(e.kind, e.kind)}{extra}  （{e.recorded_by} 记录于 {beijing(e.recorded_at)}）"
        )


@app.command("add-body")
def add_body(
    name: str = typer.Argument(..., help="机关名称"),
    region: str = typer.Option(None, "--region", help="行政区划代码"),
    level: str = typer.Option(None, "--level", help="层级：国务院部门/省/市/县/乡"),
    db: str = DB,
) -> None:
    """登记一个机关。"""
    from ..register import service

    with session(db) as s:
        b = service.add_body(s, name, region, level)
        out.print(f"机关 {b.id}：{b.name}")


@app.command("bodies")
def bodies(db: str = DB) -> None:
    """列出已登记的机关。"""
    from ..register import service

    with session(db) as s:
        for b in service.bodies(s):
            out.print(f"{b.id}\t{b.name}\t{b.region or ''}\t{b.level or ''}")


@app.command("add")
def add(
    body: str = typer.Option(..., "--body", help="机关名称"),
    received: str = typer.Option(..., "--received", help="收到申请的日期（第三十一条）"),
    applicant_type: str = typer.Option(
        "自然人", "--type", help="申请人类型：自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他"
    ),
    channel: str = typer.Option(
        "互联网渠道", "--channel", help="收到渠道：当面提交、邮政特快专递/挂号信、平常信函、互联网渠道、传真"
    ),
    number: str = typer.Option(None, "--number", help="申请编号（默认按年自动编号）"),
    applicant: str = typer.Option("", "--applicant", help="申请人姓名或名称（个人信息）"),
    contact: str = typer.Option("", "--contact", help="联系方式（个人信息）"),
    content: str = typer.Option("", "--content", help="申请公开的内容"),
    db: str = DB,
    user: str = USER,
) -> None:
    """登记一件新收到的政府信息公开申请，显示答复期限。"""
    from ..register import service

    with session(db) as s:
        b = service.body_by_name(s, body)
        received_app = service.receive(
            s,
            b,
            parse_date(received, "--received"),
            lookup(applicant_type, APPLICANT_TYPES, APPLICANT_BY_NAME, "申请人类型"),
            operator(user),
            channel=lookup(channel, CHANNELS, CHANNEL_BY_NAME, "收到渠道"),
            number=number,
            applicant_name=applicant,
            applicant_contact=contact,
            content=content,
        )
        v = service.view(s, received_app.id)
        out.print(f"已登记：申请 {v.app.id}（编号 {v.app.number}）")
        if v.due.on:
            out.print(
                f"答复期限：{day_text(v.due.on)}；补正告知须在 {day_text(v.due.computed().correction_notice_due)} 前发出"
            )
        elif v.due.error:
            out.print(f"[red]答复期限无法计算[/]：{v.due.error}", soft_wrap=True)


OPTION = {"outcome": "--outcome", "approver": "--approver", "method": "--method", "seq": "--void", "reason": "--note"}


@app.command("event")
def add_event(
    app_id: int = typer.Argument(..., help="申请 ID"),
    kind: str = typer.Argument(
        ...,
        help="事件：补正告知、收到补正、征求意见、征求意见结束、延期、收费通知、缴费、答复、撤回、"
        "更正（撤销一条错误记录：--void 序号 --note 理由）",
    ),
    on: str = typer.Option(..., "--on", help="事件发生的日期"),
    outcome: str = typer.Option(
        None, "--outcome", help="答复的办理结果（表三的一种，如“予以公开”“本机关不掌握相关政府信息”）"
    ),
    approver: str = typer.Option(None, "--approver", help="延期：批准人"),
    party: str = typer.Option("第三方", "--party", help="征求意见：第三方 或 其他机关"),
    method: str = typer.Option(None, "--method", help="收费通知：按件 或 按量"),
    pages: int = typer.Option(None, "--pages", help="收费通知（按量）：页数"),
    note: str = typer.Option(None, "--note", help="备注；更正时为理由"),
    void: int = typer.Option(None, "--void", help="更正：要撤销的记录序号（见 register show）"),
    version: int = typer.Option(None, "--version", help="基于的版本号：若此后申请已被他人修改则拒绝（退出码 3）"),
    db: str = DB,
    user: str = USER,
) -> None:
    """为申请追加一条办理记录（只追加，不改写），并显示新的状态和期限。"""
    from ..register import service

    k = kind_of(kind)
    # Each kind reads only its own fields (events.EVENT_KINDS); --note is a correction's reason.
    given = {
        "outcome": outcome,
        "approver": approver,
        "party": party,
        "method": method,
        "pages": pages,
        "seq": void,
        "reason" if k == "voided" else "note": note,
    }
    with session(db) as s:
        try:
            service.record(s, app_id, k, parse_date(on, "--on"), operator(user), given, version)
        except EventError as e:  # a missing field is said with the option that gives it
            option = OPTION.get(e.field)
            raise EventError(f"{e}（用 {option} 注明）" if option else str(e)) from None
        v = service.view(s, app_id)
        out.print(f"已记录（版本 {v.app.version}）。{_status_line(v)}", soft_wrap=True)


@app.command("show")
def show(
    app_id: int = typer.Argument(..., help="申请 ID"),
    personal: bool = typer.Option(False, "--personal", help="显示申请人姓名和联系方式（个人信息）"),
    json: bool = typer.Option(False, "--json", help="输出 JSON"),
    db: str = DB,
) -> None:
    """显示一件申请：状态、期限和全部办理记录。"""
    from ..register import service

    with session(db) as s:
        v = service.view(s, app_id)
        if json:
            sys.stdout.write(jsonlib.dumps(v.json(personal), ensure_ascii=False) + "\n")
        else:
            _show(v, personal)


@app.command("explain")
def explain(app_id: int = typer.Argument(..., help="申请 ID"), db: str = DB) -> None:
    """逐步说明一件申请的答复期限是怎样算出的。"""
    from ..register import service

    with session(db) as s:
        v = service.view(s, app_id)
        for st in v.due.computed().steps:
            out.print(f"· {st.text}", soft_wrap=True)
        if v.due.on:
            out.print(f"[bold]答复期限：{day_text(v.due.on)}[/]")
            if v.case.closed_on:
                late = v.case.closed_on > v.due.on
                out.print(f"已于 {day_text(v.case.closed_on)} 办结，" + ("[red]晚于期限[/]" if late else "在期限内"))
        else:
            out.print(f"[bold]暂无到期日[/]：{v.due.computed().waiting}", soft_wrap=True)


@app.command("list")
def list_(
    body: str = typer.Option(None, "--body", help="只看某个机关"),
    due_soon: int = typer.Option(None, "--due-soon", metavar="N", help="N 个工作日内到期的"),
    overdue: bool = typer.Option(False, "--overdue", help="已超过答复期限仍未办结的"),
    no_due: bool = typer.Option(False, "--no-due", help="期限无法计算的（工作日历缺少年份）"),
    all_: bool = typer.Option(False, "--all", help="包括已办结的"),
    today: str = typer.Option(None, "--today", help="以哪一天为今天（默认今天）"),
    json: bool = typer.Option(False, "--json", help="输出 JSON"),
    db: str = DB,
) -> None:
    """列出申请：办理中的（默认）、即将到期的或已逾期的，按到期日排序。"""
    from ..register import service

    with session(db) as s:
        ids = {service.body_by_name(s, body).id} if body else None
        day = parse_date(today, "--today") if today else service.today()
        apps = service.queue(
            s, day, body_ids=ids, due_within=due_soon, overdue=overdue, no_due=no_due, open_only=not all_
        )
        gaps = service.queue(s, day, body_ids=ids, no_due=True)
        gap = (service.calendar_gap(s, gaps), len(gaps)) if gaps else None
        if json:
            sys.stdout.write(
                jsonlib.dumps(
                    [
                        {
                            "id": a.id,
                            "number": a.number,
                            "received_on": a.received_on.isoformat(),
                            "status": a.status,
                            "due_on": a.due_on.isoformat() if a.due_on else None,
                        }
                        for a in apps
                    ],
                    ensure_ascii=False,
                )
                + "\n"
            )
            return
        if gap:  # never out of sight: the due dates of these cannot be computed
            err.print(f"[yellow]注意：有 {gap[1]} 件办理中的申请期限无法计算（register list --no-due）：{gap[0]}[/]")
        if not apps:
            out.print("没有符合条件的申请")
        for a in apps:
            late = a.due_on and a.due_on < day and a.status not in ("answered", "withdrawn")
            due_text = (f"[red]{a.due_on}（已逾期）[/]" if late else str(a.due_on)) if a.due_on else "—"
            out.print(
                f"{a.id}\t{a.number}\t收到 {a.received_on}\t{APPLICANT_TYPES[a.applicant_type]}\t"
                f"{STATUSES[a.status]}\t期限 {due_text}"
            )


LETTER_KINDS = "补正告知书|延期答复告知书|征求意见函|收费通知书|答复书"


@app.command("letter")
def letter(
    app_id: int = typer.Argument(..., help="申请 ID"),
    kind: str = typer.Option(..., "--kind", help=f"文书：{LETTER_KINDS}"),
    output: Path = typer.Option(..., "-o", "--output", help="输出文件：.docx 或 .pdf"),
    db: str = DB,
    user: str = USER,
) -> None:
    """生成一件申请的文书（由台账记录的事实写成，引用《条例》条文），与发出它的办理记录一并保存；
    已生成过的，输出保存的那一份。文书发给申请人的，同时邮件通知申请人（已设置邮件服务器时）。"""
    from ..outputs import write_file
    from ..register import letters, notify

    to = output.suffix.lower().lstrip(".")
    if to not in ("docx", "pdf"):
        raise EventError(f"{output}：文书可输出为 .docx 或 .pdf")
    with session(db) as s:
        stored = letters.issue(s, app_id, kind.strip(), operator(user))
        data = stored.docx
        if to == "pdf":
            from ..render.pdf import docx_to_pdf

            data = docx_to_pdf(data)
        write_file(output, data)
        out.print(f"已生成《{stored.kind}》{stored.number}（第 {stored.seq} 条办理记录）：{output}")
        sent, failed = notify.deliver(s)
        if sent or failed:
            out.print(
                f"通知邮件：发出 {sent} 封" + (f"，[red]{failed} 封发送失败[/]（register mail 重试）" if failed else "")
            )


@app.command("form")
def form(
    output: Path = typer.Option(..., "-o", "--output", help="输出文件（.docx）"),
    body: str = typer.Option("", "--body", help="印在表头的机关名称"),
) -> None:
    """打印用的空白《政府信息公开申请表》（《条例》第二十九条），供窗口受理使用。"""
    from ..outputs import write_file
    from ..register.applicant import COLLECTION, DELIVERY, ID_TYPES
    from ..register.law import LAW, quoted
    from ..render.form import render_form

    if output.suffix.lower() != ".docx":
        raise EventError(f"{output}：申请表输出为 .docx")
    person = [x for x in ID_TYPES if x != "统一社会信用代码"]
    write_file(output, render_form(body, person, DELIVERY, COLLECTION, (f"{LAW}第二十九条", quoted("第二十九条"))))
    out.print(f"已生成空白申请表：{output}")


@app.command("mail")
def mail(db: str = DB) -> None:
    """发送待发的通知邮件（发送失败的也重试一次），并列出仍未发出的。"""
    from ..register import notify

    with session(db) as s:
        notify.retry(s)
        sent, failed = notify.deliver(s)
        out.print(f"发出 {sent} 封，失败 {failed} 封")
        for m in notify.waiting(s):
            err.print(f"申请 {m.application_id}：{m.subject}：{m.error or '尚未设置邮件服务器'}", soft_wrap=True)
