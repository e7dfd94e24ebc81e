"""How often something may be tried: from one address, and from everywhere at once —
wrong passwords, public applications, wrong 查询码.

The account lockout stops guessing one account's password; these windows stop one
address trying many accounts (or codes), and a crowd of addresses wearing the server
down (a login or a code costs a scrypt hash). Counted per process, in memory: a
restart forgets.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque

PER_ADDRESS, GLOBAL, WINDOW = 10, 100, 60.0  # failed logins per WINDOW seconds


class Attempts:
    def __init__(self, per_address: int = PER_ADDRESS, overall: int = GLOBAL, window: float = WINDOW):
        self.per_address, self.overall, self.window = per_address, overall, window
        self._by: dict[str, deque[float]] = defaultdict(deque)
        self._all: deque[float] = deque()
        self._lock = threading.Lock()

    def _trim(self, q: deque[float], now: float) -> None:
        while q and q[0] <= now - self.window:
            q.popleft()

    def allowed(self, address: str, now: float | None = None) -> bool:
        """Whether a login from `address` may be tried now."""
        now = time.monotonic() if now is None else now
        with self._lock:
            mine = self._by.get(address)
            if mine is not None:
                self._trim(mine, now)
                if not mine:
                    del self._by[address]  # memory stays bounded by the recent failures
            self._trim(self._all, now)
            return len(self._by.get(address, ())) < self.per_address and len(self._all) < self.overall

    def add(self, address: str, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        with self._lock:
            self._by[address].append(now)
            self._all.append(now)


TOO_MANY = "登录失败次数过多，请一分钟后再试"
APPLY_LIMIT = (10, 300, 3600.0)  # applications per address, from everywhere, per hour
TRACK_LIMIT = (10, 500, 600.0)  # wrong 查询码 per address, from everywhere, per ten minutes


def client_address(request) -> str:
    """The peer's address (a proxy's forwarded header is not trusted: anyone can write it)."""
    return request.client.host if request.client else "-"
