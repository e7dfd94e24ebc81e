"""Random report records that satisfy every statutory identity, and published figures."""

from __future__ import annotations

import random

from ..record import Record
from ..schema import (
    ACTIVE_ITEMS,
    APPLICANT_COLUMNS,
    APPLICANT_PARTS,
    REVIEW_COLUMNS,
    REVIEW_GROUPS,
    REVIEW_PARTS,
    application_rows,
    outcome_keys,
)

BODIES = (
    "北京市西城区人民政府",
    "淮安市洪泽区人民政府",
    "北京市西城区科学技术和信息化局",
    "北京市大兴区科学技术委员会",
    "中关村科技园区西城园管理委员会",
    "上海市浦东新区人民政府办公室",
    "杭州市西湖区住房和城乡建设局",
    "成都市武侯区市场监督管理局",
    "广州市天河区教育局",
    "南京市鼓楼区人民政府",
    "苏州市自然资源和规划局",
    "深圳市南山区卫生健康局",
)


def _count(rng: random.Random, big: int) -> int:
    """Mostly zeros, sometimes small, now and then large, as real tables are."""
    r = rng.random()
    if r < 0.55:
        return 0
    if r < 0.9 or big < 10:
        return rng.randint(1, min(9, max(big, 1)))
    return rng.randint(10, big)


def random_record(
    rng: random.Random,
    fmt: str | None = None,
    *,
    year: int | None = None,
    body: str | None = None,
    split_other: bool | None = None,
    beijing: bool | None = None,
    big: int = 999,
) -> Record:
    fmt = fmt or rng.choice(("2019", "2021"))
    year = year or (rng.choice((2019, 2020)) if fmt == "2019" else rng.randint(2021, 2025))
    if split_other is None:
        split_other = fmt == "2021" and rng.random() < 0.8
    rec = Record(body=body or rng.choice(BODIES), year=year, format=fmt)
    rec.active_disclosure = random_active(rng, fmt, beijing, big)
    rec.applications = random_applications(rng, split_other, big)
    rec.review_litigation = random_review(rng, big)
    return rec


def random_active(rng: random.Random, fmt: str, beijing: bool | None = None, big: int = 999) -> dict:
    if beijing is None:
        beijing = fmt == "2019" and rng.random() < 0.5
    out: dict = {}
    for item in ACTIVE_ITEMS[fmt]:
        if item.key == "other_services" and beijing or item.key in ("inspection", "confirmation") and not beijing:
            continue
        cols: dict = {}
        for c in item.columns:
            if c.kind == "signed":
                cols[c.key] = rng.randint(-big // 4, big // 4) if rng.random() < 0.4 else 0
            elif c.kind == "amount":
                cols[c.key] = round(rng.randint(0, 10**7) / 10 ** rng.choice((2, 4)), 4) if rng.random() < 0.7 else 0
            else:
                cols[c.key] = _count(rng, big * 10)
        if item.key == "procurement":
            cols["amount_unit"] = "万元" if beijing or rng.random() < 0.6 else rng.choice(("元", None))
        out[item.key] = cols
    return out


def random_applications(rng: random.Random, split_other: bool, big: int = 999) -> dict:
    rows = [r.key for r in application_rows(split_other)]
    outcomes = outcome_keys(split_other)
    table: dict[str, dict[str, int]] = {r: {} for r in rows}
    active = [c for c in APPLICANT_PARTS if c == "natural_person" or rng.random() < 0.35]
    for c in APPLICANT_PARTS:
        on = c in active
        for r in outcomes:
            table[r][c] = _count(rng, big) if on else 0
        done = sum(table[r][c] for r in outcomes)
        table["total"][c] = done
        table["carried_forward"][c] = _count(rng, big // 10 or 1) if on else 0
        table["carried_over"][c] = min(_count(rng, big // 10 or 1), done + table["carried_forward"][c]) if on else 0
        table["new_received"][c] = done + table["carried_forward"][c] - table["carried_over"][c]
    for r in rows:
        table[r]["total"] = sum(table[r][c] for c in APPLICANT_PARTS)
    return {r: {c.key: table[r][c.key] for c in APPLICANT_COLUMNS} for r in rows}


def random_review(rng: random.Random, big: int = 999) -> dict:
    out = {}
    for group, _, _ in REVIEW_GROUPS:
        parts = {k: _count(rng, big // 10 or 1) for k in REVIEW_PARTS}
        out[group] = parts | {"total": sum(parts.values())}
    return {g: {c.key: out[g][c.key] for c in REVIEW_COLUMNS} for g in out}


# Figures of two published reports (facts, reused as demo data).
XICHENG_2020 = {
    "body": "北京市西城区人民政府",
    "year": 2020,
    "format": "2019",
    "active_disclosure": {
        "regulations": [0, 0, 0],
        "normative_documents": [24, 24, 119],
        "licensing": [276, -118, 24577],
        "inspection": [436, -174, 453518],
        "confirmation": [69, -18, 76723],
        "penalty": [6609, -751, 21706],
        "enforcement": [86, 33, 10817],
        "fees": [41, 20],
        "procurement": [2012, 44899.2477, "万元"],
    },
    "applications": [
        [1518, 57, 0, 0, 1, 0, 1576],
        [43, 2, 0, 0, 0, 0, 45],
        [311, 39, 0, 0, 0, 0, 350],
        [23, 1, 0, 0, 1, 0, 25],
        [2, 0, 0, 0, 0, 0, 2],
        [44, 0, 0, 0, 0, 0, 44],
        [0] * 7,
        [2, 0, 0, 0, 0, 0, 2],
        [3, 0, 0, 0, 0, 0, 3],
        [6, 0, 0, 0, 0, 0, 6],
        [27, 1, 0, 0, 0, 0, 28],
        [7, 1, 0, 0, 0, 0, 8],
        [958, 4, 0, 0, 0, 0, 962],
        [9, 0, 0, 0, 0, 0, 9],
        [1, 0, 0, 0, 0, 0, 1],
        [42, 0, 0, 0, 0, 0, 42],
        [11, 0, 0, 0, 0, 0, 11],
        [0] * 7,
        [1, 0, 0, 0, 0, 0, 1],
        [0] * 7,
        [59, 13, 0, 0, 0, 0, 72],
        [1506, 59, 0, 0, 1, 0, 1566],
        [2701, 79, 0, 0, 2, 0, 2782],
    ],
    "review_litigation": [[57, 3, 4, 5, 69], [25, 0, 1, 5, 31], [17, 0, 3, 10, 30]],
}
HONGZE_2024 = {
    "body": "淮安市洪泽区人民政府",
    "year": 2024,
    "format": "2021",
    "active_disclosure": {
        "regulations": [0, 0, 0],
        "normative_documents": [3, 0, 8],
        "licensing": [9487],
        "penalty": [2776],
        "enforcement": [84],
        "fees": [7545],
    },
    "applications": [
        [95, 0, 0, 0, 0, 0, 95],
        [0] * 7,
        [50, 0, 0, 0, 0, 0, 50],
        [9, 0, 0, 0, 0, 0, 9],
        [0] * 7,
        [0] * 7,
        [1, 0, 0, 0, 0, 0, 1],
        [0] * 7,
        [0] * 7,
        [1, 0, 0, 0, 0, 0, 1],
        [1, 0, 0, 0, 0, 0, 1],
        [0] * 7,
        [31, 0, 0, 0, 0, 0, 31],
        [1, 0, 0, 0, 0, 0, 1],
        [0] * 7,
        [1, 0, 0, 0, 0, 0, 1],
        [0] * 7,
        [0] * 7,
        [0] * 7,
        [0] * 7,
        [0] * 7,
        [95, 0, 0, 0, 0, 0, 95],
        [0] * 7,
    ],
    "review_litigation": [[1, 1, 0, 0, 2], [1, 0, 0, 0, 1], [2, 0, 1, 0, 3]],
}


def published(figures: dict) -> Record:
    """A record from the compact figures above (single-row （六） in both)."""
    fmt = figures["format"]
    rec = Record(body=figures["body"], year=figures["year"], format=fmt)
    for item in ACTIVE_ITEMS[fmt]:
        if item.key in figures["active_disclosure"]:
            vals = figures["active_disclosure"][item.key]
            cols = dict(zip([c.key for c in item.columns], vals, strict=False))
            if item.key == "procurement":
                cols["amount_unit"] = vals[2]
            rec.active_disclosure[item.key] = cols
    keys = [c.key for c in APPLICANT_COLUMNS]
    for row, vals in zip(application_rows(False), figures["applications"], strict=False):
        rec.applications[row.key] = dict(zip(keys, vals, strict=False))
    for (group, _, _), vals in zip(REVIEW_GROUPS, figures["review_litigation"], strict=False):
        rec.review_litigation[group] = dict(zip([c.key for c in REVIEW_COLUMNS], vals, strict=False))
    return rec
