"""`xxgk register`, the rest of the register: reviews and lawsuits (表四), the figures and
text of the annual report, importing and exporting the register, the working-day calendar,
a simulated register; and `xxgk report`, the annual report made from it."""

from __future__ import annotations

import random
import sys
from datetime import date
from pathlib import Path

import typer

from ..errors import InputError, Refused
from ..outputs import writable, write_file
from ..register.dates import parse_date
from ..register.events import REVIEW_KINDS, REVIEW_RESULTS, lookup
from ..render import FORMATS
from .console import DB, USER, err, fail, operator, out, session
from .register import app


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

    names = {
        "复议": "review",
        "直接起诉": "litigation_direct",
        "未经复议": "litigation_direct",
        "复议后": "litigation_after_review",
    }
    with session(db) as s:
        k = lookup(kind, REVIEW_KINDS, {v: k for k, v in REVIEW_KINDS.items()} | names, "案件类型")
        r = service.add_review(
            s,
            service.body_by_name(s, body),
            k,
            parse_date(filed, "--filed"),
            operator(user),
            application_id=application,
            case_number=case_number,
        )
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
        out.print(f"案件 {r.id}：{REVIEW_RESULTS.get(r.result or '', '')}（{r.decided_on} 审结）")


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
        out.print(f"已录入 {len(values)} 个表二数字")


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

    try:
        body_text = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise fail(f"{file}：无法读取（{e}）") from None
    with session(db) as s:
        service.set_text(s, service.body_by_name(s, body), year, section, body_text.strip())
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
    from ..register import service
    from ..register.ledger import cases_from, read_table

    m = {}
    for item in mapping:
        k, sep, v = item.partition("=")
        if not sep:
            raise fail(f"--map “{item}”应写作 字段=表头")
        m[k.strip()] = v.strip()
    with session(db) as s:
        b = service.body_by_name(s, body)
        cases = cases_from(read_table(Path(file)), m, file)
        ids = service.insert_cases(s, b, cases, operator(user))
        out.print(f"已导入 {len(ids)} 件申请")


@app.command("export")
def export(
    output: str = typer.Option(..., "-o", "--output", help="输出文件：.xlsx 或 .csv"),
    body: str = typer.Option(None, "--body", help="只导出某个机关"),
    personal: bool = typer.Option(False, "--personal", help="包含申请人姓名和联系方式（个人信息，默认不导出）"),
    db: str = DB,
) -> None:
    """导出台账（每件申请一行，含办理记录日期、状态和答复期限）。"""
    from ..register import service
    from ..register.ledger import rows_of, write

    path = Path(output)
    if path.suffix.lower() not in (".xlsx", ".csv"):
        raise fail("输出文件应以 .xlsx 或 .csv 结尾")
    writable(path)
    with session(db) as s:
        views = service.views(s, service.body_by_name(s, body).id if body else None)
        headers, rows = rows_of(views, personal)
        write(path, headers, rows)
        out.print(f"已导出 {len(rows)} 件申请到 {path}" + ("（含个人信息）" if personal else "（不含个人信息）"))


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
    from ..register import service
    from ..register.report import build
    from ..render.gate import release

    if to != "json" and to not in FORMATS:
        raise InputError(f"--to 应为 json、{'、'.join(FORMATS)} 之一")
    if to == "json" and not output:  # to the screen
        path = None
    else:
        path = writable(Path(output or f"{body}-{year}-政府信息公开工作年度报告.{to}"))
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
    elif path is not None:
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
