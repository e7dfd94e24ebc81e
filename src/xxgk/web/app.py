"""The web application: the REST API under /api (api.py) and the pages (pages/), on one
database; its errors answered by one handler (errors.py), its headers by one middleware."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import anyio.to_thread
from fastapi import FastAPI
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy import QueuePool
from sqlalchemy.orm import Session, sessionmaker

from . import api, pages
from .answers import Answers
from .errors import install_errors
from .headers import SecurityHeaders
from .limits import APPLY_LIMIT, TRACK_LIMIT, Attempts


def create_app(sessions: sessionmaker[Session], uploads: Path | None = None) -> FastAPI:
    """The application on a database; reports added on the web are kept under `uploads`
    (default $XXGK_UPLOADS, else ./xxgk-uploads)."""
    # The API documentation's scripts are served from our own files, as ECharts is: offices'
    # intranets reach no CDN.
    engine = sessions.kw["bind"]

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        # As many worker threads as connections: a thread then never waits for a
        # connection, and fewer threads contend for the interpreter's lock.
        pool = engine.pool
        if isinstance(pool, QueuePool):
            threads = pool.size() + getattr(pool, "_max_overflow", 0)
            anyio.to_thread.current_default_thread_limiter().total_tokens = max(threads, 4)
        yield

    app = FastAPI(
        title="xxgk 政府信息公开 API",
        version="1",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
        description="政府信息公开申请登记、办理记录、法定期限、复议诉讼与年度报告生成。"
        "先以 POST /api/login 取得令牌，再以 Authorization: Bearer <令牌> 调用。",
    )

    @app.get("/docs", include_in_schema=False)
    async def docs() -> Response:
        from fastapi.openapi.docs import get_swagger_ui_html

        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="xxgk API 文档",
            swagger_js_url="/static/swagger/swagger-ui-bundle.js",
            swagger_css_url="/static/swagger/swagger-ui.css",
            swagger_favicon_url="",
        )

    app.state.sessions = sessions
    app.state.failed_logins = Attempts()
    app.state.applications = Attempts(*APPLY_LIMIT)
    app.state.wrong_codes = Attempts(*TRACK_LIMIT)
    app.state.uploads = uploads or Path(os.environ.get("XXGK_UPLOADS") or "xxgk-uploads")
    # A server database saves round trips without a transaction; SQLite has none to save.
    app.state.readers = (
        sessions
        if engine.dialect.name == "sqlite"
        else sessionmaker(engine.execution_options(isolation_level="AUTOCOMMIT"), expire_on_commit=False)
    )
    app.add_middleware(SecurityHeaders)
    install_errors(app)
    app.mount("/static", StaticFiles(packages=[("xxgk.web", "static")]), name="static")
    app.include_router(api.router)
    for router in pages.ROUTERS:
        app.include_router(router)
    app.state.answers = Answers()
    return app
