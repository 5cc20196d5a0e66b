"""insight indexes (issue 11)

Revision ID: c18a00000009
Revises: c17c00000008
Create Date: 2026-11-30 19:25:00

"""
from alembic import op
import sqlalchemy as sa

import recoverynet.dbtypes


# revision identifiers, used by Alembic.
revision = 'c18a00000009'
down_revision = 'c17c00000008'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
