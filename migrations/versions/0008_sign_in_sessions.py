"""Sign-ins kept on the server, so signing out ends them; the per-user session token goes.

Revision ID: c0a8c5b6f705
Revises: c0a7b4a5e604
Create Date: 2026-12-02 13:00:00

"""
import secrets

from alembic import op
import sqlalchemy as sa


revision = 'c0a8c5b6f705'
down_revision = 'c0a7b4a5e604'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('sign_in_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('remember', sa.Boolean(), nullable=False),
    sa.Column('user_agent', sa.String(length=120), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_sign_in_session_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sign_in_session')),
    sa.UniqueConstraint('key_hash', name=op.f('uq_sign_in_session_key_hash'))
    )
    with op.batch_alter_table('sign_in_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sign_in_session_user_id'), ['user_id'], unique=False)

    # Existing login cookies carried this token; without it they are refused, so everyone signs in again.
    # A plain ALTER (SQLite 3.35+): rebuilding "user" would mean dropping a table that rows refer to.
    with op.batch_alter_table('user', schema=None, recreate='never') as batch_op:
        batch_op.drop_column('session_token')


def downgrade():
    with op.batch_alter_table('user', schema=None, recreate='never') as batch_op:
        batch_op.add_column(sa.Column('session_token', sa.String(length=32), nullable=False, server_default=''))
    user = sa.table('user', sa.column('id', sa.Integer()), sa.column('session_token', sa.String()))
    connection = op.get_bind()
    for user_id in connection.scalars(sa.select(user.c.id)).all():
        connection.execute(user.update().where(user.c.id == user_id)
                           .values(session_token=secrets.token_urlsafe(16)))

    with op.batch_alter_table('sign_in_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sign_in_session_user_id'))

    op.drop_table('sign_in_session')
