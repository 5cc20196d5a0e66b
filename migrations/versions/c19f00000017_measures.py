"""measures: questionnaires and the use-day calendar (issue 10)

Revision ID: c19f00000017
Revises: c19e00000016
Create Date: 2026-11-30 22:40:00

"""
from alembic import op
import sqlalchemy as sa

import recoverynet.dbtypes


# revision identifiers, used by Alembic.
revision = 'c19f00000017'
down_revision = 'c19e00000016'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('questionnaire',
                    sa.Column('id', sa.Integer(), nullable=False),
                    sa.Column('client_id', sa.Integer(), nullable=False),
                    sa.Column('instrument', sa.String(length=12), nullable=False),
                    sa.Column('taken_on', sa.Date(), nullable=False),
                    sa.Column('completed_at', recoverynet.dbtypes.UTCDateTime(), nullable=False),
                    sa.Column('score', sa.Float(), nullable=True),
                    sa.Column('answered', sa.Integer(), nullable=False),
                    sa.ForeignKeyConstraint(['client_id'], ['user.id'], ondelete='CASCADE'),
                    sa.PrimaryKeyConstraint('id'))
    op.create_index('ix_questionnaire_client_instrument_day', 'questionnaire',
                    ['client_id', 'instrument', 'taken_on'], unique=False)
    op.create_table('questionnaire_answer',
                    sa.Column('questionnaire_id', sa.Integer(), nullable=False),
                    sa.Column('item', sa.String(length=12), nullable=False),
                    sa.Column('value', sa.Integer(), nullable=False),
                    sa.CheckConstraint('value BETWEEN 1 AND 7', name='answer_value_range'),
                    sa.ForeignKeyConstraint(['questionnaire_id'], ['questionnaire.id'], ondelete='CASCADE'),
                    sa.PrimaryKeyConstraint('questionnaire_id', 'item'))
    op.create_table('use_day',
                    sa.Column('client_id', sa.Integer(), nullable=False),
                    sa.Column('day', sa.Date(), nullable=False),
                    sa.Column('marked_at', recoverynet.dbtypes.UTCDateTime(), nullable=False),
                    sa.ForeignKeyConstraint(['client_id'], ['user.id'], ondelete='CASCADE'),
                    sa.PrimaryKeyConstraint('client_id', 'day'))
    op.create_table('calendar_month',
                    sa.Column('client_id', sa.Integer(), nullable=False),
                    sa.Column('month', sa.Date(), nullable=False),
                    sa.Column('confirmed_at', recoverynet.dbtypes.UTCDateTime(), nullable=False),
                    sa.ForeignKeyConstraint(['client_id'], ['user.id'], ondelete='CASCADE'),
                    sa.PrimaryKeyConstraint('client_id', 'month'))


def downgrade():
    op.drop_table('calendar_month')
    op.drop_table('use_day')
    op.drop_table('questionnaire_answer')
    op.drop_index('ix_questionnaire_client_instrument_day', table_name='questionnaire')
    op.drop_table('questionnaire')
