"""A course with a quiz of every question type, written as an author would and synced."""

import textwrap

import pytest
from sqlalchemy import select

from elearn.content.services import sync_content
from elearn.quizzes.models import Quiz
from tests.conftest import write_course

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
