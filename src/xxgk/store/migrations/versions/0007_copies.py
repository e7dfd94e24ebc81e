"""Copies: one report per body and year in every count. A report collected in several
forms (its PDF and a crawler's text) is stored once per file; the best-read file counts
and the others point to it (`copy_of`). How well each was read (`doubts`: cells unread
or in doubt; `filled`: cells read) decides which counts; the next ingest's comparison
fills both columns in for reports stored before. `missing`: a table of the report is missing (the dashboard's quality
figures read it with the others, in one pass).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('report_figures') as t:
        t.add_column(sa.Column('copy_of', sa.Integer, nullable=True))
        t.add_column(sa.Column('doubts', sa.Integer, nullable=True))
        t.add_column(sa.Column('filled', sa.Integer, nullable=True))
        t.add_column(sa.Column('missing', sa.Boolean, nullable=True))
        t.create_index('ix_report_figures_copy_of', ['copy_of'])
    op.execute("UPDATE report_figures SET missing = report_id IN "
               "(SELECT report_id FROM findings WHERE rule = 'missing.table')")


def downgrade() -> None:
    with op.batch_alter_table('report_figures') as t:
        t.drop_index('ix_report_figures_copy_of')
        t.drop_column('missing')
        t.drop_column('filled')
        t.drop_column('doubts')
        t.drop_column('copy_of')
