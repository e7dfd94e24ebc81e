"""The applicant's side end to end in Chromium, against `xxgk serve` on an empty database
with one body and a local SMTP server (aiosmtpd, in this process): apply, track, the
officer asks for 补正, the applicant answers online, the officer answers, the applicant
downloads the 答复书; the e-mails arrive; the server's output carries no personal data."""

from __future__ import annotations

import re
import subprocess
import sys
import time

import pypdfium2
import pytest
from aiosmtpd.controller import Controller
from conftest import free_port, wait_until_served
from playwright.sync_api import Page, expect
from test_online import Inbox

from xxgk.register import office, service
from xxgk.store.accounts import add_user
from xxgk.store.db import open_db

pytestmark = [pytest.mark.browser, pytest.mark.office]

PASSWORD = "e2e-password"
BODY = "示例市示例区人民政府办公室"
NAME, ID, PHONE, MAIL = "欧阳明远", "11010519491231002X", "13912345678", "ouyang@example.com"
CONTENT = "2025年示例区老旧小区改造项目的招标文件"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    d = tmp_path_factory.mktemp("apply")
    url = f"sqlite:///{d / 'site.sqlite'}"
    inbox = Inbox()
    smtp = Controller(inbox, hostname="127.0.0.1", port=free_port())
    smtp.start()
    sessions = open_db(url)
    with sessions() as s:
        body = service.add_body(s, BODY)
        add_user(s, "officer", PASSWORD, "officer", name="王经办", body=body)
        office.set_smtp(s, {"host": "127.0.0.1", "port": str(smtp.port), "sender": "xxgk@example.gov.cn"})
    sessions.kw["bind"].dispose()
    port = free_port()
    log = (d / "server.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "xxgk", "serve", "--db", url, "--port", str(port)], stdout=log, stderr=log
    )
    base = f"http://127.0.0.1:{port}"
    if not wait_until_served(base):
        proc.kill()
        raise RuntimeError((d / "server.log").read_text())
    yield base, d, inbox, url
    proc.terminate()
    proc.wait(10)
    smtp.stop()


def _page(browser) -> Page:
    return browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="zh-CN", accept_downloads=True
    ).new_page()


def _wait_for(inbox: Inbox, n: int) -> None:
    for _ in range(100):
        if len(inbox.messages) >= n:
            return
        time.sleep(0.2)


def _record(officer: Page, kind: str, fill: dict[str, str], select: dict[str, str] | None = None) -> None:
    form = officer.locator(f"form#event-{kind}")
    for name, value in fill.items():
        form.locator(f"[name={name}]").fill(value)
    for name, value in (select or {}).items():
        form.locator(f"select[name={name}]").select_option(value)
    form.locator("button[type=submit]").click()


def test_apply_track_correct_answer_download_and_mail(served, browser, tmp_path):
    base, d, inbox, url = served
    applicant, officer = _page(browser), _page(browser)

    # the applicant applies
    applicant.goto(f"{base}/apply")
    expect(applicant.locator("h1")).to_have_text("政府信息公开申请")
    applicant.fill("input[name=applicant]", NAME)
    applicant.fill("input[name=id_number]", "110105194912310021")  # a wrong check digit first
    applicant.fill("input[name=contact]", PHONE)
    applicant.fill("input[name=email]", MAIL)
    applicant.fill("input[name=address]", "示例市示例区幸福路1号")
    applicant.fill("textarea[name=content]", CONTENT)
    applicant.click("form#apply button[type=submit]")
    expect(applicant.locator("#problems")).to_contain_text("居民身份证号码校验位不符")
    applicant.fill("input[name=id_number]", ID)
    applicant.click("form#apply button[type=submit]")
    expect(applicant.locator("#receipt")).to_contain_text("政府信息公开申请回执")
    expect(applicant.locator("#confirmation")).to_contain_text("第三十一条第（三）项")
    number = applicant.locator("#number").inner_text()
    code = applicant.locator("#code").inner_text()
    assert re.fullmatch(r"\d{4}-\d{5}", number) and len(code.replace("-", "")) == 10

    # tracking: the right code shows the state and the due date; a wrong one shows nothing
    applicant.goto(f"{base}/track?number={number}&code={code}")
    expect(applicant.locator("#status")).to_contain_text("已收到，办理中")
    sessions = open_db(url)
    with sessions() as s:
        (app_id,) = service.numbered(s, number)
        due = service.view(s, app_id).due.on
    expect(applicant.locator("#due")).to_contain_text(str(due))
    for personal in (NAME, ID, PHONE, MAIL):
        assert personal not in applicant.content()
    applicant.goto(f"{base}/track")
    applicant.fill("input[name=number]", number)
    applicant.fill("input[name=code]", "ABCDE-FGHJK")
    applicant.click("form#lookup button")
    expect(applicant.locator(".alert.error")).to_contain_text("申请编号或查询码不正确")
    expect(applicant.locator("#status")).to_have_count(0)

    # the officer finds it as received online and asks for a correction
    officer.goto(f"{base}/login?next=/register")
    officer.fill("input[name=username]", "officer")
    officer.fill("input[name=password]", PASSWORD)
    officer.click("form[action='/login'] button")
    expect(officer.locator("#awaiting")).to_contain_text(number)
    officer.click(f"#awaiting a:text('{number}')")
    expect(officer.locator("dl.facts")).to_contain_text("互联网渠道")
    _record(officer, "correction_requested", {"items": "请写明项目所在片区"})
    expect(officer.locator("#letters")).to_contain_text("补正告知书")

    # the applicant sees it, reads the notice and corrects online
    applicant.goto(f"{base}/track?number={number}&code={code}")
    expect(applicant.locator("#status")).to_contain_text("需要补正")
    expect(applicant.locator("#letters")).to_contain_text("补正告知书")
    applicant.fill("#correction textarea[name=text]", "幸福路片区")
    applicant.click("#correction button[type=submit]")
    expect(applicant.locator("#status")).to_contain_text("已收到补正")

    # the officer sees the correction and answers
    officer.goto(f"{base}/register")
    expect(officer.locator("#awaiting")).to_contain_text("收到补正")
    officer.click(f"#awaiting a:text('{number}')")
    expect(officer.locator("#timeline")).to_contain_text("补正内容：幸福路片区")
    _record(officer, "answered", {}, {"outcome": "unavailable_not_held"})
    expect(officer.locator("#letters")).to_contain_text("答复书")

    # the applicant downloads the answer
    applicant.goto(f"{base}/track?number={number}&code={code}")
    expect(applicant.locator("#status")).to_contain_text("已答复")
    row = applicant.locator("#letters tr", has_text="答复书")
    with applicant.expect_download() as got:
        row.locator("a", has_text="PDF").click()
    pdf_path = tmp_path / "答复书.pdf"
    got.value.save_as(pdf_path)
    pdf = pypdfium2.PdfDocument(str(pdf_path))
    text = re.sub(r"\s", "", "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf))))
    pdf.close()
    assert "第三十六条第（四）项" in text and number in text and CONTENT in text
    assert "六十日内" in text and "六个月内" in text

    # the e-mails: the receipt, the correction notice, the answer
    _wait_for(inbox, 3)
    subjects = [m["Subject"] for m in inbox.messages]
    assert len(subjects) == 3 and all(m["To"] == MAIL for m in inbox.messages)
    assert "已收到" in subjects[0] and "补正告知书" in subjects[1] and "答复书" in subjects[2]
    assert all(number in x for x in subjects)

    # nothing personal in what the server printed
    log = (d / "server.log").read_text(errors="replace")
    for personal in (NAME, ID, PHONE, MAIL, "幸福路"):
        assert personal not in log
