"""What can happen to an application, in which order, and what its state is after its
events. Pure functions over plain data: the store keeps the events, this decides."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..errors import EventError, InputError
from ..schema import APPLICANT_COLUMNS, APPLICATION_ROW, REVIEW_GROUPS, key_text, outcome_keys
from .calendar import Calendar, CalendarGap
from .deadline import Clock, Deadline, Pause, compute

# ------------------------------------------------------------------ vocabularies
CHANNELS = {
    "in_person": "当面提交",
    "registered_post": "邮政特快专递/挂号信",
    "ordinary_post": "平常信函",
    "online": "互联网渠道",
    "fax": "传真",
    "other": "其他",
}
CHANNEL_BY_NAME = {v: k for k, v in CHANNELS.items()} | {
    "当面": "in_person",
    "现场": "in_person",
    "窗口": "in_person",
    "邮寄": "registered_post",
    "挂号信": "registered_post",
    "EMS": "registered_post",
    "快递": "registered_post",
    "信函": "ordinary_post",
    "网上": "online",
    "网络": "online",
    "在线": "online",
    "互联网": "online",
    "电子邮件": "online",
    "邮箱": "online",
    "传真": "fax",
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
    "公民": "natural_person",
    "个人": "natural_person",
    "自然人申请": "natural_person",
    "企业": "commercial",
    "公司": "commercial",
    "科研": "research",
    "高校": "research",
    "公益组织": "social_welfare",
    "社会组织": "social_welfare",
    "律师事务所": "legal_services",
    "律所": "legal_services",
    "法律服务": "legal_services",
    "其他组织": "other_org",
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
    "open": "办理中",
    "waiting_correction": "等待补正",
    "consulting": "征求意见中",
    "waiting_fee": "等待缴费",
    "answered": "已答复",
    "withdrawn": "已撤回",
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
        return Clock(
            self.received,
            self.correction_requested,
            self.correction_received,
            extended=self.extended is not None,
            extended_on=self.extended.on if self.extended else None,
            extended_by=(self.extended.data.get("approver") or "") if self.extended else "",
            pauses=tuple(pauses),
        )


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


# ------------------------------------------------------------------ the kinds of event
# Each kind: its label and the other names officers use, what the statute says of it, the
# fields it carries (each with its parser), when it may happen and what it changes. The
# command line, the pages and the API all read events through this one table.
def _text(v: Any) -> str:
    return str(v if v is not None else "").strip()[:2000]


def _count(v: Any) -> int | None:
    t = _text(v)
    if not t:
        return None
    if not t.isdigit() or len(t) > 9:
        raise EventError(f"“{t}”不是页数（应为非负整数）")
    return int(t)


def _seq(v: Any) -> int:
    t = _text(v)
    return int(t) if t.isdigit() and len(t) < 9 else 0


def _party(v: Any) -> str:
    t = _text(v) or "third_party"
    return "co_issuer" if t == "co_issuer" or "机关" in t else "third_party"


def _days(v: Any) -> int | None:
    t = _text(v)
    if not t:
        return None
    if not t.isdigit() or not 1 <= int(t) <= 60:
        raise EventError(f"“{t}”不是合理的工作日数（1 至 60）")
    return int(t)


def _method(v: Any) -> str:
    t = _text(v)
    if t in ("按量", "per_page"):
        return "per_page"
    if t in ("按件", "per_request"):
        return "per_request"
    raise EventError("收费方式应为“按件”或“按量”")


@dataclass(frozen=True)
class Field:
    name: str  # the key in the event's data, the form field and the API's data
    parse: Callable[[Any], Any]
    required: str = ""  # what to say when it is missing ("": optional)


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    names: tuple[str, ...] = ()  # what else officers call it
    statute: str = ""  # what the statute says of it, shown under its form
    fields: tuple[Field, ...] = ()
    allowed: Callable[[Case, Ev], None] = lambda case, ev: None  # raises EventError
    apply: Callable[[Case, Ev], None] = lambda case, ev: None
    step: bool = True  # offered as a step on an open application (not the receipt, an edit or a correction)


def _running(case: Case) -> list[list[Any]]:
    return [c for c in case.consultations if c[1] is None]


def _once(attr: str, message: str) -> Callable[[Case, Ev], None]:
    def allowed(case: Case, ev: Ev) -> None:
        if getattr(case, attr):
            raise EventError(message.format(getattr(case, attr)))

    return allowed


def _correction_received_allowed(case: Case, ev: Ev) -> None:
    if not case.correction_requested:
        raise EventError("尚未发出补正告知，不能登记“收到补正”")
    if case.correction_received:
        raise EventError(f"已于 {case.correction_received} 收到补正")


def _consultation_started_allowed(case: Case, ev: Ev) -> None:
    if running := _running(case):
        raise EventError(f"自 {running[0][0]} 开始的征求意见尚未结束")
    if ev.data.get("party", "third_party") not in PARTIES:
        raise EventError("征求意见的对象应为 third_party（第三方）或 co_issuer（其他机关）")


def _consultation_ended_allowed(case: Case, ev: Ev) -> None:
    if not _running(case):
        raise EventError("没有正在进行的征求意见")


def _extension_allowed(case: Case, ev: Ev) -> None:
    if case.extended:
        raise EventError(f"已于 {case.extended.on} 批准延期，延长的期限最长不得超过 20 个工作日（第三十三条）")
    if case.correction_requested and not case.correction_received:
        raise EventError("正在等待补正，答复期限尚未开始计算，无需延期")


def _fee_paid_allowed(case: Case, ev: Ev) -> None:
    if not case.fee_notice:
        raise EventError("尚未发出收费通知，不能登记缴费")
    if case.fee_paid:
        raise EventError(f"已于 {case.fee_paid} 登记缴费")


def _answered_allowed(case: Case, ev: Ev) -> None:
    outcome = ev.data.get("outcome")
    if outcome not in OUTCOMES:
        raise EventError("答复须注明办理结果（表三的一种）")
    if outcome == "other_no_correction" and not case.correction_requested:
        raise EventError("未发出补正告知，办理结果不能是“逾期不补正”")
    if outcome == "other_unpaid_fee" and not case.fee_notice:
        raise EventError("未发出收费通知，办理结果不能是“逾期未缴纳费用”")
    if outcome == "unavailable_unclear" and not case.correction_received:
        raise EventError("办理结果“补正后申请内容仍不明确”需要先登记收到补正")


def _set(**changes: Any) -> Callable[[Case, Ev], None]:
    """A step that sets the case's status, and one of its dates to the event's day
    (`attr=ON`) or to the event itself (`attr=EVENT`)."""

    def apply(case: Case, ev: Ev) -> None:
        for attr, value in changes.items():
            setattr(case, attr, ev.on if value is ON else ev if value is EVENT else value)

    return apply


ON, EVENT = object(), object()


def _consultation_started(case: Case, ev: Ev) -> None:
    case.consultations.append([ev.on, None, ev.data.get("party", "third_party")])
    case.status = "consulting"


def _consultation_ended(case: Case, ev: Ev) -> None:
    case.consultations[-1][1] = ev.on
    case.status = "open"


def _closed(case: Case, ev: Ev) -> None:
    case.status = ev.kind
    case.closed_on = ev.on
    case.outcome = ev.data["outcome"] if ev.kind == "answered" else WITHDRAWN_OUTCOME


def _voided_allowed(case: Case, ev: Ev) -> None:
    seq, reason = ev.data.get("seq"), str(ev.data.get("reason") or "").strip()
    if not isinstance(seq, int) or not 2 <= seq <= len(case.kinds):
        raise EventError(f"更正须指明要撤销的记录序号（2 至 {len(case.kinds)}；第 1 条“收到申请”不能撤销）")
    if case.kinds[seq - 1] in ("voided", "edited") or seq in case.voided:
        raise EventError(f"第 {seq} 条记录不能撤销（已撤销，或本身是更正或信息修改）")
    if not reason:
        raise EventError("更正须写明理由")


EVENT_KINDS = {
    k.key: k
    for k in (
        Kind("received", "收到申请", step=False),
        Kind(
            "correction_requested",
            "发出补正告知",
            ("补正告知", "补正"),
            "收到申请之日起 7 个工作日内一次性告知需要补正的事项（第三十条）；收到补正后答复期限重新计算。",
            (Field("items", _text), Field("within", _days)),  # what to correct, and in how many working days
            allowed=_once("correction_requested", "补正告知只能发出一次（第三十条：一次性告知）"),
            apply=_set(correction_requested=ON, status="waiting_correction"),
        ),
        Kind(
            "correction_received",
            "收到补正",
            ("收到补正后申请",),
            "答复期限自收到补正之日起重新计算（第三十条）；无正当理由逾期不补正的，按“逾期不补正”办结。",
            allowed=_correction_received_allowed,
            apply=_set(correction_received=ON, status="open"),
        ),
        Kind(
            "consultation_started",
            "开始征求意见",
            ("征求意见", "征求第三方意见"),
            "征求第三方（第三十二条）或其他机关（第三十四条）意见，所需时间不计算在答复期限内；对方 15 个工作日内答复。",
            (Field("party", _party), Field("to", _text)),  # to: whose opinion, the letter's addressee
            _consultation_started_allowed,
            _consultation_started,
        ),
        Kind(
            "consultation_ended",
            "征求意见结束",
            ("意见结束",),
            "记录收到意见或期满之日，答复期限从次日起继续计算。",
            allowed=_consultation_ended_allowed,
            apply=_consultation_ended,
        ),
        Kind(
            "extension_approved",
            "批准延期答复",
            ("延期", "延长答复期限"),
            "需经政府信息公开工作机构负责人同意并告知申请人，延长不超过 20 个工作日（第三十三条）。",
            (Field("approver", _text, "延期须注明批准人（第三十三条：经政府信息公开工作机构负责人同意）"),),
            _extension_allowed,
            _set(extended=EVENT),
        ),
        Kind(
            "fee_notice",
            "发出收费通知",
            ("收费通知",),
            "按国办函〔2020〕109号计收信息处理费，申请人应在 20 个工作日内缴纳；等待缴费的时间默认不计入答复期限。",
            (Field("method", _method, "收费通知须指定“按件”或“按量”"), Field("pages", _count)),
            _once("fee_notice", "已于 {0.on} 发出收费通知"),
            _set(fee_notice=EVENT, status="waiting_fee"),
        ),
        Kind(
            "fee_paid",
            "申请人缴费",
            ("缴费",),
            "逾期未缴纳的，按“逾期未缴纳费用”办结。",
            allowed=_fee_paid_allowed,
            apply=_set(fee_paid=ON, status="open"),
        ),
        Kind(
            "answered",
            "作出答复",
            ("答复", "办结"),
            "办理结果按表三的分类登记，年度报告由此统计。",
            (Field("outcome", lambda v: outcome_key(_text(v)), "答复须注明办理结果（表三的一种）"),),
            _answered_allowed,
            _closed,
        ),
        Kind("withdrawn", "申请人撤回", ("撤回",), "申请人撤回申请即办结，表三计入“（六）其他处理”。", apply=_closed),
        Kind("edited", "修改申请信息", step=False),
        Kind(
            "voided",
            "更正（撤销一条错误记录）",
            ("更正", "撤销"),
            "撤销一条登记错误的记录，须写明理由；原记录保留。",
            (Field("seq", _seq, "更正须指明要撤销的记录序号"), Field("reason", _text, "更正须写明理由")),
            _voided_allowed,
            step=False,
        ),
    )
}
KINDS = {k.key: k.label for k in EVENT_KINDS.values()}
KIND_BY_NAME = {k.label: k.key for k in EVENT_KINDS.values()} | {
    name: k.key for k in EVENT_KINDS.values() for name in k.names
}
STEPS = tuple(k.key for k in EVENT_KINDS.values() if k.step)  # what an officer may record on an open application
NOTE = Field("note", _text)  # any event may carry a note


RECORDABLE = (*STEPS, "voided")  # what an officer may record: the steps, and a correction


def _unknown(kind: str) -> EventError:
    return EventError(f"未知的事件类型“{kind}”，可选：{'、'.join(KINDS[x] for x in RECORDABLE)}")


def kind_of(text: str) -> str:
    """An event kind an officer may record, from its key, label or another name."""
    return lookup(text, {k: KINDS[k] for k in RECORDABLE}, KIND_BY_NAME, "事件")


def event_data(kind: str, given: Mapping[str, Any]) -> dict[str, Any]:
    """The data an event of `kind` keeps, read from what a form, an API call or the command
    line gave: its own fields only, each parsed; a missing required one is said."""
    if kind not in RECORDABLE:
        raise _unknown(kind)
    data: dict[str, Any] = {}
    if kind == "fee_notice" and given.get("method") in (None, "") and given.get("pages") not in (None, ""):
        given = {**given, "method": "per_page"}  # pages given: charged by quantity
    for f in (*EVENT_KINDS[kind].fields, NOTE):
        raw = given.get(f.name)
        if raw is None or _text(raw) == "":
            if f.required:
                raise EventError(f.required, f.name)
            continue
        data[f.name] = f.parse(raw)
    return data


def check(case: Case, ev: Ev) -> None:
    """Raise EventError when `ev` cannot follow the events that made `case`."""
    k = EVENT_KINDS.get(ev.kind)
    if k is None or ev.kind == "received":
        raise _unknown(ev.kind)
    if ev.kind in ("edited", "voided"):
        k.allowed(case, ev)
        return
    if case.closed:
        raise EventError(f"申请{STATUSES[case.status]}（{case.closed_on}），不能再登记“{k.label}”")
    if ev.on < case.received:
        raise EventError(f"“{k.label}”的日期 {ev.on} 早于收到申请的日期 {case.received}")
    if case.last and ev.on < case.last:
        raise EventError(f"“{k.label}”的日期 {ev.on} 早于上一条记录的日期 {case.last}：请按发生顺序登记")
    k.allowed(case, ev)


def possible(case: Case, kinds: tuple[str, ...] = STEPS) -> list[str]:
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
    if ev.kind != "edited":
        case.last = ev.on
    EVENT_KINDS[ev.kind].apply(case, ev)


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

    def computed(self) -> Deadline:
        """The deadline; where there is none, an InputError saying why."""
        if self.deadline is None:
            raise InputError(self.error)
        return self.deadline


def due(case: Case, cal: Calendar, fee_pauses: bool = True) -> Due:
    try:
        return Due(compute(case.clock(fee_pauses), cal))
    except CalendarGap as e:
        return Due(None, str(e))
