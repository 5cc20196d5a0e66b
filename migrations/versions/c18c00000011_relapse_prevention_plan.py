"""relapse prevention plan (issue 11)

Revision ID: c18c00000011
Revises: c18b00000010
Create Date: 2026-11-30 19:25:00

"""
from alembic import op
import sqlalchemy as sa

import recoverynet.dbtypes


# revision identifiers, used by Alembic.
revision = 'c18c00000011'
down_revision = 'c18b00000010'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
