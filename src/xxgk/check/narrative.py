"""The narrative against the tables: figures stated in sections 一 and 三."""

from __future__ import annotations

from ..record import Finding, Record
from .common import fmt


def _get(rec: Record, address: str) -> int | float:
    return rec.get(address) or 0


def _parts(rec: Record, group: str) -> int | float:
    cols = rec.review_litigation.get(group, {})
    return sum(cols.get(k) or 0 for k in ("upheld", "corrected", "other", "pending"))


def narrative_vs_tables(rec: Record) -> list[Finding]:
    out = []
    a = rec.applications
    if "new_received" in a:
        new = _get(rec, "applications.new_received.total")
        fits = {new, new + _get(rec, "applications.carried_over.total"), _get(rec, "applications.total.total")}
        out += _compare(
            rec,
            "applications_received",
            fits,
            new,
            "表三“一、本年新收政府信息公开申请数量”总计",
            ["applications.new_received.total"],
        )
    if rec.review_litigation:
        r = _get(rec, "review_litigation.review.total")
        out += _compare(
            rec, "reviews", {r, _parts(rec, "review")}, r, "表四“行政复议”总计", ["review_litigation.review.total"]
        )
        d, w = "review_litigation.litigation_direct.total", "review_litigation.litigation_after_review.total"
        lit = _get(rec, d) + _get(rec, w)
        out += _compare(
            rec,
            "lawsuits",
            {lit, _parts(rec, "litigation_direct") + _parts(rec, "litigation_after_review")},
            lit,
            "表四“行政诉讼”两项总计之和",
            [d, w],
        )
    return out


def _compare(rec: Record, fact: str, fits: set, shown: int | float, what: str, cells: list[str]) -> list[Finding]:
    out = []
    seen = set()
    for s in rec.narrative.get(fact, []):
        v = s["value"]
        if v in fits or v in seen or set(cells) & set(rec.unresolved):
            continue
        seen.add(v)
        out.append(
            Finding(
                "narrative", "warning", f"正文称“{s['text']}”，而{what}为{fmt(shown)}，相差{fmt(abs(v - shown))}", cells
            )
        )
    return out
