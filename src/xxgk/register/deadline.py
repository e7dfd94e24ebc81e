"""The statutory answer deadline of one application, with every step shown.

条例第三十三条: 20 working days from receipt, at most 20 more when the head of the
disclosure office approves an extension; 第三十条: a request to correct (补正) is sent
within 7 working days of receipt and the time limit runs again from the day the
corrected request arrives; 第三十二条/第三十四条: time spent consulting a third party or
co-issuing bodies is not counted. Counting starts the working day after receipt.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from ..errors import ClockError
from .calendar import Calendar

LIMIT = 20  # working days, 第三十三条
EXTENSION = 20  # at most, 第三十三条
CORRECTION_NOTICE = 7  # working days, 第三十条

_WEEKDAYS = "一二三四五六日"


def day_text(d: date) -> str:
    return f"{d:%Y-%m-%d}（星期{_WEEKDAYS[d.weekday()]}）"


@dataclass(frozen=True, slots=True)
class Pause:
    start: date
    end: date | None  # None: still running
    reason: str = "征求意见"


@dataclass(frozen=True, slots=True)
class Clock:
    """What the deadline depends on."""

    received: date
    correction_requested: date | None = None
    correction_received: date | None = None
    extended: bool = False
    extended_on: date | None = None
    extended_by: str = ""
    pauses: tuple[Pause, ...] = ()


@dataclass(frozen=True, slots=True)
class Step:
    kind: str
    date: date | None
    text: str

    def json(self) -> dict:
        return {"kind": self.kind, "date": self.date.isoformat() if self.date else None, "text": self.text}


@dataclass
class Deadline:
    due: date | None  # None while the clock waits (补正 not received, consultation running)
    working_days: int
    correction_notice_due: date
    steps: list[Step] = field(default_factory=list)
    waiting: str = ""  # why there is no due date yet

    def json(self) -> dict:
        return {
            "due": self.due.isoformat() if self.due else None,
            "working_days": self.working_days,
            "correction_notice_due": self.correction_notice_due.isoformat(),
            "waiting": self.waiting or None,
            "steps": [s.json() for s in self.steps],
        }


def add_working_days(cal: Calendar, start: date, n: int) -> date:
    day = start
    for _ in range(n):
        day = cal.next_workday(day)
    return day


def compute(clock: Clock, cal: Calendar) -> Deadline:
    _validate(clock)
    steps = [
        Step(
            "received",
            clock.received,
            f"收到申请：{day_text(clock.received)}（{cal.describe(clock.received)}），自次日起计算工作日",
        )
    ]
    notice_due = add_working_days(cal, clock.received, CORRECTION_NOTICE)
    start = clock.received
    if clock.correction_requested:
        late = _late(cal, notice_due, clock.correction_requested)
        steps.append(
            Step(
                "correction_requested",
                clock.correction_requested,
                f"发出补正告知：{day_text(clock.correction_requested)}；应在收到申请后 {CORRECTION_NOTICE} 个工作日内"
                f"即 {day_text(notice_due)} 前告知，" + (f"超期 {late} 个工作日" if late else "未超期"),
            )
        )
        if clock.correction_received is None:
            text = "等待申请人补正：答复期限自收到补正后的申请之日起重新计算"
            steps.append(Step("waiting", None, text))
            return Deadline(None, 0, notice_due, steps, text)
        start = clock.correction_received
        steps.append(
            Step(
                "correction_received",
                start,
                f"收到补正后的申请：{day_text(start)}，答复期限自次日起重新计算（第三十条）",
            )
        )
    total = LIMIT + (EXTENSION if clock.extended else 0)
    steps.append(Step("limit", None, f"答复期限 {LIMIT} 个工作日（第三十三条）"))
    for p in clock.pauses:
        if p.end is None:
            closed = tuple(q for q in clock.pauses if q.end is not None)
            before, _ = _walk(cal, start, total, closed)
            if before < p.start:  # the time ran out before the pause began: late is late
                steps.append(
                    Step(
                        "late_pause",
                        p.start,
                        f"{p.reason}自 {day_text(p.start)} 起，在答复期限"
                        f" {day_text(before)} 之后才开始，不能延后答复期限",
                    )
                )
                continue
            text = f"{p.reason}自 {day_text(p.start)} 起，尚未结束：其间不计入答复期限，结束后才能算出到期日"
            steps.append(Step("waiting", p.start, text))
            return Deadline(None, total, notice_due, steps, text)
    due, walk = _walk(cal, start, total, tuple(p for p in clock.pauses if p.end is not None))
    steps += walk
    if clock.extended:
        who = f"，批准人：{clock.extended_by}" if clock.extended_by else ""
        when = f"，{day_text(clock.extended_on)}批准" if clock.extended_on else ""
        steps.insert(
            len(steps) - len(walk),
            Step("extended", clock.extended_on, f"经批准延长 {EXTENSION} 个工作日{when}{who}，共 {total} 个工作日"),
        )
        if clock.extended_on:
            original, _ = _walk(cal, start, LIMIT, clock.pauses)
            if clock.extended_on > original:
                steps.append(
                    Step("late_extension", clock.extended_on, f"注意：延期在原答复期限 {day_text(original)} 之后才批准")
                )
    steps.append(Step("due", due, f"第 {total} 个工作日：{day_text(due)}，为答复期限"))
    return Deadline(due, total, notice_due, steps)


def _validate(c: Clock) -> None:
    if c.correction_received and not c.correction_requested:
        raise ClockError("有“收到补正”却没有“发出补正告知”")
    if c.correction_requested and c.correction_requested < c.received:
        raise ClockError(f"补正告知日期 {c.correction_requested} 早于收到申请日期 {c.received}")
    if c.correction_received and c.correction_requested and c.correction_received < c.correction_requested:
        raise ClockError(f"收到补正日期 {c.correction_received} 早于发出补正告知日期 {c.correction_requested}")
    for p in c.pauses:
        if p.end is not None and p.end < p.start:
            raise ClockError(f"暂停区间 {p.start} 至 {p.end}：结束早于开始")


def _late(cal: Calendar, due: date, done: date) -> int:
    """Working days `done` falls after `due` (0 when on time)."""
    n, day = 0, due
    while day < done:
        day = cal.next_workday(day)
        if day <= done:
            n += 1
    return n


def _paused(day: date, pauses: tuple[Pause, ...]) -> Pause | None:
    for p in pauses:
        if p.start <= day <= p.end:  # type: ignore[operator]
            return p
    return None


def _walk(cal: Calendar, start: date, total: int, pauses: tuple[Pause, ...]) -> tuple[date, list[Step]]:
    """Count `total` working days after `start`, skipping paused days; the steps name
    each run of days not counted (holidays, pauses) and each make-up working day used."""
    steps: list[Step] = []
    run: list[date] = []
    names: list[str] = []  # what the days of the current run are: holidays or a pause
    weekends = 0

    def close_run() -> None:
        if run:
            span = day_text(run[0]) if len(run) == 1 else f"{day_text(run[0])}至{day_text(run[-1])}"
            steps.append(Step("skipped", run[0], f"{span}：{'、'.join(names)}，不计（{len(run)} 天）"))
        run.clear()
        names.clear()

    day, counted = start, 0
    while counted < total:
        day += timedelta(days=1)
        pause = _paused(day, pauses)
        if pause is not None:
            name = pause.reason + "期间"
        elif cal.is_workday(day):
            close_run()
            counted += 1
            what = cal.describe(day)
            if day.weekday() >= 5:
                steps.append(Step("makeup", day, f"{day_text(day)}：{what}，计为第 {counted} 个工作日"))
            continue
        else:
            name = cal.describe(day)
            if name == "周末":
                weekends += 1
                close_run()
                continue
        if run and (name.endswith("期间") != names[-1].endswith("期间")):
            close_run()  # a pause and a holiday are told apart
        run.append(day)
        if name not in names:
            names.append(name)
    close_run()
    if weekends:
        steps.append(Step("weekends", None, f"其间周末 {weekends} 天不计"))
    return day, steps
