"""Opening a database: SQLite file by default, PostgreSQL (or any SQLAlchemy URL) by URL;
the schema is brought up to date with Alembic's migrations on open."""

from __future__ import annotations

import os
from pathlib import Path

import orjson
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from ..errors import DatabaseError
from ..record import json_text

DEFAULT_URL = "sqlite:///xxgk.sqlite"
MIGRATIONS = Path(__file__).parent / "migrations"
HEAD = "0009"  # the newest migration (tests hold it to the scripts): a database there needs no Alembic


def default_url() -> str:
    return os.environ.get("XXGK_DB") or DEFAULT_URL


def normalize_url(url: str) -> str:
    """Accept a plain file path or postgresql:// (psycopg 3 is the driver)."""
    if "://" not in url:
        return f"sqlite:///{url}"
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def _revision(conn) -> str | None:
    try:
        with conn.begin_nested():
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except DBAPIError:
        return None


# JSON columns through orjson, several times faster than the standard library's
# encoder: the ingest writes a whole record per report.
# hide_parameters: a database error's message never carries the values bound to the
# statement, which are applicants' names and phone numbers (they reached the logs)
_JSON = {"json_serializer": json_text, "json_deserializer": orjson.loads, "hide_parameters": True}


def make_engine(url: str, **pool: int) -> Engine:
    """`pool`: the connection pool's size and waits, where the defaults do not fit."""
    url = normalize_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30}, **_JSON, **pool)

        @event.listens_for(engine, "connect")
        def _pragmas(conn, _):  # concurrent readers while one writes; enforce foreign keys
            cur = conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            # Read through the OS's page cache without copying: the dashboard and the
            # library read the same few tables over and over.
            cur.execute("PRAGMA mmap_size=268435456")
            cur.close()

        return engine
    # Connections are recycled rather than pinged before each use: a ping is a round trip per request.
    return create_engine(url, **({"pool_size": 10, "max_overflow": 20} | pool), pool_recycle=1800, **_JSON)


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration (a no-op when it is there already)."""
    with engine.begin() as conn:
        if _revision(conn) == HEAD:
            return
        from alembic import command
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def open_db(url: str | None = None) -> sessionmaker[Session]:
    url = url or default_url()
    try:
        engine = make_engine(url)
        upgrade(engine)
    except OperationalError as e:
        raise DatabaseError(f"无法打开数据库 {url}：{str(e.orig).strip().splitlines()[0]}") from None
    except ImportError as e:
        raise DatabaseError(f"数据库 {url} 缺少驱动：{e}") from None
    return sessionmaker(engine, expire_on_commit=False)
