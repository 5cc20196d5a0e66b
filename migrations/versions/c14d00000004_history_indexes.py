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


# (table, index name, columns): each lets a page read a range of one person's rows, newest
# first, instead of sorting or counting everything they ever wrote (issue 8, part 2).
INDEXES = [
    ('entry', 'ix_entry_user_logged', ['user_id', 'logged_at', 'id']),
    ('notification', 'ix_notification_user_created', ['user_id', 'created_at', 'id']),
    ('notification', 'ix_notification_user_read', ['user_id', 'read_at']),
    ('encouragement', 'ix_encouragement_client_sent', ['client_id', 'sent_at']),
    ('meeting', 'ix_meeting_client_attended', ['client_id', 'attended_on']),
]


def upgrade():
    for table, name, columns in INDEXES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(name, columns, unique=False)


def downgrade():
    for table, name, _ in reversed(INDEXES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(name)
