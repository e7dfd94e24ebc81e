"""`xxgk register`: the register of applications — receive, record each step, see what is
due, explain a deadline."""

from __future__ import annotations

import json as jsonlib
import sys
from datetime import date, timedelta
from pathlib import Path

import typer

from ..errors import EventError, InputError, Refused
from ..outputs import writable, write_file
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
    lookup,
)
from ..render import FORMATS
from .console import DB, USER, err, fail, operator, out, session

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
        due_text = f"暂无（{v.due.deadline.waiting}）"
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
        out.print(f"答复期限：暂无（{v.due.deadline.waiting}）", soft_wrap=True)
    out.print("办理记录：")
    for e in v.events:
        extra = ""
        d = e.data or {}
        if e.kind == "answered":
            extra = f"：{OUTCOMES[d['outcome']]}"
        elif e.kind == "consultation_started":
            extra = f"：{PARTIES.get(d.get('party'), '')}"
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

        def run():
            b = service.body_by_name(s, body)
            app = service.receive(
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
            return service.view(s, app.id)

        v = run()
        out.print(f"已登记：申请 {v.app.id}（编号 {v.app.number}）")
        if v.due.on:
            out.print(
                f"答复期限：{day_text(v.due.on)}；补正告知须在 {day_text(v.due.deadline.correction_notice_due)} 前发出"
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
    from ..register.events import kind_of

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
        if v.due.error:
            raise fail(v.due.error)
        for st in v.due.deadline.steps:
            out.print(f"· {st.text}", soft_wrap=True)
        if v.due.on:
            out.print(f"[bold]答复期限：{day_text(v.due.on)}[/]")
            if v.case.closed_on:
                late = v.case.closed_on > v.due.on
                out.print(f"已于 {day_text(v.case.closed_on)} 办结，" + ("[red]晚于期限[/]" if late else "在期限内"))
        else:
            out.print(f"[bold]暂无到期日[/]：{v.due.deadline.waiting}", soft_wrap=True)


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

        def run():
            ids = {service.body_by_name(s, body).id} if body else None
            day = parse_date(today, "--today") if today else date.today()
            apps = service.queue(
                s, day, body_ids=ids, due_within=due_soon, overdue=overdue, no_due=no_due, open_only=not all_
            )
            gaps = service.queue(s, day, body_ids=ids, no_due=True)
            return day, apps, (service.calendar_gap(s, gaps), len(gaps)) if gaps else None

        day, apps, gap = run()
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
        if gap and not json:  # never out of sight: the due dates of these cannot be computed
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


@app.command("review")
def review(
    body: str = typer.Option(..., "--body", help="被申请复议或被起诉的机关"),
    kind: str = typer.Option(
        ...,
        "--kind",
        help="行政复议、行政诉讼·未经复议直接起诉、行政诉讼·复议后起诉（或 review / litigation_direct / litigation_after_review）",
    ),
    filed: str = typer.Option(..., "--filed", help="立案（受理）日期"),
    application: int = typer.Option(None, "--application", help="相关的申请 ID"),
    case_number: str = typer.Option("", "--case-number", help="案号"),
    db: str = DB,
    user: str = USER,
) -> None:
    """登记一件政府信息公开行政复议或行政诉讼案件（计入表四）。"""
    from ..register import service
    from ..register.events import REVIEW_KINDS, lookup

    names = {
        "复议": "review",
        "直接起诉": "litigation_direct",
        "未经复议": "litigation_direct",
        "复议后": "litigation_after_review",
    }
    with session(db) as s:

        def run():
            k = lookup(kind, REVIEW_KINDS, {v: k for k, v in REVIEW_KINDS.items()} | names, "案件类型")
            return service.add_review(
                s,
                service.body_by_name(s, body),
                k,
                parse_date(filed, "--filed"),
                operator(user),
                application_id=application,
                case_number=case_number,
            )

        r = run()
        out.print(f"已登记案件 {r.id}（{REVIEW_KINDS[r.kind]}，{r.filed_on} 立案，尚未审结）")


@app.command("decide")
def decide(
    review_id: int = typer.Argument(..., help="案件 ID"),
    result: str = typer.Option(..., "--result", help="结果维持、结果纠正、其他结果"),
    on: str = typer.Option(..., "--on", help="审结日期"),
    db: str = DB,
    user: str = USER,
) -> None:
    """登记复议或诉讼案件的审结结果。"""
    from ..register import service
    from ..register.events import REVIEW_RESULTS, lookup

    names = {
        "维持": "upheld",
        "纠正": "corrected",
        "撤销": "corrected",
        "确认违法": "corrected",
        "其他": "other",
        "驳回": "upheld",
    }
    with session(db) as s:
        r = service.decide_review(
            s, review_id, lookup(result, REVIEW_RESULTS, names, "审结结果"), parse_date(on, "--on"), operator(user)
        )
        out.print(f"案件 {r.id}：{REVIEW_RESULTS[r.result]}（{r.decided_on} 审结）")


@app.command("figures")
def figures(
    body: str = typer.Option(..., "--body", help="机关名称"),
    year: int = typer.Option(..., "--year", help="报告年度"),
    values: list[str] = typer.Argument(
        ...,
        metavar="ITEM.COLUMN=VALUE...",
        help="表二数字，如 regulations.issued=2 licensing.decisions=135 fees.amount=12.5",
    ),
    db: str = DB,
) -> None:
    """录入某年度的表二（主动公开）数字。"""
    from ..register import service
    from ..register.report import report_format
    from ..schema import ACTIVE_ITEMS

    with session(db) as s:

        def run():
            fmt = report_format(year)
            items = {
                i.key: {c.key for c in i.columns} | ({"amount_unit"} if i.key == "procurement" else set())
                for i in ACTIVE_ITEMS[fmt]
            }
            entered: dict = {}
            for v in values:
                key, _, raw = v.partition("=")
                item, _, col = key.strip().partition(".")
                if item not in items or col not in items[item]:
                    choices = "、".join(f"{i}.{c}" for i in items for c in sorted(items[item if item in items else i]))
                    raise InputError(f"“{key}”不是 {year} 年度（{fmt} 年格式）表二的单元格，可选：{choices}")
                try:
                    num = raw.strip() if col == "amount_unit" else float(raw)
                except ValueError:
                    raise InputError(f"“{v}”：{raw} 不是数字") from None
                entered.setdefault(item, {})[col] = num
            service.set_figures(s, service.body_by_name(s, body), year, entered)
            return len(values)

        n = run()
        out.print(f"已录入 {n} 个表二数字")


@app.command("text")
def text(
    body: str = typer.Option(..., "--body", help="机关名称"),
    year: int = typer.Option(..., "--year", help="报告年度"),
    section: str = typer.Option(
        ..., "--section", help="overview（总体情况）、problems（存在的主要问题及改进情况）、other（其他需要报告的事项）"
    ),
    file: str = typer.Argument(..., help="正文文本文件（UTF-8），“-”表示标准输入"),
    db: str = DB,
) -> None:
    """录入年度报告某一部分的正文。"""
    from ..register import service

    if section not in ("overview", "problems", "other"):
        raise fail("--section 应为 overview、problems 或 other")
    try:
        body_text = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise fail(f"{file}：无法读取（{e}）") from None
    with session(db) as s:
        (service.set_text(s, service.body_by_name(s, body), year, section, body_text.strip()))
        out.print("已保存")


@app.command("import")
def import_(
    file: str = typer.Argument(..., help="台账文件：Excel（.xlsx）或 CSV（任意编码）"),
    body: str = typer.Option(..., "--body", help="这些申请所属的机关"),
    mapping: list[str] = typer.Option(
        [], "--map", metavar="字段=表头", help="指定列：如 received=登记时间 outcome=答复情况（可重复）"
    ),
    db: str = DB,
    user: str = USER,
) -> None:
    """导入已有的 Excel/CSV 台账（逐行按办理规则检查；有任何一行出错则全部不导入）。"""
    from pathlib import Path

    from ..register import service
    from ..register.ledger import cases_from, read_table

    m = {}
    for item in mapping:
        k, sep, v = item.partition("=")
        if not sep:
            raise fail(f"--map “{item}”应写作 字段=表头")
        m[k.strip()] = v.strip()
    with session(db) as s:

        def run():
            b = service.body_by_name(s, body)
            cases = cases_from(read_table(Path(file)), m, file)
            return service.insert_cases(s, b, cases, operator(user))

        ids = run()
        out.print(f"已导入 {len(ids)} 件申请")


@app.command("export")
def export(
    output: str = typer.Option(..., "-o", "--output", help="输出文件：.xlsx 或 .csv"),
    body: str = typer.Option(None, "--body", help="只导出某个机关"),
    personal: bool = typer.Option(False, "--personal", help="包含申请人姓名和联系方式（个人信息，默认不导出）"),
    db: str = DB,
) -> None:
    """导出台账（每件申请一行，含办理记录日期、状态和答复期限）。"""
    from pathlib import Path

    from ..register import service
    from ..register.ledger import rows_of, write

    path = Path(output)
    if path.suffix.lower() not in (".xlsx", ".csv"):
        raise fail("输出文件应以 .xlsx 或 .csv 结尾")
    writable(path)
    with session(db) as s:

        def run():
            views = service.views(s, service.body_by_name(s, body).id if body else None)
            headers, rows = rows_of(views, personal)
            write(path, headers, rows)
            return len(rows)

        n = run()
        out.print(f"已导出 {n} 件申请到 {path}" + ("（含个人信息）" if personal else "（不含个人信息）"))


@app.command("calendar")
def calendar_cmd(
    day: str = typer.Argument(None, help="日期，如 2027-01-01"),
    kind: str = typer.Argument(None, help="休（放假）或 班（调休上班）"),
    note: str = typer.Option("", "--note", help="说明，如“元旦”"),
    year_done: int = typer.Option(None, "--year-complete", metavar="YEAR", help="声明某年的放假和调休安排已全部录入"),
    fee_pauses: str = typer.Option(None, "--fee-pauses", help="收费通知至缴费期间是否不计入答复期限：on 或 off"),
    db: str = DB,
    user: str = USER,
) -> None:
    """维护本机关的工作日历（内置日历未覆盖的年份、特殊安排）；办理中申请的期限随之重算。"""
    from ..register import service

    with session(db) as s:
        changed = None
        if day:
            if kind not in ("休", "班"):
                raise fail("第二个参数应为“休”或“班”")
            d = parse_date(day, "日期")
            changed = service.set_day(s, d, kind == "班", note, operator(user))
        if year_done:
            changed = service.declare_year(s, year_done, operator(user))
        if fee_pauses:
            if fee_pauses not in ("on", "off"):
                raise fail("--fee-pauses 应为 on 或 off")
            changed = service.set_fee_pauses(s, fee_pauses == "on")
        if changed is None:
            r = service.rules(s)
            cal = r.calendar
            for d, e in sorted(cal.days.items()):
                out.print(f"{d}  {'班' if e.workday else '休'}  {e.note}")
            out.print(
                f"已声明录入完整的年份：{'、'.join(map(str, sorted(cal.years))) or '无'}；"
                f"收费期间{'不计入' if r.fee_pauses else '计入'}答复期限"
            )
            return
        out.print(f"已保存；{changed} 件办理中申请的答复期限随之改变")


@app.command("simulate")
def simulate_cmd(
    years: list[int] = typer.Option([2024, 2025], "--year", help="模拟的年度（可重复）"),
    per_year: int = typer.Option(2000, "--per-year", help="每年的申请件数"),
    seed: int = typer.Option(1, "--seed"),
    db: str = DB,
) -> None:
    """生成模拟台账（示例机关、申请和办理过程、复议诉讼、表二数字），用于演示和测试。"""
    import random

    from ..sample.register import simulate

    with session(db) as s:
        today = min(date.today(), date(max(years) + 1, 1, 20))
        made = simulate(s, random.Random(seed), years=tuple(years), per_year=per_year, today=today)
        out.print(f"已生成 {len(made)} 个机关、{len(years) * per_year} 件申请（截至 {today}）")


def report(
    body: str = typer.Option(..., "--body", help="机关名称"),
    year: int = typer.Option(..., "--year", help="报告年度"),
    to: str = typer.Option("json", "--to", help=f"json、{'、'.join(FORMATS)}"),
    output: str = typer.Option(None, "-o", "--output", help="输出文件（默认按机关和年度命名；json 默认输出到屏幕）"),
    db: str = DB,
) -> None:
    """由台账生成年度报告：表三、表四由登记的申请和案件统计，表二和正文取自录入的内容。"""
    from pathlib import Path

    from ..register import service
    from ..register.report import build
    from ..render.gate import release

    if to != "json" and to not in FORMATS:
        raise InputError(f"--to 应为 json、{'、'.join(FORMATS)} 之一")
    path = writable(Path(output or f"{body}-{year}-政府信息公开工作年度报告.{to}")) if to != "json" or output else None
    with session(db) as s:
        rec = build(s, service.body_by_name(s, body), year)
    if to == "json":
        if rec.errors:
            for f in rec.errors:
                err.print(f"· {f.message}", soft_wrap=True)
            raise Refused(f"{body} {year} 年度报告未通过核验，未生成（请先补录上面缺少的内容）", rec.errors)
        if path is None:
            sys.stdout.write(rec.dumps(indent=2) + "\n")
            return
        write_file(path, rec.dumps(indent=2).encode())
    else:
        try:
            data = release(rec, to)
        except Refused as e:  # every missing part listed, for the officer to enter
            for f in e.findings:
                err.print(f"· {f.message}", soft_wrap=True)
            raise
        write_file(path, data)
    a = rec.applications
    out.print(
        f"已生成 {path}：本年新收 {a['new_received']['total']}，上年结转 {a['carried_over']['total']}，"
        f"办结 {a['total']['total']}，结转下年度 {a['carried_forward']['total']}"
    )
