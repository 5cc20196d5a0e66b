"""sessions: idle limit and devices; sign-in slow-down per account and address

Revision ID: c14b00000002
Revises: c14a00000001
Create Date: 2026-11-30 13:40:00

"""
from alembic import op
import sqlalchemy as sa

import recoverynet.dbtypes


# revision identifiers, used by Alembic.
revision = 'c14b00000002'
down_revision = 'c14a00000001'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('auth_session', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_seen_at', recoverynet.dbtypes.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('device', sa.String(length=80), server_default='', nullable=False))
        batch_op.add_column(sa.Column('revoked_at', recoverynet.dbtypes.UTCDateTime(timezone=True), nullable=True))
    # Sessions from before count as seen when they began, so the idle limit applies to them too.
    op.execute('UPDATE auth_session SET last_seen_at = created_at')
    with op.batch_alter_table('auth_session', schema=None) as batch_op:
        batch_op.alter_column('last_seen_at', existing_type=recoverynet.dbtypes.UTCDateTime(timezone=True),
                              nullable=False)

    op.create_table('known_device',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('failures', sa.Integer(), server_default='0', nullable=False),
        sa.Column('last_used_at', recoverynet.dbtypes.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_known_device_user_id_user'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_known_device')),
        sa.UniqueConstraint('token_hash', 'user_id', name=op.f('uq_known_device_token_hash')),
    )
    with op.batch_alter_table('known_device', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_known_device_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('known_device', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_known_device_user_id'))
    op.drop_table('known_device')

    with op.batch_alter_table('auth_session', schema=None) as batch_op:
        batch_op.drop_column('revoked_at')
        batch_op.drop_column('device')
        batch_op.drop_column('last_seen_at')
