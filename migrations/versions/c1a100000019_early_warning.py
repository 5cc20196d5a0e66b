"""early warning notices (issue 10)

Revision ID: c1a100000019
Revises: c1a000000018
Create Date: 2026-11-30 22:45:00

"""
from alembic import op
import sqlalchemy as sa

import recoverynet.dbtypes


# revision identifiers, used by Alembic.
revision = 'c1a100000019'
down_revision = 'c1a000000018'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
