"""The issuing body and the statistics year, from the title or the signature."""

from __future__ import annotations

import re
from datetime import date

from ..read.document import Document

_TITLE = re.compile(r"年度报告|工作报告")
_YEAR = re.compile(r"((?:19|20)\d{2})年度?")
_DATE_LINE = re.compile(r"^((?:19|20)\d{2})年\d{1,2}月(?:\d{1,2}日)?$")
_ORG_END = re.compile(r"(局|委员会|委|政府|办公室|办|中心|院|厅|部|署|所|会|处|队|站|馆|街道|镇|乡|司|室|园|区)$")
_SKIP = re.compile(r"^(附件\d*|附表\d*|\d+|#+)?$")
_PROSE_AFTER = set('。，,》”"）)；;、')  # a title named inside a sentence, not standing as one
# the first line of a title wrapped mid-name: short, no punctuation, digits or org ending
_TITLE_START = re.compile(
    r"[^\d\s。，,；;：:！？、()（）《》“”]{2,30}"
    r"(?<![局委会府办室厅部署所处队站馆院司区县市镇乡])"
)
_BREADCRUMB = re.compile(r"[>›»＞]|当前位置[:：]|您的位置[:：]")
# a cover letter (函) naming the report it sends: its body is the addressee's, not the report's
_COVER = re.compile(r"现将|报送|报上|呈报|印发|请审阅|特此")
_STATS = re.compile(r"统计期限(?:为|是)?(?:自|从)?((?:19|20)\d{2})年")


_SPACE = re.compile(r"\s+")
_LEAD = re.compile(r"^(附件\d*[:：]?|标题[:：])")  # "标题:" heads a crawler's metadata block


def _clean(s: str) -> str:
    return _LEAD.sub("", _SPACE.sub("", s.strip().lstrip("#")))


_POSTED = re.compile(r"^\s*(?:发布时间|发布日期|公开日期)\s*[:：]\s*((?:19|20)\d{2})[-/.年](\d{1,2})[-/.月](\d{1,2})")


def posted_date(doc: Document) -> date | None:
    """The publication date in a saved page's metadata block ("发布时间: 2020-01-20 15:22"),
    which crawlers and page savers write above the body."""
    found = (m for ln in doc.lines[:20] if ln.cells is None and (m := _POSTED.match(ln.text)))
    return _day(next(found, None))


def _day(m: re.Match[str] | None) -> date | None:
    """The date a match's year, month and day groups give, if it is one."""
    try:
        return date(int(m[1]), int(m[2]), int(m[3])) if m else None
    except ValueError:
        return None


def title_meta(doc: Document, stop: int) -> tuple[str | None, int | None]:
    """(body, year) from the title, among the lines before the first section or table."""
    kept = [
        (i, s)
        for i, ln in enumerate(doc.lines[:stop])
        if ln.cells is None and (s := _clean(ln.raw)) and not _SKIP.match(s)
    ]
    flow = [s for _, s in kept]
    for k, s in enumerate(flow[:16]):
        t = _TITLE.search(s)
        # the title may begin a longer line (a body printed as one stream)
        if not t or "。" in s[: t.end()] or _COVER.search(s[: t.end()]) or s[t.end() : t.end() + 1] in _PROSE_AFTER:
            continue
        s = _BREADCRUMB.split(s[: t.end()])[-1]  # "首页>信息公开>年报>XX局2023年…报告"
        m = _YEAR.search(s)
        year = int(m.group(1)) if m else None
        if m:  # "XX局2020年…报告", or "2023年度XX局政府信息公开工作年度报告"
            head = s[: m.start()] or s[m.end() : max(s.rfind("政府信息公开"), m.end())]
        else:
            head = s[: s.find("政府信息公开")] if "政府信息公开" in s else ""
        if not head and k > 0:  # the body on the line above the title
            head = flow[k - 1]
            if year is None and (m := _YEAR.search(head)):
                year, head = int(m.group(1)), head[: m.start()]
        elif head and k > 0 and kept[k][0] - kept[k - 1][0] <= 2 and _TITLE_START.fullmatch(flow[k - 1]):
            head = flow[k - 1] + head  # a title wrapped inside the body's name
        return re.sub("关于$", "", head) or None, year
    return None, None


def signature_meta(doc: Document) -> tuple[str | None, int | None]:
    """The body and the publication year from a closing signature ("XX委员会 / 2021年1月")."""
    tail = [_clean(ln.raw) for ln in doc.lines[-15:] if ln.cells is None]
    tail = [s for s in tail if s]
    for k in range(len(tail) - 1, 0, -1):
        m = _DATE_LINE.match(tail[k])
        if m and _ORG_END.search(tail[k - 1]) and len(tail[k - 1]) <= 40 and "。" not in tail[k - 1]:
            return tail[k - 1], int(m.group(1))
    return None, None


def statistics_year(doc: Document) -> int | None:
    for ln in doc.lines:
        m = _STATS.search(ln.key)
        if m:
            return int(m.group(1))
    for ln in doc.lines[:60]:
        m = re.search(r"((?:19|20)\d{2})年度?政府信息公开(?:工作)?年度报告", ln.key)
        if m:
            return int(m.group(1))
    return None


def body_and_year(doc: Document, stop: int) -> tuple[str | None, int | None]:
    body, year = title_meta(doc, stop)
    if body is None or year is None:
        sig_body, published = signature_meta(doc)
        body = body or sig_body
        if year is None:
            year = statistics_year(doc) or (published - 1 if published else None)
    return body, year


_FULL_DATE = re.compile(r"^((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
_CN_DIGITS = str.maketrans("〇零○ＯO一二三四五六七八九", "00000123456789")


def published_date(doc: Document) -> date | None:
    """The date under the closing signature (“2021年1月25日”, “二〇二一年一月二十五日”), when
    the report prints one in full."""
    for ln in reversed(doc.lines[-15:]):
        if ln.cells is not None:
            continue
        text = _clean(ln.raw)
        m = _FULL_DATE.match(text) or _FULL_DATE.match(_chinese_date(text))
        if m:
            return _day(m)
    return None


def _chinese_date(text: str) -> str:
    """二〇二一年一月二十五日 → 2021年1月25日 (numbers under a hundred, as dates have)."""
    m = re.match(
        r"^([〇零○ＯO一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日$", text
    )
    if not m:
        return text
    return f"{m[1].translate(_CN_DIGITS)}年{_small(m[2])}月{_small(m[3])}日"


def _small(cn: str) -> int:
    digits = {c: i for i, c in enumerate("〇一二三四五六七八九")}
    if "十" not in cn:
        return digits[cn]
    tens, _, ones = cn.partition("十")
    return (digits[tens] if tens else 1) * 10 + (digits[ones] if ones else 0)
