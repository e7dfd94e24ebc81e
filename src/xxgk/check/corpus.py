"""Checks across reports: a report against the body's other years, against another
copy of itself, against its region's reports, and against the publication deadline.
Each rule takes the reports' figure rows (one dict per report, as the corpus stores
them) and returns (report id, finding) pairs; all are listed in CORPUS_RULES."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date

from ..record import Finding, file_name
from ..schema import FIGURES

Pair = tuple[int, Finding]


def _name(r: dict) -> str:
    return r.get("canonical") or r.get("body_name") or "（未识别机关）"


def carry_over(rows: list[dict]) -> list[Pair]:
    """二、上年结转 of year N equals 四、结转下年度继续办理 of year N−1 (same body)."""
    by = {(r["body_id"], r["year"]): r for r in _counted(rows) if r["body_id"] and r["year"]}
    out = []
    for (body, year), r in sorted(by.items()):
        prev = by.get((body, year - 1))
        if prev is None or r["a_carried_over"] is None or prev["a_carried_forward"] is None:
            continue
        if r["a_carried_over"] != prev["a_carried_forward"]:
            out.append(
                (
                    r["report_id"],
                    Finding(
                        "X-CARRY",
                        "warning",
                        f"{_name(r)} {year} 年度报告“上年结转”为 {r['a_carried_over']}，"
                        f"而 {year - 1} 年度报告“结转下年度继续办理”为 {prev['a_carried_forward']}，相差 "
                        f"{abs(r['a_carried_over'] - prev['a_carried_forward'])}",
                        ["applications.carried_over.total"],
                    ),
                )
            )
    return out


def same_report_twice(rows: list[dict]) -> list[Pair]:
    """One body and year collected in several files: the copies (store/copies.py) are
    compared with the file that counts. Other numbers are a warning on the counted report
    (which is right?); the same numbers, a note on the copy."""
    counted = {r["report_id"]: r for r in rows if r.get("copy_of") is None}
    out = []
    for r in rows:
        first = counted.get(r.get("copy_of"))
        if first is None:
            continue
        differ = [k for k in FIGURES if r[k] != first[k]]
        if differ:
            out.append(
                (
                    first["report_id"],
                    Finding(
                        "X-DUP",
                        "warning",
                        f"{_name(r)} {r['year']} 年度报告另有一份文件（{_file(r)}），数字不同（{len(differ)} 项，例如 "
                        f"{_label(differ[0])}：{first[differ[0]]} 与 {r[differ[0]]}），请确认哪一份是正式发布的；"
                        f"统计按本文件（{_file(first)}）计",
                    ),
                )
            )
        else:
            out.append(
                (
                    r["report_id"],
                    Finding(
                        "X-DUP",
                        "info",
                        f"{_name(r)} {r['year']} 年度报告的另一份文件，数字相同；统计按 {_file(first)} 计，"
                        f"本文件不重复计数",
                    ),
                )
            )
    return out


def _file(r: dict) -> str:
    return file_name(r.get("source")) or f"报告 {r['report_id']}"


def _counted(rows: list[dict]) -> list[dict]:
    """One report per body and year: copies left out."""
    return [r for r in rows if r.get("copy_of") is None]


def government_and_departments(rows: list[dict]) -> list[Pair]:
    """A government's 本年新收 against the sum of its region's department reports: only a
    note, since a government's report covers the departments it chooses to include."""
    govs: dict[tuple, dict] = {}
    deps: defaultdict[tuple, dict[int, dict]] = defaultdict(dict)
    for r in sorted(_counted(rows), key=lambda r: r["report_id"]):
        if not (r["region"] and r["year"]) or r["a_new_received"] is None:
            continue
        if r["kind"] == "政府":
            govs.setdefault((r["region"], r["year"]), r)
        else:
            deps[(r["region"], r["year"])][r["body_id"]] = r
    out = []
    for key, g in sorted(govs.items()):
        ds = list(deps.get(key, {}).values())
        if not ds:
            continue
        total = sum(d["a_new_received"] for d in ds)
        out.append(
            (
                g["report_id"],
                Finding(
                    "X-SUM",
                    "info",
                    f"{_name(g)} {key[1]} 年度报告本年新收申请 {g['a_new_received']} 件；同一地区 {len(ds)} 个部门的报告合计 "
                    f"{total} 件（统计范围不同，仅供参考）",
                    ["applications.new_received.total"],
                ),
            )
        )
    return out


def deadline_for(kind: str | None, level: str | None, year: int) -> date | None:
    """条例第四十九条: departments publish by 31 January of the next year, a government's
    report by 31 March; township deadlines are set locally (none here)."""
    if level == "乡":
        return None
    return date(year + 1, 3, 31) if kind == "政府" else date(year + 1, 1, 31)


def published_late(rows: list[dict]) -> list[Pair]:
    """Published after the deadline of 第四十九条."""
    out = []
    for r in _counted(rows):
        published = r.get("published_on")
        if not (published and r["year"] and r["kind"]):
            continue
        due = deadline_for(r["kind"], r["level"], r["year"])
        if due and published > due:
            out.append(
                (
                    r["report_id"],
                    Finding(
                        "X-LATE",
                        "warning",
                        f"{_name(r)} {r['year']} 年度报告发布于 {published:%Y年%-m月%-d日}，晚于法定期限 {due:%Y年%-m月%-d日}"
                        f"（条例第四十九条）",
                    ),
                )
            )
    return out


def _label(figure: str) -> str:
    from ..schema import row_name

    if figure.startswith("a_"):
        return f"表三“{row_name('applications', figure[2:])}”"
    if figure.startswith("n_"):
        return "表三“本年新收”"
    return "表四"


CORPUS_RULES: tuple[Callable[[list[dict]], list[Pair]], ...] = (
    carry_over,  # X-CARRY
    same_report_twice,  # X-DUP
    government_and_departments,  # X-SUM
    published_late,  # X-LATE
)


def corpus_findings(rows: list[dict]) -> list[Pair]:
    return [p for rule in CORPUS_RULES for p in rule(rows)]


__all__ = ["CORPUS_RULES", "corpus_findings", "deadline_for"]
