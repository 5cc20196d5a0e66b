"""starter plan (issue 9)

Revision ID: c19e00000016
Revises: c19d00000015
Create Date: 2026-11-30 20:05:00

"""
from alembic import op
import sqlalchemy as sa

import recoverynet.dbtypes


# revision identifiers, used by Alembic.
revision = 'c19e00000016'
down_revision = 'c19d00000015'
branch_labels = None
depends_on = None


def upgrade():
    # Whether Home shows the 30-day starter plan ("automatic": in the account's first 30 days,
    # which every existing account is past), and the sober social activity the client planned.
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('starter_plan', sa.Enum('automatic', 'shown', 'hidden', name='starterplan',
                                                              native_enum=False, create_constraint=False,
                                                              length=10),
                                      server_default='automatic', nullable=False))
        batch_op.add_column(sa.Column('sober_activity', sa.String(length=120), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('sober_activity')
        batch_op.drop_column('starter_plan')
