"""`flask demo`: demo accounts for trying elearn on a laptop, and with `--scale N` a realistic volume
of learners for trying it at size. Refuses to run in production."""

import random
import time
from pathlib import Path

import click
import flask_migrate
from flask import current_app
from sqlalchemy import select

from elearn.accounts.models import Role, User
from elearn.accounts.services import NewAccount, create_user, get_or_create_unit, regency_by_name
from elearn.contentsync.services import sync_content
from elearn.core.extensions import db, utcnow
from elearn.core.transaction import unit_of_work
from elearn.devtools.volume.generator import MOST_MENTEES, generate_volume
from elearn.mentoring.services import assign_mentor

DEMO_PASSWORD = "demo-elearn"
DEMO_ACCOUNTS = [
    # email, NIP, name, role, unit, regency, position, grade
    ("peserta@demo.local", "199203152019032001", "Siti Rahmawati", Role.LEARNER,
     "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Way Kanan", "Kabupaten Way Kanan",
     "Pengadministrasi Kependudukan", "II/c"),
    ("pengajar@demo.local", "198507212010011002", "Ahmad Fauzi", Role.INSTRUCTOR,
     "Badan Pengembangan Sumber Daya Manusia Provinsi Lampung", "Kota Bandar Lampung",
     "Widyaiswara Ahli Muda", "III/c"),
    ("mentor@demo.local", "198011052005012003", "Dewi Anggraini", Role.MENTOR,
     "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Way Kanan", "Kabupaten Way Kanan",
     "Kepala Bidang Pelayanan Pendaftaran Penduduk", "IV/a"),
    ("admin@demo.local", "197809302003121004", "Budi Santoso", Role.ADMIN,
     "Badan Kepegawaian Daerah Provinsi Lampung", "Kota Bandar Lampung",
     "Analis Sumber Daya Manusia Aparatur", "III/d"),
]


def create_demo_accounts(session) -> list[str]:
    """Create the demo accounts that do not exist yet (the demo learner is the demo mentor's mentee);
    return the emails created."""
    created = []
    for email, nip, name, role, unit, regency, position, grade in DEMO_ACCOUNTS:
        if session.scalar(select(User.id).where(User.email == email)):
            continue
        create_user(session, NewAccount(
            nip=nip, email=email, full_name=name, password=DEMO_PASSWORD,
            unit_id=get_or_create_unit(session, unit).id,
            regency_id=regency_by_name(session, regency).id,
            position=position, grade=grade, roles={role},
        ), check_password=False)
        created.append(email)
    mentor, learner = (session.scalar(select(User).where(User.email == email))
                       for email in ("mentor@demo.local", "peserta@demo.local"))
    assign_mentor(session, mentor, learner, None, utcnow())
    return created


def set_up_demo_site(app) -> None:
    """What `make run` does before serving: migrate, import content/, create the demo accounts.
    The browser tests and the benchmarks start from the same state."""
    with app.app_context():
        flask_migrate.upgrade()
        content_root = Path(app.config["ELEARN_CONTENT_DIR"])
        with unit_of_work(db.session):
            sync_content(db.session, content_root, timezone=app.config["ELEARN_TIMEZONE"])
            create_demo_accounts(db.session)


def _generate_volume(learners: int) -> None:
    started = time.perf_counter()
    try:
        with unit_of_work(db.session):
            counts = generate_volume(db.session, learners, random.Random(), utcnow(),
                                     timezone=current_app.config["ELEARN_TIMEZONE"],
                                     provider=current_app.config["ELEARN_PROVIDER_NAME"])
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    email = counts.pop("busiest_mentor_email")
    counts.pop("busiest_mentor_id")
    click.echo(f"Generated in {time.perf_counter() - started:.0f} s: "
               + ", ".join(f"{count} {name.replace('_', ' ')}" for name, count in counts.items()))
    click.echo(f"Mentor with {MOST_MENTEES} mentees: {email} (password {DEMO_PASSWORD})")


@click.command("demo")
@click.option("--scale", type=click.IntRange(min=0), default=0, show_default=True, metavar="N",
              help="Also generate N learners across Lampung with mentors, enrolments, progress, quiz "
                   "attempts, competency assessments, JP ledger entries, certificates, survey responses "
                   "and OPD result figures (N > 500: one mentor has 500 mentees).")
def demo_command(scale: int):
    """Create one demo account per role (password: demo-elearn); with --scale, a realistic volume too."""
    if current_app.config["ELEARN_ENV"] == "production":
        raise click.ClickException("flask demo is a development aid and does not run in production.")
    with unit_of_work(db.session):
        created = create_demo_accounts(db.session)
    for email in created:
        click.echo(f"created {email}")
    if scale:
        _generate_volume(scale)
    click.echo(f"Demo accounts ready; password for all: {DEMO_PASSWORD}")
