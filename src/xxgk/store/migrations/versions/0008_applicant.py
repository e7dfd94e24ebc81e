"""The applicant's side: what the public form adds to an application (证件, address,
e-mail, the form of delivery, the 查询码's hash), the letters the office sent, and the
e-mails waiting to be sent.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('applications') as t:
        t.add_column(sa.Column('applicant_id_type', sa.String(40), nullable=False, server_default=''))
        t.add_column(sa.Column('applicant_id_number', sa.String(64), nullable=False, server_default=''))
        t.add_column(sa.Column('applicant_address', sa.String(400), nullable=False, server_default=''))
        t.add_column(sa.Column('applicant_email', sa.String(200), nullable=False, server_default=''))
        t.add_column(sa.Column('delivery', sa.String(40), nullable=False, server_default=''))
        t.add_column(sa.Column('code_hash', sa.String(200), nullable=True))
    op.create_table(
        'letters',
        sa.Column('id', sa.Integer, primary_key=True),
        sa.Column('application_id', sa.Integer, sa.ForeignKey('applications.id'), nullable=False, index=True),
        sa.Column('seq', sa.Integer, nullable=False),
        sa.Column('kind', sa.String(20), nullable=False),
        sa.Column('number', sa.String(100), nullable=False),
        sa.Column('to_applicant', sa.Boolean, nullable=False),
        sa.Column('docx', sa.LargeBinary, nullable=False),
        sa.Column('made_at', sa.DateTime, nullable=False),
        sa.Column('made_by', sa.String(100), nullable=False),
        sa.UniqueConstraint('application_id', 'seq'),
    )
    op.create_table(
        'mails',
        sa.Column('id', sa.Integer, primary_key=True),
        sa.Column('application_id', sa.Integer, sa.ForeignKey('applications.id'), nullable=False, index=True),
        sa.Column('letter_id', sa.Integer, sa.ForeignKey('letters.id'), nullable=True),
        sa.Column('to', sa.String(200), nullable=False),
        sa.Column('subject', sa.String(200), nullable=False),
        sa.Column('text', sa.Text, nullable=False),
        sa.Column('status', sa.String(10), nullable=False, index=True),
        sa.Column('tries', sa.Integer, nullable=False),
        sa.Column('error', sa.String(400), nullable=True),
        sa.Column('created_at', sa.DateTime, nullable=False),
        sa.Column('sent_at', sa.DateTime, nullable=True),
    )


def downgrade() -> None:
    op.drop_table('mails')
    op.drop_table('letters')
    with op.batch_alter_table('applications') as t:
        for name in ('code_hash', 'delivery', 'applicant_email', 'applicant_address', 'applicant_id_number',
                     'applicant_id_type'):
            t.drop_column(name)
