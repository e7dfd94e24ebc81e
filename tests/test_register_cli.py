"""`xxgk register …` and `xxgk report` as an officer runs them."""

from __future__ import annotations

import json

from conftest import Ran, run_xxgk
from openpyxl import load_workbook


def run(db: str, *args: str, ok: bool = True, today: str | None = None) -> Ran:
    """`xxgk` on the register `db`, as 张科员, on `today` (or the machine's date)."""
    r = run_xxgk(*args, env={"XXGK_DB": db, "XXGK_USER": "张科员", "XXGK_TODAY": today})
    if ok:
        assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    return r


def test_an_officers_year(db_url, tmp_path):
    db = db_url
    run(db, "register", "add-body", "示例区教育局")
    r = run(
        db,
        "register",
        "add",
        "--body",
        "示例区教育局",
        "--received",
        "2025年9月30日",
        "--type",
        "自然人",
        "--applicant",
        "王小明",
        "--contact",
        "13812345678",
        "--content",
        "学区划分方案",
    )
    assert "答复期限：2025-11-04（星期二）" in r.stdout
    run(db, "register", "event", "1", "补正告知", "--on", "2025-10-09")
    r = run(db, "register", "event", "1", "收到补正", "--on", "2025-10-13")
    assert "2025-11-10" in r.stdout
    r = run(db, "register", "event", "1", "延期", "--on", "2025-11-05", ok=False)
    assert r.returncode == 2 and "--approver" in r.stderr
    run(db, "register", "event", "1", "延期", "--on", "2025-11-05", "--approver", "李主任")
    r = run(db, "register", "explain", "1")
    assert "批准人：李主任" in r.stdout and "第 40 个工作日" in r.stdout
    r = run(
        db, "register", "event", "1", "答复", "--on", "2025-11-20", "--outcome", "部分公开", "--version", "3", ok=False
    )
    assert r.returncode == 3 and "已被他人修改" in r.stderr
    run(db, "register", "event", "1", "答复", "--on", "2025-11-20", "--outcome", "部分公开", "--version", "4")
    r = run(db, "register", "show", "1")
    assert "（二）部分公开" in r.stdout and "张科员" in r.stdout and "王小明" not in r.stdout
    assert "王小明" in run(db, "register", "show", "1", "--personal").stdout
    run(db, "register", "add", "--body", "示例区教育局", "--received", "2025-12-29", "--type", "律师事务所")
    r = run(db, "register", "list", "--overdue", "--today", "2026-03-01", "--json")
    assert [a["id"] for a in json.loads(r.stdout)] == [2]
    run(
        db,
        "register",
        "review",
        "--body",
        "示例区教育局",
        "--kind",
        "行政复议",
        "--filed",
        "2025-12-01",
        "--application",
        "1",
    )
    run(db, "register", "decide", "1", "--result", "维持", "--on", "2025-12-20")

    report = ("report", "--body", "示例区教育局", "--year", "2025", "--to", "docx", "-o", str(tmp_path / "r.docx"))
    r = run(db, *report, ok=False)
    assert r.returncode == 1 and "缺少表二" in r.stderr and not (tmp_path / "r.docx").exists()
    run(
        db,
        "register",
        "figures",
        "--body",
        "示例区教育局",
        "--year",
        "2025",
        "regulations.issued=1",
        "regulations.repealed=0",
        "regulations.in_force=4",
        "normative_documents.issued=2",
        "normative_documents.repealed=0",
        "normative_documents.in_force=9",
        "licensing.decisions=12",
        "penalty.decisions=3",
        "enforcement.decisions=0",
        "fees.amount=0",
    )
    r = run(db, "register", "figures", "--body", "示例区教育局", "--year", "2025", "regulations.made=1", ok=False)
    assert r.returncode == 2 and "不是 2025 年度" in r.stderr
    r = run(db, *report, ok=False)  # the tables balance; the written parts are not there yet
    assert r.returncode == 1 and "正文“一、总体情况”尚未填写" in r.stderr and not (tmp_path / "r.docx").exists()
    for section, words in (
        ("overview", "本年度共受理申请2件。"),
        ("problems", "答复质量有待提高。"),
        ("other", "无。"),
    ):
        (tmp_path / f"{section}.txt").write_text(words, encoding="utf-8")
        run(
            db,
            "register",
            "text",
            "--body",
            "示例区教育局",
            "--year",
            "2025",
            "--section",
            section,
            str(tmp_path / f"{section}.txt"),
        )
    r = run(db, *report)
    assert "本年新收 2，上年结转 0，办结 1，结转下年度 1" in r.stdout
    rec = json.loads(run(db, "parse", "--json", str(tmp_path / "r.docx")).stdout)
    assert rec["applications"]["partially_granted"]["natural_person"] == 1
    assert rec["review_litigation"]["review"]["upheld"] == 1 and rec["findings"] == []

    out = tmp_path / "台账.xlsx"
    run(db, "register", "export", "-o", str(out))
    cells = {str(c) for row in load_workbook(out).active.iter_rows(values_only=True) for c in row}
    assert "学区划分方案" in cells and "王小明" not in cells and "13812345678" not in cells
    run(db, "register", "export", "-o", str(out), "--personal")
    run(db, "register", "add-body", "示例区教育局（副本）")
    r = run(db, "register", "import", str(out), "--body", "示例区教育局（副本）")
    assert "已导入 2 件申请" in r.stdout


def test_mistakes_get_messages_not_tracebacks(tmp_path):
    db = f"sqlite:///{tmp_path / 'x.sqlite'}"
    r = run(db, "register", "add", "--body", "没有这个机关", "--received", "2025-01-02", ok=False)
    assert r.returncode == 2 and "没有名为“没有这个机关”的机关" in r.stderr
    run(db, "register", "add-body", "示例区教育局")
    r = run(db, "register", "add", "--body", "示例区教育局", "--received", "2025-01-02", "--type", "外星人", ok=False)
    assert r.returncode == 2 and "申请人类型“外星人”无法识别" in r.stderr
    r = run(db, "register", "event", "7", "答复", "--on", "2025-01-03", "--outcome", "予以公开", ok=False)
    assert r.returncode == 2 and "没有编号为 7 的申请" in r.stderr
    bad = tmp_path / "bad.csv"
    bad.write_text("收到申请日期,申请人类型\n2025-02-30,自然人\n", encoding="utf-8")
    r = run(db, "register", "import", str(bad), "--body", "示例区教育局", ok=False)
    assert r.returncode == 2 and "第 2 行" in r.stderr
    r = run("postgresql://nobody@127.0.0.1:1/none", "register", "bodies", ok=False)
    assert r.returncode == 2 and "无法打开数据库" in r.stderr


def test_web_accounts_from_the_command_line(db_url):
    """The first admin is made on the command line; mistakes are refused in Chinese."""
    r = run(db_url, "user", "add", "admin", "--role", "admin", "--password", "short", ok=False)
    assert r.returncode == 2 and "密码至少 8 位" in r.stderr
    r = run(
        db_url,
        "user",
        "add",
        "li",
        "--role",
        "officer",
        "--body",
        "示例区教育局",
        "--password",
        "long-enough",
        ok=False,
    )
    assert r.returncode == 2 and "没有名为“示例区教育局”的机关" in r.stderr
    run(db_url, "register", "add-body", "示例区教育局")
    run(
        db_url,
        "user",
        "add",
        "li",
        "--role",
        "officer",
        "--name",
        "李科员",
        "--body",
        "示例区教育局",
        "--password",
        "long-enough",
    )
    r = run(db_url, "user", "add", "li", "--role", "admin", "--password", "long-enough", ok=False)
    assert r.returncode == 2 and "已存在" in r.stderr
    assert "李科员" in run(db_url, "user", "list").stdout and "示例区教育局" in run(db_url, "user", "list").stdout

    from fastapi.testclient import TestClient

    from xxgk.store.db import open_db
    from xxgk.web.app import create_app

    run(db_url, "user", "passwd", "li", "--password", "another-one")
    sessions = open_db(db_url)
    with TestClient(create_app(sessions)) as c:
        assert c.post("/api/login", json={"username": "li", "password": "long-enough"}).status_code == 401
        assert c.post("/api/login", json={"username": "li", "password": "another-one"}).status_code == 200
    sessions.kw["bind"].dispose()


def test_a_wrong_answer_is_corrected_from_the_command_line(db_url):
    db = db_url
    run(db, "register", "add-body", "示例区教育局")
    run(db, "register", "add", "--body", "示例区教育局", "--received", "2025-09-30", "--type", "自然人")
    r = run(db, "register", "add", "--body", "示例区教育局", "--received", "2099-01-01", "--type", "自然人", ok=False)
    assert r.returncode == 2 and "晚于今天" in r.stderr
    run(db, "register", "event", "1", "答复", "--on", "2025-10-09", "--outcome", "信访举报投诉类申请")
    r = run(db, "register", "event", "1", "更正", "--on", "2025-11-20", "--void", "2", ok=False)
    assert r.returncode == 2 and "理由" in r.stderr
    run(db, "register", "event", "1", "更正", "--on", "2025-11-20", "--void", "2", "--note", "结果登记错了")
    run(db, "register", "event", "1", "答复", "--on", "2025-10-10", "--outcome", "予以公开")
    r = run(db, "register", "show", "1")
    assert "（一）予以公开" in r.stdout and "更正" in r.stdout


def test_a_due_date_the_calendar_cannot_give_is_listed_and_said(db_url):
    db = db_url
    run(db, "register", "add-body", "示例区教育局")
    run(
        db,
        "register",
        "add",
        "--body",
        "示例区教育局",
        "--received",
        "2026-12-15",
        "--type",
        "自然人",
        today="2026-12-20",
    )
    r = run(db, "register", "list", "--overdue", "--today", "2027-03-01", today="2027-03-01")
    assert "有 1 件办理中的申请期限无法计算" in r.stderr and "2027" in r.stderr
    r = run(db, "register", "list", "--no-due", today="2027-03-01")
    assert "2026-00001" in r.stdout
