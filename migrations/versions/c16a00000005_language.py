"""each person's language

Revision ID: c16a00000005
Revises: c14d00000004
Create Date: 2026-11-30 16:15:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c16a00000005'
down_revision = 'c14d00000004'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
