"""Answer deadlines on the Chinese working-day calendar.

Every expected date below was counted by hand on a printed calendar with the State
Council's holiday notices for 2024, 2025 and 2026 (the counts are written out), not
taken from the engine.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from xxgk.errors import ClockError
from xxgk.register.calendar import Calendar, CalendarGap, parse_entries
from xxgk.register.deadline import Clock, Pause, compute


def due(**kw) -> date:
    return compute(Clock(**kw), Calendar()).due


def test_national_day_and_mid_autumn_2025():
    # Received Tue 30 Sep 2025. 1–8 Oct off (National Day with Mid-Autumn); Sat 11 Oct is a
    # make-up working day. 9,10 Oct = 1,2; 11 Oct = 3; 13–17 = 4–8; 20–24 = 9–13;
    # 27–31 = 14–18; Mon 3 Nov = 19; Tue 4 Nov = 20.
    result = compute(Clock(date(2025, 9, 30)), Calendar())
    assert result.due == date(2025, 11, 4)
    texts = [s.text for s in result.steps]
    assert any("国庆节假期" in t and "不计（8 天）" in t for t in texts)
    assert any(t.startswith("2025-10-11（星期六）：调休上班") and "第 3 个工作日" in t for t in texts)


def test_spring_festival_2024_with_make_up_sunday():
    # Received Thu 8 Feb 2024. Fri 9 Feb = 1; 10–17 Feb off; Sun 18 Feb (make-up) = 2;
    # 19–23 = 3–7; 26–29 Feb, 1 Mar = 8–12; 4–8 Mar = 13–17; 11,12,13 Mar = 18,19,20.
    assert due(received=date(2024, 2, 8)) == date(2024, 3, 13)


def test_new_year_into_spring_festival_2025_across_the_year_end():
    # Received Tue 31 Dec 2024. 1 Jan off; 2,3 Jan = 1,2; 6–10 = 3–7; 13–17 = 8–12;
    # 20–24 = 13–17; Sun 26 Jan (make-up) = 18; Mon 27 Jan = 19; 28 Jan–4 Feb off; Wed 5 Feb = 20.
    assert due(received=date(2024, 12, 31)) == date(2025, 2, 5)


def test_correction_restarts_the_clock_spring_festival_2026():
    # Received Wed 11 Feb 2026. Notice limit: 12,13 Feb = 1,2; Sat 14 Feb (make-up) = 3;
    # 15–23 Feb off; 24–27 Feb = 4–7 -> 27 Feb. Notice sent 13 Feb; corrected request
    # received Mon 2 Mar: 3–6 = 1–4; 9–13 = 5–9; 16–20 = 10–14; 23–27 = 15–19; Mon 30 Mar = 20.
    result = compute(
        Clock(date(2026, 2, 11), correction_requested=date(2026, 2, 13), correction_received=date(2026, 3, 2)),
        Calendar(),
    )
    assert result.correction_notice_due == date(2026, 2, 27)
    assert result.due == date(2026, 3, 30)
    assert any("未超期" in s.text for s in result.steps)


def test_extension_correction_and_third_party_pause_combined_2024():
    # Received Fri 27 Sep 2024, notice Mon 30 Sep, corrected request Thu 10 Oct.
    # 11 Oct = 1; Sat 12 Oct (make-up) = 2; 14–18 = 3–7; 21–25 = 8–12; third party consulted
    # 28 Oct–8 Nov (not counted); 11–15 Nov = 13–17; 18,19,20 = 18,19,20 (the 20-day limit);
    # extended: 21,22 = 21,22; 25–29 = 23–27; 2–6 Dec = 28–32; 9–13 = 33–37; 16,17,18 = 38,39,40.
    clock = Clock(
        date(2024, 9, 27),
        correction_requested=date(2024, 9, 30),
        correction_received=date(2024, 10, 10),
        extended=True,
        pauses=(Pause(date(2024, 10, 28), date(2024, 11, 8), "征求第三方意见"),),
    )
    result = compute(clock, Calendar())
    assert result.due == date(2024, 12, 18)
    assert result.working_days == 40
    assert any("征求第三方意见期间" in s.text and "12 天" in s.text for s in result.steps)
    # Without the extension the same clock ends on the 20th day: Wed 20 Nov.
    assert compute(Clock(**{**clock_kwargs(clock), "extended": False}), Calendar()).due == date(2024, 11, 20)


def clock_kwargs(c: Clock) -> dict:
    return {f: getattr(c, f) for f in c.__dataclass_fields__}


def test_late_correction_notice_is_counted_in_working_days():
    # Received Mon 22 Sep 2025: 23–26 = 1–4; Sun 28 Sep (make-up) = 5; 29,30 = 6,7 -> 30 Sep.
    # Notice sent Fri 10 Oct: 9 Oct and 10 Oct are working days after the limit -> 2 late.
    result = compute(Clock(date(2025, 9, 22), correction_requested=date(2025, 10, 10)), Calendar())
    assert result.correction_notice_due == date(2025, 9, 30)
    assert result.due is None and "等待申请人补正" in result.waiting
    assert any("超期 2 个工作日" in s.text for s in result.steps)


def test_running_consultation_has_no_due_date_yet():
    result = compute(Clock(date(2025, 3, 3), pauses=(Pause(date(2025, 3, 10), None, "征求第三方意见"),)), Calendar())
    assert result.due is None and "尚未结束" in result.waiting


def test_year_without_calendar_data_is_an_error_not_a_guess():
    # Received Tue 15 Dec 2026: 16–18 = 1–3; 21–25 = 4–8; 28–31 = 9–12; then 2027.
    with pytest.raises(CalendarGap) as e:
        due(received=date(2026, 12, 15))
    assert "2027" in str(e.value)
    # Once the office enters 2027 (1 Jan off) and declares it complete: Fri 1 Jan off;
    # 4–8 Jan = 13–17; 11,12,13 Jan = 18,19,20.
    cal = parse_entries("2027-01-01 休 元旦\n2027 年已录入\n", "test")
    assert compute(Clock(date(2026, 12, 15)), cal).due == date(2027, 1, 13)
    # Entering days without declaring the year complete is still not enough.
    with pytest.raises(CalendarGap):
        compute(Clock(date(2026, 12, 15)), parse_entries("2027-01-01 休 元旦\n", "test"))


def test_office_entries_override_the_package():
    # An office closed on Fri 31 Oct 2025 (entered as a rest day): 20th day moves from
    # Tue 4 Nov to Wed 5 Nov.
    cal = parse_entries("2025-10-31 休 本地特殊安排\n", "test")
    assert compute(Clock(date(2025, 9, 30)), cal).due == date(2025, 11, 5)


def test_contradictory_dates_are_refused():
    with pytest.raises(ClockError):
        compute(Clock(date(2025, 3, 3), correction_received=date(2025, 3, 5)), Calendar())
    with pytest.raises(ClockError):
        compute(Clock(date(2025, 3, 3), correction_requested=date(2025, 3, 1)), Calendar())


def test_deadline_command_json(xxgk):
    r = xxgk(
        "deadline",
        "--received",
        "2024-09-27",
        "--correction-requested",
        "2024-09-30",
        "--correction-received",
        "2024-10-10",
        "--extended",
        "--paused",
        "2024-10-28:2024-11-08",
        "--json",
    )
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["due"] == "2024-12-18"
    assert out["steps"] and all("text" in s for s in out["steps"])


def test_deadline_command_human_and_errors(xxgk, tmp_path):
    r = xxgk("deadline", "--received", "2025年9月30日")
    assert r.returncode == 0 and "答复期限：2025-11-04（星期二）" in r.stdout
    r = xxgk("deadline", "--received", "2026-12-15")
    assert r.returncode == 2 and "2027" in r.stderr and "Traceback" not in r.stderr
    r = xxgk("deadline", "--received", "2025-02-30")
    assert r.returncode == 2 and "不存在" in r.stderr
    r = xxgk("deadline", "--received", "2025-03-03", "--paused", "2025-03-10:2025-03-01")
    assert r.returncode == 2 and "结束日期早于开始日期" in r.stderr
    bad = tmp_path / "cal.txt"
    bad.write_text("2027-01-01 放假\n", encoding="utf-8")
    r = xxgk("deadline", "--received", "2026-12-15", "--calendar", str(bad))
    assert r.returncode == 2 and "cal.txt 第 1 行" in r.stderr
    good = tmp_path / "cal2.txt"
    good.write_text("# 2027 年节假日\n2027-01-01 休 元旦\n2027 年已录入\n", encoding="utf-8")
    r = xxgk("deadline", "--received", "2026-12-15", "--calendar", str(good), "--json")
    assert r.returncode == 0 and json.loads(r.stdout)["due"] == "2027-01-13"


def test_a_consultation_begun_after_the_due_date_does_not_hide_a_late_case():
    """Received 30 Sep 2025, due 4 Nov (above); 征求意见 opened on 20 Nov and still running:
    the due date stands (the time ran out before the pause), the case is overdue."""
    result = compute(Clock(date(2025, 9, 30), pauses=(Pause(date(2025, 11, 20), None, "征求第三方意见"),)), Calendar())
    assert result.due == date(2025, 11, 4) and not result.waiting
    assert any(s.kind == "late_pause" and "之后才开始" in s.text for s in result.steps)
    # begun before the due date and still running: waiting, as before
    waiting = compute(Clock(date(2025, 9, 30), pauses=(Pause(date(2025, 10, 20), None),)), Calendar())
    assert waiting.due is None and waiting.waiting
