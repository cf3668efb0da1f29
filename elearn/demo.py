"""`flask demo`: demo accounts for trying elearn on a laptop. Refuses to run in production."""

from pathlib import Path

import click
import flask_migrate
from flask import current_app
from sqlalchemy import select

from elearn.auth.models import Role, User
from elearn.auth.services import NewAccount, create_user, get_or_create_unit, regency_by_name
from elearn.content.services import sync_content
from elearn.extensions import db

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
    """Create the demo accounts that do not exist yet; return the emails created."""
    created = []
    for email, nip, name, role, unit, regency, position, grade in DEMO_ACCOUNTS:
        if session.scalar(select(User.id).where(User.email == email)):
            continue
        create_user(session, NewAccount(
            nip=nip, email=email, full_name=name, password=DEMO_PASSWORD,
            unit_id=get_or_create_unit(session, unit).id,
            regency_id=regency_by_name(session, regency).id,
            position=position, grade=grade, roles={role},
        ))
        created.append(email)
    return created


def set_up_demo_site(app) -> None:
    """What `make run` does before serving: migrate, import content/, create the demo accounts.
    The browser tests and the benchmarks start from the same state."""
    with app.app_context():
        flask_migrate.upgrade()
        content_root = Path(app.config["ELEARN_CONTENT_DIR"])
        sync_content(db.session, content_root, timezone=app.config["ELEARN_TIMEZONE"])
        create_demo_accounts(db.session)
        db.session.commit()


@click.command("demo")
def demo_command():
    """Create one demo account per role (password: demo-elearn)."""
    if current_app.config["ELEARN_ENV"] == "production":
        raise click.ClickException("flask demo is a development aid and does not run in production.")
    created = create_demo_accounts(db.session)
    db.session.commit()
    for email in created:
        click.echo(f"created {email}")
    click.echo(f"Demo accounts ready; password for all: {DEMO_PASSWORD}")
