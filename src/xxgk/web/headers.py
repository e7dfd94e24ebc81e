"""Headers every response carries: what a browser may load and frame, and what it may keep.

Scripts and styles come from our own /static only (no inline script: the dashboard's
data travels as JSON); nothing may frame a page (clickjacking); a page or answer for a
logged-in user, who may see applicants' names, is never stored by a browser or proxy.
"""

from __future__ import annotations

from fastapi import FastAPI, Request

from .auth import COOKIE

CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
# the API documentation page starts Swagger UI with an inline script of FastAPI's
CSP_DOCS = CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
PRIVATE = ("/register", "/admin", "/account", "/check", "/api/applications", "/api/bodies", "/api/reviews")


def install_headers(app: FastAPI) -> None:
    @app.middleware("http")
    async def _headers(request: Request, call_next):
        response = await call_next(request)
        h = response.headers
        h["Content-Security-Policy"] = CSP_DOCS if request.url.path == "/docs" else CSP
        h["X-Frame-Options"] = "DENY"
        h["X-Content-Type-Options"] = "nosniff"
        h["Referrer-Policy"] = "same-origin"
        signed_in = "authorization" in request.headers or COOKIE in request.cookies
        if signed_in or request.url.path.startswith(PRIVATE):
            h["Cache-Control"] = "no-store"
        return response
