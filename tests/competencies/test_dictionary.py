"""The competency dictionary and job profiles in content/_kamus: every problem reported as
path:line: message, a broken dictionary never replacing the live one, retiring instead of deleting,
course and question tags checked against it, and each person's job profile matched from their position."""

from pathlib import Path

import pytest
from sqlalchemy import func, select

from elearn.accounts.models import User
from elearn.accounts.profiles import resolve_job_profiles
from elearn.content.models import Course
from elearn.contentsync.services import check_content, sync_content
from elearn.core.extensions import utcnow
from elearn.dictionary.models import Competency, CourseCompetency, JobProfile, JobRequirement
from elearn.dictionary.services import DICTIONARY_FOLDER, job_profile_for_position, load_dictionary
from elearn.quizzes.models import Question
from tests.conftest import counted_statements
from tests.dictionary_fixture import SMALL_DICTIONARY, write_dictionary
from tests.plugins.factories import write_course

REAL_CONTENT = Path(__file__).resolve().parents[2] / "content"
COMPETENCIES, PROFILES = "kompetensi.md", "jabatan.md"


def edit(root: Path, name: str, old: str, new: str) -> int:
    """Replace `old` by `new` in one dictionary file; returns the line where the change starts."""
    path = root / DICTIONARY_FOLDER / name
    text = path.read_text()
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new))
    return text[:text.index(old)].count("\n") + 1


def problems_of(root: Path) -> list[str]:
    found = []
    load_dictionary(root, found)
    return [str(problem) for problem in found]


def dictionary_rows(db) -> dict:
    return {
        "competencies": {c.slug: (c.id, c.name, c.group, c.level_descriptions, c.position, c.retired_at)
                         for c in db.scalars(select(Competency))},
        "profiles": {p.slug: (p.id, p.name, p.match_patterns, p.position, p.retired_at)
                     for p in db.scalars(select(JobProfile))},
        "requirements": set(db.execute(select(JobRequirement.profile_id, JobRequirement.competency_id,
                                              JobRequirement.level)).all()),
    }


def test_the_real_dictionary_has_the_skj_competencies_with_five_levels_each():
    found = []
    source = load_dictionary(REAL_CONTENT, found)
    assert found == [] and source.complete
    by_group = {group: {c.slug for c in source.competencies if c.group == group}
                for group in ("manajerial", "sosial-kultural", "teknis")}
    assert by_group == {
        "manajerial": {"integritas", "kerja-sama", "komunikasi", "orientasi-pada-hasil", "pelayanan-publik",
                       "pengembangan-diri-dan-orang-lain", "mengelola-perubahan", "pengambilan-keputusan"},
        "sosial-kultural": {"perekat-bangsa"},
        "teknis": {"literasi-digital", "keamanan-informasi", "pelindungan-data-pribadi"},
    }
    assert all(len(c.levels) == 5 and all(len(level) > 40 for level in c.levels) for c in source.competencies)
    assert all(len(c.description) > 100 for c in source.competencies)
    assert source.profiles[-1].patterns == ["*"]
    managerial = by_group["manajerial"] | by_group["sosial-kultural"]
    assert all(managerial <= set(p.requirements) for p in source.profiles)


def test_a_well_formed_dictionary_has_no_problems(content_root):
    write_dictionary(content_root)
    assert problems_of(content_root) == []


@pytest.mark.parametrize(("name", "old", "new", "message"), [
    (COMPETENCIES, "name: Komunikasi\n", "nama: Komunikasi\n",
     "unknown key 'nama' (allowed: description, group, level 1, level 2, level 3, level 4, level 5, name)"),
    (COMPETENCIES, "## komunikasi\n", "## Komunikasi Lisan\n",
     "a competency starts with '## <slug>' (lowercase letters, digits and hyphens); found '## Komunikasi Lisan'"),
    (COMPETENCIES, "## komunikasi\n", "## integritas\n", "competency 'integritas' is also defined on line 3"),
    (COMPETENCIES, "group: teknis\n", "group: digital\n",
     "'group' must be one of teknis, manajerial, sosial-kultural, not 'digital'"),
    (COMPETENCIES, "level 2: Aktif menjalankan komunikasi secara formal dan informal.\n", "level 2:\n",
     "'level 2' is required"),
    (COMPETENCIES, "level 1: Menyampaikan informasi", "level satu Menyampaikan informasi",
     "expected 'key: value' in competency 'komunikasi', found 'level satu Menyampaikan informasi dengan "
     "jelas, lengkap, dan mudah dipahami.'"),
    (PROFILES, "komunikasi: 3\n", "komunikasi: 6\n", "'komunikasi' must be a whole number from 1 to 5, not '6'"),
    (PROFILES, "komunikasi: 3\n", "komunikasi: tiga\n",
     "'komunikasi' must be a whole number from 1 to 5, not 'tiga'"),
    (PROFILES, "literasi-digital: 2\n\n## pelaksana", "literasi-digitl: 2\n\n## pelaksana",
     "unknown competency 'literasi-digitl' (not in kompetensi.md)"),
    (PROFILES, "## pelaksana\n", "## pengawas\n", "job profile 'pengawas' is also defined on line 3"),
    (PROFILES, "match: *\n", "match: *, staf\n", "'*' matches every position, so it stands alone in 'match'"),
])
def test_each_problem_is_reported_on_its_file_and_line(content_root, name, old, new, message):
    write_dictionary(content_root)
    line = edit(content_root, name, old, new)
    assert f"content/_kamus/{name}:{line}: {message}" in problems_of(content_root)


def test_missing_keys_are_reported_on_the_heading_of_their_block(content_root):
    write_dictionary(content_root)
    edit(content_root, COMPETENCIES, "level 4: Menciptakan situasi kerja yang membuat rekan kerja berperilaku "
         "beretika.\n", "")
    line = edit(content_root, PROFILES, "name: Pelaksana\nmatch: *\n", "")
    assert problems_of(content_root) == [
        "content/_kamus/kompetensi.md:3: 'level 4' is required",
        f"content/_kamus/jabatan.md:{line - 1}: 'name' is required",
        f"content/_kamus/jabatan.md:{line - 1}: 'match' is required: phrases of positions, or '*' for "
        "everyone else",
    ]


def test_a_profile_after_the_catch_all_is_reported_because_it_could_never_match(content_root):
    write_dictionary(content_root)
    path = content_root / DICTIONARY_FOLDER / PROFILES
    path.write_text(path.read_text() + "\n## pengawas-sekolah\nname: Pengawas Sekolah\nmatch: pengawas sekolah\n"
                    "integritas: 3\n")
    line = path.read_text().split("\n").index("## pengawas-sekolah") + 1
    assert problems_of(content_root) == [
        f"content/_kamus/jabatan.md:{line}: job profile 'pengawas-sekolah' comes after the catch-all "
        "'pelaksana' (match: *) and would never match"]


def test_missing_and_unexpected_files_are_reported(content_root):
    write_dictionary(content_root)
    (content_root / DICTIONARY_FOLDER / PROFILES).unlink()
    (content_root / DICTIONARY_FOLDER / "kompetensi.txt").write_text("## integritas\n")
    assert problems_of(content_root) == [
        "content/_kamus/kompetensi.txt:1: unexpected file: the dictionary is kompetensi.md and jabatan.md",
        "content/_kamus/jabatan.md:1: the dictionary folder needs a jabatan.md file with the job profiles",
    ]


def test_sync_imports_the_dictionary_and_a_second_sync_changes_nothing(db, content_root):
    write_dictionary(content_root)
    report = sync_content(db, content_root)
    db.commit()
    first = dictionary_rows(db)
    assert report.problems == []
    assert [(slug, row[2], row[4]) for slug, row in first["competencies"].items()] == [
        ("integritas", "manajerial", 1), ("komunikasi", "manajerial", 2), ("literasi-digital", "teknis", 3)]
    assert first["profiles"]["pengawas"][2] == ["kepala seksi", "kepala subbagian"]
    assert first["profiles"]["pelaksana"][2] == ["*"]
    assert len(first["requirements"]) == 6
    sync_content(db, content_root)
    db.commit()
    assert dictionary_rows(db) == first


def test_a_broken_dictionary_is_not_imported_and_the_live_one_stays(db, content_root):
    write_dictionary(content_root)
    sync_content(db, content_root)
    db.commit()
    live = dictionary_rows(db)
    edit(content_root, COMPETENCIES, "name: Komunikasi\n", "name: Komunikasi Efektif\n")
    edit(content_root, PROFILES, "komunikasi: 3\n", "komunikasi: 7\n")
    report = sync_content(db, content_root)
    db.commit()
    assert [str(p) for p in report.problems] == [
        "content/_kamus/jabatan.md:7: 'komunikasi' must be a whole number from 1 to 5, not '7'"]
    assert DICTIONARY_FOLDER in report.refused_folders
    assert dictionary_rows(db) == live


def test_a_removed_competency_or_profile_is_retired_not_deleted(db, content_root, make_user):
    write_dictionary(content_root)
    sync_content(db, content_root)
    head = make_user(position="Kepala Seksi Pelayanan")
    competencies = SMALL_DICTIONARY[COMPETENCIES]
    (content_root / DICTIONARY_FOLDER / COMPETENCIES).write_text(
        competencies[:competencies.index("## literasi-digital")])
    (content_root / DICTIONARY_FOLDER / PROFILES).write_text(
        "## pelaksana\nname: Pelaksana\nmatch: *\nintegritas: 2\nkomunikasi: 2\n")
    now = utcnow()
    report = sync_content(db, content_root, now)
    db.commit()
    rows = dictionary_rows(db)
    ids = {slug: row[0] for slug, row in rows["competencies"].items()}
    assert report.problems == []
    assert rows["competencies"]["literasi-digital"][5] == now and rows["profiles"]["pengawas"][4] == now
    assert rows["competencies"]["integritas"][5] is None and rows["profiles"]["pelaksana"][4] is None
    pelaksana, pengawas = rows["profiles"]["pelaksana"][0], rows["profiles"]["pengawas"][0]
    assert {(c, level) for p, c, level in rows["requirements"] if p == pelaksana} == {
        (ids["integritas"], 2), (ids["komunikasi"], 2)}
    assert (pengawas, ids["literasi-digital"], 2) in rows["requirements"]  # as it was when retired
    assert db.get(User, head.id).job_profile_id == pelaksana


def course_competencies(db, slug: str) -> set[str]:
    return set(db.scalars(select(Competency.slug).join(CourseCompetency)
                          .join(Course, Course.id == CourseCompetency.course_id).where(Course.slug == slug)))


def test_a_course_declares_its_competencies_and_a_changed_list_replaces_the_links(db, content_root):
    write_dictionary(content_root)
    write_course(content_root, "etika", competencies="integritas, komunikasi", follow_up_days="45")
    write_course(content_root, "dasar")
    assert sync_content(db, content_root).problems == []
    db.commit()
    assert course_competencies(db, "etika") == {"integritas", "komunikasi"}
    assert {c.slug: c.follow_up_days for c in db.scalars(select(Course))} == {"etika": 45, "dasar": 30}
    write_course(content_root, "etika", competencies="komunikasi,literasi-digital")
    sync_content(db, content_root)
    db.commit()
    assert course_competencies(db, "etika") == {"komunikasi", "literasi-digital"}
    assert db.scalar(select(Course.follow_up_days).where(Course.slug == "etika")) == 30


def test_an_unknown_course_competency_refuses_the_course_with_file_and_line(db, content_root):
    write_dictionary(content_root)
    write_course(content_root, "etika", competencies="integritas, kejujuran")
    report = sync_content(db, content_root)
    assert [str(p) for p in report.problems] == [
        "content/etika/course.md:8: unknown competency 'kejujuran' (not in _kamus/kompetensi.md)"]
    assert report.refused_folders == ["etika"]


def test_follow_up_days_must_be_1_to_365(content_root):
    write_course(content_root, "etika", follow_up_days="400")
    assert [str(p) for p in check_content(content_root)] == [
        "content/etika/course.md:8: 'follow_up_days' must be a whole number from 1 to 365, not '400'"]


def test_a_question_competency_is_checked_against_the_dictionary(db, content_root):
    write_dictionary(content_root)
    folder = write_course(content_root, "etika")
    (folder / "90-kuis.quiz").write_text(
        "---\ntitle: Kuis\n---\n\n## q1 truefalse\ncompetencies: integritas, etika\nanswer: true\n\nBenar?\n")
    assert [str(p) for p in check_content(content_root)] == [
        "content/etika/90-kuis.quiz:6: unknown competency 'etika' (not in _kamus/kompetensi.md)"]
    (folder / "90-kuis.quiz").write_text(
        "---\ntitle: Kuis\n---\n\n## q1 truefalse\ncompetencies: integritas\nanswer: true\n\nBenar?\n")
    sync_content(db, content_root)
    assert db.scalar(select(Question.competencies)) == ["integritas"]


def test_without_a_dictionary_folder_tags_are_neither_checked_nor_linked(db, content_root):
    write_course(content_root, "etika", competencies="integritas, apa-saja")
    assert sync_content(db, content_root).problems == []
    db.commit()
    assert course_competencies(db, "etika") == set()
    write_dictionary(content_root)  # added later: the unchanged course is linked to what exists now
    write_course(content_root, "etika", competencies="integritas")
    report = sync_content(db, content_root)
    assert report.problems == []
    assert course_competencies(db, "etika") == {"integritas"}


def profile_slugs(db, *users) -> list[str | None]:
    slugs = dict(db.execute(select(JobProfile.id, JobProfile.slug)).all())
    return [slugs.get(db.get(User, user.id).job_profile_id) for user in users]


def test_resolution_takes_the_first_matching_profile_case_insensitively_and_the_catch_all(db, content_root,
                                                                                         make_user):
    people = [make_user(position=position) for position in (
        "Kepala Seksi Pemerintahan", "KEPALA SUBBAGIAN UMUM", "Pengadministrasi Umum", "Guru Ahli Muda")]
    assert profile_slugs(db, *people) == [None] * 4  # no dictionary yet
    write_dictionary(content_root)
    sync_content(db, content_root)
    db.commit()
    assert profile_slugs(db, *people) == ["pengawas", "pengawas", "pelaksana", "pelaksana"]
    edit(content_root, PROFILES, "match: kepala seksi, kepala subbagian", "match: kepala seksi, guru")
    sync_content(db, content_root)
    db.commit()
    assert profile_slugs(db, *people) == ["pengawas", "pelaksana", "pelaksana", "pengawas"]


def test_a_new_account_gets_its_profile_at_once(db, content_root, make_user):
    write_dictionary(content_root)
    sync_content(db, content_root)
    db.commit()
    assert profile_slugs(db, make_user(position="Kepala Subbagian Keuangan")) == ["pengawas"]
    assert job_profile_for_position(db, "Kepala Seksi Pelayanan").slug == "pengawas"


def test_without_a_catch_all_unmatched_people_have_no_profile(db, content_root, make_user):
    write_dictionary(content_root)
    path = content_root / DICTIONARY_FOLDER / PROFILES
    path.write_text(path.read_text().split("## pelaksana")[0])
    sync_content(db, content_root)
    staff = make_user(position="Pengadministrasi Umum")
    assert profile_slugs(db, staff) == [None] and job_profile_for_position(db, "Staf") is None


def add_people(db, template: User, positions: list[str]) -> list[User]:
    """People inserted as the volume generator does (no account service, so no profile yet)."""
    people = [User(nip=f"1980010120050{template.id:03d}{n:02d}", email=f"p{template.id}-{n}@example.go.id",
                   full_name="Pegawai", password_hash="x", unit_id=template.unit_id,
                   regency_id=template.regency_id, position=position) for n, position in enumerate(positions)]
    db.add_all(people)
    db.flush()
    return people


def test_resolution_runs_the_same_statements_for_few_or_many_people(db, content_root, make_user):
    write_dictionary(content_root)
    sync_content(db, content_root)
    db.commit()

    def statements_for(count: int) -> int:
        add_people(db, make_user(), ["Kepala Seksi Umum", "Staf"] * count)
        with counted_statements() as statements:
            resolved = resolve_job_profiles(db)
        assert resolved == db.scalar(select(func.count()).select_from(User))
        return len(statements)

    assert statements_for(1) == statements_for(20) == 3  # the profiles, one UPDATE, the count


REAL_PROFILES = {
    "pengawas": ["Kepala Subbagian Umum", "Kepala Seksi Pemerintahan", "Kepala Sub Bagian Keuangan"],
    "administrator": ["Kepala Bidang Pelayanan Pendaftaran Penduduk", "Sekretaris Dinas Kesehatan",
                      "Inspektur Pembantu Wilayah II"],
    "pimpinan-tinggi": ["Kepala Dinas Pendidikan dan Kebudayaan", "Sekretaris Daerah", "Inspektur"],
    "fungsional-ahli-madya": ["Guru Ahli Madya"],
    "fungsional-ahli-muda": ["Analis Kebijakan Ahli Muda", "Guru Ahli Muda", "Pengawas Sekolah",
                             "Widyaiswara Ahli Muda"],
    "fungsional-ahli-pertama": ["Guru Ahli Pertama", "Bidan Ahli Pertama", "Dokter Ahli Pertama",
                                "Analis SDM Aparatur", "Analis Sumber Daya Manusia Aparatur",
                                "Perancang Peraturan", "Perencana Ahli Pertama", "Pranata Komputer Ahli Pertama",
                                "Auditor Ahli Pertama"],
    "pelaksana": ["Pengadministrasi Kependudukan", "Pengadministrasi Umum", "Pengelola Keuangan",
                  "Pengurus Barang"],
    "fungsional-keterampilan": ["Arsiparis Terampil", "Perawat Terampil", "Penyuluh Kesehatan Masyarakat",
                                "Teknik Jalan dan Jembatan", "Guru"],
    "lainnya": ["Camat", "Staf"],
}


def test_the_positions_of_demo_accounts_and_generated_learners_get_the_right_real_profile(db, make_user):
    from elearn.devtools.demo import DEMO_ACCOUNTS
    from elearn.devtools.volume.generator import PROVINCE_UNITS, REGENCY_UNITS

    expected = {position: slug for slug, positions in REAL_PROFILES.items() for position in positions}
    generated = {p for _, _, positions in REGENCY_UNITS + PROVINCE_UNITS for p in positions}
    assert generated | {account[6] for account in DEMO_ACCOUNTS} <= set(expected)
    sync_content(db, REAL_CONTENT)
    db.commit()
    by_python = {position: job_profile_for_position(db, position).slug for position in expected}
    assert by_python == expected
    people = add_people(db, make_user(position="Camat"), list(expected))
    assert resolve_job_profiles(db) == len(people) + 1
    db.commit()
    assert dict(zip(expected, profile_slugs(db, *people), strict=True)) == expected


def run_content_command(app, monkeypatch, root: Path, command: str):
    monkeypatch.setitem(app.config, "ELEARN_CONTENT_DIR", str(root))
    return app.test_cli_runner().invoke(args=["content", command])


def test_content_check_passes_on_the_real_content_folder(app, monkeypatch):
    result = run_content_command(app, monkeypatch, REAL_CONTENT, "check")
    assert result.exit_code == 0, result.output
    assert "Content is valid." in result.output


def test_content_check_and_sync_print_dictionary_problems_and_exit_1(app, db, content_root, monkeypatch):
    write_dictionary(content_root)
    line = edit(content_root, COMPETENCIES, "group: teknis\n", "group: digital\n")
    checked = run_content_command(app, monkeypatch, content_root, "check")
    synced = run_content_command(app, monkeypatch, content_root, "sync")
    problem = (f"content/_kamus/kompetensi.md:{line}: 'group' must be one of teknis, manajerial, "
               "sosial-kultural, not 'digital'")
    assert checked.exit_code == synced.exit_code == 1
    assert problem in checked.output and problem in synced.output
    assert "Not imported (the live version stays): _kamus" in synced.output
    assert db.scalar(select(func.count()).select_from(Competency)) == 0
