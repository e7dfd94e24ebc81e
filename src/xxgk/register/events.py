"""What can happen to an application, in which order, and what its state is after its
events. Pure functions over plain data: the store keeps the events, this decides."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..schema import APPLICANT_COLUMNS, APPLICATION_ROW, REVIEW_GROUPS, key_text, outcome_keys
from .calendar import Calendar, CalendarGap
from .deadline import Clock, Deadline, Pause, compute

# ------------------------------------------------------------------ vocabularies
KINDS = {
    "received": "收到申请",
    "correction_requested": "发出补正告知",
    "correction_received": "收到补正",
    "consultation_started": "开始征求意见",
    "consultation_ended": "征求意见结束",
    "extension_approved": "批准延期答复",
    "fee_notice": "发出收费通知",
    "fee_paid": "申请人缴费",
    "answered": "作出答复",
    "withdrawn": "申请人撤回",
    "edited": "修改申请信息",
    "voided": "更正（撤销一条错误记录）",
}
KIND_BY_NAME = {v: k for k, v in KINDS.items()} | {
    "补正告知": "correction_requested", "补正": "correction_requested", "收到补正后申请": "correction_received",
    "征求意见": "consultation_started", "征求第三方意见": "consultation_started", "意见结束": "consultation_ended",
    "延期": "extension_approved", "延长答复期限": "extension_approved", "收费通知": "fee_notice",
    "缴费": "fee_paid", "答复": "answered", "办结": "answered", "撤回": "withdrawn",
    "更正": "voided", "撤销": "voided",
}

CHANNELS = {
    "in_person": "当面提交", "registered_post": "邮政特快专递/挂号信", "ordinary_post": "平常信函",
    "online": "互联网渠道", "fax": "传真", "other": "其他",
}
CHANNEL_BY_NAME = {v: k for k, v in CHANNELS.items()} | {
    "当面": "in_person", "现场": "in_person", "窗口": "in_person", "邮寄": "registered_post", "挂号信": "registered_post",
    "EMS": "registered_post", "快递": "registered_post", "信函": "ordinary_post", "网上": "online", "网络": "online",
    "在线": "online", "互联网": "online", "电子邮件": "online", "邮箱": "online", "传真": "fax",
}
# How the receipt date is fixed, 第三十一条.
RECEIPT_RULE = {
    "in_person": "当面提交的，以提交之日为收到申请之日",
    "registered_post": "以邮寄方式提交的，以行政机关签收之日为收到申请之日",
    "ordinary_post": "以平常信函等无需签收的邮寄方式提交的，以行政机关与申请人确认之日为收到申请之日",
    "online": "通过互联网渠道提交的，以双方确认之日为收到申请之日",
    "fax": "通过行政机关传真提交的，以双方确认之日为收到申请之日",
    "other": "按第三十一条确定收到申请之日",
}

APPLICANT_TYPES = {c.key: c.label for c in APPLICANT_COLUMNS[:-1]}
APPLICANT_BY_NAME = {v: k for k, v in APPLICANT_TYPES.items()} | {
    "公民": "natural_person", "个人": "natural_person", "自然人申请": "natural_person",
    "企业": "commercial", "公司": "commercial", "科研": "research", "高校": "research",
    "公益组织": "social_welfare", "社会组织": "social_welfare", "律师事务所": "legal_services",
    "律所": "legal_services", "法律服务": "legal_services", "其他组织": "other_org",
}

# The outcomes an answer can have: the 表三 rows of the 2021 format (the single （六） row
# of the 2019 format is the sum of the three).
OUTCOMES = {k: APPLICATION_ROW[k].short for k in outcome_keys(split_other=True)}
OUTCOMES.pop("total", None)
WITHDRAWN_OUTCOME = "other_misc"  # a withdrawn request is counted under （六）3.其他

PARTIES = {"third_party": "征求第三方意见", "co_issuer": "征求其他机关意见"}

REVIEW_KINDS = {key: label for key, label, _ in REVIEW_GROUPS}
REVIEW_RESULTS = {"upheld": "结果维持", "corrected": "结果纠正", "other": "其他结果"}

STATUSES = {
    "open": "办理中", "waiting_correction": "等待补正", "consulting": "征求意见中", "waiting_fee": "等待缴费",
    "answered": "已答复", "withdrawn": "已撤回",
}
CLOSED = ("answered", "withdrawn")


def lookup(text: str, table: dict[str, str], by_name: dict[str, str], what: str) -> str:
    """A key from its key, its label or a common name; else an error listing the choices."""
    t = (text or "").strip()
    if t in table:
        return t
    if t in by_name:
        return by_name[t]
    for name, key in sorted(by_name.items(), key=lambda kv: -len(kv[0])):
        if name and name in t:
            return key
    raise EventError(f"{what}“{text}”无法识别，可选：{'、'.join(table.values())}")


def outcome_key(text: str) -> str:
    """An outcome from its key or printed name (“予以公开”, “（三）1.属于国家秘密”, “国家秘密”…)."""
    t = (text or "").strip()
    if t in OUTCOMES:
        return t
    squashed = key_text(t)  # matched as the parser matches printed labels
    hits = [k for k in OUTCOMES if any(re.search(p, squashed) for p in APPLICATION_ROW[k].keys)]
    if len(hits) == 1:
        return hits[0]
    if "撤回" in t:
        return WITHDRAWN_OUTCOME
    raise EventError(f"办理结果“{text}”无法识别，应为表三的一种办理结果，如：{'、'.join(list(OUTCOMES.values())[:4])}…")


class EventError(ValueError):
    """An event that cannot happen now, in words for the officer."""


# ------------------------------------------------------------------ state
@dataclass(frozen=True, slots=True)
class Ev:
    kind: str
    on: date
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class Case:
    """An application's state after its events."""

    received: date
    status: str = "open"
    outcome: str | None = None
    closed_on: date | None = None
    correction_requested: date | None = None
    correction_received: date | None = None
    extended: Ev | None = None
    consultations: list[list[Any]] = field(default_factory=list)  # [start, end|None, party]
    fee_notice: Ev | None = None
    fee_paid: date | None = None
    last: date | None = None
    kinds: list[str] = field(default_factory=list)  # each event's kind, by its number (seq − 1)
    voided: set[int] = field(default_factory=set)  # numbers (seq) of the events a correction voided

    @property
    def closed(self) -> bool:
        return self.status in CLOSED

    def clock(self, fee_pauses: bool = True) -> Clock:
        pauses = [Pause(s, e, PARTIES.get(p, "征求意见")) for s, e, p in self.consultations]
        if fee_pauses and self.fee_notice:
            pauses.append(Pause(self.fee_notice.on, self.fee_paid, "等待缴费"))
        if self.closed:  # a pause still open when the case closed ends there
            pauses = [p if p.end else Pause(p.start, self.closed_on, p.reason) for p in pauses]
        return Clock(self.received, self.correction_requested, self.correction_received,
                     extended=self.extended is not None,
                     extended_on=self.extended.on if self.extended else None,
                     extended_by=(self.extended.data.get("approver") or "") if self.extended else "",
                     pauses=tuple(pauses))


def derive(events: list[Ev]) -> Case:
    """Replay the events (the first is `received`), without those a correction voided:
    the log keeps every entry; the state is what the entries left standing say."""
    if not events or events[0].kind != "received":
        raise EventError("申请的第一条记录必须是“收到申请”")
    voided = {int(ev.data.get("seq", 0)) for ev in events if ev.kind == "voided"}
    case = Case(received=events[0].on, last=events[0].on, kinds=[ev.kind for ev in events], voided=voided)
    for seq, ev in enumerate(events[1:], 2):
        if seq not in voided and ev.kind != "voided":
            _apply(case, ev)
    return case


def check(case: Case, ev: Ev) -> None:
    """Raise EventError when `ev` cannot follow the events that made `case`."""
    name = KINDS.get(ev.kind)
    if name is None or ev.kind == "received":
        raise EventError(f"未知的事件类型“{ev.kind}”，可选：{'、'.join(v for k, v in KINDS.items() if k not in ('received', 'edited'))}")
    if ev.kind == "edited":
        return
    if ev.kind == "voided":
        seq, reason = ev.data.get("seq"), str(ev.data.get("reason") or "").strip()
        if not isinstance(seq, int) or not 2 <= seq <= len(case.kinds):
            raise EventError(f"更正须指明要撤销的记录序号（2 至 {len(case.kinds)}；第 1 条“收到申请”不能撤销）")
        if case.kinds[seq - 1] in ("voided", "edited") or seq in case.voided:
            raise EventError(f"第 {seq} 条记录不能撤销（已撤销，或本身是更正或信息修改）")
        if not reason:
            raise EventError("更正须写明理由")
        return
    if case.closed:
        raise EventError(f"申请{STATUSES[case.status]}（{case.closed_on}），不能再登记“{name}”")
    if ev.on < case.received:
        raise EventError(f"“{name}”的日期 {ev.on} 早于收到申请的日期 {case.received}")
    if case.last and ev.on < case.last:
        raise EventError(f"“{name}”的日期 {ev.on} 早于上一条记录的日期 {case.last}：请按发生顺序登记")
    k = ev.kind
    running = [c for c in case.consultations if c[1] is None]
    if k == "correction_requested":
        if case.correction_requested:
            raise EventError("补正告知只能发出一次（第三十条：一次性告知）")
    elif k == "correction_received":
        if not case.correction_requested:
            raise EventError("尚未发出补正告知，不能登记“收到补正”")
        if case.correction_received:
            raise EventError(f"已于 {case.correction_received} 收到补正")
    elif k == "consultation_started":
        if running:
            raise EventError(f"自 {running[0][0]} 开始的征求意见尚未结束")
        if ev.data.get("party", "third_party") not in PARTIES:
            raise EventError("征求意见的对象应为 third_party（第三方）或 co_issuer（其他机关）")
    elif k == "consultation_ended":
        if not running:
            raise EventError("没有正在进行的征求意见")
    elif k == "extension_approved":
        if case.extended:
            raise EventError(f"已于 {case.extended.on} 批准延期，延长的期限最长不得超过 20 个工作日（第三十三条）")
        if case.correction_requested and not case.correction_received:
            raise EventError("正在等待补正，答复期限尚未开始计算，无需延期")
    elif k == "fee_notice":
        if case.fee_notice:
            raise EventError(f"已于 {case.fee_notice.on} 发出收费通知")
    elif k == "fee_paid":
        if not case.fee_notice:
            raise EventError("尚未发出收费通知，不能登记缴费")
        if case.fee_paid:
            raise EventError(f"已于 {case.fee_paid} 登记缴费")
    elif k == "answered":
        outcome = ev.data.get("outcome")
        if outcome not in OUTCOMES:
            raise EventError("答复须注明办理结果（表三的一种）")
        if outcome == "other_no_correction" and not case.correction_requested:
            raise EventError("未发出补正告知，办理结果不能是“逾期不补正”")
        if outcome == "other_unpaid_fee" and not case.fee_notice:
            raise EventError("未发出收费通知，办理结果不能是“逾期未缴纳费用”")
        if outcome == "unavailable_unclear" and not case.correction_received:
            raise EventError("办理结果“补正后申请内容仍不明确”需要先登记收到补正")


def possible(case: Case, kinds: tuple[str, ...]) -> list[str]:
    """Of `kinds`, the events that may follow now (on the day of the latest one)."""
    out = []
    for kind in kinds:
        try:
            check(case, Ev(kind, case.last or case.received, {"outcome": "granted"} if kind == "answered" else {}))
        except EventError:
            continue
        out.append(kind)
    return out


def _apply(case: Case, ev: Ev) -> None:
    check(case, ev)
    k = ev.kind
    if k != "edited":
        case.last = ev.on
    if k == "correction_requested":
        case.correction_requested = ev.on
        case.status = "waiting_correction"
    elif k == "correction_received":
        case.correction_received = ev.on
        case.status = "open"
    elif k == "consultation_started":
        case.consultations.append([ev.on, None, ev.data.get("party", "third_party")])
        case.status = "consulting"
    elif k == "consultation_ended":
        case.consultations[-1][1] = ev.on
        case.status = "open"
    elif k == "extension_approved":
        case.extended = ev
    elif k == "fee_notice":
        case.fee_notice = ev
        case.status = "waiting_fee"
    elif k == "fee_paid":
        case.fee_paid = ev.on
        case.status = "open"
    elif k in CLOSED:
        case.status = k
        case.closed_on = ev.on
        case.outcome = ev.data["outcome"] if k == "answered" else WITHDRAWN_OUTCOME


def after(events: list[Ev], ev: Ev) -> Case:
    """The state once `ev` is added; EventError if it cannot be."""
    case = derive(events)
    if ev.kind == "voided":  # the state is replayed without the voided entry
        check(case, ev)
        return derive([*events, ev])
    _apply(case, ev)
    return case


@dataclass(frozen=True, slots=True)
class Due:
    deadline: Deadline | None
    error: str = ""  # why there is no deadline (the calendar lacks a year)

    @property
    def on(self) -> date | None:
        return self.deadline.due if self.deadline else None


def due(case: Case, cal: Calendar, fee_pauses: bool = True) -> Due:
    try:
        return Due(compute(case.clock(fee_pauses), cal))
    except CalendarGap as e:
        return Due(None, str(e))
