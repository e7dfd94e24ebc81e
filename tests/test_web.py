"""The web pages on SQLite and PostgreSQL: who may see what, CSRF, the report check marking
findings on their cells, the dashboard following its filters, attribution of changes."""

from __future__ import annotations

import json
import random
import re
from datetime import date

import pytest
from fastapi.testclient import TestClient

from xxgk.register import service
from xxgk.sample.corpus import write_corpus
from xxgk.sample.forms import FORMS
from xxgk.sample.records import XICHENG_2020, published
from xxgk.store import queries
from xxgk.store.accounts import add_user
from xxgk.store.ingest import ingest, local_engine
from xxgk.store.models import Event
from xxgk.web.app import create_app

PASSWORD = "password-123"
APPLICANT, CONTACT = "欧阳明远", "13912345678"


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def log_in(client: TestClient, username: str) -> None:
    page = client.get("/login").text
    form = page[page.index('action="/login"') :]  # not the logout form of the header
    r = client.post(
        "/login", data={"username": username, "password": PASSWORD, "csrf": csrf_of(form)}, follow_redirects=False
    )
    assert r.status_code == 303, r.text


@pytest.fixture
def site(sessions):
    """Two bodies of 示例市 with an application each (with the applicant's name and
    phone), an officer of each, a supervisor of 示例市, an admin."""
    with sessions() as s:
        a = service.add_body(s, "示例市教育局")
        b = service.add_body(s, "示例市公安局")
        c = service.add_body(s, "另一市公安局")
        apps = {
            body.name: service.receive(
                s,
                body,
                date(2025, 9, 30),
                "natural_person",
                "seed",
                applicant_name=APPLICANT,
                applicant_contact=CONTACT,
                content="学区划分",
            ).id
            for body in (a, b, c)
        }
        add_user(s, "edu", PASSWORD, "officer", name="教育局经办", body=a)
        add_user(s, "police", PASSWORD, "officer", name="公安局经办", body=b)
        add_user(s, "sup", PASSWORD, "supervisor", name="市监督", region="示例市")
        add_user(s, "root", PASSWORD, "admin", name="管理员")
    with TestClient(create_app(sessions)) as client:
        yield client, apps


def test_an_officer_gets_404_for_another_bodys_application(site):
    client, apps = site
    log_in(client, "edu")
    mine, theirs = apps["示例市教育局"], apps["示例市公安局"]
    assert client.get(f"/register/{mine}").status_code == 200
    page = client.get(f"/register/{mine}").text
    r = client.get(f"/register/{theirs}")
    assert r.status_code == 404 and "没有编号为" in r.text
    r = client.post(
        f"/register/{theirs}/events",
        data={"csrf": csrf_of(page), "kind": "answered", "on": "2025-10-09", "outcome": "granted"},
    )
    assert r.status_code == 404
    assert client.get("/register-report", params={"body_id": 2, "year": 2025}).status_code == 404
    listing = client.get("/register").text
    assert f'href="/register/{mine}"' in listing and f'href="/register/{theirs}"' not in listing
    assert client.get("/admin").status_code == 403


def test_a_supervisor_sees_their_region_and_an_admin_everything(site):
    client, apps = site
    log_in(client, "sup")
    assert client.get(f"/register/{apps['示例市教育局']}").status_code == 200
    assert client.get(f"/register/{apps['示例市公安局']}").status_code == 200
    assert client.get(f"/register/{apps['另一市公安局']}").status_code == 404
    log_in(client, "root")
    assert client.get(f"/register/{apps['另一市公安局']}").status_code == 200


def test_a_public_visitor_sees_no_personal_data_anywhere(site, sessions, tmp_path):
    client, apps = site
    write_corpus(tmp_path / "corpus", years=(2023, 2024), scale=1)
    with sessions() as s:
        ingest(s, [tmp_path / "corpus"], local_engine(0))
    pages = ["/", "/dashboard", "/reports", "/reports/1", "/bodies/1", "/login", "/docs", "/openapi.json"]
    pages += [f"/register/{i}" for i in apps.values()] + ["/register", "/check", "/admin", "/register-report"]
    pages += [f"/api/applications/{i}" for i in apps.values()] + ["/api/applications", "/api/bodies"]
    for path in pages:
        r = client.get(path)
        assert APPLICANT not in r.text and CONTACT not in r.text, path
        if path.startswith(("/register", "/check", "/admin")):
            assert r.url.path == "/login", path  # sent to log in
        if path.startswith("/api/"):
            assert r.status_code == 401, path
    assert "示例市" in client.get("/dashboard").text and client.get("/reports/1").status_code == 200


def test_forms_without_their_csrf_token_are_refused(site, sessions):
    client, apps = site
    r = client.post("/login", data={"username": "edu", "password": PASSWORD, "csrf": "forged"})
    assert r.status_code == 403 and "CSRF" in r.text
    log_in(client, "edu")
    good = csrf_of(client.get("/register/new").text)
    for token in (None, "", "forged"):
        data = {"body_id": "1", "received": "2025-10-08", "applicant_type": "natural_person"}
        if token is not None:
            data["csrf"] = token
        assert client.post("/register/new", data=data).status_code == 403
        assert (
            client.post(
                f"/register/{apps['示例市教育局']}/events",
                data={**data, "kind": "answered", "on": "2025-10-09", "outcome": "granted"},
            ).status_code
            == 403
        )
        assert (
            client.post("/check", data={"text": "x", **({"csrf": token} if token is not None else {})}).status_code
            == 403
        )
    with sessions() as s:
        assert len(service.queue(s, date(2025, 10, 10), body_ids={1})) == 1  # nothing registered by the refused forms
    # the pages' own scripts may use the API with the cookie, but only with the token in a header
    assert client.post("/api/applications", json={"body_id": 1, "received": "2025-10-08"}).status_code == 403
    r = client.post("/api/applications", json={"body_id": 1, "received": "2025-10-08"}, headers={"X-CSRF-Token": good})
    assert r.status_code == 201


def test_register_pages_attribute_changes_and_follow_the_deadline(site, sessions):
    client, apps = site
    log_in(client, "edu")
    page = client.get("/register/new").text
    r = client.post(
        "/register/new",
        data={
            "csrf": csrf_of(page),
            "body_id": "1",
            "received": "2025-09-30",
            "applicant_type": "natural_person",
            "channel": "online",
        },
        follow_redirects=False,
    )
    app_id = int(r.headers["location"].rsplit("/", 1)[1])
    detail = client.get(f"/register/{app_id}").text
    assert "2025-11-04" in detail  # 20 working days after 30 Sep 2025, across National Day
    offered = set(re.findall(r'id="event-(\w+)"', detail))  # a form for each event that may follow now
    assert offered == {
        "correction_requested",
        "consultation_started",
        "extension_approved",
        "fee_notice",
        "answered",
        "withdrawn",
    }
    form = {"csrf": csrf_of(detail), "version": "1"}
    client.post(f"/register/{app_id}/events", data={**form, "kind": "correction_requested", "on": "2025-10-09"})
    assert "等待申请人补正" in client.get(f"/register/{app_id}").text
    client.post(
        f"/register/{app_id}/events", data={**form, "version": "2", "kind": "correction_received", "on": "2025-10-20"}
    )
    detail = client.get(f"/register/{app_id}").text
    assert "2025-11-17" in detail  # counted afresh from the 补正
    assert set(re.findall(r'id="event-(\w+)"', detail)) == {
        "consultation_started",
        "extension_approved",
        "fee_notice",
        "answered",
        "withdrawn",
        "voided",
    }  # entries now stand that a correction may void
    client.post(
        f"/register/{app_id}/events",
        data={**form, "version": "3", "kind": "answered", "on": "2025-11-10", "outcome": "granted"},
    )
    detail = client.get(f"/register/{app_id}").text
    assert "已答复" in detail and "予以公开" in detail
    with sessions() as s:
        who = {e.recorded_by for e in s.query(Event).filter(Event.application_id == app_id)}
    assert who == {"教育局经办（edu）"}
    report = client.get("/register-report", params={"body_id": 1, "year": 2025}).text
    assert re.search(r'data-cell="applications.granted.natural_person"[^>]*>1<', report)


def test_the_check_page_marks_each_error_on_its_cell(site):
    """北京市西城区人民政府's 2020 report prints 结转下年度 2,782 where its balance gives 55."""
    client, _ = site
    log_in(client, "edu")
    text = FORMS["markdown"](published(XICHENG_2020), random.Random(1))
    r = client.post("/check", data={"csrf": csrf_of(client.get("/check").text), "text": text})
    assert r.status_code == 200 and "北京市西城区人民政府" in r.text
    cell = re.search(r'<td[^>]*data-cell="applications.carried_forward.total"[^>]*>(.*?)</td>', r.text)
    assert cell and 'class="error"' in cell.group(0) and cell.group(1).startswith("2782")
    mark = re.search(r'href="#f(\d+)"', cell.group(1)).group(1)
    finding = re.search(rf'<li id="f{mark}" class="error"[^>]*>(.*?)</li>', r.text, re.S).group(1)
    assert "相差2727" in finding  # 2,782 printed, 55 by the balance
    assert "读自" in cell.group(0)  # where the number was read
    key = r.url.path.rsplit("/", 1)[1]
    assert client.get(f"/check/{key}/download/json").json()["body"] == "北京市西城区人民政府"
    assert client.get(f"/check/{key}/download/xlsx").content[:2] == b"PK"
    assert client.get(f"/check/{key}/download/docx").content[:2] == b"PK"


def test_the_dashboard_follows_its_filters_and_new_reports(site, sessions, tmp_path):
    client, _ = site

    def chart(params: dict) -> list:
        html = client.get("/dashboard", params=params).text
        data = re.search(r'<script type="application/json" id="chart-data">(.*?)</script>', html, re.S).group(1)
        return json.loads(data)["by_year"]["series"][0]["data"]

    assert chart({}) == []  # nothing ingested yet (and the answer is kept until the corpus changes)
    write_corpus(tmp_path / "corpus", years=(2023, 2024), scale=1)
    with sessions() as s:
        ingest(s, [tmp_path / "corpus"], local_engine(0))
        everything = queries.totals_by_year(s, queries.Filters())
        district = queries.totals_by_year(s, queries.Filters(region="示例市甲区"))
    assert district != everything
    assert chart({}) == [t["new_received"] for t in everything]
    assert chart({"region": "示例市甲区"}) == [t["new_received"] for t in district]


def test_the_dashboard_compares_regions_and_drills_down(site, sessions, tmp_path):
    """The city by its own bodies and its districts and counties, each a link to its own
    comparison; within a district, body by body, each a link to the body's page."""
    client, _ = site
    write_corpus(tmp_path / "corpus", years=(2024,), scale=1)
    with sessions() as s:
        ingest(s, [tmp_path / "corpus"], local_engine(0))
        district = queries.totals_by_year(s, queries.Filters(region="示例市甲区"))[0]

    def rows(html: str) -> dict[str, list[str]]:
        table = re.search(r'<table class="list numbers" id="regions">(.*?)</table>', html, re.S).group(1)
        out = {}
        for tr in re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]:
            cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)]
            out[cells[0]] = cells[1:]
        return out

    assert "示例市：按地区比较" in client.get("/dashboard").text  # the only city: compared inside at once
    city = client.get("/dashboard", params={"region": "示例市"}).text
    assert "按地区比较" in city and 'href="/dashboard?region=%E7%A4%BA%E4%BE%8B%E5%B8%82%E7%94%B2%E5%8C%BA' in city
    got = rows(city)
    assert {"示例市（本级）", "示例市甲区", "示例市乙区"} <= set(got)
    assert got["示例市甲区"][:2] == [str(district["reports"]), str(district["new_received"])]
    bodies = client.get("/dashboard", params={"region": "示例市甲区"}).text
    assert "按机关比较" in bodies and "示例市甲区人民政府" in rows(bodies) and 'href="/bodies/' in bodies
    assert sum(int(v[0]) for v in rows(bodies).values()) == district["reports"]


def test_the_quality_view_lists_late_and_incomplete_reports(site, sessions, tmp_path):
    """A department's report signed after 31 January, and a report without 表四."""
    client, _ = site
    late = FORMS["markdown"](published(XICHENG_2020), random.Random(2)).replace("北京市西城区人民政府", "示例市教育局")
    late += "\n\n示例市教育局\n2021年2月20日\n"
    (tmp_path / "late.md").write_text(late, encoding="utf-8")
    short = FORMS["markdown"](published(XICHENG_2020), random.Random(2)).replace("北京市西城区人民政府", "示例市公安局")
    (tmp_path / "short.md").write_text(short[: short.index("四、政府信息公开行政复议")], encoding="utf-8")
    with sessions() as s:
        ingest(s, [tmp_path / "late.md", tmp_path / "short.md"], local_engine(0))
    dashboard = client.get("/dashboard").text
    assert 'href="/reports?problem=late&' in dashboard and 'href="/reports?problem=missing&' in dashboard
    late_list = client.get("/reports", params={"problem": "late"}).text
    missing_list = client.get("/reports", params={"problem": "missing"}).text
    assert "示例市教育局" in late_list and "示例市公安局" not in late_list and "逾期发布的报告" in late_list
    assert "示例市公安局" in missing_list and "示例市教育局" not in missing_list


def test_several_files_at_once_and_one_that_cannot_be_read(site):
    client, _ = site
    log_in(client, "edu")
    good = FORMS["pdf_text"](published(XICHENG_2020), random.Random(4)).encode("gb18030")
    files = [("files", ("西城区-2020.txt", good, "text/plain")), ("files", ("空白.pdf", b"", "application/pdf"))]
    r = client.post("/check", data={"csrf": csrf_of(client.get("/check").text)}, files=files)
    assert r.status_code == 200
    rows = re.findall(r"<tr>(.*?)</tr>", r.text, re.S)
    assert "北京市西城区人民政府" in rows[1] and 'href="/check/' in rows[1]
    assert "空白.pdf：文件为空" in rows[2]  # the file and the reason


def test_correction_rates_below_the_minimum_are_flagged_not_drawn(site, sessions, tmp_path):
    client, _ = site
    write_corpus(tmp_path / "corpus", years=(2024,), scale=1)
    with sessions() as s:
        ingest(s, [tmp_path / "corpus"], local_engine(0))
    html = client.get("/dashboard", params={"min_count": 10**9}).text
    data = json.loads(re.search(r'id="chart-data">(.*?)</script>', html, re.S).group(1))
    assert data["corrections"]["series"][0]["data"] == [None, None]
    assert html.count("不计算纠错率") == 2
    html = client.get("/dashboard").text
    data = json.loads(re.search(r'id="chart-data">(.*?)</script>', html, re.S).group(1))
    assert all(isinstance(v, float) for v in data["corrections"]["series"][0]["data"])


def test_the_calendar_is_the_admins_and_open_cases_follow_it(site, sessions):
    client, apps = site
    log_in(client, "edu")
    csrf = csrf_of(client.get("/register").text)
    assert client.post("/admin/calendar", data={"csrf": csrf, "day": "2025-10-10", "workday": "0"}).status_code == 403
    log_in(client, "root")
    csrf = csrf_of(client.get("/admin").text)
    r = client.post("/admin/calendar", data={"csrf": csrf, "day": "2025-10-10", "workday": "0", "note": "本机关放假"})
    assert r.status_code == 200 and "3 件办理中申请的期限随之重算" in r.text
    assert "2025-11-05" in client.get(f"/register/{apps['示例市教育局']}").text  # one working day later
    r = client.post("/admin/users", data={"csrf": csrf, "username": "new", "password": "short", "role": "officer"})
    assert r.status_code == 422 and "密码至少 8 位" in r.text


def test_wrong_passwords_lock_the_account_for_a_while(site, sessions):
    client, _ = site
    page = client.get("/login").text
    token = csrf_of(page[page.index('action="/login"') :])
    for _ in range(5):
        r = client.post("/login", data={"username": "edu", "password": "wrong-one", "csrf": token})
        assert r.status_code == 401 and "用户名或密码不正确" in r.text
    r = client.post("/login", data={"username": "edu", "password": PASSWORD, "csrf": token})
    assert r.status_code == 429 and "已暂时锁定" in r.text  # even the right password, for a while
    assert client.post("/api/login", json={"username": "edu", "password": PASSWORD}).status_code == 429
    with sessions() as s:
        from sqlalchemy import select

        from xxgk.store.accounts import set_password
        from xxgk.store.models import User

        set_password(s, s.scalar(select(User).where(User.username == "edu")), PASSWORD)  # the admin resets it
    log_in(client, "edu")


def test_an_officer_changes_their_password_and_other_logins_end(site, sessions):
    client, _ = site
    log_in(client, "edu")
    with TestClient(client.app) as other:
        log_in(other, "edu")
        csrf = csrf_of(client.get("/account").text)
        r = client.post(
            "/account/password",
            data={"csrf": csrf, "current": "wrong", "new": "new-password-1", "again": "new-password-1"},
        )
        assert r.status_code == 422 and "当前密码不正确" in r.text
        r = client.post(
            "/account/password",
            data={"csrf": csrf, "current": PASSWORD, "new": "new-password-1", "again": "new-password-2"},
        )
        assert r.status_code == 422 and "不一致" in r.text
        r = client.post(
            "/account/password",
            data={"csrf": csrf, "current": PASSWORD, "new": "new-password-1", "again": "new-password-1"},
        )
        assert r.status_code == 200 and "密码已修改" in r.text  # and still logged in here
        assert other.get("/register").url.path == "/login"  # the other login ended
    assert client.post("/api/login", json={"username": "edu", "password": PASSWORD}).status_code == 401
    assert client.post("/api/login", json={"username": "edu", "password": "new-password-1"}).status_code == 200


def test_an_admin_stops_an_account_and_its_logins_end(site):
    client, _ = site
    with TestClient(client.app) as officer:
        log_in(officer, "edu")
        assert officer.get("/register").status_code == 200
        log_in(client, "root")
        page = client.get("/admin").text
        stop = re.search(r'action="/admin/users/(\d+)/active"', page).group(1)
        assert (
            client.post(f"/admin/users/{stop}/active", data={"csrf": csrf_of(page), "active": "0"}).status_code == 200
        )
        assert officer.get("/register").url.path == "/login"
        assert client.post("/api/login", json={"username": "edu", "password": PASSWORD}).status_code == 401
        me = re.search(r"<tr><td>root</td>", client.get("/admin").text)
        assert me and 'action="/admin/users/4/active"' not in client.get("/admin").text  # no button for oneself


def test_a_supervisor_narrows_the_queues_to_a_body_and_finds_an_application_by_number(site, sessions):
    client, apps = site
    log_in(client, "sup")
    both = client.get("/register").text
    assert f'href="/register/{apps["示例市教育局"]}"' in both and f'href="/register/{apps["示例市公安局"]}"' in both
    one = client.get("/register", params={"body_id": "2"}).text
    assert f'href="/register/{apps["示例市公安局"]}"' in one and f'href="/register/{apps["示例市教育局"]}"' not in one
    with sessions() as s:
        number = service.get(s, apps["示例市公安局"]).number
        other = service.get(s, apps["另一市公安局"]).number
    r = client.get("/register", params={"number": number, "body_id": "2"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/register/{apps['示例市公安局']}"
    r = client.get("/register", params={"number": "no-such"})
    assert r.status_code == 200 and "没有找到编号为“no-such”的申请" in r.text
    assert number == other  # numbers are the body's own: the same in two bodies
    r = client.get("/register", params={"number": number}, follow_redirects=False)
    assert r.status_code == 200 and "在多个机关都有" in r.text  # 示例市教育局's and 示例市公安局's
    r = client.get("/register", params={"number": other, "body_id": "3"}, follow_redirects=False)
    assert r.status_code == 200 and f'href="/register/{apps["另一市公安局"]}"' not in r.text  # outside the region


def test_a_supervisor_adds_collected_reports_to_the_library(sessions, tmp_path):
    with sessions() as s:
        add_user(s, "sup", PASSWORD, "supervisor", name="市监督", region="示例市")
        body = service.add_body(s, "示例市教育局")
        add_user(s, "edu", PASSWORD, "officer", name="教育局经办", body=body)
    report = FORMS["pdf_text"](published(XICHENG_2020), random.Random(5)).encode("gb18030")
    files = [
        ("files", ("西城区-2020.txt", report, "text/plain")),
        ("files", ("同一份.txt", report, "text/plain")),
        ("files", ("录音.mp3", b"ID3\x03", "audio/mpeg")),
        ("files", ("照片.jpg", b"\xff\xd8\xff", "image/jpeg")),  # a picture, but a broken one
        ("files", ("空.pdf", b"", "application/pdf")),
    ]
    with TestClient(create_app(sessions, uploads=tmp_path / "uploads")) as client:
        log_in(client, "edu")
        assert 'id="add-reports"' not in client.get("/reports").text
        assert (
            client.post(
                "/reports/upload", data={"csrf": csrf_of(client.get("/check").text)}, files=files[:1]
            ).status_code
            == 403
        )  # officers do not add to the library
        log_in(client, "sup")
        page = client.get("/reports").text
        assert 'id="add-reports"' in page
        assert client.post("/reports/upload", data={"csrf": "forged"}, files=files[:1]).status_code == 403
        r = client.post("/reports/upload", data={"csrf": csrf_of(page)}, files=files)
        assert r.status_code == 200
        assert "新读入 1 份" in r.text and "其中有错误 1 份" in r.text and "库中已有（未重复读入） 1 份" in r.text
        assert "录音.mp3：不是能读取的年报文件类型" in r.text and "空.pdf：文件为空" in r.text
        assert "照片.jpg：图片已损坏" in r.text
        listing = client.get("/reports").text
        assert listing.count("北京市西城区人民政府") == 1
    assert len(list((tmp_path / "uploads").rglob("*"))) == 5  # a day's folder and the four files of readable types kept


@pytest.mark.parametrize("target", ["//evil.example/x", "/\\evil.example/x", "https://evil.example/", "javascript:x"])
def test_login_goes_on_only_to_a_page_of_this_site(site, target):
    client, _ = site
    page = client.get("/login", params={"next": target}).text
    form = page[page.index('action="/login"') :]
    assert 'name="next" value="/"' in form
    r = client.post(
        "/login",
        data={"username": "edu", "password": PASSWORD, "csrf": csrf_of(form), "next": target},
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == "/"


def test_the_annual_report_from_the_register_is_refused_until_it_balances(site, sessions):
    """Without 表二 the report is incomplete: the page lists the problem and the download is
    refused; once the figures are entered the Word file comes."""
    client, apps = site
    log_in(client, "edu")
    page = client.get("/register-report", params={"body_id": 1, "year": 2025}).text
    assert "尚不能生成正式报告" in page and "/register-report/1/2025.docx" not in page
    assert client.get("/register-report/1/2025.docx").status_code == 409
    with sessions() as s:
        figures = {
            "regulations": {"issued": 0, "repealed": 0, "in_force": 1},
            "normative_documents": {"issued": 1, "repealed": 0, "in_force": 4},
            "licensing": {"decisions": 12},
            "penalty": {"decisions": 3},
            "enforcement": {"decisions": 0},
            "fees": {"amount": 0},
        }
        service.set_figures(s, service.body_by_name(s, "示例市教育局"), 2025, figures)
    page = client.get("/register-report", params={"body_id": 1, "year": 2025}).text
    assert "/register-report/1/2025.docx" not in page and "正文“一、总体情况”尚未填写" in page  # balanced, not written
    r = client.post(
        "/register-report/1/2025/text",
        data={
            "csrf": csrf_of(page),
            "overview": "本年度共收到申请1件。",
            "problems": "答复质量有待提高。",
            "other": "无。",
        },
        follow_redirects=True,
    )
    assert "本年度共收到申请1件。" in r.text
    page = client.get("/register-report", params={"body_id": 1, "year": 2025}).text
    assert "/register-report/1/2025.docx" in page
    r = client.get("/register-report/1/2025.docx")
    assert r.status_code == 200 and r.content[:2] == b"PK" and "attachment" in r.headers["content-disposition"]
    assert client.get("/register-report/2/2025.docx").status_code == 404  # another body's


def test_the_library_exports_the_cells_of_the_reports_it_shows(site, sessions, tmp_path):
    """Anyone may download the published figures: one row per cell, Excel-readable CSV."""
    import csv
    import io

    client, _ = site
    write_corpus(tmp_path / "corpus", years=(2023, 2024), scale=1)
    with sessions() as s:
        ingest(s, [tmp_path / "corpus"], local_engine(0))
        expected = {
            (r["body"], r["year"])
            for r in queries.reports(s, queries.Filters(region="示例市甲区"), severity=None, limit=1000)
        }
    page = client.get("/reports", params={"region": "示例市甲区"}).text
    link = re.search(r'href="(/reports/export\.csv[^"]*)" id="export"', page).group(1).replace("&amp;", "&")
    r = client.get(link)
    assert r.status_code == 200 and r.content.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert {(row["机关"], int(row["年度"])) for row in rows} == expected and len(expected) == 14
    one = next(
        row
        for row in rows
        if row["table"] == "applications" and row["row"] == "new_received" and row["column"] == "total"
    )
    with sessions() as s:
        from xxgk.store.models import Cell, Report

        stored = (
            s.query(Cell.value)
            .join(Report, Report.id == Cell.report_id)
            .filter(
                Report.body_name == one["机关"],
                Report.year == int(one["年度"]),
                Cell.table == "applications",
                Cell.row == "new_received",
                Cell.column == "total",
            )
            .scalar()
        )
    assert int(one["数值"]) == stored and one["表"] == "表三" and one["行"].startswith("一、本年新收")


def test_an_officer_voids_a_wrong_answer_on_the_page_and_enters_the_right_one(site, monkeypatch):
    monkeypatch.setenv("XXGK_TODAY", "2025-11-20")
    client, apps = site
    log_in(client, "edu")
    mine = apps["示例市教育局"]
    page = client.get(f"/register/{mine}").text
    client.post(
        f"/register/{mine}/events",
        data={"csrf": csrf_of(page), "kind": "answered", "on": "2025-10-09", "outcome": "not_handled_petition"},
    )
    page = client.get(f"/register/{mine}").text
    assert 'id="event-voided"' in page and 'id="event-answered"' not in page  # closed: only a correction
    r = client.post(
        f"/register/{mine}/events",
        data={"csrf": csrf_of(page), "kind": "voided", "on": "2025-11-20", "seq": "2", "reason": "结果登记错了"},
        follow_redirects=True,
    )
    assert "（已撤销）" in r.text and "撤销第 2 条：结果登记错了" in r.text and "教育局经办" in r.text
    assert 'id="event-answered"' in r.text  # open again
    r = client.post(
        f"/register/{mine}/events",
        data={"csrf": csrf_of(r.text), "kind": "answered", "on": "2025-10-10", "outcome": "granted"},
        follow_redirects=True,
    )
    assert "予以公开" in r.text
    future = client.post(
        f"/register/{mine}/events",
        data={"csrf": csrf_of(r.text), "kind": "voided", "on": "2025-11-21", "seq": "4", "reason": "x"},
    )
    assert future.status_code == 422 and "晚于今天" in future.text


def test_applications_whose_due_date_cannot_be_computed_have_their_own_queue(site, monkeypatch):
    """The built-in calendar ends in 2026: a receipt of 2026-12-15 has no due date until
    2027's holidays are entered. It stays in sight — its own queue, the API, a warning to
    the admin on the dashboard — until the calendar has the year."""
    monkeypatch.setenv("XXGK_TODAY", "2026-12-20")
    client, apps = site
    with client.app.state.sessions() as s:
        late = service.receive(s, service.body_by_name(s, "示例市教育局"), date(2026, 12, 15), "natural_person", "甲")
    log_in(client, "edu")
    page = client.get("/register").text
    assert "期限无法计算（1）" in page and "没有 2027 年的数据" in page and f'href="/register/{late.id}"' in page
    token = client.post("/api/login", json={"username": "edu", "password": PASSWORD}).json()["token"]
    listed = client.get("/api/applications", params={"no_due": True}, headers={"Authorization": f"Bearer {token}"})
    assert [a["id"] for a in listed.json()] == [late.id]
    client.post("/logout", data={"csrf": csrf_of(page)})
    log_in(client, "root")
    assert "期限无法计算" in client.get("/dashboard").text
    with client.app.state.sessions() as s:
        service.set_day(s, date(2027, 1, 1), False, "元旦", "管理员")
        service.declare_year(s, 2027, "管理员")
    assert "期限无法计算" not in client.get("/dashboard").text
