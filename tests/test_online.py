"""Applications made online (register/online.py) and the applicants' notices
(register/notify.py), on SQLite and PostgreSQL: the receipt confirmed at submission
(第三十一条第（三）项), the 查询码 stored hashed and checked, tracking without personal
data, the online 补正; e-mails received by a real SMTP server run in this process
(aiosmtpd), kept and sent again when the server is down."""

from __future__ import annotations

import email
import email.policy
from dataclasses import asdict
from datetime import date

import pytest
from aiosmtpd.controller import Controller
from conftest import free_port
from sqlalchemy import select

from xxgk.register import letters, notify, office, online, service
from xxgk.register.applicant import check_application
from xxgk.store.models import Application, Event, Mail

NAME, ID, PHONE, MAIL = "欧阳明远", "11010519491231002X", "13912345678", "ouyang@example.com"
FORM = {
    "applicant": NAME,
    "id_number": ID,
    "contact": PHONE,
    "email": MAIL,
    "address": "示例市示例区幸福路1号",
    "content": "2025年示例区老旧小区改造项目的招标文件",
    "delivery": "电子邮件",
}


class Inbox:
    """An SMTP server's mailbox: what it was sent, as messages."""

    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 OK"


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    c = Controller(inbox, hostname="127.0.0.1", port=free_port())
    c.start()
    yield c.port, inbox
    c.stop()


@pytest.fixture
def body(sessions):
    with sessions() as s:
        return service.add_body(s, "示例市示例区人民政府办公室").id


def submitted(body_id: int, **changes):
    return check_application({"body": str(body_id), **FORM, **changes}, {body_id: "示例市示例区人民政府办公室"})


def test_an_online_application_is_received_and_confirmed_at_submission(sessions, body, monkeypatch):
    monkeypatch.setenv("XXGK_TODAY", "2026-03-02")
    with sessions() as s:
        r = online.submit(s, submitted(body))
        app = s.scalar(select(Application).where(Application.number == r.number))
        first = s.scalar(select(Event).where(Event.application_id == app.id, Event.seq == 1))
    assert app.channel == "online" and app.received_on == date(2026, 3, 2) == r.received_on
    assert first.data == {"channel": "online", "confirmed": "automatic"} and first.recorded_by == online.APPLICANT
    assert (app.applicant_id_number, app.applicant_email, app.delivery) == (ID, MAIL, "电子邮件")
    # 20 working days from Monday 2 March 2026: Monday 30 March
    assert r.due_on == date(2026, 3, 30) == app.due_on
    text = "\n".join(r.lines())
    assert "第三十一条第（三）项" in text and "以双方确认之日为收到申请之日" in text and "2026年3月2日" in text
    assert online.shown_code(r.code) in text


def test_the_code_is_random_stored_hashed_and_opens_only_its_application(sessions, body):
    with sessions() as s:
        a, b = online.submit(s, submitted(body)), online.submit(s, submitted(body))
        assert len(a.code) >= 8 and set(a.code) <= set(online.CODE_ALPHABET) and a.code != b.code
        stored = s.scalar(select(Application.code_hash).where(Application.number == a.number))
        assert stored.startswith("scrypt$") and a.code not in stored
        assert online.find(s, a.number, a.code).number == a.number
        assert online.find(s, a.number, online.shown_code(a.code).lower()).number == a.number  # as typed
        assert online.find(s, a.number, b.code) is None  # another application's code
        assert online.find(s, "2026-99999", a.code) is None
        assert online.find(s, a.number, "") is None


def test_an_application_entered_at_the_counter_cannot_be_tracked(sessions, body):
    with sessions() as s:
        app = service.receive(s, service.body(s, body), date(2026, 3, 2), "natural_person", "窗口")
        assert app.code_hash is None
        assert online.find(s, app.number, "ABCDEFGHJK") is None


def test_tracking_shows_the_state_and_nothing_personal(sessions, body, monkeypatch):
    monkeypatch.setenv("XXGK_TODAY", "2026-03-04")
    with sessions() as s:
        r = online.submit(s, submitted(body))
        app = online.find(s, r.number, r.code)
        t = online.tracked(s, app)
        assert (t.status, t.due_on) == ("已收到，办理中", date(2026, 4, 1))
        service.record(s, app.id, "correction_requested", date(2026, 3, 4), "经办", {"items": "请写明项目名称"})
        letters.issue(s, app.id, "补正告知书", "经办")
        t = online.tracked(s, app)
        assert t.status == "需要补正" and t.correction_open and t.due_on is None
        assert [x[1] for x in t.letters] == ["补正告知书"]
        online.correct(s, app, "项目名称：幸福路片区改造")
        t = online.tracked(s, app)
        assert t.status == "已收到补正，办理中" and not t.correction_open
        assert [x.what for x in t.steps] == ["收到申请", "发出补正告知", "收到补正"]
        last = s.scalar(select(Event).where(Event.application_id == app.id).order_by(Event.seq.desc()).limit(1))
        assert last.kind == "correction_received" and last.recorded_by == online.APPLICANT
        assert last.data["text"] == "项目名称：幸福路片区改造"
        assert [a.id for a in online.awaiting_office(s)] == [app.id]  # the office has a step to take
        service.record(s, app.id, "consultation_started", date(2026, 3, 4), "经办", {"to": "某公司"})
        letters.issue(s, app.id, "征求意见函", "经办")
        t = online.tracked(s, app)
        assert t.status == "征求意见中" and [x[1] for x in t.letters] == ["补正告知书"]  # not the third party's
        assert online.awaiting_office(s) == []
    shown = repr(asdict(t))
    for personal in (NAME, ID, PHONE, MAIL, "幸福路1号"):
        assert personal not in shown


def test_a_correction_is_refused_when_none_was_asked(sessions, body):
    with sessions() as s:
        r = online.submit(s, submitted(body))
        app = online.find(s, r.number, r.code)
        with pytest.raises(Exception, match="尚未发出补正告知"):
            online.correct(s, app, "补正")
        with pytest.raises(Exception, match="请填写补正的内容"):
            online.correct(s, app, "  ")


def _mail_settings(s, port: int) -> None:
    office.set_smtp(s, {"host": "127.0.0.1", "port": str(port), "security": "none", "sender": "xxgk@example.gov.cn"})


def test_notices_reach_the_applicant_by_mail(sessions, body, smtp_server, monkeypatch):
    monkeypatch.setenv("XXGK_TODAY", "2026-03-04")
    port, inbox = smtp_server
    with sessions() as s:
        _mail_settings(s, port)
        r = online.submit(s, submitted(body))
        app = online.find(s, r.number, r.code)
        service.record(s, app.id, "answered", date(2026, 3, 4), "经办", {"outcome": "granted"})
        letters.issue(s, app.id, "答复书", "经办")
        assert notify.deliver(s) == (2, 0)
        assert notify.waiting(s) == [] and notify.deliver(s) == (0, 0)  # none sent twice
    receipt, answer = inbox.messages
    assert receipt["To"] == MAIL and r.number in receipt["Subject"] and "已收到" in receipt["Subject"]
    body_text = receipt.get_body(("plain",)).get_content()
    assert "第三十一条" in body_text and r.code not in body_text and ID not in body_text  # the code is on the 回执 only
    assert "答复书" in answer["Subject"]
    (attachment,) = list(answer.iter_attachments())
    assert attachment.get_filename() == f"答复书-{r.number}.docx" and attachment.get_content()[:2] == b"PK"


def test_a_notice_waits_when_the_mail_server_is_down_and_goes_later(sessions, body, smtp_server):
    port, inbox = smtp_server
    with sessions() as s:
        online.submit(s, submitted(body))
        assert notify.deliver(s) == (0, 0)  # no server set: waiting, nothing tried
        _mail_settings(s, free_port())  # nothing listens there
        assert notify.deliver(s) == (0, 1)
        (m,) = notify.waiting(s)
        assert m.status == "failed" and "无法连接邮件服务器" in m.error and m.tries == 1
        _mail_settings(s, port)
        assert notify.deliver(s) == (1, 0)
        assert s.scalar(select(Mail.status)) == "sent"
    assert len(inbox.messages) == 1


def test_no_mail_without_an_address(sessions, body):
    with sessions() as s:
        online.submit(s, submitted(body, email="", contact=PHONE))
        assert notify.waiting(s) == []
        online.submit(s, submitted(body, email="", contact=MAIL))  # the contact is an address: used
        (m,) = notify.waiting(s)
        assert m.to == MAIL


def test_two_deliveries_at_once_send_each_notice_once(sessions, body, smtp_server):
    import threading

    port, inbox = smtp_server
    with sessions() as s:
        for _ in range(6):
            online.submit(s, submitted(body))
        _mail_settings(s, port)
    results = []

    def run():
        with sessions() as s:
            results.append(notify.deliver(s))

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(sent for sent, _ in results) == 6 and len(inbox.messages) == 6
    with sessions() as s:
        assert notify.waiting(s) == []
