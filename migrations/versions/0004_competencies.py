"""Competency dictionary, job profiles and their required levels, course competencies, assessments.

Revision ID: c0a4e1d2b301
Revises: f6c7129a1160
Create Date: 2026-12-01 06:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'c0a4e1d2b301'
down_revision = 'f6c7129a1160'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('competency',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('group', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('level_descriptions', sa.JSON(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('retired_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_competency')),
    sa.UniqueConstraint('slug', name=op.f('uq_competency_slug'))
    )

    op.create_table('job_profile',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('match_patterns', sa.JSON(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('retired_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_job_profile')),
    sa.UniqueConstraint('slug', name=op.f('uq_job_profile_slug'))
    )

    op.create_table('job_requirement',
    sa.Column('profile_id', sa.Integer(), nullable=False),
    sa.Column('competency_id', sa.Integer(), nullable=False),
    sa.Column('level', sa.Integer(), nullable=False),
    sa.CheckConstraint('level BETWEEN 1 AND 5', name=op.f('ck_job_requirement_level_range')),
    sa.ForeignKeyConstraint(['competency_id'], ['competency.id'], name=op.f('fk_job_requirement_competency_id_competency')),
    sa.ForeignKeyConstraint(['profile_id'], ['job_profile.id'], name=op.f('fk_job_requirement_profile_id_job_profile')),
    sa.PrimaryKeyConstraint('profile_id', 'competency_id', name=op.f('pk_job_requirement'))
    )

    op.create_table('course_competency',
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('competency_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['competency_id'], ['competency.id'], name=op.f('fk_course_competency_competency_id_competency')),
    sa.ForeignKeyConstraint(['course_id'], ['course.id'], name=op.f('fk_course_competency_course_id_course')),
    sa.PrimaryKeyConstraint('course_id', 'competency_id', name=op.f('pk_course_competency'))
    )
    with op.batch_alter_table('course_competency', schema=None) as batch_op:
        batch_op.create_index('ix_course_competency_competency_id', ['competency_id'], unique=False)

    op.create_table('competency_assessment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('learner_id', sa.Integer(), nullable=False),
    sa.Column('competency_id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=10), nullable=False),
    sa.Column('level', sa.Integer(), nullable=False),
    sa.Column('assessor_id', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('assessed_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('level BETWEEN 1 AND 5', name=op.f('ck_competency_assessment_level_range')),
    sa.ForeignKeyConstraint(['assessor_id'], ['user.id'], name=op.f('fk_competency_assessment_assessor_id_user')),
    sa.ForeignKeyConstraint(['competency_id'], ['competency.id'], name=op.f('fk_competency_assessment_competency_id_competency')),
    sa.ForeignKeyConstraint(['learner_id'], ['user.id'], name=op.f('fk_competency_assessment_learner_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_competency_assessment')),
    sa.UniqueConstraint('learner_id', 'competency_id', 'source', name=op.f('uq_competency_assessment_learner_id_competency_id_source'))
    )
    with op.batch_alter_table('competency_assessment', schema=None) as batch_op:
        batch_op.create_index('ix_competency_assessment_competency_id', ['competency_id'], unique=False)

    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('job_profile_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_user_job_profile_id'), ['job_profile_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_user_job_profile_id_job_profile'), 'job_profile', ['job_profile_id'], ['id'])


def downgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_user_job_profile_id_job_profile'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_user_job_profile_id'))
        batch_op.drop_column('job_profile_id')
    op.drop_table('competency_assessment')
    op.drop_table('course_competency')
    op.drop_table('job_requirement')
    op.drop_table('job_profile')
    op.drop_table('competency')
