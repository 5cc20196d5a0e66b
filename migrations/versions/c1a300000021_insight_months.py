"""the insights page's year, summed by local month (issue 11)

Revision ID: c1a300000021
Revises: c1a200000020
Create Date: 2026-11-30 23:30:00

The table starts empty and user.insights_zone None: until a client's months are summed, the page
adds up their year live, as before. They are summed at the client's next entry, or for everyone
at once with `flask insights rebuild` (README, "Upgrading").
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c1a300000021'
down_revision = 'c1a200000020'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'insight_month',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('month', sa.Date(), nullable=False),
        sa.Column('numbers', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_insight_month_user_id_user'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('user_id', 'month', name=op.f('pk_insight_month')),
    )
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('insights_zone', sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('insights_zone')
    op.drop_table('insight_month')
