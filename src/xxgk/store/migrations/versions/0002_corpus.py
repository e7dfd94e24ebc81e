"""The corpus of published reports: files, reports, cells, findings, section texts, figures; bodies get a key, kind and region.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('files',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('path', sa.Text(), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('ingested_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('sha256')
    )
    with op.batch_alter_table('files', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_files_status'), ['status'], unique=False)

    op.create_table('reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('file_id', sa.Integer(), nullable=False),
    sa.Column('body_id', sa.Integer(), nullable=True),
    sa.Column('body_name', sa.String(length=200), nullable=True),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.Column('format', sa.String(length=8), nullable=True),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('published_on', sa.Date(), nullable=True),
    sa.Column('errors', sa.Integer(), nullable=False),
    sa.Column('warnings', sa.Integer(), nullable=False),
    sa.Column('record', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['body_id'], ['bodies.id'], ),
    sa.ForeignKeyConstraint(['file_id'], ['files.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('file_id')
    )
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reports_body_id'), ['body_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reports_year'), ['year'], unique=False)

    op.create_table('cells',
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('table', sa.String(length=20), nullable=False),
    sa.Column('row', sa.String(length=40), nullable=False),
    sa.Column('column', sa.String(length=40), nullable=False),
    sa.Column('value', sa.Float(), nullable=True),
    sa.Column('text', sa.String(length=20), nullable=True),
    sa.Column('blank', sa.Boolean(), nullable=False),
    sa.Column('where', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], ),
    sa.PrimaryKeyConstraint('report_id', 'table', 'row', 'column')
    )
    op.create_table('findings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('scope', sa.String(length=10), nullable=False),
    sa.Column('rule', sa.String(length=40), nullable=False),
    sa.Column('severity', sa.String(length=10), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('cells', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('findings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_findings_report_id'), ['report_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_findings_rule'), ['rule'], unique=False)

    op.create_table('report_figures',
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('body_id', sa.Integer(), nullable=True),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.Column('level', sa.String(length=20), nullable=True),
    sa.Column('kind', sa.String(length=10), nullable=True),
    sa.Column('region', sa.String(length=100), nullable=True),
    sa.Column('errors', sa.Integer(), nullable=True),
    sa.Column('late', sa.Boolean(), nullable=True),
    sa.Column('a_new_received', sa.Integer(), nullable=True),
    sa.Column('a_carried_over', sa.Integer(), nullable=True),
    sa.Column('a_granted', sa.Integer(), nullable=True),
    sa.Column('a_partially_granted', sa.Integer(), nullable=True),
    sa.Column('a_withheld_state_secret', sa.Integer(), nullable=True),
    sa.Column('a_withheld_prohibited_by_law', sa.Integer(), nullable=True),
    sa.Column('a_withheld_security_stability', sa.Integer(), nullable=True),
    sa.Column('a_withheld_third_party', sa.Integer(), nullable=True),
    sa.Column('a_withheld_internal_affairs', sa.Integer(), nullable=True),
    sa.Column('a_withheld_process_info', sa.Integer(), nullable=True),
    sa.Column('a_withheld_enforcement_file', sa.Integer(), nullable=True),
    sa.Column('a_withheld_query_matter', sa.Integer(), nullable=True),
    sa.Column('a_unavailable_not_held', sa.Integer(), nullable=True),
    sa.Column('a_unavailable_needs_creation', sa.Integer(), nullable=True),
    sa.Column('a_unavailable_unclear', sa.Integer(), nullable=True),
    sa.Column('a_not_handled_petition', sa.Integer(), nullable=True),
    sa.Column('a_not_handled_duplicate', sa.Integer(), nullable=True),
    sa.Column('a_not_handled_publication', sa.Integer(), nullable=True),
    sa.Column('a_not_handled_excessive', sa.Integer(), nullable=True),
    sa.Column('a_not_handled_confirmation', sa.Integer(), nullable=True),
    sa.Column('a_other', sa.Integer(), nullable=True),
    sa.Column('a_other_no_correction', sa.Integer(), nullable=True),
    sa.Column('a_other_unpaid_fee', sa.Integer(), nullable=True),
    sa.Column('a_other_misc', sa.Integer(), nullable=True),
    sa.Column('a_total', sa.Integer(), nullable=True),
    sa.Column('a_carried_forward', sa.Integer(), nullable=True),
    sa.Column('n_natural_person', sa.Integer(), nullable=True),
    sa.Column('n_commercial', sa.Integer(), nullable=True),
    sa.Column('n_research', sa.Integer(), nullable=True),
    sa.Column('n_social_welfare', sa.Integer(), nullable=True),
    sa.Column('n_legal_services', sa.Integer(), nullable=True),
    sa.Column('n_other_org', sa.Integer(), nullable=True),
    sa.Column('r_review_upheld', sa.Integer(), nullable=True),
    sa.Column('r_review_corrected', sa.Integer(), nullable=True),
    sa.Column('r_review_other', sa.Integer(), nullable=True),
    sa.Column('r_review_pending', sa.Integer(), nullable=True),
    sa.Column('r_review_total', sa.Integer(), nullable=True),
    sa.Column('r_litigation_direct_upheld', sa.Integer(), nullable=True),
    sa.Column('r_litigation_direct_corrected', sa.Integer(), nullable=True),
    sa.Column('r_litigation_direct_other', sa.Integer(), nullable=True),
    sa.Column('r_litigation_direct_pending', sa.Integer(), nullable=True),
    sa.Column('r_litigation_direct_total', sa.Integer(), nullable=True),
    sa.Column('r_litigation_after_review_upheld', sa.Integer(), nullable=True),
    sa.Column('r_litigation_after_review_corrected', sa.Integer(), nullable=True),
    sa.Column('r_litigation_after_review_other', sa.Integer(), nullable=True),
    sa.Column('r_litigation_after_review_pending', sa.Integer(), nullable=True),
    sa.Column('r_litigation_after_review_total', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], ),
    sa.PrimaryKeyConstraint('report_id')
    )
    with op.batch_alter_table('report_figures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_figures_body_id'), ['body_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_report_figures_level'), ['level'], unique=False)
        batch_op.create_index(batch_op.f('ix_report_figures_region'), ['region'], unique=False)
        batch_op.create_index(batch_op.f('ix_report_figures_year'), ['year'], unique=False)

    op.create_table('report_sections',
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('section', sa.String(length=40), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], ),
    sa.PrimaryKeyConstraint('report_id', 'section')
    )
    with op.batch_alter_table('bodies', schema=None) as batch_op:
        batch_op.add_column(sa.Column('key', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('kind', sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column('region_name', sa.String(length=100), nullable=True))
        batch_op.create_index(batch_op.f('ix_bodies_key'), ['key'], unique=True)
        batch_op.create_index(batch_op.f('ix_bodies_region_name'), ['region_name'], unique=False)

    # Bodies already in the register get their key and what their name tells.
    from xxgk.store.bodies import describe

    conn = op.get_bind()
    bodies = sa.table("bodies", sa.column("id"), sa.column("name"), sa.column("key"), sa.column("kind"),
                      sa.column("region_name"), sa.column("level"))
    for body_id, name, level in conn.execute(sa.select(bodies.c.id, bodies.c.name, bodies.c.level)).all():
        info = describe(name)
        conn.execute(bodies.update().where(bodies.c.id == body_id).values(
            key=info.key, kind=info.kind, region_name=info.region_name, level=level or info.level))



def downgrade() -> None:
    op.drop_index('ix_bodies_region_name', table_name='bodies')
    op.drop_index('ix_bodies_key', table_name='bodies')
    with op.batch_alter_table('bodies', schema=None) as batch_op:
        batch_op.drop_column('region_name')
        batch_op.drop_column('kind')
        batch_op.drop_column('key')

    op.drop_table('report_sections')
    with op.batch_alter_table('report_figures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_figures_year'))
        batch_op.drop_index(batch_op.f('ix_report_figures_region'))
        batch_op.drop_index(batch_op.f('ix_report_figures_level'))
        batch_op.drop_index(batch_op.f('ix_report_figures_body_id'))

    op.drop_table('report_figures')
    with op.batch_alter_table('findings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_findings_rule'))
        batch_op.drop_index(batch_op.f('ix_findings_report_id'))

    op.drop_table('findings')
    op.drop_table('cells')
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reports_year'))
        batch_op.drop_index(batch_op.f('ix_reports_body_id'))

    op.drop_table('reports')
    with op.batch_alter_table('files', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_files_status'))

    op.drop_table('files')
