"""Who a report is from: the printed name reduced to a key that stays the same from
year to year, and what the name tells of the body — its region, its level and whether
it is a government (人民政府) or one of its departments."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .regions import locate

# Decorations around a name that change from year to year or between print and web.
_NOISE = re.compile(r"[\s\u3000·•、,，.。:：\"'“”‘’《》<>()（）\[\]【】]|公章|印章")
_PROVINCE = re.compile(r"^(?:.{2,8}?(?:省|自治区)|北京市|天津市|上海市|重庆市|香港特别行政区|澳门特别行政区)")
_CITY = re.compile(r"^.{1,12}?(?:市|自治州|地区|盟)|^.{1,6}?州(?!市)")
_COUNTY = re.compile(r"^.{1,12}?(?:区|县|自治县|旗|自治旗|市|林区|特区)")
_NOT_COUNTY = re.compile(r"(?:园区|开发区|示范区|高新区|保税区|景区|社区|试验区|合作区)$")
_PREFIX = re.compile(r"^(?:.{2,8}?(?:省|自治区))?(?:.{1,12}?(?:市|自治州|地区|盟))?$")
_TOWN = re.compile(r"^.{1,10}?(?:街道|镇|乡|苏木)")
_GOVERNMENT = ("人民政府", "街道办事处", "街道")  # a township's government may be a 街道办事处
_CENTRAL = re.compile(r"^(?:国务院|国家|中华人民共和国|中国)|(?:部|总局|总署)$")
MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")
LEVELS = ("国务院部门", "省", "市", "县", "乡")


@dataclass(frozen=True, slots=True)
class BodyInfo:
    key: str
    region_name: str | None  # the administrative area the name begins with, in full where known
    level: str | None  # 国务院部门 | 省 | 市 | 县 | 乡
    kind: str  # 政府 | 部门
    code: str | None = None  # the area's 行政区划代码, where the name settles it


def body_key(name: str) -> str:
    """`北京市西城区人民政府（公章）` and `北京市 西城区 人民政府` are one body."""
    return _NOISE.sub("", unicodedata.normalize("NFKC", name or ""))


def describe(name: str) -> BodyInfo:
    key = body_key(name)
    kind = "政府" if key.endswith(_GOVERNMENT) else "部门"
    rest, parts, level = key, [], None  # parts: the areas the name begins with, largest first
    m = _PROVINCE.match(rest)
    if m:
        parts, level, rest = [m.group(0)], "省", rest[m.end() :]  # a municipality is province-level too
    m = None if parts and parts[0] in MUNICIPALITIES else _CITY.match(rest)
    if m and not rest.startswith(("人民政府", "市场")):
        parts, level, rest = [*parts, m.group(0)], "市", rest[m.end() :]
    m = _COUNTY.match(rest)
    if m and (_NOT_COUNTY.search(m.group(0)) or not parts and len(m.group(0)) > 5):
        m = None  # 中关村科技园区 is no county
    if m and not rest.startswith(("人民政府", "市场", "区域")) and len(m.group(0)) <= 8:
        parts, level, rest = [*parts, m.group(0)], "县", rest[m.end() :]
        m = _TOWN.match(rest)
        if m and not rest.startswith("人民政府"):
            parts, level, rest = [*parts, m.group(0)], "乡", rest[m.end() :]
    if not parts:
        level = "国务院部门" if kind == "部门" and _CENTRAL.search(key) else None
        return BodyInfo(key, None, level, kind)
    region, code = locate(parts)
    if code:  # 仙桃市 is a county-level city, 东莞市 a prefecture-level one: the code says
        level = "省" if code.endswith("0000") else "市" if code.endswith("00") else "县"
    return BodyInfo(key, region, level, kind, code)


def same_body(a: str, b: str) -> bool:
    """Two keys of one body, one with its higher regions before it and one without:
    洪泽区人民政府 and 淮安市洪泽区人民政府 (reports drop or add the city from year to year)."""
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    if not long.endswith(short) or len(short) < 5:
        return False
    prefix = long[: -len(short)]
    return bool(prefix) and _PREFIX.match(prefix) is not None and describe(short).region_name is not None


def tail_key(key: str) -> str:
    """The key without its province and city: 淮安市洪泽区人民政府 → 洪泽区人民政府. Two names of
    one body (same_body) share it, so candidates are found without comparing every pair."""
    rest = key
    m = _PROVINCE.match(rest)
    if m and len(rest) > m.end():
        rest = rest[m.end() :]
    m = _CITY.match(rest)
    if m and len(rest) > m.end() and not rest.startswith(("人民政府", "市场")):
        rest = rest[m.end() :]
    return rest
