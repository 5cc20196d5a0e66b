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
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('confirmed_at', recoverynet.dbtypes.UTCDateTime(timezone=True), nullable=True))
    # Every account from before sign-up confirmation counts as confirmed.
    user = sa.table('user', sa.column('confirmed_at'), sa.column('created_at'))
    op.execute(user.update().values(confirmed_at=user.c.created_at))

    op.create_table('outgoing_email',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('recipient', sa.String(length=254), nullable=False),
        sa.Column('subject', sa.String(length=200), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('created_at', recoverynet.dbtypes.UTCDateTime(timezone=True), nullable=False),
        sa.Column('next_attempt_at', recoverynet.dbtypes.UTCDateTime(timezone=True), nullable=False),
        sa.Column('sent_at', recoverynet.dbtypes.UTCDateTime(timezone=True), nullable=True),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('last_error', sa.String(length=500), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_outgoing_email')),
    )
    with op.batch_alter_table('outgoing_email', schema=None) as batch_op:
        batch_op.create_index('ix_outgoing_email_due', ['sent_at', 'next_attempt_at'], unique=False)

    op.create_table('email_request',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=False),
        sa.Column('client_address', sa.String(length=64), nullable=False),
        sa.Column('granted', sa.Boolean(), nullable=False),
        sa.Column('at', recoverynet.dbtypes.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_email_request')),
    )
    with op.batch_alter_table('email_request', schema=None) as batch_op:
        batch_op.create_index('ix_email_request_email_at', ['email', 'at'], unique=False)
        batch_op.create_index('ix_email_request_address_at', ['client_address', 'at'], unique=False)


def downgrade():
    with op.batch_alter_table('email_request', schema=None) as batch_op:
        batch_op.drop_index('ix_email_request_address_at')
        batch_op.drop_index('ix_email_request_email_at')
    op.drop_table('email_request')

    with op.batch_alter_table('outgoing_email', schema=None) as batch_op:
        batch_op.drop_index('ix_outgoing_email_due')
    op.drop_table('outgoing_email')

    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('confirmed_at')
