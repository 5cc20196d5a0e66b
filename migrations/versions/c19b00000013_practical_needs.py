"""practical needs (issue 9)

Revision ID: c19b00000013
Revises: c19a00000012
Create Date: 2026-11-30 19:30:00

"""
from alembic import op
import sqlalchemy as sa

import recoverynet.dbtypes


# revision identifiers, used by Alembic.
revision = 'c19b00000013'
down_revision = 'c19a00000012'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'need',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('client_id', sa.Integer(), nullable=False),
        sa.Column('area', sa.String(length=12), nullable=False),
        sa.Column('title', sa.String(length=120), nullable=False),
        sa.Column('status', sa.Enum('not_started', 'in_progress', 'sorted', name='needstatus', native_enum=False,
                                    create_constraint=False, length=12), nullable=False),
        sa.Column('next_step', sa.String(length=300), nullable=False),
        sa.Column('next_step_on', sa.Date(), nullable=True),
        sa.Column('created_at', recoverynet.dbtypes.UTCDateTime(), nullable=False),
        sa.Column('updated_at', recoverynet.dbtypes.UTCDateTime(), nullable=False),
        sa.Column('updated_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['client_id'], ['user.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['updated_by_id'], ['user.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('need', schema=None) as batch_op:
        batch_op.create_index('ix_need_client_status', ['client_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_need_updated_by_id'), ['updated_by_id'], unique=False)
    op.create_table(
        'need_helper',
        sa.Column('need_id', sa.Integer(), nullable=False),
        sa.Column('contact_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['contact_id'], ['contact.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['need_id'], ['need.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('need_id', 'contact_id'),
    )
    with op.batch_alter_table('need_helper', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_need_helper_contact_id'), ['contact_id'], unique=False)


def downgrade():
    with op.batch_alter_table('need_helper', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_need_helper_contact_id'))
    op.drop_table('need_helper')
    with op.batch_alter_table('need', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_need_updated_by_id'))
        batch_op.drop_index('ix_need_client_status')
    op.drop_table('need')
