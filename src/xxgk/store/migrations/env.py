"""Alembic environment: the connection comes from xxgk.store.db (or alembic.ini's URL)."""

from alembic import context
from sqlalchemy import create_engine

from xxgk.store.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # `alembic` run by hand, e.g. to autogenerate a revision
    engine = create_engine(config.get_main_option("sqlalchemy.url"))
    connection = engine.connect()
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
