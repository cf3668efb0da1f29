"""Answer disclosures: who has seen the answers of someone else's attempt at a quiz; at most one open
remedial recommendation per learner and competency (older duplicates are closed first).

Revision ID: c0a9d6c7a806
Revises: c0a8c5b6f705
Create Date: 2026-12-02 13:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'c0a9d6c7a806'
down_revision = 'c0a8c5b6f705'
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

    op.execute(
        "UPDATE remedial_recommendation SET resolved_at = created_at WHERE resolved_at IS NULL AND EXISTS ("
        "SELECT 1 FROM remedial_recommendation newer WHERE newer.resolved_at IS NULL "
        "AND newer.learner_id = remedial_recommendation.learner_id "
        "AND newer.competency_id = remedial_recommendation.competency_id "
        "AND newer.id > remedial_recommendation.id)")
    with op.batch_alter_table('remedial_recommendation', schema=None) as batch_op:
        batch_op.create_index('uq_remedial_recommendation_open', ['learner_id', 'competency_id'], unique=True,
                              sqlite_where=sa.text('resolved_at IS NULL'),
                              postgresql_where=sa.text('resolved_at IS NULL'))


def downgrade():
    with op.batch_alter_table('remedial_recommendation', schema=None) as batch_op:
        batch_op.drop_index('uq_remedial_recommendation_open',
                            sqlite_where=sa.text('resolved_at IS NULL'),
                            postgresql_where=sa.text('resolved_at IS NULL'))
    op.drop_table('answer_disclosure')
