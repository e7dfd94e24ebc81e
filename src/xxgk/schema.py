"""The statutory schema: tables, rows, columns, printed labels and their variants.

Everything that knows what the national format looks like reads it from here: the
extractor (keys to find rows), the checker (identities), the renderers and the sample
generator. Sources: 国办公开办函〔2019〕60号 (trial format, reports on 2019–2020) and
国办公开办函〔2021〕30号 (reports on 2021 onward); see shared/spec.

A row's `keys` are regular expressions matched against *key text*: the printed label
after NFKC normalisation with whitespace and quotes removed (see `key_text`). They list
the distinctive head of each label and its known misprints, so that a label wrapped
over lines, printed with stray spaces or a typo is still found.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

SCHEMA_ID = "xxgk.report/1"
FORMATS = ("2019", "2021")


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    label: str
    kind: str = "count"  # count | signed | amount
    heads: str = ""  # regular expression a header cell of this column matches (key text)


@dataclass(frozen=True, slots=True)
class Row:
    key: str
    label: str  # as printed in the national format
    short: str  # how findings name the row
    keys: tuple[str, ...]
    group: str = ""  # the merged label cell the row sits under, if any


# ---------------------------------------------------------------- 表三
APPLICANT_COLUMNS: tuple[Column, ...] = (
    Column("natural_person", "自然人", heads="^自然人"),
    Column("commercial", "商业企业", heads="^商业企业"),
    Column("research", "科研机构", heads="^科研机构"),
    Column("social_welfare", "社会公益组织", heads="^社会公益"),
    Column("legal_services", "法律服务机构", heads="^法律服务"),
    Column("other_org", "其他", heads="^其他$"),
    Column("total", "总计", heads="^[总合]计$"),
)
APPLICANT_PARTS = tuple(c.key for c in APPLICANT_COLUMNS[:-1])

RESULTS = "三、本年度办理结果"
WITHHELD = "（三）不予公开"
UNAVAILABLE = "（四）无法提供"
NOT_HANDLED = "（五）不予处理"
OTHER = "（六）其他处理"

APPLICATION_ROWS: tuple[Row, ...] = (
    Row("new_received", "一、本年新收政府信息公开申请数量", "一、本年新收", ("本年新收", "本年度新收")),
    Row("carried_over", "二、上年结转政府信息公开申请数量", "二、上年结转", ("上年结转", "上年度结转")),
    Row("granted", "（一）予以公开", "（一）予以公开", ("予以公开",), RESULTS),
    Row(
        "partially_granted",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        "（二）部分公开",
        ("部分公开",),
        RESULTS,
    ),
    Row("withheld_state_secret", "1.属于国家秘密", "（三）1.属于国家秘密", ("国家秘密", "属于国家"), WITHHELD),
    Row(
        "withheld_prohibited_by_law",
        "2.其他法律行政法规禁止公开",
        "（三）2.其他法律行政法规禁止公开",
        ("其他法律", "法规禁止", "行政止公开"),
        WITHHELD,
    ),
    Row(
        "withheld_security_stability",
        "3.危及“三安全一稳定”",
        "（三）3.危及“三安全一稳定”",
        ("危及", "三安全一稳定"),
        WITHHELD,
    ),
    Row("withheld_third_party", "4.保护第三方合法权益", "（三）4.保护第三方合法权益", ("第三方", "保护第三"), WITHHELD),
    Row(
        "withheld_internal_affairs",
        "5.属于三类内部事务信息",
        "（三）5.属于三类内部事务信息",
        ("三类内", "内部事务", "内容事务", "属于三类"),
        WITHHELD,
    ),
    Row(
        "withheld_process_info",
        "6.属于四类过程性信息",
        "（三）6.属于四类过程性信息",
        ("四类过程", "过程性", "属于四类"),
        WITHHELD,
    ),
    Row(
        "withheld_enforcement_file",
        "7.属于行政执法案卷",
        "（三）7.属于行政执法案卷",
        ("执法案卷", "行政执法", "属于行政执"),
        WITHHELD,
    ),
    Row(
        "withheld_query_matter",
        "8.属于行政查询事项",
        "（三）8.属于行政查询事项",
        ("查询事项", "行政查询", "属于行政查"),
        WITHHELD,
    ),
    Row(
        "unavailable_not_held",
        "1.本机关不掌握相关政府信息",
        "（四）1.本机关不掌握相关政府信息",
        ("不掌握", "本机关不"),
        UNAVAILABLE,
    ),
    Row(
        "unavailable_needs_creation",
        "2.没有现成信息需要另行制作",
        "（四）2.没有现成信息需要另行制作",
        ("没有现成", "另行制作"),
        UNAVAILABLE,
    ),
    Row(
        "unavailable_unclear",
        "3.补正后申请内容仍不明确",
        "（四）3.补正后申请内容仍不明确",
        ("补正后", "仍不明确"),
        UNAVAILABLE,
    ),
    Row(
        "not_handled_petition", "1.信访举报投诉类申请", "（五）1.信访举报投诉类申请", ("信访", "举报投诉"), NOT_HANDLED
    ),
    Row("not_handled_duplicate", "2.重复申请", "（五）2.重复申请", ("重复申请",), NOT_HANDLED),
    Row(
        "not_handled_publication",
        "3.要求提供公开出版物",
        "（五）3.要求提供公开出版物",
        ("出版物", "要求提供"),
        NOT_HANDLED,
    ),
    Row(
        "not_handled_excessive",
        "4.无正当理由大量反复申请",
        "（五）4.无正当理由大量反复申请",
        ("大量反复", "理由大量", "无正当理由大", r"4[.、]无正当"),
        NOT_HANDLED,
    ),
    Row(
        "not_handled_confirmation",
        "5.要求行政机关确认或重新出具已获取信息",
        "（五）5.要求行政机关确认或重新出具已获取信息",
        ("要求行政", "重新出具", "确认或重新"),
        NOT_HANDLED,
    ),
    Row("other", "（六）其他处理", "（六）其他处理", ("其他处理",), RESULTS),
    Row(
        "other_no_correction",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "（六）1.逾期不补正",
        ("逾期不补正", "不补正", "申请人无"),
        OTHER,
    ),
    Row(
        "other_unpaid_fee",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "（六）2.逾期未缴纳费用",
        ("缴纳费用", "收费通知", "逾期未按", "申请人逾"),
        OTHER,
    ),
    Row("other_misc", "3.其他", "（六）3.其他", (r"3[.、]?其他(?!处理|法律)",), OTHER),
    Row("total", "（七）总计", "（七）总计", (r"\(七\)总计", r"七[、.]?总计", "^总计"), RESULTS),
    Row("carried_forward", "四、结转下年度继续办理", "四、结转下年度继续办理", ("结转下", "下年度继续", "转下年")),
)
APPLICATION_ROW = {r.key: r for r in APPLICATION_ROWS}
OTHER_SINGLE = ("other",)
OTHER_SPLIT = ("other_no_correction", "other_unpaid_fee", "other_misc")
# Text that only the three-row （六） layout prints.
OTHER_SPLIT_MARK = re.compile("逾期不补正|不补正|缴纳费用|收费通知")


def application_rows(split_other: bool) -> tuple[Row, ...]:
    """The 表三 rows in printed order, with the single-row or the three-row （六）."""
    drop = OTHER_SINGLE if split_other else OTHER_SPLIT
    return tuple(r for r in APPLICATION_ROWS if r.key not in drop)


def outcome_keys(split_other: bool) -> tuple[str, ...]:
    """The outcome rows whose sum is （七）总计 (identity T3-B)."""
    keys = [r.key for r in application_rows(split_other)]
    return tuple(keys[keys.index("granted") : keys.index("total")])


# ---------------------------------------------------------------- 表四
REVIEW_COLUMNS: tuple[Column, ...] = (
    Column("upheld", "结果维持", heads="维持"),
    Column("corrected", "结果纠正", heads="纠正"),
    Column("other", "其他结果", heads="^其他"),
    Column("pending", "尚未审结", heads="审结"),
    Column("total", "总计", heads="^[总合]计$"),
)
REVIEW_PARTS = tuple(c.key for c in REVIEW_COLUMNS[:-1])
REVIEW_GROUPS: tuple[tuple[str, str, str], ...] = (
    # key, label, identity code
    ("review", "行政复议", "T4-A"),
    ("litigation_direct", "行政诉讼·未经复议直接起诉", "T4-B"),
    ("litigation_after_review", "行政诉讼·复议后起诉", "T4-C"),
)


# ---------------------------------------------------------------- 表二
@dataclass(frozen=True, slots=True)
class Item:
    key: str
    label: str
    keys: tuple[str, ...]
    columns: tuple[Column, ...]
    article: str  # 第二十条第（x）项
    group: str = ""


_MADE = (
    Column("made", "本年新制作数量", heads="制作"),
    Column("published", "本年新公开数量", heads="新公开"),
    Column("total", "对外公开总数量", heads="总数"),
)
_PREV = (
    Column("previous", "上一年项目数量", heads="上一?年"),
    Column("change", "本年增/减", "signed", heads="增"),
    Column("decisions", "处理决定数量", heads="处理决定|决定数"),
)
_ISSUED = (
    Column("issued", "本年制发件数", heads="制发"),
    Column("repealed", "本年废止件数", heads="废止"),
    Column("in_force", "现行有效件数", heads="现行有效"),
)
_DECISIONS = (Column("decisions", "本年处理决定数量", heads="处理决定|决定数"),)
SERVICES = "其他对外管理服务事项"

ACTIVE_ITEMS: dict[str, tuple[Item, ...]] = {
    "2019": (
        Item("regulations", "规章", ("规章",), _MADE, "第二十条第（一）项"),
        Item("normative_documents", "规范性文件", ("规范性文件",), _MADE, "第二十条第（一）项"),
        Item("licensing", "行政许可", ("行政许可",), _PREV, "第二十条第（五）项"),
        Item("other_services", SERVICES, ("其他对外管理", "对外管理服务"), _PREV, "第二十条第（五）项"),
        Item("inspection", "行政检查", ("行政检查",), _PREV, "第二十条第（五）项", SERVICES),
        Item("confirmation", "行政确认", ("行政确认",), _PREV, "第二十条第（五）项", SERVICES),
        Item("penalty", "行政处罚", ("行政处罚",), _PREV, "第二十条第（六）项"),
        Item("enforcement", "行政强制", ("行政强制",), _PREV, "第二十条第（六）项"),
        Item("fees", "行政事业性收费", ("事业性收费",), _PREV[:2], "第二十条第（八）项"),
        Item(
            "procurement",
            "政府集中采购",
            ("集中采购",),
            (Column("items", "采购项目数量", heads="项目数"), Column("amount", "采购总金额", "amount", heads="金额")),
            "第二十条第（九）项",
        ),
    ),
    "2021": (
        Item("regulations", "规章", ("规章",), _ISSUED, "第二十条第（一）项"),
        Item("normative_documents", "行政规范性文件", ("规范性文件",), _ISSUED, "第二十条第（一）项"),
        Item("licensing", "行政许可", ("行政许可",), _DECISIONS, "第二十条第（五）项"),
        Item("penalty", "行政处罚", ("行政处罚",), _DECISIONS, "第二十条第（六）项"),
        Item("enforcement", "行政强制", ("行政强制",), _DECISIONS, "第二十条第（六）项"),
        Item(
            "fees",
            "行政事业性收费",
            ("事业性收费",),
            (Column("amount", "本年收费金额（单位：万元）", "amount", heads="金额"),),
            "第二十条第（八）项",
        ),
    ),
}
# Header words that tell the two 表二 layouts apart (spec: "Format detection").
FORMAT_MARKS = {
    "2021": ("制发件数", "废止件数", "现行有效", "收费金额", "本年处理决定"),
    "2019": ("新制作数量", "新公开数量", "对外公开总数", "上一年项目数", "本年增/减", "采购项目数", "集中采购"),
}
PROCUREMENT_UNITS = ("万元", "元")


# Every label the national tables print: a scan's misread label (子以公开) is known by
# its likeness to one of them.
LABELS: tuple[str, ...] = tuple(
    dict.fromkeys(
        [r.label for r in APPLICATION_ROWS]
        + [RESULTS, WITHHELD, UNAVAILABLE, NOT_HANDLED, OTHER, "申请人情况", "法人或其他组织", "信息内容"]
        + [c.label for c in APPLICANT_COLUMNS + REVIEW_COLUMNS]
        + ["行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉"]
        + [i.label for items in ACTIVE_ITEMS.values() for i in items]
        + [c.label for items in ACTIVE_ITEMS.values() for i in items for c in i.columns]
        + [i.article for items in ACTIVE_ITEMS.values() for i in items]
    )
)


# ---------------------------------------------------------------- sections
@dataclass(frozen=True, slots=True)
class Section:
    key: str
    number: str  # 一 … 六
    title: str
    keys: tuple[str, ...]


SECTIONS: tuple[Section, ...] = (
    Section("overview", "一", "总体情况", ("总体情况", "总体", "概述", "基本情况", "概况")),
    Section("active_disclosure", "二", "主动公开政府信息情况", ("主动公开",)),
    Section("applications", "三", "收到和处理政府信息公开申请情况", ("收到和处理", "申请情况", "依申请")),
    Section("review_litigation", "四", "政府信息公开行政复议、行政诉讼情况", ("行政复议", "行政诉讼", "复议", "诉讼")),
    Section("problems", "五", "存在的主要问题及改进情况", ("问题", "不足", "改进")),
    Section("other", "六", "其他需要报告的事项", ("其他需要", "其他说要", "其他.{0,6}事项", "其他")),
)

TABLES = ("active_disclosure", "applications", "review_litigation")
TABLE_NAMES = {"active_disclosure": "表二", "applications": "表三", "review_litigation": "表四"}
TABLE_TITLES = {
    "active_disclosure": "主动公开政府信息情况",
    "applications": "收到和处理政府信息公开申请情况",
    "review_litigation": "政府信息公开行政复议、行政诉讼情况",
}


# ---------------------------------------------------------------- key text
_SQUASH = dict.fromkeys(map(ord, "\"'“”‘’「」『』〝〞〃`´ \t\r\n\f\v\u3000\xa0\u200b"), None)
_CIRCLED = {ord(c): f"{i}." for i, c in enumerate("①②③④⑤⑥⑦⑧⑨⑩", 1)}
_HAS_CIRCLED = re.compile("[①-⑩]")


@functools.lru_cache(maxsize=1 << 14)  # table labels and numbers recur from report to report
def normalize(text: str) -> str:
    """NFKC (full-width digits and brackets to ASCII) with circled ordinals spelt out."""
    if text.isascii():  # ASCII is its own NFKC form: most table cells
        return text
    if _HAS_CIRCLED.search(text):
        text = text.translate(_CIRCLED)
    return unicodedata.normalize("NFKC", text)


def squash(text: str) -> str:
    """Normalised text without whitespace and quotes: what label keys match."""
    return text.translate(_SQUASH)


def key_text(text: str) -> str:
    return squash(normalize(text))


def compile_keys(keys: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{k})" for k in keys))


def _item(key: str, fmt: str | None) -> Item:
    items = ACTIVE_ITEMS.get(fmt or "", ()) + ACTIVE_ITEMS["2019"] + ACTIVE_ITEMS["2021"]
    return next(i for i in items if i.key == key)


def row_name(table: str, row: str, fmt: str | None = None) -> str:
    """How an officer names a row: 表三's label, 表四's group, 表二's item."""
    if table == "applications":
        return APPLICATION_ROW[row].short
    if table == "review_litigation":
        return next(label for g, label, _ in REVIEW_GROUPS if g == row)
    return _item(row, fmt).label


def cell_name(address: str, fmt: str | None = None) -> str:
    """A cell as an officer names it: 表三“一、本年新收”“自然人”."""
    table, row, column = address.split(".")
    return f"{TABLE_NAMES[table]}“{row_name(table, row, fmt)}”“{column_name(table, row, column, fmt)}”"


def column_name(table: str, row: str, column: str, fmt: str | None = None) -> str:
    """The printed heading of a cell's column."""
    if table == "applications":
        return next(c.label for c in APPLICANT_COLUMNS if c.key == column)
    if table == "review_litigation":
        return next(c.label for c in REVIEW_COLUMNS if c.key == column)
    return next(c.label for c in _item(row, fmt).columns if c.key == column)


# The figures dashboards ask for, one row per report beside what they are filtered by:
# every 表三 row's total, 一、本年新收 by applicant type, every 表四 cell. One wide row
# keeps a question over 100,000 reports to one scan of one table.
def _figure_columns() -> list[str]:
    return (
        [f"a_{r.key}" for r in APPLICATION_ROWS]
        + [f"n_{p}" for p in APPLICANT_PARTS]
        + [f"r_{g}_{c.key}" for g, _, _ in REVIEW_GROUPS for c in REVIEW_COLUMNS]
    )


FIGURES = tuple(_figure_columns())
