"""import keys (issue 12)

Revision ID: c17c00000008
Revises: c17b00000007
Create Date: 2026-11-30 19:20:00

"""
from alembic import op
import sqlalchemy as sa

import recoverynet.dbtypes


# revision identifiers, used by Alembic.
revision = 'c17c00000008'
down_revision = 'c17b00000007'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
