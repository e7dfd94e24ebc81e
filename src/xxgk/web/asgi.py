"""The ASGI application `xxgk serve` runs, on the database named by XXGK_DB."""

from ..store.db import open_db
from .app import create_app

app = create_app(open_db())
