"""monthly review (issue 9)

Revision ID: c19c00000014
Revises: c19b00000013
Create Date: 2026-11-30 20:05:00

"""
from alembic import op
import sqlalchemy as sa

import recoverynet.dbtypes


# revision identifiers, used by Alembic.
revision = 'c19c00000014'
down_revision = 'c19b00000013'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'review_plan',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('client_id', sa.Integer(), nullable=False),
        sa.Column('day_of_month', sa.Integer(), nullable=False),
        sa.Column('time', sa.String(length=5), nullable=False),
        sa.Column('next_due_at', recoverynet.dbtypes.UTCDateTime(), nullable=True),
        sa.Column('updated_at', recoverynet.dbtypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['client_id'], ['user.id'], name=op.f('fk_review_plan_client_id_user'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_review_plan')),
        sa.UniqueConstraint('client_id', name=op.f('uq_review_plan_client_id')),
    )
    with op.batch_alter_table('review_plan', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_plan_next_due_at'), ['next_due_at'], unique=False)
    op.create_table(
        'review_participant',
        sa.Column('plan_id', sa.Integer(), nullable=False),
        sa.Column('member_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['member_id'], ['user.id'], name=op.f('fk_review_participant_member_id_user'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['plan_id'], ['review_plan.id'],
                                name=op.f('fk_review_participant_plan_id_review_plan'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('plan_id', 'member_id', name=op.f('pk_review_participant')),
    )
    with op.batch_alter_table('review_participant', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_participant_member_id'), ['member_id'], unique=False)
    op.create_table(
        'monthly_review',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('client_id', sa.Integer(), nullable=False),
        sa.Column('held_on', sa.Date(), nullable=False),
        sa.Column('safety', sa.Text(), nullable=False),
        sa.Column('goals', sa.Text(), nullable=False),
        sa.Column('medication', sa.Text(), nullable=False),
        sa.Column('needs', sa.Text(), nullable=False),
        sa.Column('roles', sa.Text(), nullable=False),
        sa.Column('private_note', sa.Text(), nullable=False),
        sa.Column('created_at', recoverynet.dbtypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['client_id'], ['user.id'], name=op.f('fk_monthly_review_client_id_user'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_monthly_review')),
        sa.UniqueConstraint('client_id', 'held_on', name='uq_monthly_review_client_day'),
    )
    op.create_table(
        'review_attendee',
        sa.Column('review_id', sa.Integer(), nullable=False),
        sa.Column('member_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['member_id'], ['user.id'], name=op.f('fk_review_attendee_member_id_user'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['review_id'], ['monthly_review.id'],
                                name=op.f('fk_review_attendee_review_id_monthly_review'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('review_id', 'member_id', name=op.f('pk_review_attendee')),
    )
    with op.batch_alter_table('review_attendee', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_attendee_member_id'), ['member_id'], unique=False)


def downgrade():
    with op.batch_alter_table('review_attendee', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_attendee_member_id'))
    op.drop_table('review_attendee')
    op.drop_table('monthly_review')
    with op.batch_alter_table('review_participant', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_participant_member_id'))
    op.drop_table('review_participant')
    with op.batch_alter_table('review_plan', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_plan_next_due_at'))
    op.drop_table('review_plan')
