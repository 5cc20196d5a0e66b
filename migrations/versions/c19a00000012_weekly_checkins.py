"""weekly checkins (issue 9)

Revision ID: c19a00000012
Revises: c18c00000011
Create Date: 2026-11-30 19:30:00

"""
from alembic import op
import sqlalchemy as sa

import recoverynet.dbtypes


# revision identifiers, used by Alembic.
revision = 'c19a00000012'
down_revision = 'c18c00000011'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'checkin_plan',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('client_id', sa.Integer(), nullable=False),
        sa.Column('weekday', sa.Integer(), nullable=False),
        sa.Column('time', sa.String(length=5), nullable=False),
        sa.Column('mode', sa.String(length=10), nullable=False),
        sa.Column('place', sa.String(length=300), nullable=False),
        sa.Column('reminder_id', sa.Integer(), nullable=True),
        sa.Column('updated_at', recoverynet.dbtypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['client_id'], ['user.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['reminder_id'], ['reminder.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('client_id'),
    )
    op.create_table(
        'checkin_participant',
        sa.Column('plan_id', sa.Integer(), nullable=False),
        sa.Column('member_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['plan_id'], ['checkin_plan.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['member_id'], ['user.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('plan_id', 'member_id'),
    )
    op.create_index('ix_checkin_participant_member_id', 'checkin_participant', ['member_id'])
    op.create_table(
        'checkin',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('client_id', sa.Integer(), nullable=False),
        sa.Column('held_on', sa.Date(), nullable=False),
        sa.Column('created_at', recoverynet.dbtypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['client_id'], ['user.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('client_id', 'held_on', name='uq_checkin_client_day'),
    )
    op.create_table(
        'checkin_note',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('checkin_id', sa.Integer(), nullable=False),
        sa.Column('section', sa.String(length=12), nullable=False),
        sa.Column('author_id', sa.Integer(), nullable=True),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('private', sa.Boolean(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('created_at', recoverynet.dbtypes.UTCDateTime(), nullable=False),
        sa.Column('updated_at', recoverynet.dbtypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(['checkin_id'], ['checkin.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['author_id'], ['user.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_checkin_note_checkin_id', 'checkin_note', ['checkin_id'])
    op.create_index('ix_checkin_note_author_id', 'checkin_note', ['author_id'])
    op.create_table(
        'action_item',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('client_id', sa.Integer(), nullable=False),
        sa.Column('checkin_id', sa.Integer(), nullable=False),
        sa.Column('what', sa.String(length=200), nullable=False),
        sa.Column('owner_id', sa.Integer(), nullable=True),
        sa.Column('due_on', sa.Date(), nullable=True),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', recoverynet.dbtypes.UTCDateTime(), nullable=False),
        sa.Column('done_at', recoverynet.dbtypes.UTCDateTime(), nullable=True),
        sa.Column('ticked_by_id', sa.Integer(), nullable=True),
        sa.Column('ticked_at', recoverynet.dbtypes.UTCDateTime(), nullable=True),
        sa.Column('reminded_at', recoverynet.dbtypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(['client_id'], ['user.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['checkin_id'], ['checkin.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['owner_id'], ['user.id'], ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['ticked_by_id'], ['user.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_action_item_checkin_id', 'action_item', ['checkin_id'])
    op.create_index('ix_action_item_owner_id', 'action_item', ['owner_id'])
    op.create_index('ix_action_item_created_by_id', 'action_item', ['created_by_id'])
    op.create_index('ix_action_item_ticked_by_id', 'action_item', ['ticked_by_id'])
    op.create_index('ix_action_item_client_open', 'action_item', ['client_id', 'done_at'])
    op.create_index('ix_action_item_due_open', 'action_item', ['due_on', 'reminded_at'])


def downgrade():
    for name in ('ix_action_item_due_open', 'ix_action_item_client_open', 'ix_action_item_ticked_by_id',
                 'ix_action_item_created_by_id', 'ix_action_item_owner_id', 'ix_action_item_checkin_id'):
        op.drop_index(name, table_name='action_item')
    op.drop_table('action_item')
    op.drop_index('ix_checkin_note_author_id', table_name='checkin_note')
    op.drop_index('ix_checkin_note_checkin_id', table_name='checkin_note')
    op.drop_table('checkin_note')
    op.drop_table('checkin')
    op.drop_index('ix_checkin_participant_member_id', table_name='checkin_participant')
    op.drop_table('checkin_participant')
    op.drop_table('checkin_plan')
