"""weekly checkins (issue 9)

Revision ID: c19a00000012
Revises: c18c00000011
Create Date: 2026-11-30 19:30:00

"""
from alembic import op
import sqlalchemy as sa

import recoverynet.dbtypes


# revision identifiers, used by Alembic.
revision = 'c19a00000012'
down_revision = 'c18c00000011'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
