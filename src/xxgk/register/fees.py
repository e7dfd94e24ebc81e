"""Information processing fees, 国办函〔2020〕109号 (from 2021).

Information is free unless the quantity or frequency is excessive. One method per
request, charged only on the part over the free band:
- 按件 (by requests): counted per applicant per natural month; the 1st–10th request is
  free, the 11th–30th costs 100元 each, then each further band of 10 requests costs 100元
  more each (31st–40th 200元, 41st–50th 300元, …);
- 按量 (by pages of one request): pages 1–30 free, 31–100 at 10元, 101–200 at 20元, over
  200 at 40元 per page.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import InputError

METHODS = {"per_request": "按件计收", "per_page": "按量计收"}
# Bounds of what a calculator is asked (an applicant's requests in one month, pages of one
# answer): far above any real case, low enough that no request costs the server.
MAX_EARLIER = 100_000
MAX_REQUESTS = 1_000
MAX_PAGES = 10_000_000


@dataclass(frozen=True, slots=True)
class Band:
    first: int
    last: int | None  # None: no upper end
    price: int  # 元 per request or per page
    count: int  # how many of this request fall in the band

    @property
    def amount(self) -> int:
        return self.price * self.count


@dataclass(frozen=True, slots=True)
class Fee:
    method: str
    quantity: int
    bands: tuple[Band, ...]

    @property
    def amount(self) -> int:
        return sum(b.amount for b in self.bands)

    def lines(self) -> list[str]:
        unit = "件" if self.method == "per_request" else "页"
        out = []
        for b in self.bands:
            span = f"第 {b.first}–{b.last} {unit}" if b.last else f"第 {b.first} {unit}及以上"
            price = "免费" if b.price == 0 else f"{b.price} 元/{unit}"
            out.append(f"{span}：{b.count} {unit} × {price} = {b.amount} 元")
        out.append(f"合计 {self.amount} 元（{METHODS[self.method]}）")
        return out

    def json(self) -> dict:
        return {
            "method": self.method,
            "quantity": self.quantity,
            "amount": self.amount,
            "bands": [
                {"first": b.first, "last": b.last, "price": b.price, "count": b.count, "amount": b.amount}
                for b in self.bands
            ],
            "lines": self.lines(),
        }


def _split(first: int, last: int, bands: list[tuple[int, int | None, int]]) -> tuple[Band, ...]:
    """The units first..last (1-based, inclusive) laid over the bands."""
    out = []
    for lo, hi, price in bands:
        a, b = max(first, lo), last if hi is None else min(last, hi)
        if a <= b:
            out.append(Band(lo, hi, price, b - a + 1))
    return tuple(out)


def per_request(earlier_this_month: int, requests: int = 1) -> Fee:
    """The fee for `requests` new requests of one applicant who already made
    `earlier_this_month` requests to this body in the same natural month."""
    if earlier_this_month < 0 or requests < 1:
        raise InputError("申请件数必须为正数")
    if earlier_this_month > MAX_EARLIER or requests > MAX_REQUESTS:
        raise InputError(f"申请件数过大（本月已申请不超过 {MAX_EARLIER} 件，本次不超过 {MAX_REQUESTS} 件）")
    first, last = earlier_this_month + 1, earlier_this_month + requests
    bands: list[tuple[int, int | None, int]] = [(1, 10, 0), (11, 30, 100)]
    if last >= 31:  # only the bands of ten that these requests fall in, found by arithmetic
        k0, k1 = max(0, (first - 31) // 10), (last - 31) // 10
        bands += [(31 + 10 * k, 40 + 10 * k, 200 + 100 * k) for k in range(k0, k1 + 1)]
    return Fee("per_request", requests, _split(first, last, bands))


def per_page(pages: int) -> Fee:
    """The fee for providing `pages` pages in answer to one request."""
    if pages < 0:
        raise InputError("页数不能为负数")
    if pages > MAX_PAGES:
        raise InputError(f"页数过大（不超过 {MAX_PAGES} 页）")
    bands = [(1, 30, 0), (31, 100, 10), (101, 200, 20), (201, None, 40)]
    return Fee("per_page", pages, _split(1, pages, bands) if pages else ())
