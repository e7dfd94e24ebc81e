"""What the office enters once and every letter and e-mail uses: each body's letterhead,
文号 pattern, signature and the bodies its answers name for a remedy; the mail server
the applicants' notices go out through; the public address of the tracking page.

Kept as settings (key → text of at most 200 characters); read with defaults that make a
usable letter before anyone has edited them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import InputError
from ..store.models import Application, Body, Letter, Setting

MAX = 200  # a setting's characters (the column's size)


@dataclass(frozen=True)
class Office:
    """How one body's letters are headed, numbered and signed."""

    letterhead: str  # 发文机关标志, printed in red
    pattern: str  # 文号, with {year} and {n}: 示例政公开〔{year}〕{n}号
    signature: str  # 落款
    review_body: str  # where an applicant may apply for 行政复议
    court: str  # where an applicant may bring 行政诉讼
    contact: str = ""  # the office's telephone and address, printed in letters

    def number(self, year: int, n: int | str) -> str:
        return self.pattern.replace("{year}", str(year)).replace("{n}", str(n))


OFFICE_LABELS = {
    "letterhead": "发文机关标志（红头）",
    "pattern": "文号格式（{year} 为年份，{n} 为序号）",
    "signature": "落款",
    "review_body": "行政复议机关",
    "court": "管辖的人民法院",
    "contact": "联系电话和地址（印在告知书上）",
}


def default_office(body: Body) -> Office:
    """Letters that can go out before the office edits anything; the remedy bodies then
    name the rule (本级人民政府, 上一级) rather than a body we cannot know."""
    review = f"{body.region_name}人民政府" if body.kind == "部门" and body.region_name else "上一级行政机关"
    return Office(
        letterhead=body.name,
        pattern="依申请公开〔{year}〕{n}号",
        signature=body.name,
        review_body=review,
        court="有管辖权的人民法院",
    )


def _key(body_id: int, name: str) -> str:
    return f"office.{body_id}.{name}"


def office(s: Session, body: Body) -> Office:
    stored = dict(s.execute(select(Setting.key, Setting.value).where(Setting.key.like(f"office.{body.id}.%"))).all())
    base = default_office(body)
    return replace(base, **{f.name: stored[k] for f in fields(Office) if (k := _key(body.id, f.name)) in stored})


def set_office(s: Session, body: Body, given: dict[str, Any]) -> Office:
    """Save what was given (empty: back to the default); InputError says every problem."""
    problems = []
    values = {}
    for f in fields(Office):
        if f.name not in given:
            continue
        v = str(given[f.name] or "").strip()
        if len(v) > MAX:
            problems.append(f"{OFFICE_LABELS[f.name]}不超过 {MAX} 字")
        values[f.name] = v
    if values.get("pattern") and "{n}" not in values["pattern"]:
        problems.append("文号格式须含 {n}（序号），如：示例政公开〔{year}〕{n}号")
    if problems:
        raise InputError("\n".join(problems))
    for name, v in values.items():
        row = s.get(Setting, _key(body.id, name))
        if not v:
            if row is not None:
                s.delete(row)
            continue
        row = row or Setting(key=_key(body.id, name))
        row.value = v
        s.add(row)
    s.commit()
    return office(s, body)


def next_number(s: Session, body: Body, o: Office, year: int) -> str:
    """The next 文号 of the body's letters in `year` (`o`: its settings): one more than those of its pattern that year."""
    taken = set(
        s.scalars(
            select(Letter.number)
            .join(Application, Application.id == Letter.application_id)
            .where(Application.body_id == body.id)
        )
    )
    head, tail = o.number(year, "\0").split("\0", 1)
    n = 1 + sum(1 for t in taken if t.startswith(head) and t.endswith(tail))
    while o.number(year, n) in taken:
        n += 1
    return o.number(year, n)


# ------------------------------------------------------------------ mail server and public address
@dataclass(frozen=True)
class Smtp:
    host: str = ""
    port: int = 25
    security: str = "none"  # none | starttls | ssl
    user: str = ""
    password: str = ""
    sender: str = ""  # the From address

    @property
    def ready(self) -> bool:
        return bool(self.host and self.sender)


SECURITY = {"none": "不加密", "starttls": "STARTTLS", "ssl": "SSL/TLS"}
SMTP_KEYS = ("host", "port", "security", "user", "password", "sender")


def smtp(s: Session) -> Smtp:
    stored = dict(s.execute(select(Setting.key, Setting.value).where(Setting.key.like("smtp.%"))).all())
    got = {k: stored[f"smtp.{k}"] for k in SMTP_KEYS if f"smtp.{k}" in stored}
    port = got.pop("port", "25")
    return Smtp(port=int(port) if port.isdigit() else 25, **got)


def set_smtp(s: Session, given: dict[str, Any]) -> Smtp:
    """Save the mail server's settings; a password left empty keeps the one saved."""
    values = {k: str(given.get(k) or "").strip() for k in SMTP_KEYS if k in given}
    problems = []
    if values.get("port") and not (values["port"].isdigit() and 0 < int(values["port"]) < 65536):
        problems.append("端口应为 1–65535 的整数")
    if values.get("security", "none") not in SECURITY:
        problems.append(f"加密方式应为 {'、'.join(SECURITY)} 之一")
    if values.get("sender") and "@" not in values["sender"]:
        problems.append("发件人应为电子邮箱地址")
    if any(len(v) > MAX for v in values.values()):
        problems.append(f"每项不超过 {MAX} 字")
    if problems:
        raise InputError("\n".join(problems))
    if not values.get("password"):
        values.pop("password", None)
    for k, v in values.items():
        row = s.get(Setting, f"smtp.{k}") or Setting(key=f"smtp.{k}")
        row.value = v
        s.add(row)
    s.commit()
    return smtp(s)


def site(s: Session) -> str:
    """The public address the tracking page is reached at, for the links in e-mails ("" if unset)."""
    row = s.get(Setting, "site.url")
    return row.value.rstrip("/") if row else ""


def set_site(s: Session, url: str) -> None:
    url = url.strip()
    if url and not re.fullmatch(r"https?://[^\s/]+(/[^\s]*)?", url):
        raise InputError("网站地址应以 http:// 或 https:// 开头，如 https://xxgk.example.gov.cn")
    row = s.get(Setting, "site.url") or Setting(key="site.url")
    row.value = url[:MAX]
    s.add(row)
    s.commit()
