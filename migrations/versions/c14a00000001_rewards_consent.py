"""rewards: offers, and what the giver may see (consent)

Revision ID: c14a00000001
Revises: 22e215eec7b9
Create Date: 2026-11-30 13:40:00

"""
from alembic import op
import sqlalchemy as sa

import recoverynet.dbtypes


# revision identifiers, used by Alembic.
revision = 'c14a00000001'
down_revision = '22e215eec7b9'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
