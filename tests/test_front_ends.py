"""What every front end answers alike: the render gate refuses the same record from the
command line, the pages and the API, with the same reasons; an error is a Chinese page
for a page and JSON under /api; the command line answers every error it raises on
purpose with a message and the exit code the error carries, never a traceback."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient

from xxgk.register import service
from xxgk.register.report import build
from xxgk.render.gate import blockers
from xxgk.store.accounts import add_user
from xxgk.store.db import open_db
from xxgk.web.app import create_app

PASSWORD = "password-123"
BODY, YEAR = "示例市教育局", 2025


@pytest.fixture
def register(tmp_path):
    """A register whose 2025 report cannot go out: one application answered, no 表二
    figures and no written parts entered."""
    url = f"sqlite:///{tmp_path / 'r.sqlite'}"
    sessions = open_db(url)
    with sessions() as s:
        b = service.add_body(s, BODY)
        a = service.receive(s, b, date(2025, 9, 30), "natural_person", "seed")
        service.record(s, a.id, "answered", date(2025, 10, 9), "seed", {"outcome": "granted"})
        add_user(s, "edu", PASSWORD, "officer", name="教育局经办", body=b)
        reasons = [f.message for f in blockers(build(s, b, YEAR))]
    assert reasons  # the gate has something to say
    yield url, sessions, reasons
    sessions.kw["bind"].dispose()


def test_the_command_line_refuses_it(xxgk, register, tmp_path):
    url, _, reasons = register
    out = tmp_path / "年报.docx"
    r = xxgk("report", "--body", BODY, "--year", YEAR, "--to", "docx", "-o", out, "--db", url)
    assert r.returncode == 1, r.output
    assert "拒绝生成" in r.output and all(m in r.output for m in reasons)
    assert not out.exists()


def test_the_pages_refuse_it(register):
    url, sessions, reasons = register
    with TestClient(create_app(sessions)) as client:
        page = client.get("/login").text
        form = page[page.index('action="/login"') :]
        csrf = form.split('name="csrf" value="')[1].split('"')[0]
        client.post("/login", data={"username": "edu", "password": PASSWORD, "csrf": csrf})
        r = client.get(f"/register-report/1/{YEAR}.docx")
    assert r.status_code == 409 and r.headers["content-type"].startswith("text/html")
    assert "未通过核验或尚未填完" in r.text and reasons[0] in r.text


def test_the_api_refuses_it(register):
    url, sessions, reasons = register
    with TestClient(create_app(sessions)) as client:
        token = client.post("/api/login", json={"username": "edu", "password": PASSWORD}).json()["token"]
        r = client.get(
            f"/api/bodies/1/report/{YEAR}", params={"to": "docx"}, headers={"Authorization": f"Bearer {token}"}
        )
    assert r.status_code == 409 and r.headers["content-type"] == "application/json"
    assert [f["message"] for f in r.json()["findings"]] == reasons


def test_a_web_error_is_a_page_for_pages_and_json_for_the_api(register):
    _, sessions, _ = register
    with TestClient(create_app(sessions)) as client:
        for path, status in (("/reports/abc", 422), ("/reports/999999", 404), ("/bodies/999999", 404)):
            r = client.get(path)
            assert r.status_code == status and r.headers["content-type"].startswith("text/html"), path
            assert "<html" in r.text and ("无效" in r.text or "没有编号为" in r.text), path
        token = client.post("/api/login", json={"username": "edu", "password": PASSWORD}).json()["token"]
        auth = {"Authorization": f"Bearer {token}"}
        for path, status in (
            ("/api/applications/abc", 422),
            ("/api/applications/999999", 404),
            ("/api/bodies/999999/report/2025", 404),
        ):
            r = client.get(path, headers=auth)
            assert r.status_code == status and r.headers["content-type"] == "application/json", path
            assert "detail" in r.json(), path
        r = client.get("/api/applications")
        assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer" and "请先登录" in r.json()["detail"]
        r = client.get("/register", follow_redirects=False)  # a page without a login: the login page
        assert r.status_code == 303 and r.headers["location"].startswith("/login")


def test_the_command_line_says_each_error_with_its_exit_code(xxgk, register, tmp_path):
    url, _, _ = register
    r = xxgk("register", "show", "999", "--db", url)
    assert r.returncode == 2 and "没有编号为 999 的申请" in r.output and "Traceback" not in r.output
    r = xxgk("register", "event", "1", "延期", "--on", "2025-10-09", "--approver", "主任", "--db", url)  # closed
    assert r.returncode == 2 and "不能再登记" in r.output
    r = xxgk("render", str(tmp_path / "none.json"), "-o", str(tmp_path / "x" / "y.docx"))
    assert r.returncode == 2 and "输出目录" in r.output
    r = xxgk("deadline", "--received", "2025-02-30")
    assert r.returncode == 2 and "“2025-02-30”不存在" in r.output
    r = xxgk("register", "add", "--db", url)  # a missing option is a usage error, said by Typer
    assert r.returncode == 2 and "--body" in r.output and "内部错误" not in r.output
