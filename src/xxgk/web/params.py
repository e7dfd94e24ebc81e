"""Bounds of the numbers a request may carry: an id fits the database's integer, a
year is a report's, a count is small. A number outside is refused (422) before it
reaches a query — never an overflow deep in the database driver (a 500)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query
from pydantic import Field

MAX_ID = 2**31 - 1  # PostgreSQL's INTEGER
Id = Annotated[int, Path(ge=1, le=MAX_ID)]
Year = Annotated[int, Path(ge=2000, le=2100)]
QueryId = Annotated[int | None, Query(ge=1, le=MAX_ID)]
QueryYear = Annotated[int | None, Query(ge=2000, le=2100)]
MinCount = Annotated[int, Query(ge=1, le=10**9)]
# In a JSON body:
BodyRef = Annotated[int, Field(ge=1, le=MAX_ID)]
Version = Annotated[int, Field(ge=0, le=MAX_ID)]


def year_or_none(text: str) -> int | None:
    """A year typed into a filter form: kept when it is one, else no filter."""
    text = text.strip()
    return int(text) if text.isdigit() and 2000 <= int(text) <= 2100 else None
