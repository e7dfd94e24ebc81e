"""Split a run of glued digits into cells ("211000022" → 21 1 0 0 0 0 22).

Web pages copied without separators print a row's numbers as one run; crawlers keep
some spaces ("230 000023"): a space is a cell boundary, so a cut must fall there. A split is valid
when every part is a number as a person would print it (no leading zeros) and the
row's own identities hold: in each group the last part is the sum of the others
(表三: 总计 = the six applicant columns; 表四: 总计 = 维持+纠正+其他+尚未审结). A group's
total is determined by its parts, and the last group's total is a suffix of the run, so
the search only branches over the other parts and prunes on their running sum.
"""

from __future__ import annotations

import itertools
import re

_COUNT = re.compile(r"0|[1-9]\d{0,8}")
_AMOUNT = re.compile(r"(?:0|[1-9]\d{0,11})(?:\.\d{1,6})?")
MAX_SPLITS = 5000

Split = tuple[int | float, ...]


def _number(piece: str, kind: str) -> int | float | None:
    if piece.isdigit():  # the common case, without a regex
        return int(piece) if piece[0] != "0" or len(piece) == 1 else None
    if kind == "amount" and _AMOUNT.fullmatch(piece):
        return float(piece)
    if kind == "signed" and piece[:1] in ("-", "+") and piece[1:].isdigit():  # 本年增/减 alone may carry a sign
        v = _number(piece[1:], "count")
        return None if v is None else (-v if piece[0] == "-" else v)
    return None


def _digit_sum(s: str) -> int:
    return sum(map(int, s.replace(".", "")))


def splits(run: str, kinds: tuple[str, ...], groups: tuple[int, ...] = ()) -> list[Split]:
    """Every way to cut `run` into len(kinds) numbers (at most MAX_SPLITS of them).

    `kinds[i]` is "count" or "amount"; `groups` lists the sizes of consecutive groups
    whose last member is the sum of the rest (empty: the row has no identity). Spaces
    in `run` are boundaries every split keeps.
    """
    if groups and ("-" in run or "+" in run):
        return []  # the rows with identities count things: no sign
    if " " in run:
        pieces = run.split()
        run = "".join(pieces)
        at, cuts = 0, []
        for p in pieces[:-1]:
            at += len(p)
            cuts.append(at)
        return _Search(run, kinds, tuple(cuts)).run(groups)
    return _Search(run, kinds, ()).run(groups)


def hides_blanks(run: str, kinds: tuple[str, ...], groups: tuple[int, ...] = ()) -> bool:
    """Whether `run` also splits into fewer cells (keeping the identities): the row may
    have had blank cells its glued digits no longer show. ("000" cannot: a 0 stands alone.)"""
    if not groups:  # 表二's few columns, each of its kind
        return any(
            splits(run, tuple(kinds[i] for i in kept), ())
            for k in range(1, len(kinds))
            for kept in itertools.combinations(range(len(kinds)), k)
        )
    for lost in itertools.product(*(range(size + 1) for size in groups)):  # counts only: where is immaterial
        kept = tuple(size - k for size, k in zip(groups, lost, strict=True) if size > k)
        if any(lost) and kept and splits(run, ("count",) * sum(kept), kept):
            return True
    return False


class _Search:
    def __init__(self, run: str, kinds: tuple[str, ...], cuts: tuple[int, ...]) -> None:
        self.s, self.kinds, self.cuts = run, kinds, cuts

    def whole(self, a: int, b: int) -> bool:
        """No boundary falls inside [a, b)."""
        return not any(a < c < b for c in self.cuts)

    def run(self, groups: tuple[int, ...]) -> list[Split]:
        run, kinds = self.s, self.kinds
        out: list[Split] = []
        if not self.cuts and len(run) == len(kinds) and run.isdigit():  # one digit per cell: the only possible cut
            parts = tuple(map(int, run))
            start = 0
            for size in groups:
                if sum(parts[start : start + size - 1]) != parts[start + size - 1]:
                    return []
                start += size
            return [parts]
        if not groups:
            self.free(0, len(run), kinds, [], None, out)
            return out
        self.groups(0, list(groups), [], out)
        return out

    def groups(self, pos: int, sizes: list[int], done: list, out: list[Split]) -> None:
        """Place each group by where its total stands: [start, end) of the run; the last
        group's total ends the run. The digits before the total must sum to it."""
        run = self.s
        if len(out) >= MAX_SPLITS:
            return
        if not sizes:
            if pos == len(run):
                out.append(tuple(done))
            return
        size, rest = sizes[0], sizes[1:]
        k = len(done)
        after = sum(rest)  # parts that still follow this group
        ends = [len(run)] if not rest else range(pos + size, len(run) - after + 1)
        for end in ends:
            for start in range(max(pos + size - 1, end - 9), end):
                total = _number(run[start:end], "count")
                # a number is congruent to its digit sum mod 9, so parts and total must agree
                if total is None or not self.whole(start, end) or (_digit_sum(run[pos:start]) - total) % 9:
                    continue
                kinds = self.kinds[k : k + size - 1]
                if kinds and not self.cuts and all(kind == "count" for kind in kinds):
                    found = self.counts(pos, start, len(kinds), total, len(str(total)))
                else:
                    found = []
                    self.free(pos, start, kinds, [], total, found)
                for f in found:
                    self.groups(end, rest, done + list(f) + [total], out)

    def counts(self, pos: int, stop: int, n: int, need: int | float, width: int) -> list[Split]:
        """`free` for a group's parts, n counts summing to `need` (`width`: the total's
        digits), with no boundary in the run: the same cuts in the same order, the search
        pruned where the digits left are too many or too few to sum to what is needed."""
        run, digits = self.s, stop - pos
        if not n <= digits <= n * width:  # a digit at least to each part, none longer than the total
            return []
        q, longer = divmod(digits, n)  # parts as even as can be sum to the least
        least = longer * 10**q + (n - longer) * (10 ** (q - 1) if q > 1 else 0)
        most = 10 ** min(width, digits - n + 1) - 1 + 9 * (n - 1)  # one part as long as can be
        if not least <= need <= most:
            return []
        if n == 1:
            piece = run[pos:stop]
            return [(need,)] if piece.isdigit() and (piece[0] != "0" or digits == 1) and int(piece) == need else []
        if run[pos] == "0":  # a leading zero only ever stands alone
            return [(0, *rest) for rest in self.counts(pos + 1, stop, n - 1, need, width)]
        out: list[Split] = []
        for end in range(pos + 1, min(stop - n + 1, pos + width) + 1):
            piece = run[pos:end]
            if not piece.isdigit():
                continue
            v = int(piece)
            if v > need:
                break
            out += [(v, *rest) for rest in self.counts(end, stop, n - 1, need - v, width)]
            if len(out) >= MAX_SPLITS:
                return out[:MAX_SPLITS]
        return out

    def free(
        self,
        pos: int,
        stop: int,
        kinds: tuple[str, ...],
        parts: list,
        target: int | float | None,
        out: list,
        s: int | float = 0,
    ) -> None:
        """Cut run[pos:stop] into len(kinds) numbers; with `target`, numbers summing to it."""
        run = self.s
        if len(out) >= MAX_SPLITS:
            return
        n = len(kinds)
        k = len(parts)
        if k == n:
            if pos == stop and (target is None or s == target):
                out.append(tuple(parts))
            return
        left = n - k - 1
        last = stop - left
        if target is not None:  # no part is longer than the total, so the digits must run out in time
            width = len(str(target))
            if stop - pos > (left + 1) * width:
                return
            last = min(last, pos + width)
        kind = kinds[k]
        if kind == "count" and not self.cuts:  # the common case, kept lean: it is most of the search
            if run[pos] == "0":  # a leading zero only ever stands alone
                if pos + 1 <= last:
                    parts.append(0)
                    self.free(pos + 1, stop, kinds, parts, target, out, s)
                    parts.pop()
                return
            for end in range(pos + 1, last + 1):
                piece = run[pos:end]
                if not piece.isdigit():
                    continue
                n = int(piece)
                if target is not None and s + n > target:
                    break
                parts.append(n)
                self.free(end, stop, kinds, parts, target, out, s + n)
                parts.pop()
            return
        for end in range(pos + 1, last + 1):
            if not self.whole(pos, end):
                break  # a part never spans a boundary
            v = _number(run[pos:end], kind)
            if v is None:
                if run[pos] == "0" and kind != "amount":
                    break  # a leading zero only ever stands alone
                continue
            if target is not None and s + v > target:
                break
            parts.append(v)
            self.free(end, stop, kinds, parts, target, out, s + v)
            parts.pop()
