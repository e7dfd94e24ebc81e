"""The Chinese working-day calendar: weekends and statutory holidays off, official
make-up days (调休上班) on.

The State Council publishes each year's arrangement in late autumn; chinese-calendar
carries the years it knew when it was released. An office can enter days itself (a
correction, or a year the package does not know); a year the package does not know
counts only once the office has declared it entered in full. A day of a year that is
neither known nor declared is an error, never a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import chinese_calendar

from ..errors import CalendarFileError, InputError

# The package's tables, read directly: its functions re-validate the range on every
# call by scanning them, which made a year's simulation spend most of its time there.
_HOLIDAYS: dict[date, str] = {d: str(n) for d, n in chinese_calendar.constants.holidays.items()}
_MAKEUP: dict[date, str] = {d: str(n) for d, n in chinese_calendar.constants.workdays.items()}
_KNOWN = {d.year for d in _HOLIDAYS}
PACKAGE_YEARS = (min(_KNOWN), max(_KNOWN))


class CalendarGap(InputError):
    """A day the calendar has no data for."""

    def __init__(self, day: date):
        self.day = day
        super().__init__(
            f"工作日历没有 {day.year} 年的数据（内置日历覆盖 {PACKAGE_YEARS[0]}–{PACKAGE_YEARS[1]} 年）："
            f"无法确定 {day:%Y-%m-%d} 是否为工作日。请按国务院办公厅发布的 {day.year} 年节假日安排"
            f"录入放假和调休上班日期，并声明该年已录入完整"
        )


@dataclass(frozen=True, slots=True)
class DayEntry:
    day: date
    workday: bool
    note: str = ""


@dataclass
class Calendar:
    """Working days from chinese-calendar, with the office's own entries over it."""

    days: dict[date, DayEntry] = field(default_factory=dict)
    years: set[int] = field(default_factory=set)  # years the office declared entered in full

    def covers(self, year: int) -> bool:
        return PACKAGE_YEARS[0] <= year <= PACKAGE_YEARS[1] or year in self.years

    def is_workday(self, day: date) -> bool:
        entry = self.days.get(day)
        if entry is not None:
            return entry.workday
        if day.year in self.years and not PACKAGE_YEARS[0] <= day.year <= PACKAGE_YEARS[1]:
            return day.weekday() < 5
        if not self.covers(day.year):
            raise CalendarGap(day)
        return day in _MAKEUP or (day.weekday() < 5 and day not in _HOLIDAYS)

    def describe(self, day: date) -> str:
        """What kind of day it is, in words: 工作日, 周末, 国庆节假期, 调休上班…"""
        entry = self.days.get(day)
        if entry is not None:
            kind = "工作日" if entry.workday else "休息日"
            return f"{kind}（本机关录入{'：' + entry.note if entry.note else ''}）"
        workday = self.is_workday(day)
        if day in _MAKEUP:
            return f"调休上班（{_HOLIDAY_NAMES.get(_MAKEUP[day], _MAKEUP[day])}）"
        if day in _HOLIDAYS:
            return f"{_HOLIDAY_NAMES.get(_HOLIDAYS[day], _HOLIDAYS[day])}假期"
        if workday:
            return "工作日"
        return "周末"

    def next_workday(self, day: date) -> date:
        """The first working day after `day`."""
        day += timedelta(days=1)
        while not self.is_workday(day):
            day += timedelta(days=1)
        return day


_HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}

# ------------------------------------------------------------------ the entries file
# One entry per line: "2027-01-01 休 元旦", "2027-02-07 班 春节调休"; "2027 年已录入" declares
# a year entered in full. Lines starting with # are comments.
_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})\s+(休|班)(?:\s+(.*))?$")
_YEAR = re.compile(r"^(\d{4})\s*年?\s*已录入")


def parse_entries(text: str, source: str) -> Calendar:
    cal = Calendar()
    for no, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        m = _DAY.match(line)
        if m:
            try:
                day = date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                raise CalendarFileError(f"{source} 第 {no} 行：日期不存在：{line}") from None
            cal.days[day] = DayEntry(day, m[4] == "班", (m[5] or "").strip())
            continue
        m = _YEAR.match(line)
        if m:
            cal.years.add(int(m[1]))
            continue
        raise CalendarFileError(
            f"{source} 第 {no} 行：无法识别“{line}”（应为“2027-01-01 休 元旦”“2027-02-07 班”或“2027 年已录入”）"
        )
    return cal


def load_entries(path: str | Path) -> Calendar:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except OSError as e:
        raise CalendarFileError(f"{p}：无法读取日历文件（{e.strerror}）") from None
    except UnicodeDecodeError:
        raise CalendarFileError(f"{p}：日历文件不是 UTF-8 文本") from None
    return parse_entries(text, str(p))
