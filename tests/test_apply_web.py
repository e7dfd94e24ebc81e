"""The applicant's pages on SQLite and PostgreSQL: /apply files an application through
互联网渠道 (CSRF, validation in Chinese, per-address limit, bounded forms), /track shows its
state with the right code and nothing with a wrong one, never personal data, and
counts wrong codes; the officer's side makes the letters the applicant then downloads;
nothing personal reaches the logs."""

from __future__ import annotations

import io
import logging
import re
from datetime import date

import pytest
from docx import Document
from fastapi.testclient import TestClient
from test_web import PASSWORD, csrf_of, log_in

from xxgk.register import letters, office, service
from xxgk.store.accounts import add_user
from xxgk.web.app import create_app
from xxgk.web.limits import Attempts

NAME, ID, PHONE, MAIL = "欧阳明远", "11010519491231002X", "13912345678", "ouyang@example.com"
CONTENT = "2025年示例区老旧小区改造项目的招标文件"
PERSONAL = (NAME, ID, PHONE, MAIL, "幸福路1号")


@pytest.fixture
def site(sessions, monkeypatch):
    monkeypatch.setenv("XXGK_TODAY", "2026-03-02")
    with sessions() as s:
        body = service.add_body(s, "示例市示例区人民政府办公室")
        add_user(s, "officer", PASSWORD, "officer", name="王经办", body=body)
    with TestClient(create_app(sessions)) as client:
        yield client, body.id


def apply(client: TestClient, body_id: int, **changes) -> tuple[int, str]:
    token = csrf_of(client.get("/apply").text)
    form = {
        "csrf": token,
        "body": str(body_id),
        "applicant_type": "natural_person",
        "applicant": NAME,
        "id_type": "居民身份证",
        "id_number": ID,
        "contact": PHONE,
        "email": MAIL,
        "address": "示例市示例区幸福路1号",
        "content": CONTENT,
        "delivery": "电子邮件",
    } | changes
    r = client.post("/apply", data=form)
    return r.status_code, r.text


def receipt(html: str) -> tuple[str, str]:
    number = re.search(r'id="number">([^<]+)<', html).group(1)
    code = re.search(r'id="code"><strong>([^<]+)<', html).group(1)
    return number, code


def test_apply_files_an_application_the_officer_sees_as_online(site):
    client, body_id = site
    status, html = apply(client, body_id)
    assert status == 200, html
    number, code = receipt(html)
    assert number == "2026-00001" and len(code.replace("-", "")) >= 8
    assert "第三十一条第（三）项" in html and "收到申请之日为2026年3月2日" in html
    assert 'id="due">2026-03-30<' in html
    log_in(client, "officer")
    page = client.get("/register").text
    assert 'id="awaiting"' in page and number in page  # waiting for the office
    app_id = re.search(r'href="/register/(\d+)">' + number, page).group(1)
    detail = client.get(f"/register/{app_id}").text
    assert "互联网渠道" in detail and 'id="confirmed"' in detail
    assert ID in detail and NAME in detail  # the officer sees who applied


def test_apply_says_every_problem_in_chinese(site):
    client, body_id = site
    status, html = apply(client, body_id, id_number="110105194912310021", contact="12345", content="", applicant="")
    assert status == 422
    problems = re.findall(r"<li>([^<]+)</li>", html[html.index('id="problems"') :])
    assert "居民身份证号码校验位不符，请核对是否填错" in problems
    assert any("联系方式应为手机号码" in p for p in problems)
    assert any("请填写所需政府信息" in p for p in problems) and any("请填写申请人姓名" in p for p in problems)
    assert f'value="{PHONE}"' not in html and 'value="12345"' in html  # what was typed is kept to mend
    status, html = apply(client, body_id, body="999")
    assert status == 422 and "请选择受理申请的机关" in html


def test_apply_refuses_without_the_token_and_bounds_the_form(site):
    client, body_id = site
    client.get("/apply")
    r = client.post("/apply", data={"body": str(body_id), "applicant": NAME})
    assert r.status_code == 403 and "CSRF" in r.text
    r = client.post("/apply", content=b'{"body": 1}', headers={"content-type": "application/json"})
    assert r.status_code == 415
    r = client.post(
        "/apply",
        content=b"content=" + b"x" * (70 << 10),
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert r.status_code == 413 and "过长" in r.text
    many = "&".join(f"f{k}=1" for k in range(100)).encode()
    r = client.post("/apply", content=many, headers={"content-type": "application/x-www-form-urlencoded"})
    assert r.status_code == 400


def test_apply_is_limited_per_address(site):
    client, body_id = site
    client.app.state.applications = Attempts(per_address=2, overall=100, window=3600)
    assert apply(client, body_id)[0] == 200
    assert apply(client, body_id)[0] == 200
    status, html = apply(client, body_id)
    assert status == 429 and "提交过于频繁" in html
    assert apply(client, body_id, applicant="")[0] == 429  # refused before anything is read


def test_track_shows_status_and_due_date_with_the_right_code_only(site):
    client, body_id = site
    number, code = receipt(apply(client, body_id)[1])
    r = client.get("/track", params={"number": number, "code": code})
    assert r.status_code == 200
    assert re.search(r'id="status"><strong>已收到，办理中</strong>', r.text)
    assert 'id="due">2026-03-30 前' in r.text
    assert r.headers["cache-control"] == "no-store"
    for personal in PERSONAL:
        assert personal not in r.text
    wrong = client.get("/track", params={"number": number, "code": "ABCDEFGHJK"})
    unknown = client.get("/track", params={"number": "2026-99999", "code": code})
    assert wrong.status_code == unknown.status_code == 404
    strip = lambda html: re.sub(r'name="(number|csrf)" value="[^"]*"', "", html)  # noqa: E731
    assert strip(wrong.text) == strip(unknown.text)  # nothing says whether the number exists
    assert 'id="status"' not in wrong.text and "申请编号或查询码不正确" in wrong.text


def test_wrong_codes_are_limited_per_address(site):
    client, body_id = site
    number, code = receipt(apply(client, body_id)[1])
    client.app.state.wrong_codes = Attempts(per_address=3, overall=100, window=600)
    for k in range(3):
        assert client.get("/track", params={"number": number, "code": f"WRONG{k}AAAA"}).status_code == 404
    r = client.get("/track", params={"number": number, "code": code})
    assert r.status_code == 429 and "查询失败次数过多" in r.text  # even the right code waits


def test_correction_online_and_the_letters_downloaded(site):
    client, body_id = site
    number, code = receipt(apply(client, body_id)[1])
    officer = TestClient(client.app)
    log_in(officer, "officer")
    app_id = re.search(r'href="/register/(\d+)">' + number, officer.get("/register").text).group(1)
    page = officer.get(f"/register/{app_id}").text
    r = officer.post(
        f"/register/{app_id}/events",
        data={
            "csrf": csrf_of(page),
            "kind": "correction_requested",
            "on": "2026-03-02",
            "items": "请写明项目所在片区",
            "letter": "1",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    tracked = client.get("/track", params={"number": number, "code": code}).text
    assert "需要补正" in tracked and 'id="correction"' in tracked
    link = re.search(r'href="(/track/letters/\d+\.docx\?[^"]+)"', tracked).group(1).replace("&amp;", "&")
    letter = client.get(link)
    assert letter.status_code == 200 and letter.content[:2] == b"PK"
    assert "attachment" in letter.headers["content-disposition"]
    assert client.get(link.replace(code.replace("-", ""), "ABCDEFGHJK")).status_code == 404
    r = client.post(
        "/track/correction",
        data={"csrf": csrf_of(tracked), "number": number, "code": code, "text": "幸福路片区"},
        follow_redirects=True,
    )
    assert r.status_code == 200 and "已收到补正，办理中" in r.text
    detail = officer.get(f"/register/{app_id}").text
    assert "补正内容：幸福路片区" in detail and "申请人（互联网）" in detail
    page = detail
    r = officer.post(
        f"/register/{app_id}/events",
        data={
            "csrf": csrf_of(page),
            "kind": "answered",
            "on": "2026-03-02",
            "outcome": "unavailable_not_held",
            "letter": "1",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    tracked = client.get("/track", params={"number": number, "code": code}).text
    assert "已答复" in tracked and "本机关不掌握相关政府信息" in tracked
    assert tracked.count("/track/letters/") == 4  # two letters, Word and PDF each


def test_nothing_personal_reaches_the_logs(site, caplog):
    client, body_id = site
    with caplog.at_level(logging.DEBUG):
        number, code = receipt(apply(client, body_id)[1])
        apply(client, body_id, id_number="110105194912310021")  # refused: the wrong number is not logged either
        client.get("/track", params={"number": number, "code": code})
        client.get("/track", params={"number": number, "code": "ABCDEFGHJK"})
    logged = "\n".join(r.getMessage() for r in caplog.records)
    for personal in (*PERSONAL, "110105194912310021"):
        assert personal not in logged


def test_the_admin_sets_the_letters_and_the_mail_server_once(site, sessions):
    client, body_id = site
    with sessions() as s:
        add_user(s, "root", PASSWORD, "admin", name="管理员")
    log_in(client, "root")
    page = client.get("/admin").text
    assert f'id="office-{body_id}"' in page and "尚未设置" in page
    r = client.post(
        "/admin/office",
        data={
            "csrf": csrf_of(page),
            "body_id": str(body_id),
            "letterhead": "示例市示例区人民政府办公室文件",
            "pattern": "示区办公开〔{year}〕{n}号",
            "signature": "示例市示例区人民政府办公室（印章）",
            "review_body": "示例市人民政府",
            "court": "示例市中级人民法院",
            "contact": "0510-12345678",
        },
    )
    assert r.status_code == 200 and "已保存" in r.text
    bad = client.post("/admin/office", data={"csrf": csrf_of(page), "body_id": str(body_id), "pattern": "无序号"})
    assert bad.status_code == 422 and "{n}" in bad.text
    r = client.post(
        "/admin/mail",
        data={
            "csrf": csrf_of(page),
            "host": "127.0.0.1",
            "port": "2525",
            "security": "none",
            "sender": "xxgk@example.gov.cn",
            "password": "s3cret",
            "site": "https://xxgk.example.gov.cn",
        },
    )
    assert r.status_code == 200 and "s3cret" not in r.text and "已设置，留空则不变" in r.text
    number, _ = receipt(apply(client, body_id)[1])  # an online application: it may be corrected online
    with sessions() as s:
        (app_id,) = service.numbered(s, number)
        service.record(s, app_id, "correction_requested", date(2026, 3, 2), "窗口", {"items": "文号"})
        stored = letters.issue(s, app_id, "补正告知书", "窗口")
        assert office.smtp(s).password == "s3cret"
    text = "\n".join(p.text for p in Document(io.BytesIO(stored.docx)).paragraphs)
    assert stored.number == "示区办公开〔2026〕1号"
    assert text.startswith("示例市示例区人民政府办公室文件\n示区办公开〔2026〕1号")
    assert "示例市示例区人民政府办公室（印章）" in text and "0510-12345678" in text
    assert "登录https://xxgk.example.gov.cn/track" in text
