"""Dates as officers write them: 2025-09-30, 2025/9/30, 2025.9.30, 2025年9月30日."""

from __future__ import annotations

import re
from datetime import date

from ..errors import DateError

_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")


def parse_date(text: str, what: str = "日期") -> date:
    m = _DATE.match(text or "")
    if not m:
        raise DateError(f"{what}“{text}”不是日期（应写作 2025-09-30 或 2025年9月30日）")
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        raise DateError(f"{what}“{text}”不存在") from None


def parse_span(text: str, what: str = "暂停区间") -> tuple[date, date]:
    """START:END (also START~END, START至END), both days included."""
    parts = re.split(r"\s*(?::|~|～|至|到)\s*", text.strip(), maxsplit=1)
    if len(parts) != 2:
        raise DateError(f"{what}“{text}”应写作 开始:结束，如 2025-10-09:2025-10-20")
    start, end = parse_date(parts[0], what), parse_date(parts[1], what)
    if end < start:
        raise DateError(f"{what}“{text}”：结束日期早于开始日期")
    return start, end
