"""The ASGI application `xxgk serve` runs, on the database named by XXGK_DB: the web pages
and the REST API under /api."""

from ..store.db import open_db
from .api import create_app

app = create_app(open_db())
