"""Answer disclosures: who has seen the answers of someone else's attempt at a quiz.

Revision ID: c0a9d6c7a806
Revises: c0a7b4a5e604
Create Date: 2026-12-02 13:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'c0a9d6c7a806'
down_revision = 'c0a7b4a5e604'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('answer_disclosure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('quiz_id', sa.Integer(), nullable=False),
    sa.Column('first_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['quiz_id'], ['quiz.id'], name=op.f('fk_answer_disclosure_quiz_id_quiz')),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_answer_disclosure_user_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_answer_disclosure')),
    sa.UniqueConstraint('user_id', 'quiz_id', name=op.f('uq_answer_disclosure_user_id_quiz_id'))
    )
    with op.batch_alter_table('answer_disclosure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_answer_disclosure_quiz_id'), ['quiz_id'], unique=False)


def downgrade():
    op.drop_table('answer_disclosure')
