"""Users, passwords and logins of the web application, and what each user may see.

Passwords are hashed with scrypt (standard library), salted per user. A login is a row
keyed by the hash of a random token the browser keeps in a cookie; it carries the CSRF
token its forms must send back.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session

from ..errors import AccountError, NotFound
from .models import Body, User, WebSession, utc_now
from .regions import expand

ROLES = {"officer": "经办人", "supervisor": "监督人员", "admin": "管理员"}
SESSION_DAYS = 7
MAX_FAILURES, LOCK_MINUTES = 5, 15
_N, _R, _P = 2**17, 8, 1  # scrypt cost: ~0.3 s and 128 MiB per hash here (OWASP: N ≥ 2^17)
_MAXMEM = 2**28
# at most two hashes at once: a burst of logins waits instead of taking 128 MiB each
_HASHING = threading.BoundedSemaphore(2)


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    with _HASHING:
        return hashlib.scrypt(password.encode(), salt=salt, n=n, r=r, p=p, maxmem=_MAXMEM)


def hash_password(password: str, n: int = _N) -> str:
    """`n`: scrypt's cost; lower only for a random secret (a 查询码), never a chosen password."""
    salt = secrets.token_bytes(16)
    digest = _scrypt(password, salt, n, _R, _P)
    enc = base64.b64encode
    return f"scrypt${n}${_R}${_P}${enc(salt).decode()}${enc(digest).decode()}"


def password_ok(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if int(n) > _N or int(r) > _R or int(p) > _P:
            return False  # no stored hash may cost more than ours
        got = _scrypt(password, base64.b64decode(salt), int(n), int(r), int(p))
    except (ValueError, TypeError):
        return False
    return scheme == "scrypt" and hmac.compare_digest(got, base64.b64decode(digest))


def add_user(
    s: Session,
    username: str,
    password: str,
    role: str,
    *,
    name: str = "",
    body: Body | None = None,
    region: str | None = None,
) -> User:
    username = username.strip()
    if not username:
        raise AccountError("用户名不能为空")
    if role not in ROLES:
        raise AccountError(f"角色应为 {'、'.join(ROLES)} 之一（{'、'.join(ROLES.values())}）")
    if len(password) < 8:
        raise AccountError("密码至少 8 位")
    if role == "officer" and body is None:
        raise AccountError("经办人须指定所属机关")
    if role == "supervisor" and not region:
        raise AccountError("监督人员须指定所辖地区（如“示例市”）")
    if s.scalar(select(User.id).where(User.username == username)) is not None:
        raise AccountError(f"用户名“{username}”已存在")
    u = User(
        username=username,
        name=name or username,
        password_hash=hash_password(password),
        role=role,
        body_id=body.id if body else None,
        region=region if role == "supervisor" else None,
        active=True,
        created_at=utc_now(),
        failed_logins=0,
    )
    s.add(u)
    s.commit()
    return u


def set_password(s: Session, user: User, password: str) -> None:
    if len(password) < 8:
        raise AccountError("密码至少 8 位")
    user.password_hash = hash_password(password)
    user.failed_logins, user.locked_until = 0, None
    s.execute(delete(WebSession).where(WebSession.user_id == user.id))  # every login ends
    s.commit()


def authenticate(s: Session, username: str, password: str) -> User | None:
    """The user, or None for a wrong name or password. After MAX_FAILURES wrong passwords
    in a row the account refuses every password for LOCK_MINUTES (LoginLocked)."""
    u = s.scalar(select(User).where(User.username == username.strip()))
    if u is None or not u.active:
        hash_password(password)  # the same time whether or not the name exists
        return None
    # Each attempt takes its turn in one statement before the password is looked at, so
    # that a burst of concurrent guesses cannot all be tried before the lock falls.
    now = utc_now()
    turn = s.execute(
        update(User)
        .where(User.id == u.id, or_(User.locked_until.is_(None), User.locked_until <= now))
        .values(failed_logins=func.coalesce(User.failed_logins, 0) + 1)
        .returning(User.failed_logins)
    ).scalar()
    s.commit()
    if turn is None or turn > MAX_FAILURES:
        s.refresh(u)
        raise LoginLocked(u.locked_until or now + timedelta(minutes=LOCK_MINUTES))
    if not password_ok(password, u.password_hash):
        if turn >= MAX_FAILURES:
            s.execute(
                update(User)
                .where(User.id == u.id)
                .values(failed_logins=0, locked_until=utc_now() + timedelta(minutes=LOCK_MINUTES))
            )
            s.commit()
        return None
    values: dict = {"failed_logins": 0, "locked_until": None}
    if _weaker(u.password_hash):  # hashed at an older, lower cost: rehashed now that the password is at hand
        values["password_hash"] = hash_password(password)
    s.execute(update(User).where(User.id == u.id).values(**values))
    s.commit()
    s.refresh(u)
    return u


def _weaker(stored: str) -> bool:
    parts = stored.split("$")
    return len(parts) == 6 and parts[1].isdigit() and int(parts[1]) < _N


class LoginLocked(AccountError):
    http_status = 429

    def __init__(self, until: datetime):
        minutes = max(1, round((until - utc_now()).total_seconds() / 60))
        super().__init__(f"密码连续输错 {MAX_FAILURES} 次，账号已暂时锁定，请 {minutes} 分钟后再试")


def change_password(s: Session, user: User, current: str, new: str, again: str) -> None:
    """A user's own change: the current password first; every other login of theirs ends."""
    if not password_ok(current, user.password_hash):
        raise AccountError("当前密码不正确")
    if new != again:
        raise AccountError("两次输入的新密码不一致")
    set_password(s, user, new)


def set_active(s: Session, user: User, active: bool) -> None:
    """Stop or restore an account; a stopped one's logins end at once."""
    user.active = active
    if not active:
        s.execute(delete(WebSession).where(WebSession.user_id == user.id))
    s.commit()


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(s: Session, user: User) -> str:
    """A new login: the token for the cookie."""
    token = secrets.token_urlsafe(32)
    s.execute(delete(WebSession).where(WebSession.expires_at < utc_now()))
    s.add(
        WebSession(
            token_hash=_token_hash(token),
            user_id=user.id,
            csrf=secrets.token_urlsafe(32),
            expires_at=utc_now() + timedelta(days=SESSION_DAYS),
        )
    )
    s.commit()
    return token


def close_session(s: Session, token: str) -> None:
    s.execute(delete(WebSession).where(WebSession.token_hash == _token_hash(token)))
    s.commit()


@dataclass(frozen=True)
class Login:
    user: User
    csrf: str


def session_user(s: Session, token: str | None) -> Login | None:
    if not token:
        return None
    row = s.execute(
        select(User, WebSession.csrf)
        .join(WebSession, WebSession.user_id == User.id)
        .where(WebSession.token_hash == _token_hash(token), WebSession.expires_at > utc_now(), User.active.is_(True))
    ).first()
    return Login(row[0], row[1]) if row else None


def body_scope(s: Session, user: User | None) -> set[int] | None:
    """The bodies whose register a user may see: None for all (admin), an empty set for none."""
    if user is None:
        return set()
    if user.role == "admin":
        return None
    if user.role == "officer":
        return {user.body_id} if user.body_id else set()
    if user.role == "supervisor" and user.region:
        return set(s.scalars(select(Body.id).where(Body.region_name.like(f"{expand(user.region)}%"))))
    return set()


def users(s: Session) -> list[tuple[User, str | None]]:
    """Every account with its body's name, oldest first."""
    q = select(User, Body.name).outerjoin(Body, Body.id == User.body_id).order_by(User.id)
    return [(u, name) for u, name in s.execute(q)]


def user_named(s: Session, username: str) -> User:
    u = s.scalar(select(User).where(User.username == username))
    if u is None:
        raise NotFound(f"没有用户“{username}”")
    return u


def user(s: Session, user_id: int) -> User:
    u = s.get(User, user_id)
    if u is None:
        raise NotFound(f"没有编号为 {user_id} 的用户")
    return u
