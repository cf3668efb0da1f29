"""Training-topic proposals with votes, and citizen feedback on public services.

Revision ID: c0a7b4a5e604
Revises: c0a6a3f4d503
Create Date: 2026-12-01 06:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'c0a7b4a5e604'
down_revision = 'c0a6a3f4d503'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('topic_proposal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('competency_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_topic_proposal_author_id_user')),
    sa.ForeignKeyConstraint(['competency_id'], ['competency.id'], name=op.f('fk_topic_proposal_competency_id_competency')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_topic_proposal'))
    )

    op.create_table('topic_vote',
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['proposal_id'], ['topic_proposal.id'], name=op.f('fk_topic_vote_proposal_id_topic_proposal')),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_topic_vote_user_id_user')),
    sa.PrimaryKeyConstraint('proposal_id', 'user_id', name=op.f('pk_topic_vote'))
    )

    op.create_table('citizen_feedback',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('service_area', sa.String(length=40), nullable=False),
    sa.Column('rating', sa.Integer(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('rating BETWEEN 1 AND 5', name=op.f('ck_citizen_feedback_rating_range')),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_citizen_feedback_unit_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_citizen_feedback'))
    )
    with op.batch_alter_table('citizen_feedback', schema=None) as batch_op:
        batch_op.create_index('ix_citizen_feedback_unit_id_service_area', ['unit_id', 'service_area'], unique=False)


def downgrade():
    op.drop_table('citizen_feedback')
    op.drop_table('topic_vote')
    op.drop_table('topic_proposal')
