"""Headers every response carries: what a browser may load and frame, and what it may keep.

Scripts and styles come from our own /static only (no inline script: the dashboard's
data travels as JSON); nothing may frame a page (clickjacking); a page or answer for a
logged-in user, who may see applicants' names, is never stored by a browser or proxy.
"""

from __future__ import annotations

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .auth import COOKIE

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
# the API documentation page starts Swagger UI with an inline script of FastAPI's
CSP_DOCS = CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
# (/apply and /track: a receipt's 查询码 and an application's state are no one else's)
PRIVATE = (
    "/register",
    "/admin",
    "/account",
    "/check",
    "/apply",
    "/track",
    "/api/applications",
    "/api/bodies",
    "/api/reviews",
)


class SecurityHeaders:
    """A plain ASGI middleware: it adds the headers to the response's start and passes the
    body through untouched (Starlette's BaseHTTPMiddleware runs every request through
    extra tasks and streams, a tenth of a busy server's time)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        path = scope["path"]
        asked = Headers(scope=scope)
        private = "authorization" in asked or f"{COOKIE}=" in asked.get("cookie", "") or path.startswith(PRIVATE)

        async def start(message: Message) -> None:
            if message["type"] == "http.response.start":
                h = MutableHeaders(scope=message)
                h["Content-Security-Policy"] = CSP_DOCS if path == "/docs" else CSP
                h["X-Frame-Options"] = "DENY"
                h["X-Content-Type-Options"] = "nosniff"
                h["Referrer-Policy"] = "same-origin"
                if private:  # a signed-in user's answers may carry applicants' names
                    h["Cache-Control"] = "no-store"
            await send(message)

        await self.app(scope, receive, start)
