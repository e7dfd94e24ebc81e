"""Running the application: the database is migrated once, before the workers start."""

from __future__ import annotations

import os


def serve_forever(url: str, host: str, port: int, workers: int = 1) -> None:
    import uvicorn

    from ..store.db import open_db

    open_db(url).kw["bind"].dispose()
    os.environ["XXGK_DB"] = url  # the workers open the same database (xxgk.web.asgi)
    uvicorn.run("xxgk.web.asgi:app", host=host, port=port, workers=workers, log_level="warning")
