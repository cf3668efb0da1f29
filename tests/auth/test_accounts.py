"""Admins create accounts; the command line creates the first admin."""

from sqlalchemy import func, select

from elearn.accounts.models import Regency, Role, Unit, User
from elearn.accounts.nip import nip_problem
from elearn.accounts.services import get_or_create_unit
from tests.plugins.factories import login


def account_form(db, **overrides):
    unit = get_or_create_unit(db, "Dinas Kesehatan Kabupaten Way Kanan")
    db.commit()
    regency = db.scalar(select(Regency).where(Regency.code == "18.08"))
    return {
        "nip": "199203152019032001", "full_name": "Siti Aminah", "email": "siti@waykanankab.go.id",
        "password": "sandi-awal-123", "unit_id": str(unit.id), "regency_id": str(regency.id),
        "position": "Perawat Terampil", "grade": "II/c", "roles": ["learner", "mentor"], **overrides,
    }


def test_admin_creates_an_account_with_several_roles(client, db, make_user):
    login(client, make_user(Role.ADMIN))
    response = client.post("/admin/users/new", data=account_form(db))
    assert response.status_code == 302
    user = db.scalar(select(User).where(User.nip == "199203152019032001"))
    assert user.roles == {Role.LEARNER, Role.MENTOR}
    assert db.get(Regency, user.regency_id).name == "Kabupaten Way Kanan" and user.grade == "II/c"


def test_invalid_nip_and_duplicate_email_keep_what_was_typed(client, db, make_user):
    admin = make_user(Role.ADMIN)
    login(client, admin)
    response = client.post("/admin/users/new", data=account_form(db, nip="199202302019032001", email=admin.email))
    assert response.status_code == 200
    assert "Digits 1–8 of the NIP must be a real birth date" in response.text
    assert "An account with this email address already exists." in response.text
    assert 'value="Siti Aminah"' in response.text and 'value="Perawat Terampil"' in response.text
    assert 'value="199202302019032001"' in response.text
    assert db.scalar(select(func.count(User.id))) == 1


def test_duplicate_nip_is_refused(client, db, make_user):
    login(client, make_user(Role.ADMIN))
    client.post("/admin/users/new", data=account_form(db))
    response = client.post("/admin/users/new", data=account_form(db, email="lain@example.go.id"))
    assert "An account with this NIP already exists." in response.text


def test_admin_searches_accounts(client, make_user):
    login(client, make_user(Role.ADMIN))
    target = make_user(full_name="Rahmat Hidayat")
    page = client.get("/admin/users?q=rahmat").text
    assert target.nip in page and "1 account found." in page


def test_admin_adds_units(client, db, make_user):
    login(client, make_user(Role.ADMIN))
    client.post("/admin/units", data={"name": "Dinas Pendidikan Kota Metro"}, follow_redirects=True)
    again = client.post("/admin/units", data={"name": "dinas pendidikan kota metro"})
    # A duplicate is not "saved": the page says it exists and keeps the typed name to correct.
    assert "A unit with this name already exists." in again.text and "has been saved" not in again.text
    assert 'value="dinas pendidikan kota metro"' in again.text
    assert db.scalar(select(func.count(Unit.id)).where(Unit.name.like("Dinas Pendidikan%"))) == 1


def test_cli_creates_the_first_admin(app, db):
    result = app.test_cli_runner().invoke(args=[
        "user", "create", "--nip", "197809302003121004", "--email", "Admin@Lampungprov.go.id",
        "--name", "Budi Santoso", "--unit", "BKD Provinsi Lampung", "--regency", "Kota Bandar Lampung",
        "--position", "Analis SDM", "--role", "admin", "--role", "learner", "--password", "rahasia-sekali",
    ])
    assert result.exit_code == 0, result.output
    user = db.scalar(select(User).where(User.email == "admin@lampungprov.go.id"))
    assert user.roles == {Role.ADMIN, Role.LEARNER}


def test_cli_reports_invalid_input_clearly(app, db):
    result = app.test_cli_runner().invoke(args=[
        "user", "create", "--nip", "123", "--email", "x@example.go.id", "--name", "X", "--unit", "U",
        "--regency", "Kota Bandar Lampung", "--position", "P", "--password", "rahasia-sekali",
    ])
    assert result.exit_code != 0
    assert f"nip: {nip_problem('123')}" in result.output


def test_demo_creates_one_account_per_role_and_is_idempotent(app, db):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo"]).exit_code == 0
    assert runner.invoke(args=["demo"]).exit_code == 0
    emails = set(db.scalars(select(User.email)))
    assert emails == {f"{r}@demo.local" for r in ("peserta", "pengajar", "mentor", "admin")}


def test_demo_refuses_to_run_in_production(app, db, monkeypatch):
    monkeypatch.setitem(app.config, "ELEARN_ENV", "production")
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code != 0 and "does not run in production" in result.output
