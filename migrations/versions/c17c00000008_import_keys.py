"""import keys (issue 12): none needed, so this revision changes nothing

Importing the same export twice adds nothing twice by natural keys the tables already hold (an
entry's device id, a trigger's words, one crisis plan a person, and each other record's creation
moment, kept to the second in the export): see recoverynet/yourdata/importing.py. A stored import
key would have meant a new column on meetings, slips, reminders and contacts, for nothing those
moments don't already say.

Revision ID: c17c00000008
Revises: c17b00000007
Create Date: 2026-11-30 19:20:00

"""
from alembic import op
import sqlalchemy as sa

import recoverynet.dbtypes


# revision identifiers, used by Alembic.
revision = 'c17c00000008'
down_revision = 'c17b00000007'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
