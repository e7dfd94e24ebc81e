"""The register on SQLite and PostgreSQL: events and their rules, derived state and due
dates, optimistic locking under real concurrency, calendar changes, reviews, the
annual tables built from it, and the Excel 台账 in and out."""

from __future__ import annotations

import random
import threading
from datetime import date

import pytest

from xxgk.errors import EventError, LedgerError
from xxgk.pipeline import parse_bytes
from xxgk.register import service
from xxgk.register.ledger import cases_from, read_table, rows_of, write
from xxgk.register.report import build
from xxgk.render import render
from xxgk.sample.register import simulate

D = date


def test_events_derive_state_and_due_date(sessions):
    with sessions() as s:
        body = service.add_body(s, "示例区教育局")
        app = service.receive(s, body, D(2025, 9, 30), "natural_person", "甲")
        assert (app.status, app.due_on, app.version) == ("open", D(2025, 11, 4), 1)
        service.append(s, app.id, "correction_requested", D(2025, 10, 9), "甲")
        app = service.get(s, app.id)
        assert app.status == "waiting_correction" and app.due_on is None
        # Corrected request Mon 13 Oct 2025: 14–17 = 1–4; 20–24 = 5–9; 27–31 = 10–14;
        # 3–7 Nov = 15–19; Mon 10 Nov = 20.
        service.append(s, app.id, "correction_received", D(2025, 10, 13), "乙")
        assert service.get(s, app.id).due_on == D(2025, 11, 10)
        # Third party consulted Mon 20 – Fri 24 Oct: five working days later, Mon 17 Nov.
        service.append(s, app.id, "consultation_started", D(2025, 10, 20), "乙", {"party": "third_party"})
        assert service.get(s, app.id).due_on is None
        service.append(s, app.id, "consultation_ended", D(2025, 10, 24), "乙")
        assert service.get(s, app.id).due_on == D(2025, 11, 17)
        service.append(s, app.id, "answered", D(2025, 11, 14), "乙", {"outcome": "granted"})
        v = service.view(s, app.id)
        assert (v.app.status, v.app.outcome, v.app.closed_on, v.app.version) == (
            "answered",
            "granted",
            D(2025, 11, 14),
            6,
        )
        assert [e.kind for e in v.events] == [
            "received",
            "correction_requested",
            "correction_received",
            "consultation_started",
            "consultation_ended",
            "answered",
        ]
        assert [e.recorded_by for e in v.events] == ["甲", "甲", "乙", "乙", "乙", "乙"]


@pytest.mark.parametrize(
    ("history", "event", "message"),
    [
        ([("correction_requested", D(2025, 3, 5))], ("correction_requested", D(2025, 3, 6)), "一次性告知"),
        ([], ("correction_received", D(2025, 3, 6)), "尚未发出补正告知"),
        ([], ("answered", D(2025, 3, 1)), "早于收到申请"),
        ([("extension_approved", D(2025, 3, 20))], ("extension_approved", D(2025, 3, 21)), "最长不得超过 20 个工作日"),
        ([("answered", D(2025, 3, 10))], ("withdrawn", D(2025, 3, 11)), "不能再登记"),
        ([("consultation_started", D(2025, 3, 10))], ("consultation_started", D(2025, 3, 11)), "尚未结束"),
        ([("fee_paid", D(2025, 3, 10))], None, "尚未发出收费通知"),
        ([], ("answered_without_outcome", D(2025, 3, 11)), "未知的事件类型"),
    ],
)
def test_events_that_cannot_happen_are_refused(sessions, history, event, message):
    data = {"answered": {"outcome": "granted"}, "extension_approved": {"approver": "主任"}}
    with sessions() as s:
        body = service.add_body(s, "示例区民政局")
        app = service.receive(s, body, D(2025, 3, 3), "commercial", "甲")
        with pytest.raises(EventError, match=message):
            for kind, on in history + ([event] if event else []):
                service.append(s, app.id, kind, on, "甲", data.get(kind))
        assert service.get(s, app.id).version == 1 + len(history) - (event is None)


def test_two_officers_saving_at_once_lose_nothing(sessions):
    """Six officers edit six fields of one application at the same moment, each on the
    version they read; a refused save is re-read and re-applied, as the API's client
    does on 409. Every change survives and each is one version step."""
    with sessions() as s:
        body = service.add_body(s, "示例区卫健委")
        app_id = service.receive(s, body, D(2025, 6, 2), "natural_person", "甲").id
    changes = {
        "number": "2025-A1",
        "channel": "fax",
        "applicant_type": "research",
        "applicant_name": "王五",
        "applicant_contact": "13900000000",
        "content": "医院名单",
    }
    start = threading.Barrier(len(changes))
    conflicts = []

    def officer(field: str, value: str) -> None:
        with sessions() as s:
            version = service.get(s, app_id).version
            start.wait()
            while True:
                try:
                    service.edit(s, app_id, {field: value}, f"officer-{field}", version)
                    return
                except service.Conflict as e:
                    conflicts.append(field)
                    version = e.current

    threads = [threading.Thread(target=officer, args=kv) for kv in changes.items()]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with sessions() as s:
        app = service.get(s, app_id)
        assert {k: getattr(app, k) for k in changes} == changes
        assert app.version == 1 + len(changes)
        edits = [e for e in service.view(s, app_id).events if e.kind == "edited"]
        assert sorted(f for e in edits for f in e.data["fields"]) == sorted(changes)
        # The log names the fields, never the personal data itself.
        assert all("王五" not in str(e.data) and "13900000000" not in str(e.data) for e in edits)
    assert conflicts, "the officers never collided: the test did not test concurrency"


def test_a_stale_version_is_refused_with_the_current_one(sessions):
    with sessions() as s:
        body = service.add_body(s, "示例区财政局")
        app = service.receive(s, body, D(2025, 6, 2), "natural_person", "甲")
        service.edit(s, app.id, {"content": "预算"}, "甲", 1)
        with pytest.raises(service.Conflict) as e:
            service.edit(s, app.id, {"content": "决算"}, "乙", 1)
        assert e.value.current == 2 and "已被他人修改" in str(e.value)
        with pytest.raises(service.Conflict):
            service.append(s, app.id, "answered", D(2025, 6, 3), "乙", {"outcome": "granted"}, version=1)
        assert service.get(s, app.id).content == "预算"


def test_racing_answers_without_versions_still_obey_the_rules(sessions):
    """Two officers answer the same application at once, neither naming a version: one
    answer is recorded, the other refused — the race does not bypass the rules."""
    with sessions() as s:
        body = service.add_body(s, "示例区税务局")
        app_id = service.receive(s, body, D(2025, 6, 2), "natural_person", "甲").id
    start = threading.Barrier(2)
    results = []

    def answer(outcome: str) -> None:
        with sessions() as s:
            start.wait()
            try:
                service.append(s, app_id, "answered", D(2025, 6, 10), outcome, {"outcome": outcome})
                results.append(outcome)
            except EventError:
                results.append("refused")

    threads = [threading.Thread(target=answer, args=(o,)) for o in ("granted", "unavailable_not_held")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results).count("refused") == 1
    with sessions() as s:
        v = service.view(s, app_id)
        assert [e.kind for e in v.events].count("answered") == 1 and v.app.version == 2


def test_calendar_changes_recompute_open_cases(sessions, monkeypatch):
    monkeypatch.setenv("XXGK_TODAY", "2026-12-20")  # the scenario's today: its dates are in the past then
    with sessions() as s:
        body = service.add_body(s, "示例区交通局")
        late = service.receive(s, body, D(2026, 12, 15), "natural_person", "甲")
        done = service.receive(s, body, D(2026, 12, 1), "natural_person", "甲")
        service.append(s, done.id, "answered", D(2026, 12, 4), "甲", {"outcome": "granted"})
        assert service.get(s, late.id).due_on is None  # 2027 is not in the calendar yet
        assert "2027" in service.view(s, late.id).due.error
        service.set_day(s, D(2027, 1, 1), False, "元旦", "管理员")
        assert service.get(s, late.id).due_on is None  # entered, not declared complete
        assert service.declare_year(s, 2027, "管理员") == 1
        # 16–31 Dec 2026 = 12 days; 1 Jan off; 4–8 Jan = 13–17; 11–13 Jan = 18–20.
        assert service.get(s, late.id).due_on == D(2027, 1, 13)
        assert service.set_day(s, D(2027, 1, 4), False, "本地补休", "管理员") == 1
        assert service.get(s, late.id).due_on == D(2027, 1, 14)


def test_due_soon_and_overdue_queues(sessions):
    with sessions() as s:
        body = service.add_body(s, "示例区水务局")
        a = service.receive(s, body, D(2025, 9, 30), "natural_person", "甲")  # due Tue 4 Nov 2025
        b = service.receive(s, body, D(2025, 10, 20), "natural_person", "甲")  # due Mon 17 Nov 2025
        c = service.receive(s, body, D(2025, 9, 1), "natural_person", "甲")
        service.append(s, c.id, "answered", D(2025, 9, 5), "甲", {"outcome": "granted"})
        assert [x.id for x in service.queue(s, D(2025, 11, 3), due_within=5)] == [a.id]
        assert [x.id for x in service.queue(s, D(2025, 11, 5), overdue=True)] == [a.id]
        assert [x.id for x in service.queue(s, D(2025, 11, 5))] == [a.id, b.id]
        assert {x.id for x in service.queue(s, D(2025, 11, 5), open_only=False)} == {a.id, b.id, c.id}


def test_report_tables_counted_by_hand(sessions):
    """Seven applications and three cases whose place in the 2025 tables is known."""
    with sessions() as s:
        body = service.add_body(s, "示例县司法局")
        other = service.add_body(s, "示例县审计局")
        ids = {}

        def app(name, received, kind, *events, who=body):
            a = service.receive(s, who, received, kind, "甲")
            for ev, on, data in events:
                service.append(s, a.id, ev, on, "甲", data)
            ids[name] = a.id

        ans = lambda on, outcome: ("answered", on, {"outcome": outcome})  # noqa: E731
        app("old_open", D(2024, 12, 20), "natural_person", ans(D(2025, 1, 10), "granted"))  # carried over, granted
        app("old_closed", D(2024, 11, 1), "natural_person", ans(D(2024, 11, 20), "granted"))  # not in 2025 at all
        app("new_secret", D(2025, 3, 3), "commercial", ans(D(2025, 3, 20), "withheld_state_secret"))
        app("new_withdrawn", D(2025, 4, 1), "legal_services", ("withdrawn", D(2025, 4, 3), {}))  # （六）3.其他
        app(
            "new_nocorr",
            D(2025, 5, 6),
            "natural_person",
            ("correction_requested", D(2025, 5, 8), {}),
            ans(D(2025, 6, 20), "other_no_correction"),
        )
        app("new_open", D(2025, 12, 29), "research")  # carried forward
        app("new_answered_next_year", D(2025, 12, 1), "natural_person", ans(D(2026, 1, 5), "granted"))  # forward
        app("elsewhere", D(2025, 3, 3), "natural_person", ans(D(2025, 3, 4), "granted"), who=other)
        r1 = service.add_review(s, body, "review", D(2025, 4, 1), "甲", application_id=ids["new_secret"])
        service.decide_review(s, r1.id, "corrected", D(2025, 6, 1), "甲")
        r2 = service.add_review(s, body, "litigation_direct", D(2025, 11, 1), "甲")
        service.decide_review(s, r2.id, "upheld", D(2026, 2, 1), "甲")  # decided after the year: pending
        service.add_review(s, body, "review", D(2024, 5, 1), "甲")  # filed the year before: not in 2025

        rec = build(s, body, 2025)
        a = rec.applications
        assert a["new_received"] == {
            "natural_person": 2,
            "commercial": 1,
            "research": 1,
            "social_welfare": 0,
            "legal_services": 1,
            "other_org": 0,
            "total": 5,
        }
        assert a["carried_over"]["natural_person"] == 1 and a["carried_over"]["total"] == 1
        assert a["granted"]["total"] == 1
        assert a["withheld_state_secret"]["commercial"] == 1
        assert a["other_misc"]["legal_services"] == 1
        assert a["other_no_correction"]["natural_person"] == 1
        assert a["total"]["total"] == 4
        assert a["carried_forward"] == {
            "natural_person": 1,
            "commercial": 0,
            "research": 1,
            "social_welfare": 0,
            "legal_services": 0,
            "other_org": 0,
            "total": 2,
        }
        assert rec.review_litigation["review"] == {"upheld": 0, "corrected": 1, "other": 0, "pending": 0, "total": 1}
        assert rec.review_litigation["litigation_direct"] == {
            "upheld": 0,
            "corrected": 0,
            "other": 0,
            "pending": 1,
            "total": 1,
        }
        # 表二 not entered: the report is refused, saying what is missing.
        assert [f.rule for f in rec.errors] == ["missing.table"]
        # The 2019 format prints （六） as one row: 2020's tables from the same register.
        rec2020 = build(s, body, 2020)
        assert "other" in rec2020.applications and "other_misc" not in rec2020.applications


def test_a_simulated_year_balances_carries_forward_and_renders(sessions):
    """2,000 applications a year across five bodies, two years: every table balances,
    2024's carried-forward is 2025's carried-over, and the DOCX reads back the same."""
    with sessions() as s:
        bodies = simulate(s, random.Random(7), years=(2024, 2025), per_year=2000, today=D(2026, 1, 20))
        total = 0
        for body in bodies:
            y24, y25 = build(s, body, 2024), build(s, body, 2025)
            assert y24.findings == [] and y25.findings == []
            assert y24.applications["carried_forward"] == y25.applications["carried_over"]
            assert y25.applications["carried_over"]["total"] > 0
            total += y24.applications["new_received"]["total"] + y25.applications["new_received"]["total"]
            assert sum(y25.review_litigation[g]["total"] for g in y25.review_litigation) > 0
        assert total == 4000
        rec = build(s, bodies[0], 2025)
        back = parse_bytes(render(rec, "docx"), "report.docx")
        assert back.applications == rec.applications
        assert back.review_litigation == rec.review_litigation
        assert back.active_disclosure == rec.active_disclosure
        assert not back.errors


def test_ledger_export_import_round_trip(sessions, tmp_path):
    """Export the register as an Excel 台账 with personal data, import it for another
    body: the same annual tables come out."""
    with sessions() as s:
        bodies = simulate(
            s, random.Random(3), years=(2025,), per_year=300, today=D(2026, 1, 20), bodies=("示例市统计局",)
        )
        views = [service.view(s, a.id) for a in service.queue(s, D(2026, 1, 20), open_only=False, limit=1000)]
        headers, rows = rows_of(views, personal=True)
        path = tmp_path / "台账.xlsx"
        write(path, headers, rows)
        copy = service.add_body(s, "示例市统计局（导入）")
        service.insert_cases(s, copy, cases_from(read_table(path), source=str(path)), "导入")
        a, b = build(s, bodies[0], 2025), build(s, copy, 2025)
        assert a.applications == b.applications
        # Without --personal nothing personal leaves the register.
        headers, rows = rows_of(views)
        assert "申请人" not in headers and "联系方式" not in headers
        names = {v.app.applicant_name for v in views} | {v.app.applicant_contact for v in views}
        assert not names & {str(c) for r in rows for c in r}


def test_import_an_offices_own_sheet_in_gbk(sessions, tmp_path):
    sheet = (
        "序号,登记时间,申请人性质,申请事项,答复时间,答复情况\n"
        "1,2025/3/3,个人,低保名单,2025/3/20,予以公开\n"
        "2,2025年3月5日,律师事务所,拆迁补偿,2025-04-01,本机关不掌握相关政府信息\n"
        "3,2025-12-30,企业,招标文件,,\n"
    )
    path = tmp_path / "台账.csv"
    path.write_bytes(sheet.encode("gbk"))
    cases = cases_from(read_table(path), {"received": "登记时间"}, str(path))
    assert [(c.received, c.applicant_type) for c in cases] == [
        (D(2025, 3, 3), "natural_person"),
        (D(2025, 3, 5), "legal_services"),
        (D(2025, 12, 30), "commercial"),
    ]
    assert [c.events[-1].data["outcome"] for c in cases[:2]] == ["granted", "unavailable_not_held"]
    with sessions() as s:
        body = service.add_body(s, "示例县民政局")
        service.insert_cases(s, body, cases, "导入")
        rec = build(s, body, 2025)
        assert rec.applications["new_received"]["total"] == 3 and rec.applications["carried_forward"]["total"] == 1


def test_a_bad_sheet_imports_nothing_and_names_every_bad_row(sessions, tmp_path):
    path = tmp_path / "台账.csv"
    path.write_text(
        "申请编号,收到申请日期,申请人类型,答复日期,办理结果\n"
        "A1,2025-03-03,自然人,2025-03-20,予以公开\n"
        "A2,2025-02-30,自然人,,\n"
        "A3,2025-03-05,外星人,,\n"
        "A4,2025-03-05,自然人,2025-03-01,予以公开\n"
        "A5,2025-03-05,自然人,2025-03-09,\n",
        encoding="utf-8",
    )
    with pytest.raises(LedgerError) as e:
        cases_from(read_table(path), source="台账.csv")
    text = str(e.value)
    assert "未导入任何数据" in text
    for row, why in ((3, "不存在"), (4, "外星人"), (5, "早于收到申请"), (6, "没有办理结果")):
        assert f"第 {row} 行" in text and why in text
    assert "第 2 行" not in text


def test_reviews_refuse_impossible_dates(sessions):
    with sessions() as s:
        body = service.add_body(s, "示例区城管局")
        app = service.receive(s, body, D(2025, 5, 5), "natural_person", "甲")
        with pytest.raises(EventError, match="早于申请的收到日期"):
            service.add_review(s, body, "review", D(2025, 5, 1), "甲", application_id=app.id)
        r = service.add_review(s, body, "review", D(2025, 6, 1), "甲", application_id=app.id)
        with pytest.raises(EventError, match="早于立案日期"):
            service.decide_review(s, r.id, "upheld", D(2025, 5, 30), "甲")
        with pytest.raises(service.Conflict):
            service.decide_review(s, r.id, "upheld", D(2025, 7, 30), "甲", version=5)


def test_migrations_are_the_schema(db_url):
    """The newest migration is the one the code expects, it builds exactly the tables of
    the models, and it can be undone and redone."""
    from alembic import command
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from sqlalchemy import inspect

    from xxgk.store.db import HEAD, MIGRATIONS, make_engine, upgrade
    from xxgk.store.models import Base

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    assert ScriptDirectory.from_config(cfg).get_current_head() == HEAD
    engine = make_engine(db_url)
    upgrade(engine)
    assert set(inspect(engine).get_table_names()) == set(Base.metadata.tables) | {"alembic_version"}
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    upgrade(engine)
    assert set(inspect(engine).get_table_names()) == set(Base.metadata.tables) | {"alembic_version"}
    engine.dispose()


def test_cells_kept_in_key_order_on_sqlite_and_nothing_lost(tmp_path):
    """Migration 0009 rebuilds SQLite's cells WITHOUT ROWID (stored once, in key order);
    the cells stored before it are there after it, and after undoing it."""
    import sqlite3

    from alembic import command
    from alembic.config import Config

    from xxgk.store.db import MIGRATIONS, make_engine, upgrade

    path = tmp_path / "cells.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    row = (7, "applications", "total", "total", 12.0, None, 0, '{"page": 3}')

    def migrate(step, to: str) -> None:
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            step(cfg, to)

    def ddl_and_rows() -> tuple[str, list]:
        with sqlite3.connect(path) as c:
            ddl = c.execute("SELECT sql FROM sqlite_master WHERE name = 'cells'").fetchone()[0]
            return ddl, c.execute("SELECT * FROM cells").fetchall()

    migrate(command.upgrade, "0008")
    with sqlite3.connect(path) as c:
        c.execute("INSERT INTO cells VALUES (?, ?, ?, ?, ?, ?, ?, ?)", row)
    upgrade(engine)
    ddl, rows = ddl_and_rows()
    assert "WITHOUT ROWID" in ddl and rows == [row]
    migrate(command.downgrade, "0008")
    ddl, rows = ddl_and_rows()
    assert "WITHOUT ROWID" not in ddl and rows == [row]
    engine.dispose()


def test_the_events_that_may_follow():
    """What the register offers next follows the statute's steps (the forms of the web page)."""
    from xxgk.register.events import Ev, derive, possible

    kinds = (
        "correction_requested",
        "correction_received",
        "consultation_started",
        "consultation_ended",
        "extension_approved",
        "fee_notice",
        "fee_paid",
        "answered",
        "withdrawn",
    )
    received = Ev("received", date(2025, 3, 3))

    def after(*events: tuple[str, dict]) -> set[str]:
        evs = [received] + [Ev(k, date(2025, 3, 4 + i), d) for i, (k, d) in enumerate(events)]
        return set(possible(derive(evs), kinds))

    assert after() == {
        "correction_requested",
        "consultation_started",
        "extension_approved",
        "fee_notice",
        "answered",
        "withdrawn",
    }
    # Waiting for the 补正: the clock has not started, so no extension; one notice only.
    assert after(("correction_requested", {})) == {
        "correction_received",
        "consultation_started",
        "fee_notice",
        "answered",
        "withdrawn",
    }
    assert "consultation_ended" in after(("consultation_started", {"party": "third_party"}))
    assert "consultation_started" not in after(("consultation_started", {"party": "third_party"}))
    assert after(("fee_notice", {"amount": 100}), ("extension_approved", {"approver": "甲"})) == {
        "correction_requested",
        "consultation_started",
        "fee_paid",
        "answered",
        "withdrawn",
    }
    assert after(("answered", {"outcome": "granted"})) == set()


def test_region_codes_filled_in_by_the_migration_and_followed_by_supervisors(db_url):
    """A database made before the codes gets them from its bodies' names on upgrade; a
    supervisor of 淮安市 (typed as a report prints it) sees the body printed as 洪泽区."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import text

    from xxgk.store.accounts import add_user, body_scope
    from xxgk.store.db import MIGRATIONS, make_engine, open_db

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    engine = make_engine(db_url)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0005")
        conn.execute(
            text(
                "INSERT INTO bodies (name, key, kind, level, region_name) VALUES "
                "('洪泽区人民政府', '洪泽区人民政府', '政府', '县', '洪泽区'), "
                "('朝阳区教育局', '朝阳区教育局', '部门', '县', '朝阳区')"
            )
        )
    engine.dispose()
    sessions = open_db(db_url)  # upgrades to the newest
    with sessions() as s:
        rows = s.execute(text("SELECT name, region, region_name FROM bodies ORDER BY id")).all()
        assert [tuple(r) for r in rows] == [
            ("洪泽区人民政府", "320813", "江苏省淮安市洪泽区"),
            ("朝阳区教育局", None, "朝阳区"),
        ]
        hongze = service.add_body(s, "洪泽区人民政府")
        other = service.add_body(s, "淮安市清江浦区人民政府")
        assert other.region == "320812"
        sup = add_user(s, "sup", "password-123", "supervisor", name="市监督", region="淮安市")
        assert body_scope(s, sup) == {hongze.id, other.id}
        sup.region = "320813"
        assert body_scope(s, sup) == {hongze.id}
    sessions.kw["bind"].dispose()


def test_fee_notice_counts_the_applicants_requests_in_the_month(sessions):
    """The 11th request of one applicant in March 2025 costs 100元 by request; another
    applicant's or another month's requests do not count. The fee period is left out of
    the answer period unless the office turns that off."""
    with sessions() as s:
        body = service.add_body(s, "示例区规划局")
        mine = dict(applicant_name="赵六", applicant_contact="13700000000")
        service.receive(s, body, D(2025, 2, 28), "natural_person", "甲", **mine)  # February: not counted
        service.receive(s, body, D(2025, 3, 3), "natural_person", "甲", applicant_name="钱七")  # someone else
        apps = [service.receive(s, body, D(2025, 3, 3 + k), "natural_person", "甲", **mine) for k in range(11)]
        tenth, eleventh = apps[9], apps[10]
        assert service.fee_notice(s, tenth.id, "按件")["amount"] == 0
        data = service.fee_notice(s, eleventh.id, "按件")
        assert data["amount"] == 100 and data["lines"][-1] == "合计 100 元（按件计收）"
        assert service.fee_notice(s, eleventh.id, "按量", 120)["amount"] == 700 + 20 * 20
        # Received Thu 13 Mar 2025: 14 Mar = 1; 17–21 = 2–6; 24–28 = 7–11; 31 Mar–3 Apr = 12–15;
        # 4 Apr off (Qingming); 7–11 Apr = 16–20 -> Fri 11 Apr. Notice Mon 17 Mar, paid Fri 21 Mar:
        # 14 Mar = 1; 24–28 = 2–6; 31 Mar–3 Apr = 7–10; 7–11 Apr = 11–15; 14–18 Apr = 16–20 -> Fri 18 Apr.
        assert service.get(s, eleventh.id).due_on == D(2025, 4, 11)
        service.append(s, eleventh.id, "fee_notice", D(2025, 3, 17), "甲", data)
        service.append(s, eleventh.id, "fee_paid", D(2025, 3, 21), "甲")
        assert service.get(s, eleventh.id).due_on == D(2025, 4, 18)
        service.set_fee_pauses(s, False)
        assert service.get(s, eleventh.id).due_on == D(2025, 4, 11)


def test_a_late_case_stays_overdue_when_a_consultation_opens_after_its_due_date(sessions):
    with sessions() as s:
        body = service.add_body(s, "示例市教育局")
        app = service.receive(s, body, D(2025, 9, 30), "natural_person", "甲")  # due 2025-11-04
        service.append(s, app.id, "consultation_started", D(2025, 11, 20), "乙", {"party": "third_party"})
        overdue = [r.id for r in service.queue(s, D(2025, 11, 25), overdue=True)]
        assert overdue == [app.id]
        assert service.get(s, app.id).due_on == D(2025, 11, 4)


def test_nothing_is_registered_before_it_happens(sessions, monkeypatch):
    """A receipt dated 2030 or an answer dated next year would stand in the append-only log
    and block the right entry for good: refused, in Chinese."""
    monkeypatch.setenv("XXGK_TODAY", "2025-11-10")
    with sessions() as s:
        body = service.add_body(s, "示例市教育局")
        with pytest.raises(EventError, match="晚于今天（2025-11-10）"):
            service.receive(s, body, D(2030, 1, 1), "natural_person", "甲")
        app = service.receive(s, body, D(2025, 11, 3), "natural_person", "甲")
        with pytest.raises(EventError, match="不能登记尚未发生的事"):
            service.append(s, app.id, "answered", D(2027, 5, 1), "甲", {"outcome": "granted"})
        service.append(s, app.id, "answered", D(2025, 11, 10), "甲", {"outcome": "granted"})  # today is fine
        assert service.get(s, app.id).status != "open"


def test_a_wrong_entry_is_voided_not_deleted_and_the_right_one_then_stands(sessions, monkeypatch):
    monkeypatch.setenv("XXGK_TODAY", "2025-11-20")
    with sessions() as s:
        body = service.add_body(s, "示例市教育局")
        app = service.receive(s, body, D(2025, 9, 30), "natural_person", "甲")
        service.append(s, app.id, "answered", D(2025, 10, 9), "甲", {"outcome": "not_handled_petition"})  # wrong
        with pytest.raises(EventError, match="不能再登记"):
            service.append(s, app.id, "answered", D(2025, 10, 10), "甲", {"outcome": "granted"})
        with pytest.raises(EventError, match="理由"):
            service.append(s, app.id, "voided", D(2025, 11, 20), "乙", {"seq": 2, "reason": " "})
        with pytest.raises(EventError, match="不能撤销"):
            service.append(s, app.id, "voided", D(2025, 11, 20), "乙", {"seq": 1, "reason": "收到日期错了"})
        service.append(s, app.id, "voided", D(2025, 11, 20), "乙", {"seq": 2, "reason": "办理结果登记错了"})
        v = service.view(s, app.id)
        assert v.case.status == "open" and v.case.voided == {2} and v.due.on == D(2025, 11, 4)
        assert [e.kind for e in v.events] == ["received", "answered", "voided"]  # nothing deleted
        service.append(s, app.id, "answered", D(2025, 10, 10), "乙", {"outcome": "granted"})
        v = service.view(s, app.id)
        assert (v.case.status, v.case.outcome, v.case.closed_on) == ("answered", "granted", D(2025, 10, 10))
        with pytest.raises(EventError, match="不能撤销"):
            service.append(s, app.id, "voided", D(2025, 11, 20), "乙", {"seq": 2, "reason": "再撤一次"})
