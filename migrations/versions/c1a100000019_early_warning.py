"""early warning notices (issue 10)

Revision ID: c1a100000019
Revises: c1a000000018
Create Date: 2026-11-30 22:45:00

"""
from alembic import op
import sqlalchemy as sa

import recoverynet.dbtypes


# revision identifiers, used by Alembic.
revision = 'c1a100000019'
down_revision = 'c1a000000018'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('warning_sign',
                    sa.Column('id', sa.Integer(), nullable=False),
                    sa.Column('client_id', sa.Integer(), nullable=False),
                    sa.Column('kind', sa.String(length=30), nullable=False),
                    sa.Column('day', sa.Date(), nullable=False),
                    sa.Column('since', recoverynet.dbtypes.UTCDateTime(), nullable=False),
                    sa.Column('text', sa.String(length=300), nullable=False),
                    sa.Column('created_at', recoverynet.dbtypes.UTCDateTime(), nullable=False),
                    sa.ForeignKeyConstraint(['client_id'], ['user.id'], ondelete='CASCADE'),
                    sa.PrimaryKeyConstraint('id'),
                    sa.UniqueConstraint('client_id', 'kind', 'day', name='uq_warning_sign_client_kind_day'))
    op.create_table('warning_notice',
                    sa.Column('id', sa.Integer(), nullable=False),
                    sa.Column('sign_id', sa.Integer(), nullable=False),
                    sa.Column('member_id', sa.Integer(), nullable=False),
                    sa.Column('send_at', recoverynet.dbtypes.UTCDateTime(), nullable=False),
                    sa.Column('told_at', recoverynet.dbtypes.UTCDateTime(), nullable=True),
                    sa.ForeignKeyConstraint(['member_id'], ['user.id'], ondelete='CASCADE'),
                    sa.ForeignKeyConstraint(['sign_id'], ['warning_sign.id'], ondelete='CASCADE'),
                    sa.PrimaryKeyConstraint('id'),
                    sa.UniqueConstraint('sign_id', 'member_id', name='uq_warning_notice_sign_member'))
    op.create_index('ix_warning_notice_member_id', 'warning_notice', ['member_id'], unique=False)
    op.create_index('ix_warning_notice_waiting', 'warning_notice', ['told_at', 'send_at'], unique=False)


def downgrade():
    op.drop_index('ix_warning_notice_waiting', table_name='warning_notice')
    op.drop_index('ix_warning_notice_member_id', table_name='warning_notice')
    op.drop_table('warning_notice')
    op.drop_table('warning_sign')
