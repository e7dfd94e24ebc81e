"""The register's REST API (OpenAPI documentation at /docs).

Every endpoint that touches the database is a plain function run in a worker thread,
never on the event loop: a query waiting for a lock (SQLite's writer lock, a row lock)
then holds up only its own request (see `Route` for how connections and threads never
wait on each other). Calls are made as a user: `POST /api/login` gives a token for
`Authorization: Bearer …` (the web pages' cookie works too, with an X-CSRF-Token header
on changes). Officers reach their own body's register, supervisors their region's, admins
everything; an application outside one's bodies is answered 404, as if it did not exist.
Every change names the user who made it. Changes to an application or a case carry the
version they were made on; a stale version is answered 409 with the current one, so two
officers saving at once never overwrite each other. Applicant personal data is returned
only when asked for (?personal=true) and never appears in URLs or logs. The calculators
need no account.
"""

from __future__ import annotations

from fastapi import APIRouter

from ..deps import Route
from . import accounts, applications, reports, tools

router = APIRouter(prefix="/api", route_class=Route)
for part in (accounts, applications, reports, tools):
    router.include_router(part.router)
