"""JP ledger entries and course certificates; enrolments completed before this revision get theirs.

Revision ID: c0a5f2e3c402
Revises: c0a4e1d2b301
Create Date: 2026-12-01 06:30:00

"""
import os
import secrets
from datetime import UTC
from zoneinfo import ZoneInfo

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

    backfill_completed_enrolments()


# The app's settings and models may change after this revision; the backfill reads the same
# environment variables as elearn.config and uses only the tables as they are here.
CODE_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
BATCH = 5000


def _aware(value):
    """SQLite returns naive timestamps; the app stores UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def backfill_completed_enrolments():
    """One ledger entry and one certificate per completed enrolment, dated in the local calendar."""
    zone = ZoneInfo(os.environ.get("ELEARN_TIMEZONE", "Asia/Jakarta"))
    provider = os.environ.get("ELEARN_PROVIDER_NAME", "BPSDM Provinsi Lampung")
    meta = sa.MetaData()
    enrollment, user, course, ledger, certificate = (
        sa.Table(name, meta, autoload_with=op.get_bind())
        for name in ("enrollment", "user", "course", "jp_ledger_entry", "certificate"))
    completed = op.get_bind().execute(
        sa.select(enrollment.c.user_id, enrollment.c.course_id, enrollment.c.enrolled_at,
                  enrollment.c.completed_at, enrollment.c.jp_awarded, user.c.full_name, user.c.nip,
                  course.c.title, course.c.jp)
        .join(user, user.c.id == enrollment.c.user_id).join(course, course.c.id == enrollment.c.course_id)
        .where(enrollment.c.completed_at.is_not(None)).order_by(enrollment.c.id)
    ).all()
    entries, certificates = [], []
    for row in completed:
        completed_at = _aware(row.completed_at)
        completed_on, jp = completed_at.astimezone(zone).date(), row.jp_awarded if row.jp_awarded is not None else row.jp
        entries.append({"user_id": row.user_id, "course_id": row.course_id, "year": completed_on.year,
                        "activity_type": "E-learning", "provider": provider, "title": row.title,
                        "started_on": _aware(row.enrolled_at).astimezone(zone).date(),
                        "completed_on": completed_on, "jp": jp, "created_at": completed_at})
        certificates.append({"code": "".join(secrets.choice(CODE_ALPHABET) for _ in range(12)),
                             "user_id": row.user_id, "course_id": row.course_id, "learner_name": row.full_name,
                             "learner_nip": row.nip, "course_title": row.title, "jp": jp,
                             "completed_on": completed_on, "issued_at": completed_at})
    for start in range(0, len(entries), BATCH):
        op.bulk_insert(ledger, entries[start:start + BATCH])
        op.bulk_insert(certificate, certificates[start:start + BATCH])


def downgrade():
    op.drop_table('jp_ledger_entry')
    op.drop_table('certificate')
