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
    pass


def downgrade():
    pass
