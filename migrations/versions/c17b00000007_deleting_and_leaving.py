"""deleting and leaving (issue 12)

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
    pass


def downgrade():
    pass
