"""E-mails to applicants: at receipt, with every letter, at the answer.

A notice is first written to the outbox (the `mails` table) in the same transaction as
what it tells of, then sent by `deliver` through the office's mail server. A server that
is down or refuses loses nothing: the notice stays, marked failed with the reason, and
the next delivery tries it again (up to TRIES times); the officer's queue shows it.
Nothing here logs: an e-mail address is personal data.
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any, cast

from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import Session

from ..store.models import Application, Letter, Mail, utc_now
from .office import Smtp, smtp

TRIES = 5
TIMEOUT = 15  # seconds for the mail server to answer
DOCX = ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document")


def queue(s: Session, app: Application, subject: str, text: str, letter: Letter | None = None) -> Mail | None:
    """A notice to the applicant, waiting to be sent (none when they gave no e-mail address)."""
    if not app.applicant_email:
        return None
    m = Mail(
        application_id=app.id,
        letter_id=letter.id if letter is not None else None,
        to=app.applicant_email,
        subject=subject[:200],
        text=text,
        status="pending",
        tries=0,
        created_at=utc_now(),
    )
    s.add(m)
    return m


def _message(m: Mail, sender: str, letter: Letter | None, number: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sender, m.to, m.subject
    msg["Date"], msg["Message-ID"] = formatdate(localtime=False), make_msgid(domain=sender.rpartition("@")[2] or None)
    msg.set_content(m.text)
    if letter is not None:
        msg.add_attachment(letter.docx, *DOCX, filename=f"{letter.kind}-{number}.docx")
    return msg


def _connect(cfg: Smtp) -> smtplib.SMTP:
    if cfg.security == "ssl":
        conn: smtplib.SMTP = smtplib.SMTP_SSL(cfg.host, cfg.port, timeout=TIMEOUT, context=ssl.create_default_context())
    else:
        conn = smtplib.SMTP(cfg.host, cfg.port, timeout=TIMEOUT)
        if cfg.security == "starttls":
            conn.starttls(context=ssl.create_default_context())
    if cfg.user:
        conn.login(cfg.user, cfg.password)
    return conn


def waiting(s: Session, body_ids: set[int] | None = None) -> list[Mail]:
    """The notices not sent (pending, or failed: those out of tries too, for the queue)."""
    q = select(Mail).where(Mail.status != "sent").order_by(Mail.id)
    if body_ids is not None:
        q = q.join(Application, Application.id == Mail.application_id).where(Application.body_id.in_(body_ids))
    return list(s.scalars(q))


def mails_of(s: Session, app_id: int) -> list[Mail]:
    return list(s.scalars(select(Mail).where(Mail.application_id == app_id).order_by(Mail.id)))


def retry(s: Session, body_ids: set[int] | None = None) -> int:
    """Give the failed notices their tries again (the officer mended the settings), and
    those a delivery claimed but never finished (its process stopped) back to waiting."""
    again = [m for m in waiting(s, body_ids=body_ids) if m.status in ("failed", "sending")]
    for m in again:
        m.tries, m.status = 0, "pending"
    s.commit()
    return len(again)


def deliver(s: Session, limit: int = 100) -> tuple[int, int]:
    """Send what waits; (sent, failed). Without a mail server set, nothing is tried."""
    cfg = smtp(s)
    todo = [m for m in waiting(s) if m.tries < TRIES and m.status != "sending"][:limit]
    if not cfg.ready or not todo:
        return 0, 0
    sent = failed = 0
    try:
        conn = _connect(cfg)
    except (OSError, smtplib.SMTPException) as e:
        for m in todo:
            _failed(m, f"无法连接邮件服务器 {cfg.host}:{cfg.port}：{e}")
        s.commit()
        return 0, len(todo)
    with conn:
        for m in todo:
            # Claimed first (marked sending, its try counted): of two deliveries at once, one sends it.
            claim = (
                update(Mail)
                .where(Mail.id == m.id, Mail.status.in_(("pending", "failed")))
                .values(status="sending", tries=Mail.tries + 1)
            )
            if cast("CursorResult[Any]", s.execute(claim.execution_options(synchronize_session=False))).rowcount != 1:
                s.rollback()
                continue
            s.commit()
            letter = s.get(Letter, m.letter_id) if m.letter_id else None
            number = s.scalar(select(Application.number).where(Application.id == m.application_id)) or ""
            try:
                conn.send_message(_message(m, cfg.sender, letter, number))
            except (OSError, smtplib.SMTPException) as e:
                m.status, m.error = "failed", str(e)[:400]
                failed += 1
            else:
                m.status, m.sent_at, m.error = "sent", utc_now(), None
                sent += 1
            s.commit()
    return sent, failed


def _failed(m: Mail, why: str) -> None:
    m.status, m.error = "failed", why[:400]
    m.tries += 1
