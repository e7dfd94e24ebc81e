"""The corpus's figures as columns in memory: every question of the dashboard is a mask
and a few sums in numpy, a millisecond where one aggregate over the figures table took
ten, so that supervisors' dashboards with filters of their own stay quick under load.

A `Frame` holds one row per counted report (copies left out): what it is filtered by
(year, region, level, body, errors, lateness, a missing table) and its figures (FIGURES,
blank as 0, as SQL's SUM over COALESCE had them). `Figures` is a frame with a mask: the
reports a filter selects, and the answers over them. The command line loads just the
rows its filter selects (`figures(s, f)`); the web keeps the whole frame per state of the
corpus and masks it per request (`Frame.where`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property, partial
from typing import Any

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..schema import APPLICANT_COLUMNS, APPLICATION_ROWS, FIGURES
from .models import Body, Report, report_figures
from .regions import child, expand

F = report_figures.c
COLUMN = {name: k for k, name in enumerate(FIGURES)}

# 表三's outcome rows gathered as the format groups them under 三、本年度办理结果.
OUTCOME_GROUPS: tuple[tuple[str, str, tuple[str, ...]], ...] = tuple(
    (key, label, tuple(r.key for r in APPLICATION_ROWS if r.key == key or r.group == label))
    for key, label in (
        ("granted", "（一）予以公开"),
        ("partially_granted", "（二）部分公开"),
        ("withheld", "（三）不予公开"),
        ("unavailable", "（四）无法提供"),
        ("not_handled", "（五）不予处理"),
        ("other", "（六）其他处理"),
    )
)
REVIEW_KINDS = (
    ("review", "行政复议", ("review",)),
    ("litigation", "行政诉讼", ("litigation_direct", "litigation_after_review")),
)
DECIDED = ("upheld", "corrected", "other")


@dataclass(frozen=True)
class Frame:
    report_id: np.ndarray
    year: np.ndarray  # 0: not known
    region: np.ndarray  # index into `regions`
    regions: tuple[str, ...]  # "" for none
    level: np.ndarray  # index into `levels`
    levels: tuple[str, ...]
    body: np.ndarray  # body id, 0 for none
    errors: np.ndarray
    warnings: np.ndarray
    late: np.ndarray
    missing: np.ndarray
    values: np.ndarray  # one row per report, one column per FIGURES entry
    bodies: dict[int, tuple[str, str]]  # id → (name, key), for the body filter and the names
    years: tuple[int, ...]  # every year there, newest first (what the filter form offers)

    def where(self, f: Any) -> Figures:
        """The reports filter `f` (queries.Filters) selects."""
        m = np.ones(len(self.year), dtype=bool)
        if f.region:
            m &= self.in_region(expand(f.region))
        if f.level:
            m &= self.level == (self.levels.index(f.level) if f.level in self.levels else -1)
        if f.year:
            m &= self.year == f.year
        if f.body:
            ids = [i for i, (name, key) in self.bodies.items() if f.body in name or f.body in (key or "")]
            m &= np.isin(self.body, ids)
        if f.has_errors:
            m &= self.errors > 0
        if f.problem == "missing":
            m &= self.missing
        elif f.problem == "late":
            m &= self.late
        return Figures(self, m, f)

    def in_region(self, prefix: str) -> np.ndarray:
        codes = [k for k, r in enumerate(self.regions) if r.startswith(prefix)]
        return np.isin(self.region, codes)


def load(s: Session, where: list[Any] | None = None) -> Frame:
    """The frame of the reports `where` selects (queries.Filters.where), or of every
    counted report (copies left out)."""
    cols = [
        func.coalesce(F.year, 0),
        func.coalesce(F.region, ""),
        func.coalesce(F.level, ""),
        func.coalesce(F.body_id, 0),
        func.coalesce(F.errors, 0),
        func.coalesce(F.late, False),
        func.coalesce(F.missing, False),
        F.report_id,
        func.coalesce(Report.warnings, 0),
        *(func.coalesce(getattr(F, name), 0) for name in FIGURES),
    ]
    rows = s.execute(
        select(*cols)
        .join(Report, Report.id == F.report_id)
        .where(*(where if where is not None else [F.copy_of.is_(None)]))
    ).all()
    columns = list(zip(*rows, strict=False)) or [()] * len(cols)
    year, region, level, body, errors, late, missing, report_id, warnings = columns[:9]
    regions, levels = tuple(sorted(set(region))), tuple(sorted(set(level)))
    at_region, at_level = {r: k for k, r in enumerate(regions)}, {v: k for k, v in enumerate(levels)}
    ints = lambda c: np.array(c, dtype=np.int64)  # noqa: E731
    years = ints(year)
    return Frame(
        report_id=ints(report_id),
        year=years,
        years=tuple(sorted(set(year) - {0}, reverse=True)),
        region=ints([at_region[r] for r in region]),
        regions=regions,
        level=ints([at_level[v] for v in level]),
        levels=levels,
        body=ints(body),
        errors=ints(errors),
        warnings=ints(warnings),
        late=np.array(late, dtype=bool),
        missing=np.array(missing, dtype=bool),
        # counts: 4 bytes do; one row per report
        values=np.array(columns[9:], dtype=np.int32).reshape(len(FIGURES), len(rows)).T.copy(),
        bodies={i: (name, key or "") for i, name, key in s.execute(select(Body.id, Body.name, Body.key))},
    )


def figures(s: Session, f: Any) -> Figures:
    """What the command line asks: only the rows `f` selects are loaded."""
    return load(s, f.where()).where(f)


def _total(sums: np.ndarray, *names: str) -> int:
    return sum(int(sums[COLUMN[n]]) for n in names)


@dataclass(frozen=True)
class Figures:
    """The reports a filter selected, and the answers over them."""

    frame: Frame
    mask: np.ndarray
    f: Any

    @cached_property
    def sums(self) -> np.ndarray:
        return self.frame.values[self.mask].sum(axis=0)

    def total(self, *names: str) -> int:
        return _total(self.sums, *names)

    def totals_by_year(self) -> list[dict]:
        fr, out = self.frame, []
        for year in sorted(set(fr.year[self.mask].tolist()) - {0}):
            m = self.mask & (fr.year == year)
            v = fr.values[m].sum(axis=0)
            t = partial(_total, v)
            out.append(
                {
                    "year": year,
                    "reports": int(m.sum()),
                    "new_received": t("a_new_received"),
                    "carried_over": t("a_carried_over"),
                    "closed": t("a_total"),
                    "carried_forward": t("a_carried_forward"),
                    "reviews": t("r_review_total"),
                    "lawsuits": t("r_litigation_direct_total", "r_litigation_after_review_total"),
                }
            )
        return out

    def outcomes(self) -> list[dict]:
        counts = [self.total(*(f"a_{k}" for k in keys)) for _, _, keys in OUTCOME_GROUPS]
        total = sum(counts)
        return [
            {"outcome": key, "label": label, "count": n, "share": n / total if total else None}
            for (key, label, _), n in zip(OUTCOME_GROUPS, counts, strict=False)
        ]

    def applicants(self) -> list[dict]:
        parts = APPLICANT_COLUMNS[:-1]
        counts = [self.total(f"n_{c.key}") for c in parts]
        total = sum(counts)
        return [
            {"type": c.key, "label": c.label, "count": n, "share": n / total if total else None}
            for c, n in zip(parts, counts, strict=False)
        ]

    def corrections(self, min_count: int = 10) -> list[dict]:
        """Share of decided cases in which the agency was corrected (结果纠正 / 维持+纠正+其他);
        no rate below `min_count` decided cases — a rate of 1 in 2 says nothing."""
        out = []
        for key, label, groups in REVIEW_KINDS:
            c = self.total(*(f"r_{g}_corrected" for g in groups))
            d = self.total(*(f"r_{g}_{x}" for g in groups for x in DECIDED))
            p = self.total(*(f"r_{g}_pending" for g in groups))
            out.append(
                {
                    "kind": key,
                    "label": label,
                    "corrected": c,
                    "decided": d,
                    "pending": p,
                    "rate": c / d if d >= min_count else None,
                    "min_count": min_count,
                }
            )
        return out

    def quality(self) -> dict:
        fr, m = self.frame, self.mask
        return {
            "reports": int(m.sum()),
            "with_errors": int((fr.errors[m] > 0).sum()),
            "missing_tables": int(fr.missing[m].sum()),
            "late": int(fr.late[m].sum()),
        }

    def by_region(self, min_count: int = 10) -> dict:
        """The chosen region compared area by area one level down — the country by province, a
        province by city, a city by county — and within a county body by body."""
        fr, m = self.frame, self.mask
        parent = expand(self.f.region) if self.f.region else ""
        present = sorted(set(fr.region[m].tolist()))
        by_body = bool(parent) and all(child(fr.regions[k], parent) == fr.regions[k] == parent for k in present)
        withheld = [f"a_{k}" for key, _, keys in OUTCOME_GROUPS if key == "withheld" for k in keys]
        groups: dict[tuple, np.ndarray] = {}  # (name, region to look into, body id) → mask
        if by_body:  # a county, or any area without areas below it here
            for body in sorted(set(fr.body[m].tolist())):
                name = fr.bodies.get(body, ("（未识别机关）", ""))[0] if body else "（未识别机关）"
                groups[(name, None, body or None)] = m & (fr.body == body)
        else:
            keys: dict[tuple, int] = {}
            group_of = np.full(len(fr.regions), -1)
            for k in present:
                region = fr.regions[k]
                area = child(region, parent) if region else None
                key = (f"{area}（本级）", None, None) if area == parent else (area or "（未识别地区）", area, None)
                group_of[k] = keys.setdefault(key, len(keys))
            g = np.where(m, group_of[fr.region], -1)
            groups = {key: g == n for key, n in keys.items()}
        if len(groups) == 1 and (only := next(iter(groups))[1]):  # one area only: compare what is inside it
            f = replace(self.f, region=only)
            return Figures(fr, m & fr.in_region(expand(only)), f).by_region(min_count)
        out = []
        for (name, region, body_id), g in groups.items():
            v = fr.values[g].sum(axis=0)
            t = partial(_total, v)
            closed, decided, corrected = t("a_total"), t(*(f"r_review_{c}" for c in DECIDED)), t("r_review_corrected")
            out.append(
                {
                    "name": name,
                    "region": region,
                    "body_id": body_id,
                    "reports": int(g.sum()),
                    "new_received": t("a_new_received"),
                    "closed": closed,
                    "withheld_share": t(*withheld) / closed if closed else None,
                    "review_rate": corrected / decided if decided >= min_count else None,
                    "with_errors": int((fr.errors[g] > 0).sum()),
                    "late": int(fr.late[g].sum()),
                }
            )
        out.sort(key=lambda r: (-r["new_received"], r["name"]))
        return {"by": "机关" if by_body else "地区", "within": parent, "rows": out, "min_count": min_count}

    def worst(self, limit: int) -> list[int]:
        """The ids of the reports with errors, worst first: most errors, then most warnings
        (the order of queries.reports)."""
        fr = self.frame
        m = self.mask & (fr.errors > 0)
        ids, errors, warnings = fr.report_id[m], fr.errors[m], fr.warnings[m]
        return ids[np.lexsort((ids, -warnings, -errors))][:limit].tolist()
