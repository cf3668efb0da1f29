"""Factories every test directory may use (accounts, courses, quizzes), registered as a plugin by the
root conftest so no conftest has to import fixtures from another."""

import itertools
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from elearn.accounts.hashing import hash_password
from elearn.accounts.mentorships import MentorAssignment
from elearn.accounts.models import Regency, Role, User, UserRole
from elearn.accounts.services import NewAccount, create_user, get_or_create_unit
from elearn.content.models import Course
from elearn.contentsync.services import sync_content
from elearn.core.settings import Settings
from elearn.dictionary.models import Competency
from elearn.learning.models import Enrollment
from elearn.quizzes.models import Quiz

TEST_PASSWORD = "kopi-tubruk-senja-48"
NOW = datetime(2026, 6, 15, 3, 0, tzinfo=UTC)  # the moment factories date their rows at
PASSWORD_HASH = hash_password(TEST_PASSWORD)  # one hash for the many learners made at once
# The deployment settings services are given in tests: the defaults of elearn/core/config.py.
SETTINGS = Settings(timezone="Asia/Jakarta", provider_name="BPSDM Provinsi Lampung", mastery_percent=70)


_numbers = itertools.count(1)


@pytest.fixture
def make_user(db):
    """Create an account; each call gets a unique, valid NIP and email."""

    def make(*roles: Role, **overrides):
        n = next(_numbers)
        account = NewAccount(
            nip=overrides.pop("nip", f"19900101201501{1 + n % 2}{n % 999 + 1:03d}"),
            email=overrides.pop("email", f"user{n}@example.go.id"),
            full_name=overrides.pop("full_name", f"Pegawai {n}"),
            password=overrides.pop("password", TEST_PASSWORD),
            unit_id=get_or_create_unit(db, overrides.pop("unit", "Dinas Kominfo")).id,
            regency_id=db.query(Regency).filter_by(code="18.71").one().id,
            position=overrides.pop("position", "Analis Kebijakan"),
            roles=set(roles) or {Role.LEARNER},
        )
        user = create_user(db, account)
        db.commit()
        return user

    return make


def login(client, user, password: str = TEST_PASSWORD):
    response = client.post("/login", data={"identifier": user.email, "password": password})
    assert response.status_code == 302, "login failed"
    return response


def write_course(root: Path, slug: str, modules: dict[str, str] | None = None, **fields) -> Path:
    """Write a course folder: `modules` maps 'NN-slug' to Markdown body."""
    folder = root / fields.pop("folder", slug)
    folder.mkdir(parents=True, exist_ok=True)
    meta = {"title": f"Kursus {slug}", "slug": slug, "summary": "Ringkasan kursus.",
            "competency_type": "teknis", "jp": "4", "level": "2", **fields}
    front = "\n".join(f"{key}: {value}" for key, value in meta.items())
    (folder / "course.md").write_text(f"---\n{front}\n---\nDeskripsi kursus.\n")
    for name, body in (modules or {"01-pengantar": "## Pengantar\n\nIsi modul."}).items():
        title = name.split("-", 1)[1].replace("-", " ").title()
        (folder / f"{name}.md").write_text(f"---\ntitle: {title}\nminutes: 10\n---\n{textwrap.dedent(body)}")
    return folder


@pytest.fixture
def content_root(tmp_path):
    root = tmp_path / "content"
    root.mkdir()
    return root


@pytest.fixture
def make_course(db, content_root):
    """Write a course to a fresh content folder and sync it; returns the Course row."""

    def make(slug: str = "kursus-uji", modules: dict[str, str] | None = None, **fields):
        write_course(content_root, slug, modules, **fields)
        sync_content(db, content_root)
        db.commit()
        return db.query(Course).filter_by(slug=slug).one()

    return make


EVERY_TYPE = """\
---
title: Kuis Uji
role: {role}
pass_percent: 60
{settings}
---
Kerjakan dengan jujur.

## pilih single
topic: maklumat
competencies: pelayanan-publik
feedback: Maklumat adalah janji tertulis.

Apa itu maklumat pelayanan?

- [x] Janji tertulis penyelenggara
  > Tepat.
- [ ] Daftar tarif
  > Tarif hanya satu komponen standar.
- [ ] Surat keputusan

## jamak multiple
Mana saja kanal pengaduan resmi?

- [x] Aplikasi pengaduan resmi pemerintah
- [x] Kotak saran di kantor
- [ ] Grup WhatsApp pribadi petugas
- [ ] Komentar anonim di media sosial

## benar truefalse
answer: true

Pengaduan boleh disampaikan tanpa identitas.

## singkat short
Apa nama sistem pengaduan nasional?

= SP4N-LAPOR!
= SP4N LAPOR

## angka numeric
answer: 60
tolerance: 0.5

Berapa hari batas penyelesaian tindak lanjut pengaduan?

## pasangan matching
Pasangkan istilahnya.

- SKM -> Survei Kepuasan Masyarakat
- SP -> Standar Pelayanan
- PPID -> Pejabat Pengelola Informasi dan Dokumentasi

## esai essay
points: 2

Jelaskan rencana Anda.
"""


def quiz_text(role: str = "final", **settings) -> str:
    lines = "\n".join(f"{key}: {value}" for key, value in settings.items())
    return EVERY_TYPE.format(role=role, settings=lines)


@pytest.fixture
def make_quiz(db, content_root):
    """Write a course (one module) with the given quiz files and sync; returns {slug: Quiz}."""

    def make(quizzes: dict[str, str] | None = None, slug: str = "kursus-kuis", modules=None) -> dict:
        folder = write_course(content_root, slug, modules or {"01-pengantar": "Isi."})
        for name, text in (quizzes or {"90-kuis-akhir": quiz_text()}).items():
            (folder / f"{name}.quiz").write_text(textwrap.dedent(text))
        report = sync_content(db, content_root)
        assert report.problems == [], [str(p) for p in report.problems]
        db.commit()
        return {q.slug: q for q in db.scalars(select(Quiz))}

    return make


@pytest.fixture
def make_competency(db):
    """A competency with five level descriptions (retired at NOW if asked)."""

    def make(name: str, group: str = "manajerial", retired: bool = False) -> Competency:
        n = next(_numbers)
        competency = Competency(
            slug=f"kompetensi-{n}", group=group, name=name, description=f"Deskripsi {name}.",
            level_descriptions=[f"{name} tingkat {level}." for level in range(1, 6)], position=n,
            retired_at=NOW if retired else None)
        db.add(competency)
        db.commit()
        return competency

    return make


@pytest.fixture
def make_mentees(db):
    """Create `count` learners assigned to `mentor`, each enrolled in `course` (if given)."""

    def make(mentor, count: int, course=None, start: int = 0, unit: str = "Dinas Kominfo") -> list[User]:
        unit_id = get_or_create_unit(db, unit).id
        regency_id = db.scalar(select(Regency.id).where(Regency.code == "18.08"))
        users = [
            User(nip=f"{1960 + n % 40}{1 + n % 12:02d}{1 + n % 28:02d}201801{1 + n % 2}{n % 999 + 1:03d}",
                 email=f"mentee{n}@example.go.id", full_name=f"Peserta {n:04d}", password_hash=PASSWORD_HASH,
                 unit_id=unit_id, regency_id=regency_id, position="Pelaksana",
                 role_rows=[UserRole(role=Role.LEARNER)])
            for n in range(start, start + count)
        ]
        db.add_all(users)
        db.flush()
        db.add_all(MentorAssignment(mentor_id=mentor.id, mentee_id=u.id, started_at=NOW) for u in users)
        if course is not None:
            db.add_all(Enrollment(user_id=u.id, course_id=course.id, enrolled_at=NOW,
                                  last_activity_at=NOW - timedelta(days=n % 30)) for n, u in enumerate(users))
        db.commit()
        return users

    return make


@pytest.fixture
def outgoing_mail(app, monkeypatch) -> list[dict]:
    """SMTP configured, with a fake server: each email sent is appended (host, port, to, subject, body)."""
    sent = []

    class FakeSMTP:
        def __init__(self, host, port, timeout):
            sent.append({"host": host, "port": port})

        def __enter__(self):
            return self

        def __exit__(self, *_exc):
            return False

        def send_message(self, message):
            sent[-1]["to"], sent[-1]["subject"] = message["To"], message["Subject"]
            sent[-1]["body"] = message.get_content()

    monkeypatch.setattr("elearn.core.outbox.smtplib.SMTP", FakeSMTP)
    monkeypatch.setitem(app.config, "ELEARN_SMTP_HOST", "mail.example.go.id")
    return sent
