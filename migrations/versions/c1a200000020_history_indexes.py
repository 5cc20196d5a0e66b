"""indexes for long histories (issues 8 and 11)

Revision ID: c1a200000020
Revises: c1a100000019
Create Date: 2026-11-30 22:45:00

"""
from alembic import op
import sqlalchemy as sa

import recoverynet.dbtypes


# revision identifiers, used by Alembic.
revision = 'c1a200000020'
down_revision = 'c1a100000019'
branch_labels = None
depends_on = None


# Issue 11: each entry's logged_at as whole seconds since 1970, and the insights' covering index
# over it. Made from logged_at as the app makes it, rounded down (SQLite's strftime would round
# 23:59:59.9996 up to the next day: it reads the text without its fraction of a second).
ENTRY_SECONDS = {"sqlite": "CAST(strftime('%s', substr(logged_at, 1, 19)) AS INTEGER)",
                 "postgresql": "CAST(floor(extract(epoch FROM logged_at)) AS BIGINT)"}


def upgrade():
    with op.batch_alter_table('entry', schema=None) as batch_op:
        batch_op.add_column(sa.Column('logged_at_seconds', sa.BigInteger(), nullable=True))
    op.execute(f"UPDATE entry SET logged_at_seconds = {ENTRY_SECONDS[op.get_bind().dialect.name]}")
    with op.batch_alter_table('entry', schema=None) as batch_op:
        batch_op.alter_column('logged_at_seconds', existing_type=sa.BigInteger(), nullable=False)
        batch_op.create_index('ix_entry_user_clock', ['user_id', 'logged_at_seconds', 'mood', 'craving', 'id'],
                              unique=False)
    # Issue 8: one client's entries of one outcome in a window (the prevention plan's suggestions).
    with op.batch_alter_table('entry', schema=None) as batch_op:
        batch_op.create_index('ix_entry_user_outcome', ['user_id', 'outcome', 'logged_at'], unique=False)


def downgrade():
    with op.batch_alter_table('entry', schema=None) as batch_op:
        batch_op.drop_index('ix_entry_user_outcome')
    with op.batch_alter_table('entry', schema=None) as batch_op:
        batch_op.drop_index('ix_entry_user_clock')
        batch_op.drop_column('logged_at_seconds')
