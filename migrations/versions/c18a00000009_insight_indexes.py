"""insight indexes (issue 11): none needed

The insights page reads one client's window of entries through ix_entry_user_logged (user_id,
logged_at, id), a range of it whatever history lies before, and each entry's triggers through
entry_trigger's primary key (entry_id, label), covering. EXPLAIN QUERY PLAN on SQLite, for the
heatmap: SEARCH entry USING COVERING INDEX ix_entry_user_logged (user_id=? AND logged_at>? AND
logged_at<?), then SEARCH entry_trigger USING COVERING INDEX (entry_id=?). So this revision only
keeps the chain.

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
