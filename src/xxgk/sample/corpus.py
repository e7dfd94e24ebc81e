"""A generated corpus of published reports for the demo and the web benchmark: bodies of
an imagined city (示例市) and its districts and counties, one report a year each, in the
text forms and web pages reports are published in. Each year's 上年结转 is the year
before's 结转下年度, as in real reports; a few reports carry the mistakes officers make
(a total that does not add up, a carry-forward that does not follow from the balance).
"""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

from ..record import Record
from ..render import render
from ..schema import APPLICANT_PARTS, REVIEW_PARTS, outcome_keys
from .forms import FORMS
from .records import random_record

CITY = "示例市"
DISTRICTS = ("甲区", "乙区", "丙县", "丁县", "戊县")
DEPARTMENTS = (
    "人民政府办公室",
    "发展和改革委员会",
    "教育局",
    "公安局",
    "财政局",
    "人力资源和社会保障局",
    "自然资源和规划局",
    "生态环境局",
    "住房和城乡建设局",
    "交通运输局",
    "卫生健康委员会",
    "市场监督管理局",
)


def bodies(scale: int = 1) -> list[str]:
    """The city's government and departments, and each district's or county's; `scale`
    more imagined cities (示例市2…) for a larger corpus."""
    out = []
    for k in range(scale):
        city = CITY if k == 0 else f"示例{k + 1}市"
        out += [f"{city}人民政府"] + [f"{city}{d}" for d in DEPARTMENTS]
        for district in DISTRICTS:
            out += [f"{city}{district}人民政府"] + [f"{city}{district}{d}" for d in DEPARTMENTS[:6]]
    return out


# Shares as real reports show them: most applicants are natural persons; most answers
# disclose, disclose in part or say the office holds nothing; most reviews uphold.
_APPLICANTS = {
    "natural_person": 1.0,
    "commercial": 0.12,
    "research": 0.02,
    "social_welfare": 0.01,
    "legal_services": 0.05,
    "other_org": 0.03,
}
_OUTCOMES = {
    "granted": 1.0,
    "partially_granted": 0.3,
    "unavailable_not_held": 0.8,
    "other_misc": 0.2,
    "other": 0.25,
    "not_handled_duplicate": 0.1,
    "not_handled_petition": 0.1,
}
_REVIEWS = {"upheld": 0.5, "corrected": 0.12, "other": 0.12, "pending": 0.1}


def _lifelike(rec: Record) -> None:
    a = rec.applications
    for c in APPLICANT_PARTS:
        done = 0
        for row in outcome_keys("other" not in a):
            a[row][c] = round(a[row][c] * _APPLICANTS[c] * _OUTCOMES.get(row, 0.04))
            done += a[row][c]
        a["total"][c] = done
        a["carried_forward"][c] = round(a["carried_forward"][c] * _APPLICANTS[c])
        a["carried_over"][c] = min(round(a["carried_over"][c] * _APPLICANTS[c]), done + a["carried_forward"][c])
        a["new_received"][c] = done + a["carried_forward"][c] - a["carried_over"][c]
    for cols in a.values():
        cols["total"] = sum(cols[c] for c in APPLICANT_PARTS)
    for cols in rec.review_litigation.values():
        for k, w in _REVIEWS.items():
            cols[k] = round(cols[k] * w)
        cols["total"] = sum(cols[k] for k in REVIEW_PARTS)


def _chain(prev: Record | None, rec: Record) -> None:
    """上年结转 = last year's 结转下年度; 本年新收 follows from the balance (结转下年度 raised
    where it would otherwise be negative)."""
    if prev is None:
        return
    a, before = rec.applications, prev.applications["carried_forward"]
    for c in APPLICANT_PARTS:
        a["carried_over"][c] = before[c]
        new = a["total"][c] + a["carried_forward"][c] - a["carried_over"][c]
        if new < 0:
            a["carried_forward"][c] -= new
            new = 0
        a["new_received"][c] = new
    for row in ("carried_over", "new_received", "carried_forward"):
        a[row]["total"] = sum(a[row][c] for c in APPLICANT_PARTS)


def _mistake(rng: random.Random, rec: Record) -> None:
    """One of the mistakes published reports make."""
    a = rec.applications
    if rng.random() < 0.5:
        a["carried_forward"]["total"] += rng.randint(1, 9)  # a total that does not add up
    else:
        a["new_received"]["natural_person"] += rng.randint(1, 5)  # the balance no longer holds
        a["new_received"]["total"] = sum(a["new_received"][c] for c in APPLICANT_PARTS)


def _posted(rng: random.Random, name: str, year: int) -> date:
    """When the site put the report up: in January mostly, one in ten after the deadline."""
    if rng.random() < 0.1:
        return date(year + 1, 4 if name.endswith("人民政府") else 2, rng.randint(1, 28))
    return date(year + 1, 1, rng.randint(5, 28))


def _site_page(html: bytes, posted: date) -> bytes:
    """The report as a government site serves it: with the PubDate meta and the
    “发布时间” line every article page of such a site carries."""
    return html.replace(
        b"<head>", f'<head>\n<meta name="PubDate" content="{posted:%Y-%m-%d} 09:00">'.encode(), 1
    ).replace(b"<body>", f'<body>\n<div class="article-info">发布时间：{posted:%Y-%m-%d}</div>'.encode(), 1)


def write_corpus(
    folder: Path,
    *,
    years: tuple[int, ...] = (2021, 2022, 2023, 2024),
    scale: int = 1,
    seed: int = 2024,
    mistakes: float = 0.08,
) -> int:
    """Write the reports into `folder`; returns how many."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    forms = list(FORMS)
    n = 0
    for i, name in enumerate(bodies(scale)):
        big = 300 if name.endswith("人民政府") or "公安" in name or "自然资源" in name else 40
        prev = None
        for year in years:
            rec = random_record(random.Random(f"{seed}-{i}-{year}"), "2021", year=year, body=name, big=big)
            _lifelike(rec)
            _chain(prev, rec)
            prev = Record.from_json(rec.to_json())
            if rng.random() < mistakes:
                _mistake(rng, rec)
            stem = folder / f"{name}-{year}"
            if rng.random() < 0.3:
                posted = _posted(random.Random(f"{seed}-{i}-{year}-posted"), name, year)
                stem.with_suffix(".html").write_bytes(_site_page(render(rec, "html"), posted))
            else:
                stem.with_suffix(".txt").write_text(FORMS[rng.choice(forms)](rec, rng), encoding="utf-8")
            n += 1
    return n
