"""JP ledger entries and course certificates.

Revision ID: c0a5f2e3c402
Revises: c0a4e1d2b301
Create Date: 2026-12-01 06:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'c0a5f2e3c402'
down_revision = 'c0a4e1d2b301'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('certificate',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=24), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('learner_name', sa.String(length=200), nullable=False),
    sa.Column('learner_nip', sa.String(length=18), nullable=False),
    sa.Column('course_title', sa.String(length=200), nullable=False),
    sa.Column('jp', sa.Integer(), nullable=False),
    sa.Column('completed_on', sa.Date(), nullable=False),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_reason', sa.Text(), nullable=True),
    sa.Column('revoked_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['course_id'], ['course.id'], name=op.f('fk_certificate_course_id_course')),
    sa.ForeignKeyConstraint(['revoked_by_id'], ['user.id'], name=op.f('fk_certificate_revoked_by_id_user')),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_certificate_user_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificate')),
    sa.UniqueConstraint('code', name=op.f('uq_certificate_code')),
    sa.UniqueConstraint('user_id', 'course_id', name=op.f('uq_certificate_user_id_course_id'))
    )

    op.create_table('jp_ledger_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=True),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('activity_type', sa.String(length=60), nullable=False),
    sa.Column('provider', sa.String(length=200), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('started_on', sa.Date(), nullable=False),
    sa.Column('completed_on', sa.Date(), nullable=False),
    sa.Column('jp', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['course_id'], ['course.id'], name=op.f('fk_jp_ledger_entry_course_id_course')),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_jp_ledger_entry_user_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_jp_ledger_entry')),
    sa.UniqueConstraint('user_id', 'course_id', name=op.f('uq_jp_ledger_entry_user_id_course_id'))
    )
    with op.batch_alter_table('jp_ledger_entry', schema=None) as batch_op:
        batch_op.create_index('ix_jp_ledger_entry_year_user_id', ['year', 'user_id'], unique=False)


def downgrade():
    op.drop_table('jp_ledger_entry')
    op.drop_table('certificate')
