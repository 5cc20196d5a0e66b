"""rewards: offers, and what the giver may see (consent)

Revision ID: c14a00000001
Revises: 22e215eec7b9
Create Date: 2026-11-30 13:40:00

"""
from alembic import op
import sqlalchemy as sa

import recoverynet.dbtypes


# revision identifiers, used by Alembic.
revision = 'c14a00000001'
down_revision = '22e215eec7b9'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('reward', schema=None) as batch_op:
        batch_op.add_column(sa.Column('accepted_at', recoverynet.dbtypes.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('giver_told_at', recoverynet.dbtypes.UTCDateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('reward', schema=None) as batch_op:
        batch_op.drop_column('giver_told_at')
        batch_op.drop_column('accepted_at')
