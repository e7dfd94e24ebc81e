"""Bodies: the 行政区划代码 where the name settles it, and the region written in full
(江苏省淮安市洪泽区 for 洪泽区人民政府), also in the figures the dashboard filters.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

from xxgk.store.bodies import describe

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

bodies = sa.table('bodies', sa.column('id', sa.Integer), sa.column('name', sa.String), sa.column('region', sa.String),
                  sa.column('region_name', sa.String), sa.column('level', sa.String))
figures = sa.table('report_figures', sa.column('body_id', sa.Integer), sa.column('region', sa.String),
                   sa.column('level', sa.String))


def upgrade() -> None:
    conn = op.get_bind()
    rows = conn.execute(sa.select(bodies.c.id, bodies.c.name, bodies.c.region, bodies.c.level)).all()
    for id_, name, region, level in rows:
        info = describe(name)
        level = info.level if info.code else level  # the code settles the level; else it stays as entered
        conn.execute(bodies.update().where(bodies.c.id == id_).values(
            region=region or info.code, region_name=info.region_name, level=level))
        conn.execute(figures.update().where(figures.c.body_id == id_).values(region=info.region_name, level=level))


def downgrade() -> None:
    pass  # the fuller names and the codes are right under the older schema too
