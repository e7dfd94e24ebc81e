"""The office's letters, written from the register's facts: the 补正告知书, 延期答复告知书,
征求意见函 and 收费通知书 of the steps that need them, and the 答复书 chosen by the
recorded outcome of 表三. What each cites and quotes comes from law.py; the layout from
render/letter.py.

A letter belongs to the event that sent it: made once, stored with that event (its 文号
taken then), and given out as stored afterwards — what the applicant received does not
change when the settings do. A letter to the applicant is e-mailed to them as it is made.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import EventError, NotFound
from ..render.letter import Letter, chinese_date, render_letter
from ..store.models import Letter as Stored
from ..store.models import utc_now
from .calendar import Calendar, CalendarGap
from .deadline import add_working_days
from .events import KINDS, OUTCOMES
from .fees import METHODS
from .law import ANSWERS, CONSULT_BODY, LAW, NOTICES, REMEDY, citation_text, quoted
from .notify import queue
from .office import Office, next_number, office, site
from .service import View, rules, view

# Each letter and the step that sends it.
LETTERS = {
    "补正告知书": "correction_requested",
    "延期答复告知书": "extension_approved",
    "征求意见函": "consultation_started",
    "收费通知书": "fee_notice",
    "答复书": "answered",
}
LETTER_OF = {kind: letter for letter, kind in LETTERS.items()}
TITLES = {
    "补正告知书": "政府信息公开申请补正告知书",
    "延期答复告知书": "政府信息公开申请延期答复告知书",
    "征求意见函": "政府信息公开征求意见函",
    "收费通知书": "政府信息公开信息处理费缴费通知书",
    "答复书": "政府信息公开申请答复书",
}
CORRECTION_DAYS = 15  # working days given to correct, where the officer gives none (第三十条: 合理的补正期限)
PAY_DAYS = 20  # 国办函〔2020〕109号: payment within 20 working days of the notice
REPLY_DAYS = 15  # 第三十二条, 第三十四条: the consulted party's 15 working days


@dataclass(frozen=True)
class Facts:
    """What a letter is written from: the application as the register holds it, the
    event that sends the letter, and the office's settings."""

    v: View
    on: date
    data: dict[str, Any]
    office: Office
    calendar: Calendar
    site: str = ""


def _by(cal: Calendar, start: date, days: int) -> str:
    """“2026年1月5日前（15个工作日内）”, or the days alone where the calendar lacks the year."""
    try:
        return f"{chinese_date(add_working_days(cal, start, days))}前（{days}个工作日内）"
    except CalendarGap:
        return f"{days}个工作日内"


def _opening(f: Facts) -> str:
    a = f.v.app
    return (
        f"本机关于{chinese_date(a.received_on)}收到您提出的政府信息公开申请（申请编号：{a.number}），"
        f"申请获取“{a.content or '（申请内容见申请表）'}”。"
    )


def _quotes(cites: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    return tuple((f"{LAW}{c}", quoted(c)) for c in cites)


def _contact(f: Facts) -> list[str]:
    return [f"联系方式：{f.office.contact}"] if f.office.contact else []


def _correction(f: Facts) -> tuple[list[str], tuple[str, ...]]:
    items = f.data.get("items") or f.data.get("note") or "所需政府信息的名称、文号或者便于本机关查询的其他特征性描述"
    days = int(f.data.get("within") or CORRECTION_DAYS)
    page = f"{f.site}/track" if f.site else "本机关政府信息公开申请查询页面"
    # online applications only have a 查询码 to correct with online
    how = (
        f"您可以登录{page}，以申请编号和查询码在线提交，也可以书面提交至本机关。"
        if f.v.app.code_hash
        else "请书面提交至本机关。"
    )
    return [
        _opening(f),
        f"经审查，您的申请内容不明确。根据{citation_text(NOTICES['补正告知书'])}的规定，请您对以下事项作出补正：{items.rstrip('。')}。",
        f"请于{_by(f.calendar, f.on, days)}提交补正。{how}"
        "答复期限自本机关收到补正的申请之日起计算。无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。",
        *_contact(f),
    ], NOTICES["补正告知书"]


def _extension(f: Facts) -> tuple[list[str], tuple[str, ...]]:
    reason = f.data.get("note") or "所申请信息需要检索、审核的工作量较大"
    due = f.v.due.on
    by = f"，本机关将于{chinese_date(due)}前作出答复" if due else ""
    return [
        _opening(f),
        f"因{reason.rstrip('。')}，本机关不能在{LAW}第三十三条第二款规定的二十个工作日内作出答复。"
        f"经本机关政府信息公开工作机构负责人同意，答复期限延长二十个工作日{by}。",
        "特此告知。",
        *_contact(f),
    ], NOTICES["延期答复告知书"]


def _consultation(f: Facts) -> tuple[list[str], tuple[str, ...]]:
    a = f.v.app
    body = f.data.get("party") == "co_issuer"
    cites = CONSULT_BODY if body else NOTICES["征求意见函"]
    why = "该信息由本机关与贵机关共同制作" if body else "该信息的公开可能损害贵方的合法权益"
    # The applicant is not named: the third party learns what is asked, not who asks.
    lines = [
        f"本机关于{chinese_date(a.received_on)}收到政府信息公开申请（申请编号：{a.number}），"
        f"申请公开“{a.content or '（申请内容见附件）'}”。{why}，根据{citation_text(cites)}的规定，现书面征求贵方意见。",
        f"请于{_by(f.calendar, f.on, REPLY_DAYS)}书面提出是否同意公开的意见；不同意公开的，请说明理由。"
        + (
            "逾期未提出意见的，视为同意公开。" if body else "逾期未提出意见的，本机关将依照《条例》的规定决定是否公开。"
        ),
        *_contact(f),
    ]
    return lines, cites


def _fee(f: Facts) -> tuple[list[str], tuple[str, ...]]:
    d = f.data
    detail = "；".join(d.get("lines") or [])
    return [
        _opening(f),
        f"您申请公开政府信息的数量、频次明显超过合理范围。根据{citation_text(NOTICES['收费通知书'])}和"
        f"《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）的规定，本机关收取信息处理费，"
        f"计费方式为{METHODS.get(d.get('method', ''), '')}：{detail}，应缴金额{d.get('amount', 0)}元。",
        f"请于{_by(f.calendar, f.on, PAY_DAYS)}缴纳。逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。"
        "自发出本通知之日至您缴费之日的期间，不计算在答复期限内。",
        *_contact(f),
    ], NOTICES["收费通知书"]


def _outcome(f: Facts) -> str:
    return str(f.data.get("outcome") or f.v.case.outcome or "")


def _answer(f: Facts) -> tuple[list[str], tuple[str, ...]]:
    outcome = _outcome(f)
    basis = ANSWERS[outcome]
    lines = [_opening(f)]
    if f.v.case.correction_received:
        lines[0] += f"您于{chinese_date(f.v.case.correction_received)}提交了补正。"
    decision = f"经审查，现答复如下：{basis.decision}。"
    if outcome == "granted" and f.v.app.delivery:
        decision += f"本机关按您选择的“{f.v.app.delivery}”方式提供该政府信息。"
    lines.append(decision)
    if note := (f.data.get("note") or "").strip():
        lines.append(note)
    lines.append(f"依据：{citation_text(basis.cites)}。")
    lines.append(REMEDY.format(review_body=f.office.review_body, court=f.office.court))
    lines += _contact(f)
    return lines, basis.cites


_WRITERS = {
    "补正告知书": _correction,
    "延期答复告知书": _extension,
    "征求意见函": _consultation,
    "收费通知书": _fee,
    "答复书": _answer,
}


def compose(kind: str, f: Facts, number: str) -> Letter:
    """The letter of `kind` from the facts (pure: nothing stored)."""
    lines, cites = _WRITERS[kind](f)
    if kind == "征求意见函":
        to = f.data.get("to") or ("有关行政机关" if f.data.get("party") == "co_issuer" else "第三方")
    else:
        to = f.v.app.applicant_name or "申请人"
    title = TITLES[kind]
    if kind == "答复书":
        title += f"（{OUTCOMES[_outcome(f)]}）"
    return Letter(kind, f.office.letterhead, number, title, to, tuple(lines), f.office.signature, f.on, _quotes(cites))


def _event(v: View, kind: str) -> Any:
    """The step that sends a letter of `kind`: the newest one standing."""
    step = LETTERS[kind]
    for e in reversed(v.events):
        if e.kind == step and e.seq not in v.case.voided:
            return e
    raise EventError(f"申请 {v.app.number} 没有登记“{KINDS[step]}”，不能生成{kind}")


def issue(s: Session, app_id: int, kind: str, user: str, body_ids: set[int] | None = None) -> Stored:
    """The letter of `kind` for an application: the one stored with its event, else made
    now from the register's facts, stored, and e-mailed to the applicant."""
    if kind not in LETTERS:
        raise EventError(f"文书种类“{kind}”无效，可选：{'、'.join(LETTERS)}")
    v = view(s, app_id, body_ids)
    e = _event(v, kind)
    stored = s.scalar(select(Stored).where(Stored.application_id == app_id, Stored.seq == e.seq))
    if stored is not None:
        return stored
    facts = Facts(v, e.on, dict(e.data or {}), office(s, v.body), rules(s).calendar, site(s))
    letter = compose(kind, facts, next_number(s, v.body, facts.office, e.on.year))
    stored = Stored(
        application_id=app_id,
        seq=e.seq,
        kind=kind,
        number=letter.number,
        to_applicant=kind != "征求意见函",
        docx=render_letter(letter),
        made_at=utc_now(),
        made_by=user,
    )
    s.add(stored)
    s.flush()
    if stored.to_applicant:
        queue(
            s,
            v.app,
            f"【{v.body.name}】{kind}（申请编号 {v.app.number}）",
            letter.text() + "\n\n文书正本见附件。",
            stored,
        )
    s.commit()
    return stored


def letters_of(s: Session, app_id: int, to_applicant: bool = False) -> list[Stored]:
    q = select(Stored).where(Stored.application_id == app_id).order_by(Stored.seq)
    if to_applicant:
        q = q.where(Stored.to_applicant.is_(True))
    return list(s.scalars(q))


def letter(s: Session, letter_id: int, app_id: int) -> Stored:
    found = s.get(Stored, letter_id)
    if found is None or found.application_id != app_id:
        raise NotFound(f"没有编号为 {letter_id} 的文书")
    return found


def file_stem(stored: Stored, number: str) -> str:
    """A letter's download name: 答复书-2026-00001."""
    return f"{stored.kind}-{number}"
