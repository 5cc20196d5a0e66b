"""functional analysis (issue 11)

Revision ID: c18b00000010
Revises: c18a00000009
Create Date: 2026-11-30 19:25:00

"""
from alembic import op
import sqlalchemy as sa

import recoverynet.dbtypes


# revision identifiers, used by Alembic.
revision = 'c18b00000010'
down_revision = 'c18a00000009'
branch_labels = None
depends_on = None


def upgrade():
    # Looking back at a slip: the client's account, and the views of the members they ask.
    op.create_table(
        'analysis',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('client_id', sa.Integer(), nullable=False),
        sa.Column('slip_id', sa.Integer(), nullable=True),
        sa.Column('looked_at', sa.Date(), nullable=False),
        sa.Column('members_see_each_other', sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column('created_at', recoverynet.dbtypes.UTCDateTime(timezone=True), nullable=False),
        sa.Column('updated_at', recoverynet.dbtypes.UTCDateTime(timezone=True), nullable=False),
        sa.Column('closed_at', recoverynet.dbtypes.UTCDateTime(timezone=True), nullable=True),
        sa.Column('situation', sa.Text(), nullable=False),
        sa.Column('place', sa.Text(), nullable=False),
        sa.Column('people', sa.Text(), nullable=False),
        sa.Column('day', sa.Text(), nullable=False),
        sa.Column('thoughts', sa.Text(), nullable=False),
        sa.Column('feelings', sa.Text(), nullable=False),
        sa.Column('cravings', sa.Text(), nullable=False),
        sa.Column('chain', sa.Text(), nullable=False),
        sa.Column('after', sa.Text(), nullable=False),
        sa.Column('break_chain', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['client_id'], ['user.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['slip_id'], ['slip.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_analysis_client_id', 'analysis', ['client_id'])
    op.create_index('ix_analysis_slip_id', 'analysis', ['slip_id'])
    op.create_table(
        'perspective',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('analysis_id', sa.Integer(), nullable=False),
        sa.Column('member_id', sa.Integer(), nullable=True),
        sa.Column('asked_at', recoverynet.dbtypes.UTCDateTime(timezone=True), nullable=False),
        sa.Column('written_at', recoverynet.dbtypes.UTCDateTime(timezone=True), nullable=True),
        sa.Column('situation', sa.Text(), nullable=False),
        sa.Column('place', sa.Text(), nullable=False),
        sa.Column('people', sa.Text(), nullable=False),
        sa.Column('day', sa.Text(), nullable=False),
        sa.Column('thoughts', sa.Text(), nullable=False),
        sa.Column('feelings', sa.Text(), nullable=False),
        sa.Column('cravings', sa.Text(), nullable=False),
        sa.Column('chain', sa.Text(), nullable=False),
        sa.Column('after', sa.Text(), nullable=False),
        sa.Column('break_chain', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['analysis_id'], ['analysis.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['member_id'], ['user.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('analysis_id', 'member_id', name='uq_perspective_analysis_member'),
    )
    op.create_index('ix_perspective_member_id', 'perspective', ['member_id'])


def downgrade():
    op.drop_index('ix_perspective_member_id', table_name='perspective')
    op.drop_table('perspective')
    op.drop_index('ix_analysis_slip_id', table_name='analysis')
    op.drop_index('ix_analysis_client_id', table_name='analysis')
    op.drop_table('analysis')
