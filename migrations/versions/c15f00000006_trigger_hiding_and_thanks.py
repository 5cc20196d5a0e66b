"""custom triggers can be hidden; an encouragement can be thanked

Revision ID: c15f00000006
Revises: c16a00000005
Create Date: 2026-11-30 17:10:00

"""
from alembic import op
import sqlalchemy as sa

import recoverynet.dbtypes


# revision identifiers, used by Alembic.
revision = 'c15f00000006'
down_revision = 'c16a00000005'
branch_labels = None
depends_on = None


def upgrade():
    # Every trigger someone already has stays on their log form.
    with op.batch_alter_table('custom_trigger', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hidden', sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table('encouragement', schema=None) as batch_op:
        batch_op.add_column(sa.Column('thanked_at', recoverynet.dbtypes.UTCDateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('encouragement', schema=None) as batch_op:
        batch_op.drop_column('thanked_at')
    with op.batch_alter_table('custom_trigger', schema=None) as batch_op:
        batch_op.drop_column('hidden')
