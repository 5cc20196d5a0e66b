"""sessions: idle limit and devices; sign-in slow-down per account and address

Revision ID: c14b00000002
Revises: c14a00000001
Create Date: 2026-11-30 13:40:00

"""
from alembic import op
import sqlalchemy as sa

import recoverynet.dbtypes


# revision identifiers, used by Alembic.
revision = 'c14b00000002'
down_revision = 'c14a00000001'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
