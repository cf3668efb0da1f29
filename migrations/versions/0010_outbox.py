"""Outbox: emails written with the work that causes them, sent after it commits.

Revision ID: c0aae7d8b907
Revises: c0a9d6c7a806
Create Date: 2026-12-02 18:40:00
"""
import sqlalchemy as sa
from alembic import op

revision = 'c0aae7d8b907'
down_revision = 'c0a9d6c7a806'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'outbox_message',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('payload', sa.JSON(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('claimed_until', sa.DateTime(timezone=True), nullable=True),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('last_error', sa.String(length=300), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_message')),
    )
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.create_index('ix_outbox_message_pending', ['created_at'], unique=False,
                              sqlite_where=sa.text('sent_at IS NULL'), postgresql_where=sa.text('sent_at IS NULL'))


def downgrade():
    op.drop_table('outbox_message')
