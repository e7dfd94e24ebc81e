"""The errors xxgk raises on purpose, in one tree.

Every message is Chinese and names the file, field or record and what to do. Each class
carries how a front end answers it: the command's exit code (1 means "findings", as
`xxgk check` uses it; 2 unusable input or output; 3 a conflicting change) and the HTTP
status. The command line has one handler (cli/files.py `failed`), the web one (web/errors.py);
anything else that escapes is a fault of ours (said, never shown as a traceback; the
command exits 70).

    XxgkError                       exit 2, HTTP 400
    ├── InputError (ValueError)     input that cannot be used: exit 2, 422
    │   ├── ReadError               a report file that cannot be read (read/)
    │   │   └── NotTemplate         a workbook `xxgk template` did not make
    │   ├── FormulaError            a workbook formula xxgk cannot evaluate
    │   ├── DateError, ClockError   a date not understood; dates that contradict each other
    │   ├── CalendarGap             a day the working-day calendar does not know (register/calendar.py)
    │   ├── CalendarFileError       a calendar file line not understood
    │   ├── EventError              an event that cannot happen now (register/events.py)
    │   ├── LedgerError             a register spreadsheet that cannot be imported
    │   └── AccountError            a user's mistake managing accounts
    │       └── LoginLocked         too many wrong passwords (store/accounts.py): 429
    ├── OutputError                 a file that cannot be written: exit 2, 500
    ├── Refused                     a report that does not balance or is not filled, asked
    │                               for as final: exit 1, 409 (render/gate.py)
    ├── NotFound                    no such record: exit 2, 404
    ├── Conflict                    changed by someone else meanwhile: exit 3, 409
    ├── LoginRequired               401 (a page answers with the login page)
    ├── Forbidden                   403
    ├── Unavailable                 a service xxgk needs is missing or down: exit 2, 503
    │   ├── RenderError             a report cannot be produced (LibreOffice)
    │   │   ├── OfficeMissing
    │   │   └── OfficeTimeout
    │   ├── DatabaseError           a database that cannot be opened
    │   └── EngineError             a reading engine (Ray) that cannot start
    └── ReadTimeout                 a reading process's time is up (sandbox.py; said as a ReadError)
"""

from __future__ import annotations

from typing import ClassVar


class XxgkError(Exception):
    """Base of every error xxgk raises on purpose."""

    exit_code: ClassVar[int] = 2
    http_status: ClassVar[int] = 400
    title: ClassVar[str] = "错误"  # what the message is headed with


class InputError(XxgkError, ValueError):
    http_status = 422


class ReadError(InputError):
    """A file that cannot be read; the message is Chinese and names the problem."""

    title = "无法读取"


class NotTemplate(ReadError):
    """A workbook that xxgk template did not make: it is read as any other report."""


class FormulaError(InputError):
    pass


class DateError(InputError):
    pass


class ClockError(InputError):
    """Dates that contradict each other."""


class CalendarFileError(InputError):
    pass


class EventError(InputError):
    """An event that cannot happen now, in words for the officer; `field`, when one of
    its fields is missing, which (a front end may name its own input for it)."""

    def __init__(self, message: str, field: str = ""):
        super().__init__(message)
        self.field = field


class LedgerError(InputError):
    pass


class AccountError(InputError):
    """A user's mistake in managing accounts, in Chinese."""


class OutputError(XxgkError):
    http_status = 500
    title = "无法生成"


class Refused(XxgkError):
    """A report asked for as final that does not balance or is not filled; `findings`
    says why, one finding a reason."""

    exit_code = 1
    http_status = 409
    title = "拒绝生成"

    def __init__(self, message: str, findings: list | None = None):
        super().__init__(message)
        self.findings = findings or []


class NotFound(XxgkError, LookupError):
    http_status = 404


class Conflict(XxgkError):
    """The record changed since the version the change was made on; `current` is its version now."""

    exit_code = 3
    http_status = 409

    def __init__(self, what: str, current: int):
        self.current = current
        super().__init__(f"{what}已被他人修改（当前版本 {current}），请刷新后在最新内容上重新操作")


class LoginRequired(XxgkError):
    """A page that needs an account, asked for without one: the login page answers."""

    http_status = 401


class Forbidden(XxgkError):
    """Logged in, but the role does not allow this."""

    http_status = 403


class Unavailable(XxgkError):
    http_status = 503


class RenderError(Unavailable):
    """A report that cannot be produced; the message is Chinese and says what to do."""

    title = "无法生成"


class OfficeMissing(RenderError):
    """LibreOffice is not installed."""


class OfficeTimeout(RenderError):
    """A conversion took longer than allowed."""


class DatabaseError(Unavailable):
    """A database that cannot be opened, in words for the user."""


class EngineError(Unavailable):
    """The reading engine cannot start; the message is Chinese and says what to do."""


class ReadTimeout(XxgkError):
    """A file's time is up (raised in a reading process by its alarm)."""
