"""Database tables. The register keeps facts (applications and their append-only event
log, reviews and lawsuits, 表二 figures, calendar entries); an application's status and
due date are derived from its events and only cached here for queries — rebuilt on
every event and whenever the calendar changes."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy import Column as SAColumn
from sqlalchemy import Table as SATable
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from ..schema import FIGURES


def utc_now() -> datetime:
    """Now, as every timestamp is stored: UTC without a zone (SQLite keeps none)."""
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    pass


class Body(Base):
    """A government body (机关) that answers applications and publishes reports."""

    __tablename__ = "bodies"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    region: Mapped[str | None] = mapped_column(String(12))  # 行政区划代码, where known
    level: Mapped[str | None] = mapped_column(String(20))
    # The name reduced to what stays the same across years (links a body's reports):
    key: Mapped[str | None] = mapped_column(String(200), unique=True, index=True)
    kind: Mapped[str | None] = mapped_column(String(10))  # 政府 | 部门
    region_name: Mapped[str | None] = mapped_column(String(100), index=True)  # 北京市西城区


class Application(Base):
    """One 政府信息公开申请. Who applied and what they asked is kept here; what happened
    to it is in its events."""

    __tablename__ = "applications"
    __table_args__ = (UniqueConstraint("body_id", "number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"), index=True)
    number: Mapped[str] = mapped_column(String(64))  # the office's own 申请编号
    channel: Mapped[str] = mapped_column(String(20))
    received_on: Mapped[date] = mapped_column(Date, index=True)
    applicant_type: Mapped[str] = mapped_column(String(20))
    applicant_name: Mapped[str] = mapped_column(String(200), default="")  # personal data
    applicant_contact: Mapped[str] = mapped_column(String(400), default="")  # personal data
    content: Mapped[str] = mapped_column(Text, default="")
    # What the public form (第二十九条) adds; personal data, never shown to the public:
    applicant_id_type: Mapped[str] = mapped_column(String(40), default="")
    applicant_id_number: Mapped[str] = mapped_column(String(64), default="")
    applicant_address: Mapped[str] = mapped_column(String(400), default="")
    applicant_email: Mapped[str] = mapped_column(String(200), default="")  # where notices are e-mailed
    delivery: Mapped[str] = mapped_column(String(40), default="")  # the form or way asked for
    code_hash: Mapped[str | None] = mapped_column(String(200))  # the 查询码's hash (applications made online)
    version: Mapped[int] = mapped_column(Integer, default=1)  # optimistic locking
    # Derived from the events (cache for queries, never a source):
    status: Mapped[str] = mapped_column(String(20), default="open", index=True)
    due_on: Mapped[date | None] = mapped_column(Date, index=True)
    closed_on: Mapped[date | None] = mapped_column(Date, index=True)
    outcome: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by: Mapped[str] = mapped_column(String(100))
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    updated_by: Mapped[str] = mapped_column(String(100))


class Event(Base):
    """One thing that happened to an application, in the order it was recorded."""

    __tablename__ = "application_events"
    __table_args__ = (UniqueConstraint("application_id", "seq"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(40))
    on: Mapped[date] = mapped_column(Date)  # the date the event took effect
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
    recorded_by: Mapped[str] = mapped_column(String(100))


class Letter(Base):
    """A letter the office sent (告知书, 征求意见函, 答复书), kept as generated, with the
    event that sent it."""

    __tablename__ = "letters"
    __table_args__ = (UniqueConstraint("application_id", "seq"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)  # the event's
    kind: Mapped[str] = mapped_column(String(20))  # 补正告知书 | … | 答复书
    number: Mapped[str] = mapped_column(String(100))  # its 文号
    to_applicant: Mapped[bool] = mapped_column(Boolean)  # a 征求意见函 goes to the third party
    docx: Mapped[bytes] = mapped_column(LargeBinary)
    made_at: Mapped[datetime] = mapped_column(DateTime)
    made_by: Mapped[str] = mapped_column(String(100))


class Mail(Base):
    """A notice e-mailed to an applicant: kept until sent, so none is lost when the mail
    server is down (sent again on the next delivery)."""

    __tablename__ = "mails"
    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    letter_id: Mapped[int | None] = mapped_column(ForeignKey("letters.id"))
    to: Mapped[str] = mapped_column(String(200))  # personal data
    subject: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), index=True)  # pending | sending | sent | failed
    tries: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(String(400))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)


class Review(Base):
    """An administrative review (行政复议) or lawsuit (行政诉讼) about disclosure."""

    __tablename__ = "reviews"
    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"), index=True)
    application_id: Mapped[int | None] = mapped_column(ForeignKey("applications.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))  # review | litigation_direct | litigation_after_review
    case_number: Mapped[str] = mapped_column(String(100), default="")
    filed_on: Mapped[date] = mapped_column(Date, index=True)
    result: Mapped[str | None] = mapped_column(String(20))  # upheld | corrected | other; None: pending
    decided_on: Mapped[date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, default=1)
    recorded_by: Mapped[str] = mapped_column(String(100))


class ActiveFigure(Base):
    """A 表二 figure entered for a body and year."""

    __tablename__ = "active_figures"
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    item: Mapped[str] = mapped_column(String(40), primary_key=True)
    column: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[float | None] = mapped_column(Float)
    text: Mapped[str | None] = mapped_column(String(20))  # a unit such as 万元


class ReportText(Base):
    """A narrative section (一、总体情况 …) entered for a body and year."""

    __tablename__ = "report_texts"
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    section: Mapped[str] = mapped_column(String(40), primary_key=True)
    text: Mapped[str] = mapped_column(Text)


class CalendarDay(Base):
    """A day the office entered: a holiday or make-up working day, or a correction."""

    __tablename__ = "calendar_days"
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    workday: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(String(200), default="")
    entered_by: Mapped[str] = mapped_column(String(100))


class CalendarYear(Base):
    """A year whose holidays the office declared entered in full."""

    __tablename__ = "calendar_years"
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    entered_by: Mapped[str] = mapped_column(String(100))


class Setting(Base):
    """An office-wide setting, e.g. whether the fee period pauses the answer clock."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))


# ------------------------------------------------------------------ the corpus of published reports
class File(Base):
    """A file ingested, by content: read again only if its bytes are new."""

    __tablename__ = "files"
    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    path: Mapped[str] = mapped_column(Text)
    size: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), index=True)  # good | defective | unreadable | not_report
    reason: Mapped[str | None] = mapped_column(Text)
    ingested_at: Mapped[datetime] = mapped_column(DateTime)


class Report(Base):
    """A published annual report, as read: its record (without provenance, which is per
    cell), the body it was linked to, and its counts of findings."""

    __tablename__ = "reports"
    id: Mapped[int] = mapped_column(primary_key=True)
    file_id: Mapped[int] = mapped_column(ForeignKey("files.id"), unique=True)
    body_id: Mapped[int | None] = mapped_column(ForeignKey("bodies.id"), index=True)
    body_name: Mapped[str | None] = mapped_column(String(200))  # as printed
    year: Mapped[int | None] = mapped_column(Integer, index=True)
    format: Mapped[str | None] = mapped_column(String(8))
    source: Mapped[str] = mapped_column(Text)
    published_on: Mapped[date | None] = mapped_column(Date)
    errors: Mapped[int] = mapped_column(Integer, default=0)
    warnings: Mapped[int] = mapped_column(Integer, default=0)
    record: Mapped[dict] = mapped_column(JSON)


class Cell(Base):
    """One cell of a report: value as printed (None when blank) and where it was read."""

    __tablename__ = "cells"
    # No foreign key: the ingest writes a report's cells with it, and checking ~200 cells
    # against reports one by one cost more than storing them (migration 0003). SQLite
    # keeps them in key order, stored once (migration 0009).
    __table_args__ = {"sqlite_with_rowid": False}
    report_id: Mapped[int] = mapped_column(primary_key=True)
    table: Mapped[str] = mapped_column(String(20), primary_key=True)
    row: Mapped[str] = mapped_column(String(40), primary_key=True)
    column: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[float | None] = mapped_column(Float)
    text: Mapped[str | None] = mapped_column(String(20))  # a unit such as 万元
    blank: Mapped[bool] = mapped_column(Boolean)
    where: Mapped[dict | None] = mapped_column(JSON)


class ReportFinding(Base):
    """A finding on a report: the checker's (scope report) or a comparison with other
    reports (scope corpus, rebuilt after every ingest)."""

    __tablename__ = "findings"
    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    scope: Mapped[str] = mapped_column(String(10), default="report")
    rule: Mapped[str] = mapped_column(String(40), index=True)
    severity: Mapped[str] = mapped_column(String(10))
    message: Mapped[str] = mapped_column(Text)
    cells: Mapped[list] = mapped_column(JSON, default=list)


class SectionText(Base):
    __tablename__ = "report_sections"
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), primary_key=True)
    section: Mapped[str] = mapped_column(String(40), primary_key=True)
    text: Mapped[str] = mapped_column(Text)


report_figures = SATable(
    "report_figures",
    Base.metadata,
    SAColumn("report_id", Integer, ForeignKey("reports.id"), primary_key=True),
    SAColumn("body_id", Integer, index=True),
    SAColumn("year", Integer, index=True),
    SAColumn("level", String(20), index=True),
    SAColumn("kind", String(10)),
    SAColumn("region", String(100), index=True),
    SAColumn("errors", Integer),
    SAColumn("late", Boolean),
    SAColumn("missing", Boolean),  # a table of the report is missing (finding missing.table)
    # A copy of another file of the same body and year (the id of the report that counts):
    # copies are left out of every count (store/copies.py).
    SAColumn("copy_of", Integer, index=True),
    SAColumn("doubts", Integer),  # cells unread or in doubt: the fewer, the better read
    SAColumn("filled", Integer),  # cells read
    *[SAColumn(name, Integer) for name in FIGURES],
)


# ------------------------------------------------------------------ accounts of the web application
class User(Base):
    """Someone who logs in. Visitors without an account see the published reports and the
    dashboard only. An officer works on one body's register; a supervisor sees every body
    of a region; an admin manages users and the calendar."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(100), default="")  # as shown and in the event log
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))  # officer | supervisor | admin
    body_id: Mapped[int | None] = mapped_column(ForeignKey("bodies.id"))  # officers
    region: Mapped[str | None] = mapped_column(String(100))  # supervisors: the start of their bodies' region
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)  # wrong passwords in a row
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)  # after too many of them


class WebSession(Base):
    """A login. The browser holds a random token; only its hash is stored, so a copy of
    the database opens no one's session."""

    __tablename__ = "web_sessions"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    csrf: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[datetime] = mapped_column(DateTime, index=True)


class CheckResult(Base):
    """A report checked on the web page, kept a day for its downloads."""

    __tablename__ = "checks"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    record: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime, index=True)
