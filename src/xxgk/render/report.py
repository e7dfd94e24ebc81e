"""What every rendered report says besides the tables: title, preamble, section texts,
and — where a required section is empty — a placeholder saying what the statute expects."""

from __future__ import annotations

from datetime import date

from ..record import Record, decimals, fmt
from ..schema import SECTIONS, Section

PREAMBLE = "依据《中华人民共和国政府信息公开条例》（以下简称《条例》）第五十条规定，编制本报告。"
DRAFT = "草稿：本报告未通过核验或尚在编辑中，不得发布"

# What a section must say (条例第五十条 and the national format); tables stand for 二 to 四.
EXPECTED = {
    "overview": "应概述本年度政府信息公开工作情况：主动公开、依申请公开、政府信息管理、"
    "政府信息公开平台建设、监督保障等方面（《条例》第五十条）。",
    "problems": "应说明本年度政府信息公开工作存在的主要问题，以及上一年度所列问题的改进情况。",
    "other": "应报告其他需要报告的事项；无则写“无”。",
}
EXPECTED_FEES_2021 = (
    "应报告依据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）收取信息处理费的情况"
    "（发出收费通知的件数和总金额、实际收取的总金额），以及其他需要报告的事项；无则写“无”。"
)


def signature(rec: Record) -> list[str]:
    """The 落款 an official report ends with: the body, then the date (the one printed,
    else the day it is made)."""
    day = date.fromisoformat(rec.published) if rec.published else date.today()
    return [rec.body or "（机关名称）", f"{day.year}年{day.month}月{day.day}日"]


def title(rec: Record) -> tuple[str, str]:
    return rec.body or "（机关名称）", f"{rec.year or '（年度）'}年政府信息公开工作年度报告"


def section_text(rec: Record, s: Section) -> tuple[list[str], str | None]:
    """(paragraphs, placeholder): the section's own text, or what must be written there."""
    text = (rec.sections or {}).get(s.key, "").strip()
    if text:
        return [p.strip() for p in text.split("\n") if p.strip()], None
    if s.key == "other" and rec.format == "2021":
        return [], f"【待填写】{EXPECTED_FEES_2021}"
    if s.key in EXPECTED:
        return [], f"【待填写】{EXPECTED[s.key]}"
    return [], None


def heading(s: Section) -> str:
    return f"{s.number}、{s.title}"


def value_text(v: int | float | None, kind: str = "count", unit: str | None = None, blank: str = "0") -> str:
    """How the generator prints a number: blanks as 0 (as the format expects; `blank`
    prints them otherwise), amounts in 万元 with the four decimals the format asks for."""
    if v is None:
        return blank
    if kind == "amount" and unit == "万元" and isinstance(v, (int, float)) and v:
        return decimals(float(v))
    return fmt(v)


__all__ = ["PREAMBLE", "DRAFT", "SECTIONS", "title", "section_text", "heading", "value_text"]
