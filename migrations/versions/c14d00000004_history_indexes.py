"""indexes for long histories

Revision ID: c14d00000004
Revises: c14c00000003
Create Date: 2026-11-30 13:40:00

"""
from alembic import op
import sqlalchemy as sa

import recoverynet.dbtypes


# revision identifiers, used by Alembic.
revision = 'c14d00000004'
down_revision = 'c14c00000003'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
