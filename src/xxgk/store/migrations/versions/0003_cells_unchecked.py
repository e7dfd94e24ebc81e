"""Cells are written without a foreign-key check on their report.

The ingest writes a report and its cells in one transaction, from one process; checking
each of a report's ~200 cells against reports took PostgreSQL more time than storing
them (a row lock on the report per cell).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def _cells(*constraints) -> sa.Table:
    return sa.Table(
        'cells', sa.MetaData(),
        sa.Column('report_id', sa.Integer(), nullable=False),
        sa.Column('table', sa.String(length=20), nullable=False),
        sa.Column('row', sa.String(length=40), nullable=False),
        sa.Column('column', sa.String(length=40), nullable=False),
        sa.Column('value', sa.Float(), nullable=True),
        sa.Column('text', sa.String(length=20), nullable=True),
        sa.Column('blank', sa.Boolean(), nullable=False),
        sa.Column('where', sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint('report_id', 'table', 'row', 'column'),
        *constraints,
    )


def upgrade() -> None:
    if op.get_bind().dialect.name == 'sqlite':  # SQLite cannot drop a constraint: the table is rebuilt
        with op.batch_alter_table('cells', copy_from=_cells(), recreate='always'):
            pass
        return
    for fk in sa.inspect(op.get_bind()).get_foreign_keys('cells'):
        op.drop_constraint(fk['name'], 'cells', type_='foreignkey')


def downgrade() -> None:
    if op.get_bind().dialect.name == 'sqlite':
        with op.batch_alter_table('cells', copy_from=_cells(sa.ForeignKeyConstraint(['report_id'], ['reports.id'])),
                                  recreate='always'):
            pass
        return
    op.create_foreign_key('cells_report_id_fkey', 'cells', 'reports', ['report_id'], ['id'])
