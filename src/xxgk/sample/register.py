"""A simulated register: applications with plausible histories (补正, consultations,
extensions, fees, answers of every outcome, withdrawals), reviews and lawsuits, and
表二 figures — for the demo, the tests and the benchmarks."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy.orm import Session

from ..register import service
from ..register.calendar import Calendar
from ..register.deadline import add_working_days
from ..register.events import APPLICANT_TYPES, CHANNELS, Ev, derive, due
from ..register.report import report_format
from .records import random_active

BODIES = (
    "示例市人民政府办公室",
    "示例市自然资源和规划局",
    "示例市住房和城乡建设局",
    "示例市公安局",
    "示例市生态环境局",
)

_TYPES = list(APPLICANT_TYPES)
_TYPE_WEIGHTS = [80, 8, 1, 2, 5, 4]
_OUTCOME_WEIGHTS = {
    "granted": 30,
    "partially_granted": 10,
    "withheld_state_secret": 1,
    "withheld_prohibited_by_law": 1,
    "withheld_security_stability": 1,
    "withheld_third_party": 2,
    "withheld_internal_affairs": 2,
    "withheld_process_info": 3,
    "withheld_enforcement_file": 1,
    "withheld_query_matter": 2,
    "unavailable_not_held": 20,
    "unavailable_needs_creation": 4,
    "not_handled_petition": 4,
    "not_handled_duplicate": 4,
    "not_handled_publication": 1,
    "not_handled_excessive": 1,
    "not_handled_confirmation": 1,
    "other_misc": 3,
}
_NAMES = "张王李赵刘陈杨黄周吴"


def _history(rng: random.Random, cal: Calendar, received: date, today: date, late: float) -> list[Ev]:
    """Events after the receipt, as an office would record them, cut at `today`."""
    evs: list[Ev] = []
    t = received
    corrected = False
    if rng.random() < 0.12:
        t = add_working_days(cal, received, rng.randint(1, 7))
        evs.append(Ev("correction_requested", t, {"items": "请明确所需信息的名称、文号或便于查询的特征描述"}))
        if rng.random() < 0.15:
            evs.append(
                Ev("answered", add_working_days(cal, t, rng.randint(16, 25)), {"outcome": "other_no_correction"})
            )
            return [e for e in evs if e.on <= today]
        t = add_working_days(cal, t, rng.randint(1, 15))
        evs.append(Ev("correction_received", t))
        corrected = True
    if rng.random() < 0.08:
        t = add_working_days(cal, t, rng.randint(2, 6))
        evs.append(Ev("consultation_started", t, {"party": rng.choice(("third_party", "co_issuer"))}))
        t = add_working_days(cal, t, rng.randint(3, 15))
        evs.append(Ev("consultation_ended", t))
    if rng.random() < 0.06:
        t = add_working_days(cal, t, rng.randint(1, 3))
        evs.append(Ev("extension_approved", t, {"approver": "政务公开办负责人"}))
    if received.year >= 2021 and rng.random() < 0.02:
        t = add_working_days(cal, t, rng.randint(1, 5))
        evs.append(Ev("fee_notice", t, {"method": "per_page", "quantity": rng.randint(31, 300)}))
        if rng.random() < 0.3:
            evs.append(Ev("answered", add_working_days(cal, t, 21), {"outcome": "other_unpaid_fee"}))
            return [e for e in evs if e.on <= today]
        t = add_working_days(cal, t, rng.randint(1, 10))
        evs.append(Ev("fee_paid", t))
    if rng.random() < 0.03:
        evs.append(Ev("withdrawn", add_working_days(cal, t, rng.randint(1, 10)), {"reason": "申请人书面撤回"}))
        return [e for e in evs if e.on <= today]
    deadline = due(derive([Ev("received", received), *evs]), cal).on or add_working_days(cal, t, 20)
    end = deadline if rng.random() >= late else add_working_days(cal, deadline, rng.randint(1, 10))  # a few late
    span = max(1, (end - t).days)
    answered = min(end, t + timedelta(days=rng.randint(1, span)))
    outcomes = list(_OUTCOME_WEIGHTS)
    weights = list(_OUTCOME_WEIGHTS.values())
    if corrected:
        outcomes.append("unavailable_unclear")
        weights.append(6)
    evs.append(Ev("answered", answered, {"outcome": rng.choices(outcomes, weights)[0]}))
    return [e for e in evs if e.on <= today]


def simulate(
    s: Session,
    rng: random.Random,
    *,
    years: tuple[int, ...],
    per_year: int,
    today: date,
    bodies: tuple[str, ...] = BODIES,
    user: str = "模拟数据",
    late: float = 0.04,
) -> list[service.Body]:
    """`per_year` applications a year spread over `bodies`, histories cut at `today`, a
    share `late` of them answered after their due date; reviews and lawsuits about some
    answers; 表二 figures for each body and year."""
    cal = service.calendar(s)
    made = [service.add_body(s, name) for name in bodies]
    for year in years:
        last = min(date(year, 12, 31), today)
        days = (last - date(year, 1, 1)).days
        per_body: dict[int, list[service.NewCase]] = {b.id: [] for b in made}
        for _ in range(per_year):
            body = rng.choice(made)
            received = date(year, 1, 1) + timedelta(days=rng.randint(0, days))
            kind = rng.choices(_TYPES, _TYPE_WEIGHTS)[0]
            per_body[body.id].append(
                service.NewCase(
                    received=received,
                    applicant_type=kind,
                    events=_history(rng, cal, received, today, late),
                    channel=rng.choice(list(CHANNELS)[:5]),
                    applicant_name=rng.choice(_NAMES) + "某某" if kind == "natural_person" else "某某有限公司",
                    applicant_contact=f"1{rng.randint(3, 9)}{rng.randint(0, 10**9 - 1):09d}",
                    content="申请公开"
                    + rng.choice(
                        (
                            "征收补偿方案",
                            "建设项目环评批复",
                            "行政处罚决定书",
                            "财政预算执行情况",
                            "会议纪要",
                            "规划许可证",
                            "信访答复意见",
                        )
                    ),
                )
            )
        for body in made:
            ids = service.insert_cases(s, body, sorted(per_body[body.id], key=lambda c: c.received), user)
            _reviews(s, rng, body, ids, today, user)
            fmt = report_format(year)
            service.set_figures(s, body, year, random_active(rng, fmt, beijing=False, big=200))
            service.set_text(
                s,
                body,
                year,
                "overview",
                f"{year}年，{body.name}认真贯彻落实《中华人民共和国政府信息公开条例》，"
                "依法办理政府信息公开申请，按时答复。",
            )
            service.set_text(s, body, year, "problems", "个别答复说理不够充分。下一步将加强培训，规范答复文书。")
            service.set_text(s, body, year, "other", "本年度未收取信息处理费。")
    return made


def _reviews(s: Session, rng: random.Random, body, ids: list[int], today: date, user: str) -> None:
    """About 4% of answers are challenged: reviews, lawsuits, some after a review."""
    for app_id in ids:
        app = service.get(s, app_id)
        if app.closed_on is None or app.status != "answered" or rng.random() > 0.04:
            continue
        filed = app.closed_on + timedelta(days=rng.randint(5, 60))
        if filed > today:
            continue
        kind = rng.choices(("review", "litigation_direct", "litigation_after_review"), (6, 3, 1))[0]
        r = service.add_review(s, body, kind, filed, user, application_id=app_id)
        decided = filed + timedelta(days=rng.randint(30, 120))
        if decided <= today:
            result = rng.choices(("upheld", "corrected", "other"), (7, 2, 1))[0]
            service.decide_review(s, r.id, result, decided, user)
