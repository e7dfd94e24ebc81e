"""Glued rows of a table decoded jointly: every combination of their splits that the
table's identities admit, found by exact search.

Each open row has its candidate splits (each already true to the row's own identity);
a constraint (plus, minus, column) holds when Σ plus = Σ minus in that column (表三:
T3-A and T3-B in every column). The search assigns rows one at a time and prunes on
interval bounds — every value is non-negative, so each side of a constraint lies
between the sums of its rows' smallest and largest candidates. A row whose value is
the same in every solution is settled; the others keep the values the solutions give
them. The search has a budget of nodes: past it nothing is settled (honest, never a
guess). Measured on glued 表三s, a pure-Python search settles a table in well under a
millisecond, so no solver library is needed.
"""

from __future__ import annotations

Candidate = tuple[int | float | None, ...]
Constraint = tuple[list[str], list[str], int]
BUDGET = 200_000  # nodes


def solve(
    open_rows: dict[str, list[Candidate]], fixed: dict[str, Candidate], constraints: list[Constraint]
) -> dict[str, list[Candidate]] | None:
    """For each open row, the candidates some solution uses (sorted); {} of lists, one
    empty per row, when no combination holds; None when the budget ran out."""
    names = sorted(open_rows, key=lambda k: len(open_rows[k]))
    lo = {k: [min(c[i] or 0 for c in cs) for i in range(len(cs[0]))] for k, cs in open_rows.items()}
    hi = {k: [max(c[i] or 0 for c in cs) for i in range(len(cs[0]))] for k, cs in open_rows.items()}
    chosen: dict[str, Candidate] = {}
    seen: dict[str, set[Candidate]] = {k: set() for k in names}
    nodes = 0

    def bounds(rows: list[str], col: int) -> tuple[float, float]:
        a = b = 0.0
        for k in rows:
            if k in chosen:
                v = chosen[k][col] or 0
                a, b = a + v, b + v
            elif k in fixed:
                v = fixed[k][col] or 0
                a, b = a + v, b + v
            else:
                a, b = a + lo[k][col], b + hi[k][col]
        return a, b

    def feasible() -> bool:
        for plus, minus, col in constraints:
            a0, a1 = bounds(plus, col)
            b0, b1 = bounds(minus, col)
            if a0 > b1 or b0 > a1:
                return False
        return True

    def stop() -> bool:  # out of budget, or every open row already shows two values
        return nodes > BUDGET or all(len(s) > 1 for s in seen.values())

    def walk(i: int) -> None:
        nonlocal nodes
        nodes += 1
        if i == len(names):
            for k in names:
                seen[k].add(chosen[k])
            return
        k = names[i]
        for c in open_rows[k]:
            chosen[k] = c
            if feasible():
                walk(i + 1)
            if stop():
                break
        del chosen[k]

    walk(0)
    if nodes > BUDGET:
        return None
    return {k: sorted(seen[k], key=lambda c: tuple(v or 0 for v in c)) for k in names}
