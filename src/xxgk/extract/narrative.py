"""Figures the narrative states: applications received, reviews and lawsuits.

The checker compares them with 表三 and 表四 (a real 2024 report says 17 applications
in section 一 while its 表三 says 95).
"""

from __future__ import annotations

import re

_NUM = r"(\d+|[零〇一二两三四五六七八九十百千]+)"
_UNIT = r"(?:件|个|条|宗|起|份)"
_APPLY = [
    re.compile(
        r"(?:收到|受理|接收|新收|办理|接到|登记)[^。；;，,]{0,30}?公开申请(?:数量)?(?:共|为|合计|总计)?" + _NUM + _UNIT
    ),
    re.compile(r"公开申请(?:数量)?(?:共|为|合计|总计)" + _NUM + _UNIT),
]
_APPLY_NONE = re.compile(r"未(?:收到|受理|承办|接到)[^。；;，,]{0,12}(?:公开申请|依申请)")


def _cases(word: str) -> tuple[list[re.Pattern[str]], re.Pattern[str]]:
    return (
        [
            re.compile(word + r"(?:案件|案|申请|案由)?(?:共|为|合计)?" + _NUM + r"(?:件|起|宗|个)"),
            re.compile(_NUM + r"(?:件|起|宗|个)" + r"(?:政府信息公开)?" + word),
        ],
        re.compile(r"(?:未|没有)(?:发生|收到|产生|出现|涉及)[^。；;]{0,20}?" + word),
    )


_REVIEW = _cases("行政复议")
_LAWSUIT = _cases("行政诉讼")


def _value(s: str) -> int | None:
    if s.isdigit():
        return int(s)
    import cn2an  # slow to import (~0.2 s), and Chinese numerals are rare here

    try:
        return int(cn2an.cn2an(s, "smart"))
    except (ValueError, KeyError):
        return None


def _statements(text: str, found: list[re.Pattern[str]], none: re.Pattern[str]) -> list[dict]:
    out = []
    for pattern in found:
        for m in pattern.finditer(text):
            v = _value(m.group(1))
            if v is not None:
                out.append({"value": v, "text": m.group(0)})
    for m in none.finditer(text):
        out.append({"value": 0, "text": m.group(0)})
    return out


def narrative_facts(sections: dict[str, str]) -> dict[str, list[dict]]:
    """Statements of sections 一 and 三 (the narrative parts of the report)."""
    text = "".join((sections.get("overview", "") + "。" + sections.get("applications", "")).split())
    facts = {
        "applications_received": _statements(text, _APPLY, _APPLY_NONE),
        "reviews": _statements(text, *_REVIEW),
        "lawsuits": _statements(text, *_LAWSUIT),
    }
    return {k: v for k, v in facts.items() if v}
