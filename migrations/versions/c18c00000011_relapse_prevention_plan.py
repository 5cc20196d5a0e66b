"""relapse prevention plan (issue 11)

Revision ID: c18c00000011
Revises: c18b00000010
Create Date: 2026-11-30 19:25:00

"""
from alembic import op
import sqlalchemy as sa

import recoverynet.dbtypes


# revision identifiers, used by Alembic.
revision = 'c18c00000011'
down_revision = 'c18b00000010'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'prevention_plan',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('triggers', sa.Text(), nullable=False),
        sa.Column('warning_signs', sa.Text(), nullable=False),
        sa.Column('high_risk_times', sa.Text(), nullable=False),
        sa.Column('updated_at', recoverynet.dbtypes.UTCDateTime(), nullable=False),
        sa.Column('reviewed_at', recoverynet.dbtypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('user_id'),
    )
    op.create_table(
        'prevention_action',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('plan_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('action', sa.String(length=300), nullable=False),
        sa.Column('helper_name', sa.String(length=80), nullable=False),
        sa.Column('contact_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['contact_id'], ['contact.id'], ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['plan_id'], ['prevention_plan.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('prevention_action', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_prevention_action_plan_id'), ['plan_id'], unique=False)


def downgrade():
    with op.batch_alter_table('prevention_action', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_prevention_action_plan_id'))
    op.drop_table('prevention_action')
    op.drop_table('prevention_plan')
