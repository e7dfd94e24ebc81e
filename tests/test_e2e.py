"""The web application end to end in a real browser: Debian's Chromium driven by
Playwright, against `xxgk serve` on a database made as the demo makes it.

Screenshots of each page go to $XXGK_SCREENSHOTS when set (docs/screenshots is made with
`XXGK_SCREENSHOTS=docs/screenshots .venv/bin/python -m pytest tests/test_e2e.py`)."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import free_port, wait_until_served
from playwright.sync_api import Page, expect

from xxgk.register import service
from xxgk.sample.corpus import write_corpus
from xxgk.sample.forms import FORMS
from xxgk.sample.records import XICHENG_2020, published
from xxgk.store.accounts import add_user
from xxgk.store.db import open_db
from xxgk.store.ingest import ingest, local_engine

pytestmark = pytest.mark.browser

PASSWORD = "e2e-password"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    d = tmp_path_factory.mktemp("e2e")
    url = f"sqlite:///{d / 'site.sqlite'}"
    write_corpus(d / "corpus", years=(2022, 2023, 2024))
    sessions = open_db(url)
    with sessions() as s:
        ingest(s, [d / "corpus"], local_engine(0))
        body = service.add_body(s, "示例市自然资源和规划局")
        add_user(s, "officer", PASSWORD, "officer", name="王经办", body=body)
        add_user(s, "admin", PASSWORD, "admin", name="管理员")
    sessions.kw["bind"].dispose()
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "xxgk", "serve", "--db", url, "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    if not wait_until_served(base):
        proc.kill()
        raise RuntimeError(proc.stderr.read().decode())
    yield base, d
    proc.terminate()
    proc.wait(10)


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    yield context.new_page()
    context.close()


def shot(page: Page, name: str, full: bool = True) -> None:
    folder = os.environ.get("XXGK_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=full)


def log_in(page: Page, base: str, next_path: str = "/", username: str = "officer") -> None:
    page.goto(f"{base}/login?next={next_path}")
    shot(page, "login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action='/login'] button")


def test_upload_a_defective_report_and_see_the_error_on_its_cell(server, page):
    base, d = server
    report = d / "西城区人民政府-2020.md"
    report.write_text(FORMS["markdown"](published(XICHENG_2020), random.Random(3)), encoding="utf-8")
    log_in(page, base, "/check")
    expect(page.locator("h1")).to_have_text("年报体检")
    shot(page, "check")
    page.set_input_files("input[name=files]", str(report))
    page.click("form[action='/check'] button")
    cell = page.locator("td[data-cell='applications.carried_forward.total']")
    expect(cell).to_have_class("error")
    expect(cell).to_contain_text("2782")
    number = cell.locator("a.mark").first.inner_text()
    finding = page.locator(f"li#f{number}")
    expect(finding).to_have_class("error")
    expect(finding).to_contain_text("相差2727")  # 2,782 printed where the balance gives 55
    assert "读自" in (cell.get_attribute("title") or "")
    cell.click()  # the cell in words, for those who cannot hover: which cell, where read, which findings
    info = page.locator("#cell-info")
    expect(info).to_contain_text("表三")
    expect(info).to_contain_text("总计：2782")
    expect(info).to_contain_text("读自")
    expect(info).to_contain_text(f"问题 {number}")
    shot(page, "check-result")


def _chart(page: Page) -> list:
    page.wait_for_selector("body[data-charts-ready='1']")
    return page.evaluate(
        "echarts.getInstanceByDom(document.getElementById('chart-by_year')).getOption().series[0].data"
    )


def test_filter_the_dashboard_and_see_the_chart_change(server, page):
    base, _ = server
    page.goto(base)
    shot(page, "home")
    page.click("a.tile >> text=数据看板")
    everything = _chart(page)
    assert len(everything) == 3 and all(v > 0 for v in everything)
    shot(page, "dashboard")
    page.fill("input[name=region]", "示例市甲区")
    page.click("#filters button")
    page.wait_for_url("**region=*")
    district = _chart(page)
    assert len(district) == 3 and district != everything
    assert all(0 < d < e for d, e in zip(district, everything, strict=False))
    expect(page.locator("p.muted").first).to_contain_text("地区 示例市甲区")
    page.goto(f"{base}/reports")
    shot(page, "reports", full=False)  # the first screenful of a long list
    page.locator("table.list a").first.click()
    expect(page.locator("table.report").first).to_be_visible()
    shot(page, "report")
    page.locator("a", has_text="该机关历年年报").click()
    expect(page.locator("table.list tr")).to_have_count(4)  # heading and three years
    shot(page, "body")


def test_an_officer_registers_an_application_and_the_deadline_and_tables_follow(server, page):
    base, _ = server
    log_in(page, base, "/register")
    expect(page.locator("h1")).to_have_text("依申请台账")
    page.click("text=登记新申请")
    page.fill("input[name=received]", "2025-09-30")
    page.fill("input[name=applicant_name]", "赵申请")
    page.fill("textarea[name=content]", "某地块规划条件")
    shot(page, "register-new")
    page.click("form[action='/register/new'] button")
    due = page.locator("#due")
    expect(due).to_contain_text("2025-11-04")  # 20 working days across National Day
    # Only what may happen now is offered: no 收到补正 before a 补正告知, no 缴费 before a notice.
    expect(page.locator("#event-correction_received")).to_have_count(0)
    expect(page.locator("#event-fee_paid")).to_have_count(0)
    page.fill("#event-correction_requested input[name=on]", "2025-10-09")
    page.click("#event-correction_requested button")
    expect(due).to_contain_text("等待申请人补正")
    expect(page.locator("#event-correction_requested")).to_have_count(0)  # one notice only (第三十条)
    page.fill("#event-correction_received input[name=on]", "2025-10-20")
    page.click("#event-correction_received button")
    expect(due).to_contain_text("2025-11-17")  # counted afresh from the day the 补正 arrived
    expect(page.locator("#timeline")).to_contain_text("王经办（officer）")
    shot(page, "register-detail")
    page.fill("#event-answered input[name=on]", "2025-11-10")
    page.select_option("#event-answered select[name=outcome]", "granted")
    page.click("#event-answered button")
    expect(page.locator("#outcome")).to_contain_text("予以公开")
    page.goto(f"{base}/register")
    shot(page, "register")
    page.click("text=生成年度报告")
    page.fill("input[name=year]", "2025")
    page.click("form.filters button")
    expect(page.locator("td[data-cell='applications.granted.natural_person']")).to_have_text("1")
    expect(page.locator("td[data-cell='applications.new_received.total']")).to_have_text("1")
    shot(page, "register-report")


def test_an_admin_adds_an_officer_who_can_then_log_in(server, page):
    base, _ = server
    log_in(page, base, "/admin", username="admin")
    page.fill("form[action='/admin/users'] input[name=username]", "zhao")
    page.fill("form[action='/admin/users'] input[name=name]", "赵经办")
    page.fill("form[action='/admin/users'] input[name=password]", "zhao-password")
    page.select_option("form[action='/admin/users'] select[name=role]", "officer")
    page.select_option("form[action='/admin/users'] select[name=body_id]", label="示例市自然资源和规划局")
    page.click("form[action='/admin/users'] button")
    expect(page.locator("#users")).to_contain_text("赵经办")
    shot(page, "admin")
    page.click("button.link")  # 退出
    page.goto(f"{base}/login")
    page.fill("input[name=username]", "zhao")
    page.fill("input[name=password]", "zhao-password")
    page.click("form[action='/login'] button")
    expect(page.locator(".account .user")).to_contain_text("赵经办（经办人）")


def test_pages_work_on_an_intranet_without_outside_addresses(server, page):
    """Every request outside the server is refused, as on an office intranet: the charts and
    the API documentation still work, from the project's own files."""
    base, _ = server
    outside: list[str] = []

    def only_ours(route):
        if route.request.url.startswith(base):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_ours)
    page.goto(f"{base}/dashboard")
    assert len(_chart(page)) == 3
    page.goto(f"{base}/docs")
    expect(page.locator(".opblock").first).to_be_visible()
    shot(page, "api-docs", full=False)
    assert outside == []
