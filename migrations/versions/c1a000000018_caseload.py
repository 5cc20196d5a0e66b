"""caseload and flags (issue 10): no schema change

The caseload and its flags turned out to need no table or index of their own (they read the
measures' tables). The revision stays, empty, because a database upgraded while it was the head
is stamped with it; removing it would leave such a database with a revision Alembic can't find.

Revision ID: c1a000000018
Revises: c19f00000017
Create Date: 2026-11-30 22:45:00

"""
# revision identifiers, used by Alembic.
revision = 'c1a000000018'
down_revision = 'c19f00000017'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
