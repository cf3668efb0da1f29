"""Evaluation surveys and responses, OPD result figures, remedial recommendations; follow-up days per course.

Revision ID: c0a6a3f4d503
Revises: c0a5f2e3c402
Create Date: 2026-12-01 06:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'c0a6a3f4d503'
down_revision = 'c0a5f2e3c402'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('survey',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('intro_html', sa.Text(), nullable=False),
    sa.Column('source_digest', sa.String(length=64), nullable=False),
    sa.Column('retired_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey')),
    sa.UniqueConstraint('slug', name=op.f('uq_survey_slug'))
    )

    op.create_table('survey_question',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('survey_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('type', sa.String(length=20), nullable=False),
    sa.Column('prompt', sa.Text(), nullable=False),
    sa.Column('options', sa.JSON(), nullable=False),
    sa.Column('required', sa.Boolean(), nullable=False),
    sa.Column('retired_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['survey_id'], ['survey.id'], name=op.f('fk_survey_question_survey_id_survey')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_question')),
    sa.UniqueConstraint('survey_id', 'key', name=op.f('uq_survey_question_survey_id_key'))
    )

    op.create_table('survey_response',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('survey_id', sa.Integer(), nullable=False),
    sa.Column('respondent_id', sa.Integer(), nullable=False),
    sa.Column('learner_id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['course_id'], ['course.id'], name=op.f('fk_survey_response_course_id_course')),
    sa.ForeignKeyConstraint(['learner_id'], ['user.id'], name=op.f('fk_survey_response_learner_id_user')),
    sa.ForeignKeyConstraint(['respondent_id'], ['user.id'], name=op.f('fk_survey_response_respondent_id_user')),
    sa.ForeignKeyConstraint(['survey_id'], ['survey.id'], name=op.f('fk_survey_response_survey_id_survey')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_response')),
    sa.UniqueConstraint('survey_id', 'respondent_id', 'learner_id', 'course_id', name=op.f('uq_survey_response_survey_id_respondent_id_learner_id_course_id'))
    )
    with op.batch_alter_table('survey_response', schema=None) as batch_op:
        batch_op.create_index('ix_survey_response_course_id', ['course_id'], unique=False)
        batch_op.create_index('ix_survey_response_learner_id', ['learner_id'], unique=False)

    op.create_table('survey_answer',
    sa.Column('response_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['question_id'], ['survey_question.id'], name=op.f('fk_survey_answer_question_id_survey_question')),
    sa.ForeignKeyConstraint(['response_id'], ['survey_response.id'], name=op.f('fk_survey_answer_response_id_survey_response')),
    sa.PrimaryKeyConstraint('response_id', 'question_id', name=op.f('pk_survey_answer'))
    )

    op.create_table('outcome_figure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('metric', sa.String(length=40), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.Column('entered_by_id', sa.Integer(), nullable=False),
    sa.Column('entered_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['entered_by_id'], ['user.id'], name=op.f('fk_outcome_figure_entered_by_id_user')),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_outcome_figure_unit_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outcome_figure')),
    sa.UniqueConstraint('unit_id', 'metric', 'month', name=op.f('uq_outcome_figure_unit_id_metric_month'))
    )

    op.create_table('remedial_recommendation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('learner_id', sa.Integer(), nullable=False),
    sa.Column('attempt_id', sa.Integer(), nullable=False),
    sa.Column('competency_id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=True),
    sa.Column('percent', sa.Float(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint('percent >= 0 AND percent <= 100', name=op.f('ck_remedial_recommendation_percent_range')),
    sa.ForeignKeyConstraint(['attempt_id'], ['attempt.id'], name=op.f('fk_remedial_recommendation_attempt_id_attempt')),
    sa.ForeignKeyConstraint(['competency_id'], ['competency.id'], name=op.f('fk_remedial_recommendation_competency_id_competency')),
    sa.ForeignKeyConstraint(['course_id'], ['course.id'], name=op.f('fk_remedial_recommendation_course_id_course')),
    sa.ForeignKeyConstraint(['learner_id'], ['user.id'], name=op.f('fk_remedial_recommendation_learner_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_remedial_recommendation')),
    sa.UniqueConstraint('attempt_id', 'competency_id', name=op.f('uq_remedial_recommendation_attempt_id_competency_id'))
    )
    with op.batch_alter_table('remedial_recommendation', schema=None) as batch_op:
        batch_op.create_index('ix_remedial_recommendation_learner_id', ['learner_id'], unique=False)

    with op.batch_alter_table('course', schema=None) as batch_op:
        batch_op.add_column(sa.Column('follow_up_days', sa.Integer(), server_default='30', nullable=False))


def downgrade():
    with op.batch_alter_table('course', schema=None) as batch_op:
        batch_op.drop_column('follow_up_days')
    op.drop_table('remedial_recommendation')
    op.drop_table('outcome_figure')
    op.drop_table('survey_answer')
    op.drop_table('survey_response')
    op.drop_table('survey_question')
    op.drop_table('survey')
