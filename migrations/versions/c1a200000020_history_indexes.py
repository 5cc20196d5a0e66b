"""indexes for long histories (issues 8 and 11)

Revision ID: c1a200000020
Revises: c1a100000019
Create Date: 2026-11-30 22:45:00

"""
from alembic import op
import sqlalchemy as sa

import recoverynet.dbtypes


# revision identifiers, used by Alembic.
revision = 'c1a200000020'
down_revision = 'c1a100000019'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
