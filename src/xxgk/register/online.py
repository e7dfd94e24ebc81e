"""Applications made on the public page, and what their applicants may see of them.

Receipt (第三十一条第（三）项): an application through 互联网渠道 is received on the day
both sides confirm it. xxgk confirms it for the office at once, automatically: the day
of submission is the day received, the 回执 shown and e-mailed at submission is the
office's confirmation, and the receipt event records that it was confirmed so. (The
alternative — an officer confirming within a set time — leaves the applicant without a
date and the clock without a start until someone acts.)

Tracking: the applicant holds the 申请编号 and a random 查询码 (10 characters from an
alphabet without look-alikes); only the code's scrypt hash is stored. A number with a
wrong code shows nothing and takes as long as a right one, so the page never tells
whether a number exists. What tracking shows carries no personal data: the status in
words, the dates, the steps and the letters sent to the applicant.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import EventError
from ..render.letter import chinese_date
from ..store.accounts import hash_password, password_ok
from ..store.models import Application, Event, utc_now
from . import service
from .applicant import MAX_CONTENT, Submitted
from .events import CLOSED, KINDS, OUTCOMES, RECEIPT_RULE, Case
from .law import LAW
from .letters import letters_of
from .notify import queue

APPLICANT = "申请人（互联网）"  # how the applicant's own steps are attributed in the log
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read off paper, typed back
CODE_LENGTH = 10
CODE_COST = 2**14  # scrypt's cost for a random 50-bit code: ~30 ms, out of reach offline
CONFIRMATION = {"confirmed": "automatic"}  # what the receipt event records (第三十一条第（三）项)


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def clean_code(text: str) -> str:
    """A code as typed: any case, spaces and hyphens ignored."""
    return "".join(c for c in (text or "").upper() if c.isalnum())[:32]


def shown_code(code: str) -> str:
    """In two groups of five, as the 回执 prints it."""
    return f"{code[:5]}-{code[5:]}"


@cache
def _decoy() -> str:
    return hash_password("decoy", CODE_COST)


@dataclass(frozen=True)
class Receipt:
    """The 回执: what the applicant keeps."""

    number: str
    code: str
    body: str
    submitted_at: datetime  # Beijing time
    received_on: date
    due_on: date | None
    content: str

    @property
    def confirmation(self) -> str:
        """The office's confirmation of the receipt date (第三十一条第（三）项)."""
        return (
            f"依据{LAW}第三十一条第（三）项，{RECEIPT_RULE['online']}。本机关在您提交申请时即予确认，"
            f"本回执即为确认凭证，收到申请之日为{chinese_date(self.received_on)}。"
        )

    @property
    def promise(self) -> str:
        due = f"{chinese_date(self.due_on)}前" if self.due_on else "自收到申请之日起20个工作日内"
        return f"答复期限：本机关将于{due}作出答复（第三十三条）；需要补正、延期答复或征求意见的，另行告知。"

    def lines(self, with_code: bool = True) -> list[str]:
        return [
            f"{self.body}政府信息公开申请回执",
            f"申请编号：{self.number}",
            *([f"查询码：{shown_code(self.code)}（凭申请编号和查询码查询办理进度，请妥善保存）"] if with_code else []),
            f"提交时间：{self.submitted_at:%Y-%m-%d %H:%M}（北京时间）",
            f"收到申请之日：{chinese_date(self.received_on)}",
            f"申请内容：{self.content}",
            self.confirmation,
            self.promise,
        ]


def submit(s: Session, sub: Submitted, on: date | None = None) -> Receipt:
    """File a checked application as received through 互联网渠道 today, confirmed at once."""
    body = service.body(s, sub.body)
    code = new_code()
    at = utc_now()
    app = service.receive(
        s,
        body,
        on or service.today(),
        sub.applicant_type,
        APPLICANT,
        channel="online",
        applicant_name=sub.applicant,
        applicant_contact=sub.contact,
        content=sub.content,
        details={
            "applicant_id_type": sub.id_type,
            "applicant_id_number": sub.id_number,
            "applicant_address": sub.address,
            "applicant_email": sub.email,
            "delivery": sub.delivery,
            "code_hash": hash_password(code, CODE_COST),
        },
        receipt=CONFIRMATION,
    )
    r = Receipt(app.number, code, body.name, at + timedelta(hours=8), app.received_on, app.due_on, app.content)
    queue(s, app, f"【{body.name}】已收到您的政府信息公开申请（申请编号 {app.number}）", "\n".join(r.lines(False)))
    s.commit()
    return r


def find(s: Session, number: str, code: str) -> Application | None:
    """The online application of that number whose code this is; None otherwise, after
    the same work either way."""
    number, code = (number or "").strip()[:64], clean_code(code)
    candidates = (
        list(
            s.scalars(
                select(Application).where(Application.number == number, Application.code_hash.is_not(None)).limit(5)
            )
        )
        if number and code
        else []
    )
    if not candidates:
        password_ok(code or "-", _decoy())
    for app in candidates:  # a number is one per body: several bodies may share it
        if app.code_hash and password_ok(code, app.code_hash):
            return app
    return None


def status_words(case: Case) -> str:
    """The status as an applicant reads it."""
    if case.status == "open":
        if case.extended:
            return "已延期"
        return "已收到补正，办理中" if case.correction_received else "已收到，办理中"
    return {
        "waiting_correction": "需要补正",
        "consulting": "征求意见中",
        "waiting_fee": "等待缴费",
        "answered": "已答复",
        "withdrawn": "已撤回",
    }[case.status]


@dataclass(frozen=True)
class Step:
    on: date
    what: str


@dataclass(frozen=True)
class Tracked:
    """What the tracking page shows: nothing personal."""

    app_id: int
    number: str
    body: str
    received_on: date
    status: str
    due_on: date | None
    closed_on: date | None
    outcome: str | None
    steps: list[Step]
    letters: list[tuple[int, str, str, date]]  # id, kind, 文号, date of its step
    correction_open: bool


def tracked(s: Session, app: Application) -> Tracked:
    v = service.view(s, app.id)
    on = {e.seq: e.on for e in v.events}
    steps = [
        Step(e.on, KINDS.get(e.kind, e.kind))
        for e in v.events
        if e.seq not in v.case.voided and e.kind not in ("voided", "edited")
    ]
    return Tracked(
        app_id=app.id,
        number=app.number,
        body=v.body.name,
        received_on=app.received_on,
        status=status_words(v.case),
        due_on=None if v.case.closed else v.due.on,
        closed_on=v.case.closed_on,
        outcome=OUTCOMES.get(v.case.outcome or ""),
        steps=steps,
        letters=[(x.id, x.kind, x.number, on[x.seq]) for x in letters_of(s, app.id, to_applicant=True)],
        correction_open=v.case.status == "waiting_correction",
    )


def correct(s: Session, app: Application, text: str) -> None:
    """The applicant's 补正, sent online: recorded as 收到补正 today; the answer period
    starts again from it (第三十条)."""
    text = (text or "").strip()
    if not text:
        raise EventError("请填写补正的内容")
    if len(text) > MAX_CONTENT:
        raise EventError(f"补正内容不超过 {MAX_CONTENT} 字")
    service.append(s, app.id, "correction_received", service.today(), APPLICANT, {"text": text, "channel": "online"})


def awaiting_office(s: Session, body_ids: set[int] | None = None, limit: int = 200) -> list[Any]:
    """Open applications whose latest step is the applicant's own (a new online
    application, a 补正 sent online): the office has not acted on it yet."""
    q = (
        select(*service.QUEUE_COLUMNS, Event.kind)
        .join(Event, (Event.application_id == Application.id) & (Event.seq == Application.version))
        .where(Event.recorded_by == APPLICANT, Application.status.not_in(CLOSED))
        .order_by(Application.due_on.is_(None), Application.due_on, Application.id)
    )
    if body_ids is not None:
        q = q.where(Application.body_id.in_(body_ids))
    return list(s.execute(q.limit(limit)))
