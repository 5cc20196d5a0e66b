"""medication answers (issue 9)

Revision ID: c19d00000015
Revises: c19c00000014
Create Date: 2026-11-30 20:05:00

"""
from alembic import op
import sqlalchemy as sa

import recoverynet.dbtypes


# revision identifiers, used by Alembic.
revision = 'c19d00000015'
down_revision = 'c19c00000014'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'medication_answer',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('reminder_id', sa.Integer(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('slot', sa.String(length=5), nullable=False),
        sa.Column('answer', sa.String(length=10), nullable=False),
        sa.Column('answered_at', recoverynet.dbtypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['reminder_id'], ['reminder.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('reminder_id', 'day', 'slot', name='uq_medication_answer_dose'),
    )
    with op.batch_alter_table('medication_answer', schema=None) as batch_op:
        batch_op.create_index('ix_medication_answer_user_day', ['user_id', 'day'], unique=False)


def downgrade():
    with op.batch_alter_table('medication_answer', schema=None) as batch_op:
        batch_op.drop_index('ix_medication_answer_user_day')
    op.drop_table('medication_answer')
