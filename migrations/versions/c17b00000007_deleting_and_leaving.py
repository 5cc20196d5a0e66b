"""deleting and leaving (issue 12): the sessions of deleted accounts (by token hash only), and
indexes for deleting a member's views and marking what they sent as from a former member

Revision ID: c17b00000007
Revises: c15f00000006
Create Date: 2026-11-30 19:20:00

"""
from alembic import op
import sqlalchemy as sa

import recoverynet.dbtypes


# revision identifiers, used by Alembic.
revision = 'c17b00000007'
down_revision = 'c15f00000006'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('deleted_account_session',
                    sa.Column('token_hash', sa.String(length=64), nullable=False),
                    sa.Column('deleted_at', recoverynet.dbtypes.UTCDateTime(), nullable=False),
                    sa.PrimaryKeyConstraint('token_hash', name=op.f('pk_deleted_account_session')))
    with op.batch_alter_table('deleted_account_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_deleted_account_session_deleted_at'), ['deleted_at'], unique=False)
    with op.batch_alter_table('view_record', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_view_record_member_id'), ['member_id'], unique=False)
    with op.batch_alter_table('encouragement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_encouragement_sender_id'), ['sender_id'], unique=False)


def downgrade():
    with op.batch_alter_table('encouragement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_encouragement_sender_id'))
    with op.batch_alter_table('view_record', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_view_record_member_id'))
    with op.batch_alter_table('deleted_account_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_deleted_account_session_deleted_at'))
    op.drop_table('deleted_account_session')
