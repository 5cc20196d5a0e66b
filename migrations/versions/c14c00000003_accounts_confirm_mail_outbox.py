"""accounts: email confirmation, queued outgoing mail, reset-mail limits

Revision ID: c14c00000003
Revises: c14b00000002
Create Date: 2026-11-30 13:40:00

"""
from alembic import op
import sqlalchemy as sa

import recoverynet.dbtypes


# revision identifiers, used by Alembic.
revision = 'c14c00000003'
down_revision = 'c14b00000002'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
