"""The register on a database: every change goes through here (CLI and API alike).

Concurrency: an application carries a version. A change names the version it was
made on; the database applies it only if the version is still that one
(`UPDATE … WHERE version = ?`), so of two officers saving at once one gets a conflict
and re-applies on the newer state — no change is lost. A change that names no version
(an appended event from the command line) is re-checked and retried on the newest
state instead, so event rules are never bypassed by a race.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, Executable, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..errors import Conflict, EventError, InputError, NotFound
from ..render.gate import REQUIRED
from ..store.bodies import body_key, describe
from ..store.models import (
    ActiveFigure,
    Application,
    Body,
    CalendarDay,
    CalendarYear,
    Event,
    ReportText,
    Review,
    Setting,
    utc_now,
)
from .calendar import Calendar, DayEntry
from .deadline import add_working_days
from .events import (
    APPLICANT_TYPES,
    CHANNELS,
    CLOSED,
    REVIEW_KINDS,
    REVIEW_RESULTS,
    Case,
    Due,
    Ev,
    after,
    derive,
    due,
    event_data,
)
from .fees import per_page, per_request

EDITABLE = ("number", "channel", "applicant_type", "applicant_name", "applicant_contact", "content")
# What each text of an application may hold (the columns' sizes): longer is refused in
# words, not left to the database (PostgreSQL would fail the statement).
TEXT_LIMITS = {"number": 64, "applicant_name": 200, "applicant_contact": 400, "content": 50_000}
# What the public form adds (applicant.py has checked it), with its columns' sizes.
DETAILS = {
    "applicant_id_type": 40,
    "applicant_id_number": 64,
    "applicant_address": 400,
    "applicant_email": 200,
    "delivery": 40,
    "code_hash": 200,
}


def _texts_fit(values: Mapping[str, Any], limits: dict[str, int] = TEXT_LIMITS) -> None:
    for key, limit in limits.items():
        v = values.get(key)
        if v is not None and not isinstance(v, str):
            raise EventError(f"{key} 应为文字")
        if v is not None and len(v) > limit:
            raise EventError(f"{key} 过长（{len(v)} 字，上限 {limit} 字）")


# ------------------------------------------------------------------ settings and calendar
@dataclass(frozen=True, slots=True)
class Rules:
    """What due dates depend on besides the events: the calendar with the office's
    entries, and whether the time between a fee notice and payment is left out of the
    answer period (the texts do not settle it; the office decides, default: left out)."""

    calendar: Calendar
    fee_pauses: bool

    @property
    def pair(self) -> tuple[Calendar, bool]:
        """As `events.due` takes them."""
        return self.calendar, self.fee_pauses


# Rules by database, with the token they were read at. Every change of the calendar or
# of a setting writes a new token, so a request costs one small query instead of
# reading the calendar again (and every process sees a change at once).
_RULES: dict[str, tuple[str, Rules]] = {}


def rules(s: Session) -> Rules:
    keys = ("rules_token", "fee_pauses_clock")
    found = dict(s.execute(select(Setting.key, Setting.value).where(Setting.key.in_(keys))).all())
    where, token = str(s.get_bind().engine.url), found.get("rules_token", "")
    hit = _RULES.get(where)
    if hit and token and hit[0] == token:
        return hit[1]
    days = {d.day: DayEntry(d.day, d.workday, d.note) for d in s.scalars(select(CalendarDay))}
    r = Rules(Calendar(days, set(s.scalars(select(CalendarYear.year)))), found.get("fee_pauses_clock", "1") == "1")
    _RULES[where] = (token, r)
    return r


def calendar(s: Session) -> Calendar:
    return rules(s).calendar


def _setting(s: Session, key: str, value: str) -> None:
    row = s.get(Setting, key) or Setting(key=key)
    row.value = value
    s.add(row)


def _changed_rules(s: Session) -> int:
    _setting(s, "rules_token", uuid.uuid4().hex)
    s.flush()
    return recompute_open(s)


def set_fee_pauses(s: Session, on: bool) -> int:
    _setting(s, "fee_pauses_clock", "1" if on else "0")
    return _changed_rules(s)


def set_day(s: Session, day: date, workday: bool, note: str, user: str) -> int:
    """Enter a day; the open cases' due dates follow. Returns how many changed."""
    row = s.get(CalendarDay, day) or CalendarDay(day=day)
    row.workday, row.note, row.entered_by = workday, note, user
    s.add(row)
    return _changed_rules(s)


def declare_year(s: Session, year: int, user: str) -> int:
    if s.get(CalendarYear, year) is None:
        s.add(CalendarYear(year=year, entered_by=user))
    return _changed_rules(s)


def recompute_open(s: Session) -> int:
    """Rebuild the cached due date of every open application (after a calendar or
    setting change). Returns the number whose due date changed."""
    r = rules(s)
    changed = 0
    for app in s.scalars(select(Application).where(Application.status.not_in(CLOSED))):
        on = due(derive(_events(s, app.id)), *r.pair).on
        if on != app.due_on:
            app.due_on = on
            changed += 1
    s.commit()
    return changed


# ------------------------------------------------------------------ bodies
def body_by_name(s: Session, name: str) -> Body:
    body = s.scalar(select(Body).where(Body.key == body_key(name)))
    if body is None:
        names = list(s.scalars(select(Body.name).limit(20)))
        hint = f"已登记的机关：{'、'.join(names)}" if names else "尚未登记任何机关，请先用 xxgk register add-body 登记"
        raise NotFound(f"没有名为“{name}”的机关。{hint}")
    return body


def bodies(s: Session, body_ids: set[int] | None = None) -> list[Body]:
    """The registered bodies (those of `body_ids` only, when given), in the order added."""
    q = select(Body).order_by(Body.id)
    if body_ids is not None:
        q = q.where(Body.id.in_(body_ids))
    return list(s.scalars(q))


def body(s: Session, body_id: int, body_ids: set[int] | None = None) -> Body:
    """A body by its number; NotFound when there is none, or it is not among `body_ids`."""
    b = s.get(Body, body_id) if body_ids is None or body_id in body_ids else None
    if b is None:
        raise NotFound(f"没有编号为 {body_id} 的机关")
    return b


def views(s: Session, body_id: int | None = None) -> list[View]:
    """Every application (of one body), by body, receipt and number, with its state."""
    q = select(Application.id).order_by(Application.body_id, Application.received_on, Application.id)
    if body_id is not None:
        q = q.where(Application.body_id == body_id)
    return [view(s, i) for i in s.scalars(q)]


def add_body(s: Session, name: str, region: str | None = None, level: str | None = None) -> Body:
    """The body of that name (spaces and decorations aside), registered if new."""
    info = describe(name)
    if not info.key:
        raise EventError("机关名称不能为空")
    body = s.scalar(select(Body).where(Body.key == info.key))
    if body is None:
        body = Body(
            name=name.strip(),
            key=info.key,
            kind=info.kind,
            region_name=info.region_name,
            region=region or info.code,
            level=level or info.level,
        )
        s.add(body)
        s.commit()
    return body


# ------------------------------------------------------------------ applications
def _events(s: Session, app_id: int) -> list[Ev]:
    rows = s.execute(select(Event.kind, Event.on, Event.data).where(Event.application_id == app_id).order_by(Event.seq))
    return [Ev(k, on, data or {}) for k, on, data in rows]


def _one_row(s: Session, change: Executable) -> bool:
    """Whether a guarded UPDATE changed its row (the version it was made on is current)."""
    return cast("CursorResult[Any]", s.execute(change)).rowcount == 1


def get(s: Session, app_id: int, body_ids: set[int] | None = None) -> Application:
    app = s.get(Application, app_id, populate_existing=True)
    if app is None or (body_ids is not None and app.body_id not in body_ids):
        raise NotFound(f"没有编号为 {app_id} 的申请")
    return app


def _next_number(s: Session, body_id: int, year: int) -> str:
    """The next free “YYYY-NNNNN” of the body's year."""
    taken = set(
        s.scalars(
            select(Application.number).where(Application.body_id == body_id, Application.number.like(f"{year}-%"))
        )
    )
    n = len(taken) + 1
    while f"{year}-{n:05d}" in taken:
        n += 1
    return f"{year}-{n:05d}"


def today() -> date:
    """The register's today: the date in Beijing (a server may keep UTC, and an online
    application at 07:00 is received that day), or $XXGK_TODAY (ISO) for a rehearsal or a demo."""
    set_to = os.environ.get("XXGK_TODAY")
    return date.fromisoformat(set_to) if set_to else (utc_now() + timedelta(hours=8)).date()


def _not_future(on: date, what: str) -> None:
    """Nothing is registered before it happens: a wrong future date would block the right entry."""
    now = today()
    if on > now:
        raise EventError(f"{what}日期 {on:%Y-%m-%d} 晚于今天（{now:%Y-%m-%d}），不能登记尚未发生的事")


def receive(
    s: Session,
    body: Body,
    received: date,
    applicant_type: str,
    user: str,
    *,
    channel: str = "online",
    number: str | None = None,
    applicant_name: str = "",
    applicant_contact: str = "",
    content: str = "",
    details: Mapping[str, str] | None = None,
    receipt: Mapping[str, Any] | None = None,
) -> Application:
    """Register a new application; its first event is its receipt. `details`: what the
    public form adds (DETAILS); `receipt`: what the receipt event records besides the
    channel (how the receipt date was confirmed, 第三十一条)."""
    if applicant_type not in APPLICANT_TYPES:
        raise EventError(f"申请人类型“{applicant_type}”无效，可选：{'、'.join(APPLICANT_TYPES.values())}")
    if channel not in CHANNELS:
        raise EventError(f"收到渠道“{channel}”无效，可选：{'、'.join(CHANNELS.values())}")
    _not_future(received, "收到申请")
    _texts_fit(
        {"number": number, "applicant_name": applicant_name, "applicant_contact": applicant_contact, "content": content}
    )
    extra = dict(details or {})
    _texts_fit(extra, DETAILS)
    if set(extra) - set(DETAILS):
        raise EventError(f"无法登记：{'、'.join(sorted(set(extra) - set(DETAILS)))}")
    now = utc_now()
    if not number:
        number = _next_number(s, body.id, received.year)
    app = Application(
        body_id=body.id,
        number=number,
        channel=channel,
        received_on=received,
        applicant_type=applicant_type,
        applicant_name=applicant_name,
        applicant_contact=applicant_contact,
        content=content,
        **extra,
        version=1,
        status="open",
        created_at=now,
        created_by=user,
        updated_at=now,
        updated_by=user,
    )
    data = {"channel": channel, **(receipt or {})}
    case = derive([Ev("received", received, data)])
    app.due_on = due(case, *rules(s).pair).on
    s.add(app)
    try:
        s.flush()
    except IntegrityError:
        s.rollback()
        raise EventError(f"{body.name} 已有申请编号为“{number}”的申请") from None
    s.add(
        Event(
            application_id=app.id,
            seq=1,
            kind="received",
            on=received,
            data=data,
            recorded_at=now,
            recorded_by=user,
        )
    )
    s.commit()
    return app


def append(
    s: Session,
    app_id: int,
    kind: str,
    on: date,
    user: str,
    data: dict[str, Any] | None = None,
    version: int | None = None,
    body_ids: set[int] | None = None,
    read: Application | None = None,
) -> None:
    """Add an event. With `version`, refuse (Conflict) when the application moved on.
    `read`: the application as the caller has just read it (one read fewer)."""
    _not_future(on, "办理事项")
    ev = Ev(kind, on, dict(data or {}))
    for attempt in range(20):
        app = read if attempt == 0 and read is not None else get(s, app_id, body_ids)
        if version is not None and app.version != version:
            s.rollback()
            raise Conflict("该申请", app.version)
        events = _events(s, app_id)
        case = after(events, ev)
        if _advance(s, app, case, user, len(events) + 1, ev):
            return
        if version is not None:
            raise Conflict("该申请", get(s, app_id).version)
    raise Conflict("该申请", get(s, app_id).version)


def record(
    s: Session,
    app_id: int,
    kind: str,
    on: date,
    user: str,
    given: Mapping[str, Any],
    version: int | None = None,
    body_ids: set[int] | None = None,
) -> None:
    """Add an event as a form, an API call or the command line gave it: its fields read by
    the event kinds' table (events.py), a fee notice's fee computed here."""
    app = get(s, app_id, body_ids)  # outside the caller's bodies: NotFound, whatever the event says
    data = event_data(kind, given)
    if kind == "fee_notice":
        data = fee_notice(s, app_id, data.pop("method"), data.pop("pages", None)) | data
    append(s, app_id, kind, on, user, data, version, body_ids, app)


def _advance(
    s: Session, app: Application, case: Case, user: str, seq: int, ev: Ev, changes: dict[str, Any] | None = None
) -> bool:
    """Move the application from the version read to the next, with the event; False
    when someone else moved it first."""
    d = due(case, *rules(s).pair)
    now = utc_now()
    values = dict(changes or {}) | dict(
        version=app.version + 1,
        status=case.status,
        due_on=d.on,
        closed_on=case.closed_on,
        outcome=case.outcome,
        updated_at=now,
        updated_by=user,
    )
    if not _one_row(
        s,
        update(Application)
        .where(Application.id == app.id, Application.version == app.version)
        .values(**values)
        .execution_options(synchronize_session=False),
    ):
        s.rollback()
        return False
    s.add(
        Event(application_id=app.id, seq=seq, kind=ev.kind, on=ev.on, data=ev.data, recorded_at=now, recorded_by=user)
    )
    try:
        s.commit()
    except IntegrityError:  # the same sequence number taken concurrently
        s.rollback()
        return False
    return True


def edit(
    s: Session, app_id: int, changes: dict[str, Any], user: str, version: int, body_ids: set[int] | None = None
) -> Application:
    """Change what was recorded about the applicant or the request (not its events)."""
    bad = set(changes) - set(EDITABLE)
    if bad:
        raise EventError(f"不能修改：{'、'.join(sorted(bad))}（办理过程只能追加记录，不能改写）")
    if "applicant_type" in changes and changes["applicant_type"] not in APPLICANT_TYPES:
        raise EventError(f"申请人类型“{changes['applicant_type']}”无效")
    if "channel" in changes and changes["channel"] not in CHANNELS:
        raise EventError(f"收到渠道“{changes['channel']}”无效")
    _texts_fit(changes)
    app = get(s, app_id, body_ids)
    if app.version != version:
        s.rollback()
        raise Conflict("该申请", app.version)
    events = _events(s, app_id)
    # The edit is itself recorded, naming the fields only: personal data stays out of the log.
    ev = Ev("edited", max(e.on for e in events), {"fields": sorted(changes)})
    if not _advance(s, app, derive(events), user, len(events) + 1, ev, changes):
        raise Conflict("该申请", get(s, app_id).version)
    return get(s, app_id)


def fee_notice(s: Session, app_id: int, method: str, pages: int | None = None) -> dict[str, Any]:
    """The data of a fee notice: the fee with its calculation. By request (按件), the
    count is this applicant's requests to the body in the same natural month, this one
    included (matched on name and contact)."""
    if method in ("按量", "per_page"):
        if pages is None:
            raise EventError("按量计收须给出页数")
        fee = per_page(pages)
    elif method in ("按件", "per_request"):
        app = get(s, app_id)
        month = app.received_on.replace(day=1)
        earlier = (
            s.scalar(
                select(func.count())
                .select_from(Application)
                .where(
                    Application.body_id == app.body_id,
                    Application.applicant_name == app.applicant_name,
                    Application.applicant_contact == app.applicant_contact,
                    Application.received_on >= month,
                    Application.received_on <= app.received_on,
                    Application.id < app.id,
                )
            )
            or 0
        )
        fee = per_request(earlier)
    else:
        raise EventError("收费方式应为“按件”或“按量”")
    return {"method": fee.method, "quantity": fee.quantity, "amount": fee.amount, "lines": fee.lines()}


@dataclass
class NewCase:
    """An application with its history, for loading many at once (import, simulation)."""

    received: date
    applicant_type: str
    events: list[Ev]  # after the receipt, in order
    channel: str = "online"
    number: str | None = None
    applicant_name: str = ""
    applicant_contact: str = ""
    content: str = ""


def insert_cases(s: Session, body: Body, cases: list[NewCase], user: str) -> list[int]:
    """Add many applications with their events in one transaction: every history is
    checked by the same rules as single events first (EventError names the case), and
    nothing is written unless all pass."""
    cal, pauses = rules(s).pair
    taken = set(s.scalars(select(Application.number).where(Application.body_id == body.id)))
    next_free: dict[int, int] = {}
    now = utc_now()
    apps, histories = [], []
    for k, c in enumerate(cases, 1):
        label = f"第 {k} 条（编号 {c.number}）" if c.number else f"第 {k} 条"
        if c.applicant_type not in APPLICANT_TYPES:
            raise EventError(f"{label}：申请人类型“{c.applicant_type}”无效")
        if c.channel not in CHANNELS:
            raise EventError(f"{label}：收到渠道“{c.channel}”无效")
        history = [Ev("received", c.received, {"channel": c.channel}), *c.events]
        try:
            case = derive(history)
        except EventError as e:
            raise EventError(f"{label}：{e}") from None
        number = c.number
        if not number:
            n = next_free.get(c.received.year, 1)
            while f"{c.received.year}-{n:05d}" in taken:
                n += 1
            number = f"{c.received.year}-{n:05d}"
            next_free[c.received.year] = n + 1
        if number in taken:
            raise EventError(f"{label}：{body.name} 已有申请编号为“{number}”的申请")
        taken.add(number)
        apps.append(
            Application(
                body_id=body.id,
                number=number,
                channel=c.channel,
                received_on=c.received,
                applicant_type=c.applicant_type,
                applicant_name=c.applicant_name,
                applicant_contact=c.applicant_contact,
                content=c.content,
                version=len(history),
                status=case.status,
                due_on=due(case, cal, pauses).on,
                closed_on=case.closed_on,
                outcome=case.outcome,
                created_at=now,
                created_by=user,
                updated_at=now,
                updated_by=user,
            )
        )
        histories.append(history)
    s.add_all(apps)
    s.flush()
    s.add_all(
        [
            Event(application_id=a.id, seq=i, kind=e.kind, on=e.on, data=e.data, recorded_at=now, recorded_by=user)
            for a, h in zip(apps, histories, strict=False)
            for i, e in enumerate(h, 1)
        ]
    )
    s.commit()
    return [a.id for a in apps]


@dataclass
class View:
    """An application with its events, state and deadline, for showing."""

    app: Application
    body: Body
    events: list[Any]  # rows with seq, kind, on, data, recorded_at, recorded_by
    case: Case
    due: Due

    def json(self, personal: bool = False) -> dict[str, Any]:
        a = self.app
        out = {
            "id": a.id,
            "body": self.body.name,
            "number": a.number,
            "version": a.version,
            "channel": a.channel,
            "received_on": a.received_on.isoformat(),
            "applicant_type": a.applicant_type,
            "content": a.content,
            "status": self.case.status,
            "outcome": self.case.outcome,
            "closed_on": self.case.closed_on.isoformat() if self.case.closed_on else None,
            "due_on": self.due.on.isoformat() if self.due.on else None,
            "deadline": self.due.deadline.json() if self.due.deadline else None,
            "deadline_error": self.due.error or None,
            "events": [
                {
                    "seq": e.seq,
                    "kind": e.kind,
                    "on": e.on.isoformat(),
                    "data": e.data,
                    "recorded_at": e.recorded_at.isoformat(timespec="seconds"),
                    "recorded_by": e.recorded_by,
                }
                for e in self.events
            ],
        }
        if personal:
            out |= {"applicant_name": a.applicant_name, "applicant_contact": a.applicant_contact}
            out |= {k: getattr(a, k) for k in DETAILS if k != "code_hash"}
        return out


def view(s: Session, app_id: int, body_ids: set[int] | None = None) -> View:
    row = s.execute(
        select(Application, Body)
        .join(Body, Body.id == Application.body_id)
        .where(Application.id == app_id)
        .execution_options(populate_existing=True)  # the row as it is now, not as this session last saw it
    ).first()
    if row is None or (body_ids is not None and row[0].body_id not in body_ids):
        raise NotFound(f"没有编号为 {app_id} 的申请")
    # Plain rows, not ORM objects: the same attributes at a fraction of the cost.
    events = list(
        s.execute(
            select(Event.seq, Event.kind, Event.on, Event.data, Event.recorded_at, Event.recorded_by)
            .where(Event.application_id == app_id)
            .order_by(Event.seq)
        )
    )
    case = derive([Ev(e.kind, e.on, e.data or {}) for e in events])
    return View(row[0], row[1], events, case, due(case, *rules(s).pair))


def numbered(s: Session, number: str, body_ids: set[int] | None = None) -> list[int]:
    """The applications (at most two: one, or "several") with this number among `body_ids`."""
    q = select(Application.id).where(Application.number == number)
    if body_ids is not None:
        q = q.where(Application.body_id.in_(body_ids or {-1}))
    return list(s.scalars(q.limit(2)))


def calendar_gap(s: Session, stuck: list[Any]) -> str:
    """Why these running applications have no due date (the calendar lacks a year), said
    once: the reason the first of them gives."""
    return view(s, stuck[0].id).due.error if stuck else ""


# What a queue shows of an application.
QUEUE_COLUMNS = (
    Application.id,
    Application.body_id,
    Application.number,
    Application.received_on,
    Application.applicant_type,
    Application.status,
    Application.outcome,
    Application.version,
    Application.due_on,
    Application.closed_on,
)


def queue(
    s: Session,
    today: date,
    *,
    body_ids: set[int] | None = None,
    due_within: int | None = None,
    overdue: bool = False,
    no_due: bool = False,
    open_only: bool = True,
    limit: int = 500,
) -> list[Any]:
    """Open applications by due date: all, those due within `due_within` working days of
    `today`, those past their due date, or (`no_due`) those running whose due date cannot
    be computed — the calendar lacks a year's holidays — which must not vanish."""
    q = select(*QUEUE_COLUMNS).order_by(Application.due_on.is_(None), Application.due_on, Application.id)
    if open_only or overdue or due_within is not None:
        q = q.where(Application.status.not_in(CLOSED))
    if body_ids is not None:
        q = q.where(Application.body_id.in_(body_ids))
    if no_due:
        q = q.where(Application.status == "open", Application.due_on.is_(None))
    elif overdue:
        q = q.where(Application.due_on < today)
    elif due_within is not None:
        q = q.where(Application.due_on >= today, Application.due_on <= add_working_days(calendar(s), today, due_within))
    return list(s.execute(q.limit(limit)))


# ------------------------------------------------------------------ reviews and lawsuits
def add_review(
    s: Session,
    body: Body,
    kind: str,
    filed_on: date,
    user: str,
    *,
    application_id: int | None = None,
    case_number: str = "",
) -> Review:
    if kind not in REVIEW_KINDS:
        raise EventError(f"案件类型“{kind}”无效，可选：{'、'.join(REVIEW_KINDS.values())}")
    if application_id is not None:
        app = get(s, application_id)
        if app.body_id != body.id:
            raise EventError(f"申请 {application_id} 不属于 {body.name}")
        if filed_on < app.received_on:
            raise EventError(f"立案日期 {filed_on} 早于申请的收到日期 {app.received_on}")
    r = Review(
        body_id=body.id,
        application_id=application_id,
        kind=kind,
        filed_on=filed_on,
        case_number=case_number,
        version=1,
        recorded_by=user,
    )
    s.add(r)
    s.commit()
    return r


def decide_review(
    s: Session,
    review_id: int,
    result: str,
    decided_on: date,
    user: str,
    version: int | None = None,
    body_ids: set[int] | None = None,
) -> Review:
    if result not in REVIEW_RESULTS:
        raise EventError(f"审结结果“{result}”无效，可选：{'、'.join(REVIEW_RESULTS.values())}")
    r = s.get(Review, review_id, populate_existing=True)
    if r is None or (body_ids is not None and r.body_id not in body_ids):
        raise NotFound(f"没有编号为 {review_id} 的复议或诉讼案件")
    if decided_on < r.filed_on:
        raise EventError(f"审结日期 {decided_on} 早于立案日期 {r.filed_on}")
    v = r.version if version is None else version
    if not _one_row(
        s,
        update(Review)
        .where(Review.id == review_id, Review.version == v)
        .values(result=result, decided_on=decided_on, version=v + 1, recorded_by=user)
        .execution_options(synchronize_session=False),
    ):
        s.rollback()
        s.refresh(r)
        raise Conflict("该案件", r.version)
    s.commit()
    s.refresh(r)
    return r


# ------------------------------------------------------------------ figures and texts for the report
def set_figures(s: Session, body: Body, year: int, figures: dict[str, dict[str, Any]]) -> None:
    """Enter 表二 figures (item → column → value; a unit such as “万元” as text)."""
    for item, cols in figures.items():
        for col, value in cols.items():
            row = s.get(ActiveFigure, (body.id, year, item, col)) or ActiveFigure(
                body_id=body.id, year=year, item=item, column=col
            )
            row.value, row.text = (None, value) if isinstance(value, str) else (value, None)
            s.add(row)
    s.commit()


def set_text(s: Session, body: Body, year: int, section: str, text: str) -> None:
    """One written part of the report (those no table stands for: render/gate.py REQUIRED)."""
    parts = [x.key for x in REQUIRED]
    if section not in parts:
        raise InputError(f"正文部分“{section}”无效，应为 {'、'.join(parts)} 之一")
    row = s.get(ReportText, (body.id, year, section)) or ReportText(body_id=body.id, year=year, section=section)
    row.text = text
    s.add(row)
    s.commit()
