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
    # Nullable: everyone keeps following their browser's language until they choose one.
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=8), nullable=True))


def downgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('language')
