"""年报体检 results: a report checked on the web, kept `KEEP_DAYS` for its downloads under
an unguessable key, then dropped."""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import delete
from sqlalchemy.orm import Session

from ..errors import NotFound
from ..record import Record
from .models import CheckResult, utc_now

KEEP_DAYS = 1


def keep(s: Session, checked: list[tuple[str, Record]]) -> list[str]:
    """Keep each (file name, record); their keys, in order. Older results are dropped."""
    now = utc_now()
    keys = []
    for name, rec in checked:
        key = secrets.token_urlsafe(16)
        s.add(CheckResult(id=key, name=name[:300], record=rec.to_json(), created_at=now))
        keys.append(key)
    s.execute(delete(CheckResult).where(CheckResult.created_at < now - timedelta(days=KEEP_DAYS)))
    s.commit()
    return keys


def kept(s: Session, key: str) -> tuple[str, Record]:
    row = s.get(CheckResult, key)
    if row is None:
        raise NotFound("体检结果不存在或已过期（保留一天），请重新上传")
    return row.name, Record.from_json(row.record)
