"""`xxgk demo`: write sample reports in the forms real ones take, then read and check them.

The samples need nothing outside the project: the figures of two published reports
(facts: 北京市西城区人民政府 2020, whose printed carry-forward does not balance, and
淮安市洪泽区人民政府 2024, whose narrative says 17 applications where 表三 says 95) and
random consistent reports.
"""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

from rich.console import Console
from rich.table import Table

from ..pipeline import parse_path
from ..render.console import show
from ..render.gate import blank_for, blockers
from ..sample.records import HONGZE_2024, XICHENG_2020, published
from ..sample.samples import FORM_NAMES, write_samples


def run(out: Path, console: Console, serve: bool = True, port: int = 8000) -> int:
    console.print(f"[bold]xxgk 演示[/]：在 {out}/ 生成示例年报（多种文本形式），逐一读取并核验。\n")
    samples = write_samples(out)
    summary = Table(title="读取与核验结果", title_justify="left")
    for col in ("文件", "形式", "机关", "年度", "格式", "错误", "警告"):
        summary.add_column(col, justify="right" if col in ("错误", "警告") else "left")
    defective = []
    for path, form in samples:
        rec = parse_path(path)
        errors = sum(f.severity == "error" for f in rec.findings)
        warnings = sum(f.severity == "warning" for f in rec.findings)
        summary.add_row(
            path.name,
            FORM_NAMES[form],
            rec.body or "？",
            str(rec.year or "？"),
            rec.format or "？",
            f"[red]{errors}[/]" if errors else "0",
            f"[yellow]{warnings}[/]" if warnings else "0",
        )
        if errors or warnings:
            defective.append(rec)
    console.print(summary)
    for rec in defective:  # the first in full, the others' findings only
        show(console, rec, with_tables=rec is defective[0])
    generate(out, console)
    register(out, console)
    console.print(
        f"\n逐个查看：[bold].venv/bin/xxgk parse {out}/<文件名>[/]    "
        f"只看问题：[bold].venv/bin/xxgk check {out}/*[/]    JSON：[bold]xxgk parse --json …[/]"
    )
    db = web(out, console)
    if serve:
        from ..web.serve import serve_forever

        console.print(
            f"\n[bold green]网页已启动[/]：http://127.0.0.1:{port}/   在线申请：http://127.0.0.1:{port}/apply   "
            "（按 Ctrl+C 停止）"
        )
        serve_forever(f"sqlite:///{db}", "127.0.0.1", port)
    return 0


DEMO_USERS = (
    ("admin", "管理员", "admin", None, None),
    ("officer", "王经办", "officer", "示例市自然资源和规划局", None),
    ("supervisor", "李监督", "supervisor", None, "示例市"),
)
DEMO_PASSWORD = "xxgk-demo"


def web(out: Path, console: Console) -> Path:
    """The web application's demo database: a corpus of published reports (ingested as
    any folder would be), a register with this year's applications, and demo accounts."""
    from ..register import service
    from ..register.calendar import PACKAGE_YEARS
    from ..sample.corpus import write_corpus
    from ..sample.register import simulate
    from ..store.accounts import ROLES, add_user
    from ..store.db import open_db
    from ..store.ingest import ingest, local_engine

    console.rule("[bold]网页演示[/]", align="left")
    db = out / "xxgk-demo.sqlite"
    for p in out.glob("xxgk-demo.sqlite*"):
        p.unlink()
    corpus = out / "年报库"
    made = write_corpus(corpus)
    # The register is simulated up to today, or up to November of the calendar's last year:
    # every deadline must fall within the years whose holidays are known.
    last = PACKAGE_YEARS[1]
    today = min(date.today(), date(last, 11, 1))
    sessions = open_db(f"sqlite:///{db}")
    with sessions() as s:
        tally = ingest(s, [corpus, *sorted(out.glob("*.txt")), *sorted(out.glob("*.md"))], local_engine(0))
        simulate(
            s,
            random.Random(2026),
            years=(today.year - 1, today.year),
            per_year=400,
            today=today,
            bodies=("示例市自然资源和规划局", "示例市住房和城乡建设局"),
            late=0.1,
        )  # some on the overdue queue
        for username, name, role, body, region in DEMO_USERS:
            add_user(
                s,
                username,
                DEMO_PASSWORD,
                role,
                name=name,
                body=service.body_by_name(s, body) if body else None,
                region=region,
            )
    sessions.kw["bind"].dispose()
    console.print(
        f"演示数据库：{db}（年报 {tally.good + tally.defective} 份，其中有错误的 {tally.defective} 份，"
        f"来自 {made} 份生成的年报和上面的示例；依申请台账 2 个机关、{today.year - 1}—{today.year} 年的申请）"
    )
    accounts = "；".join(
        f"[bold]{u}[/] {n}（{'，'.join(filter(None, (ROLES[role], body, region)))}）"
        for u, n, role, body, region in DEMO_USERS
    )
    console.print(f"演示账号（密码均为 [bold]{DEMO_PASSWORD}[/]）：{accounts}", soft_wrap=True)
    return db


def generate(out: Path, console: Console) -> None:
    """The other half of the job: a template to fill, a balanced report rendered, an
    unbalanced one refused."""
    from ..check import check
    from ..render import render
    from ..render.workbook import write_workbook

    console.rule("[bold]生成年度报告[/]", align="left")
    (out / "年报数据模板-2024.xlsx").write_bytes(write_workbook(year=2024))
    console.print(f"填报模板：{out}/年报数据模板-2024.xlsx（合计为公式，数字有校验）")
    hongze = published(HONGZE_2024)
    hongze.sections = {
        "overview": "2024年，区政府坚持以公开为常态、不公开为例外，全面推进政务公开。",
        "problems": "政策解读形式还不够丰富。",
        "other": "本年度未收取信息处理费。",
    }
    for form in ("docx", "html", "md"):
        (out / f"洪泽区人民政府-2024-生成.{form}").write_bytes(render(hongze, form))
    console.print(f"已按国家格式生成：{out}/洪泽区人民政府-2024-生成.docx / .html / .md")
    errors = [f for f in check(published(XICHENG_2020)) if f.severity == "error"]
    console.print(
        f"[red]拒绝生成[/] 北京市西城区人民政府 2020 年报：{len(errors)} 个错误，例如“{errors[-1].message}”"
        "（加 --draft 可生成草稿）",
        soft_wrap=True,
    )


def register(out: Path, console: Console) -> None:
    """The register: a simulated year of applications, its queues, one explained
    deadline, and the annual report counted from it."""
    from ..register import letters, service
    from ..register.deadline import day_text
    from ..register.events import OUTCOMES
    from ..register.report import build
    from ..render import render
    from ..sample.register import simulate
    from ..store.db import open_db

    console.rule("[bold]依申请公开台账[/]", align="left")
    db = out / "台账演示.sqlite"
    for p in out.glob("台账演示.sqlite*"):
        p.unlink()
    today = date(2025, 12, 22)
    with open_db(f"sqlite:///{db}")() as s:
        bodies = simulate(
            s,
            random.Random(2025),
            years=(2025,),
            per_year=600,
            today=today,
            bodies=("示例市自然资源和规划局", "示例市住房和城乡建设局"),
        )
        soon = service.queue(s, today, due_within=5)
        late = service.queue(s, today, overdue=True)
        console.print(
            f"模拟台账：{db}（2 个机关，600 件申请，截至 {today}）：5 个工作日内到期 {len(soon)} 件，已逾期 {len(late)} 件"
        )
        v = service.view(s, soon[0].id)
        console.print(f"申请 {v.app.id}（{v.body.name}，{v.app.received_on} 收到）的答复期限：")
        for step in v.due.computed().steps:
            console.print(f"  · {step.text}", soft_wrap=True)
        rec = build(s, bodies[0], 2025)
        stop = blockers(rec)  # the same gate as `xxgk report` and the pages
        (out / f"{bodies[0].name}-2025-由台账生成.docx").write_bytes(
            render(rec, "docx", draft=bool(stop), blank=blank_for(bool(stop)))
        )
        a = rec.applications
        verdict = "核验通过" if not stop else f"草稿：{stop[0].message}"
        console.print(
            f"由台账生成年报：{out}/{bodies[0].name}-2025-由台账生成.docx（本年新收 {a['new_received']['total']}，"
            f"办结 {a['total']['total']}，结转下年度 {a['carried_forward']['total']}，{verdict}）"
        )
        answered = next(a for a in service.queue(s, today, body_ids={bodies[0].id}, open_only=False) if a.outcome)
        made = letters.issue(s, answered.id, "答复书", "演示")
        (out / f"答复书-{answered.number}.docx").write_bytes(made.docx)
        console.print(
            f"由台账写成的答复书：{out}/答复书-{answered.number}.docx（{OUTCOMES[answered.outcome]}，"
            f"文号 {made.number}）；其他文书：[bold].venv/bin/xxgk register letter ID --kind 补正告知书 -o 文件.docx --db {db}[/]",
            soft_wrap=True,
        )
    console.print(
        f"继续操作：[bold].venv/bin/xxgk register list --db {db} --today {today}[/]    "
        f"[bold].venv/bin/xxgk register explain {v.app.id} --db {db}[/]    "
        f"期限计算器：[bold].venv/bin/xxgk deadline --received {day_text(today)[:10]}[/]",
        soft_wrap=True,
    )
