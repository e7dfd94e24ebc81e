"""The office's Excel 台账 in and out: one row per application.

Export writes the columns below; import reads them back, or an office's own sheet
whose headers are mapped onto them (common header names are recognised, others are
given with --map 字段=表头). An import is all or nothing: every row is checked by the
register's own rules first and the errors are reported by row.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from charset_normalizer import from_bytes

from ..errors import DateError, EventError, LedgerError
from ..tabular import write_csv, write_xlsx
from .dates import parse_date
from .events import (
    APPLICANT_BY_NAME,
    APPLICANT_TYPES,
    CHANNEL_BY_NAME,
    CHANNELS,
    OUTCOMES,
    STATUSES,
    Ev,
    derive,
    lookup,
    outcome_key,
)
from .service import NewCase, View


@dataclass(frozen=True, slots=True)
class Field:
    key: str
    header: str
    names: tuple[str, ...] = ()  # other headers offices use for it
    personal: bool = False


FIELDS: tuple[Field, ...] = (
    Field("number", "申请编号", ("编号", "受理编号", "登记编号", "序号")),
    Field("received", "收到申请日期", ("收到日期", "申请日期", "受理日期", "登记日期", "接收日期")),
    Field("channel", "收到渠道", ("申请方式", "提交方式", "渠道", "申请渠道")),
    Field("applicant_type", "申请人类型", ("申请人性质", "申请人类别", "类型")),
    Field("applicant_name", "申请人", ("申请人姓名", "申请人名称", "姓名"), personal=True),
    Field("applicant_contact", "联系方式", ("联系电话", "电话", "通讯地址", "联系地址"), personal=True),
    Field("content", "申请内容", ("申请公开的内容", "所需信息", "申请事项", "内容描述")),
    Field("correction_requested", "补正告知日期", ("补正日期", "告知补正日期")),
    Field("correction_received", "收到补正日期", ("补正收到日期",)),
    Field("consultation_started", "征求意见开始日期", ("征求意见日期", "征求第三方意见日期")),
    Field("consultation_ended", "征求意见结束日期", ("收到意见日期",)),
    Field("consultation_party", "征求意见对象", ()),
    Field("extension_approved", "批准延期日期", ("延期日期", "延期答复日期")),
    Field("extension_approver", "延期批准人", ("批准人",)),
    Field("fee_notice", "收费通知日期", ()),
    Field("fee_paid", "缴费日期", ()),
    Field("answered", "答复日期", ("办结日期", "答复时间", "办理日期")),
    Field("outcome", "办理结果", ("答复结果", "处理结果", "答复类型", "答复意见", "答复情况", "办理情况", "答复方式")),
    Field("withdrawn", "撤回日期", ()),
)
DERIVED = (("status", "状态"), ("due_on", "答复期限"))
_FIELD = {f.key: f for f in FIELDS}
_DATE_EVENTS = (
    "correction_requested",
    "correction_received",
    "consultation_started",
    "consultation_ended",
    "extension_approved",
    "fee_notice",
    "fee_paid",
)
_PARTY = {"third_party": "第三方", "co_issuer": "其他机关"}


# ------------------------------------------------------------------ export
def rows_of(views: list[View], personal: bool = False) -> tuple[list[str], list[list[Any]]]:
    fields = [f for f in FIELDS if personal or not f.personal]
    headers = ["机关"] + [f.header for f in fields] + [h for _, h in DERIVED]
    rows = []
    for v in views:
        cells: dict[str, Any] = {
            "number": v.app.number,
            "received": v.app.received_on,
            "channel": CHANNELS.get(v.app.channel, v.app.channel),
            "applicant_type": APPLICANT_TYPES.get(v.app.applicant_type),
            "applicant_name": v.app.applicant_name,
            "applicant_contact": v.app.applicant_contact,
            "content": v.app.content,
        }
        for e in v.events:
            if e.kind in _DATE_EVENTS and e.kind not in cells:
                cells[e.kind] = e.on
            if e.kind == "consultation_started":
                cells["consultation_party"] = _PARTY.get((e.data or {}).get("party", "third_party"))
            if e.kind == "extension_approved":
                cells["extension_approver"] = (e.data or {}).get("approver", "")
            if e.kind == "answered":
                cells["answered"], cells["outcome"] = e.on, OUTCOMES[e.data["outcome"]]
            if e.kind == "withdrawn":
                cells["withdrawn"] = e.on
        rows.append([v.body.name] + [cells.get(f.key) for f in fields] + [STATUSES.get(v.case.status), v.due.on])
    return headers, rows


def write(path: Path, headers: list[str], rows: list[list[Any]]) -> None:
    if path.suffix.lower() == ".xlsx":
        write_xlsx(path, [("依申请公开台账", headers, rows)])
    else:
        write_csv(path, headers, rows)


# ------------------------------------------------------------------ import
def read_table(path: Path) -> list[list[Any]]:
    try:
        data = path.read_bytes()
    except OSError as e:
        raise LedgerError(f"{path}：无法读取（{e.strerror}）") from None
    if data[:4] == b"PK\x03\x04":
        from openpyxl import load_workbook

        try:
            wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as e:  # noqa: BLE001 - any damage to the workbook is the user's file
            raise LedgerError(f"{path}：不是有效的 Excel 文件（{e}）") from None
        return [list(r) for r in wb.worksheets[0].iter_rows(values_only=True)]
    best = from_bytes(data).best()
    if best is None:
        raise LedgerError(f"{path}：不是文本表格（CSV）也不是 Excel 文件")
    text = str(best)
    dialect = csv.excel_tab if text.count("\t") > text.count(",") else csv.excel
    return [list(r) for r in csv.reader(io.StringIO(text.lstrip("\ufeff")), dialect)]


def _header_map(header: list[Any], mapping: dict[str, str]) -> dict[str, int]:
    names = [str(h or "").strip() for h in header]
    out: dict[str, int] = {}
    for key, wanted in mapping.items():
        if key not in _FIELD:
            raise LedgerError(f"--map 的字段“{key}”无效，可选：{'、'.join(f.key for f in FIELDS)}")
        if wanted not in names:
            raise LedgerError(
                f"--map {key}={wanted}：表头中没有“{wanted}”列（表头：{'、'.join(n for n in names if n)}）"
            )
        out[key] = names.index(wanted)
    for f in FIELDS:
        if f.key in out:
            continue
        for cand in (f.header, *f.names):
            if cand in names and names.index(cand) not in out.values():
                out[f.key] = names.index(cand)
                break
    return out


def _date(v: Any, what: str) -> date | None:
    if v is None or str(v).strip() in ("", "-", "—", "无"):
        return None
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    return parse_date(str(v).split(" ")[0] if isinstance(v, str) else str(v), what)


def cases_from(rows: list[list[Any]], mapping: dict[str, str] | None = None, source: str = "") -> list[NewCase]:
    """Rows of a sheet → applications with their histories; LedgerError lists every bad row."""
    start = next(
        (
            i
            for i, r in enumerate(rows[:20])
            if sum(1 for f in FIELDS for c in r if str(c or "").strip() in (f.header, *f.names)) >= 2
        ),
        None,
    )
    if start is None and not mapping:
        raise LedgerError(f"{source}：前 20 行中找不到表头（应含“收到申请日期”“申请人类型”等列，或用 --map 指定）")
    start = start or 0
    cols = _header_map(rows[start], mapping or {})
    missing = [_FIELD[k].header for k in ("received", "applicant_type") if k not in cols]
    if missing:
        raise LedgerError(f"{source}：缺少必需的列：{'、'.join(missing)}（可用 --map 字段=表头 指定）")
    out, errors = [], []
    for no, row in enumerate(rows[start + 1 :], start + 2):
        get = {k: (row[i] if i < len(row) else None) for k, i in cols.items()}
        if all(v is None or str(v).strip() == "" for v in get.values()):
            continue
        try:
            case = _case(get)
            derive([Ev("received", case.received), *case.events])  # the register's rules, row by row
            out.append(case)
        except (DateError, EventError) as e:
            errors.append(f"第 {no} 行：{e}")
    if errors:
        more = f"……共 {len(errors)} 行有误" if len(errors) > 20 else ""
        raise LedgerError(f"{source}：未导入任何数据，以下行需要更正：\n" + "\n".join(errors[:20]) + more)
    return out


def _case(get: dict[str, Any]) -> NewCase:
    text = lambda k: str(get.get(k) or "").strip()  # noqa: E731
    received = _date(get.get("received"), "收到申请日期")
    if received is None:
        raise DateError("收到申请日期为空")
    evs: list[Ev] = []
    for k in _DATE_EVENTS:
        d = _date(get.get(k), _FIELD[k].header)
        if d is None:
            continue
        data: dict[str, Any] = {}
        if k == "consultation_started":
            data["party"] = "co_issuer" if "机关" in text("consultation_party") else "third_party"
        if k == "extension_approved" and text("extension_approver"):
            data["approver"] = text("extension_approver")
        evs.append(Ev(k, d, data))
    answered, withdrawn = _date(get.get("answered"), "答复日期"), _date(get.get("withdrawn"), "撤回日期")
    if answered and withdrawn:
        raise EventError("同时填写了答复日期和撤回日期")
    if answered:
        if not text("outcome"):
            raise EventError("有答复日期但没有办理结果")
        evs.append(Ev("answered", answered, {"outcome": outcome_key(text("outcome"))}))
    elif text("outcome"):
        raise EventError("有办理结果但没有答复日期")
    if withdrawn:
        evs.append(Ev("withdrawn", withdrawn, {}))
    evs.sort(key=lambda e: e.on)  # a sheet has no order of its own: events by date
    return NewCase(
        received=received,
        applicant_type=lookup(text("applicant_type") or "自然人", APPLICANT_TYPES, APPLICANT_BY_NAME, "申请人类型"),
        channel=lookup(text("channel"), CHANNELS, CHANNEL_BY_NAME, "收到渠道") if text("channel") else "other",
        number=text("number") or None,
        applicant_name=text("applicant_name"),
        applicant_contact=text("applicant_contact"),
        content=text("content"),
        events=evs,
    )
