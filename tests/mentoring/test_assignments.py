"""Admins assign mentors one by one or from a CSV file; a file with any problem saves nothing, and
every problem is reported by the row number Excel shows."""

import io
import re

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import stream_encode_multipart

from elearn.accounts.hashing import hash_password
from elearn.accounts.models import Regency, Role, User, UserRole
from elearn.accounts.services import get_or_create_unit
from elearn.core.extensions import utcnow
from elearn.mentoring.assignment_import import (
    MAX_ROWS,
    apply_assignments,
    preview_assignments,
    read_assignment_csv,
)
from elearn.mentoring.services import AssignmentError, assign_mentor
from tests.conftest import counted_statements
from tests.plugins.factories import TEST_PASSWORD, login

MENTOR = "198505152010011001"
MENTEE = "199001012015011001"
OTHER_MENTEE = "199203152019032001"
SECOND_MENTOR = "197809302003121004"


def messages(problems) -> list[tuple[int, str]]:
    return [(problem.row, str(problem.message)) for problem in problems]


@pytest.fixture
def people(make_user):
    """Two mentors and two learners with the NIPs above."""
    return {
        "mentor": make_user(Role.MENTOR, nip=MENTOR, full_name="Budi Santoso"),
        "second_mentor": make_user(Role.MENTOR, Role.LEARNER, nip=SECOND_MENTOR, full_name="Dewi Lestari"),
        "mentee": make_user(nip=MENTEE, full_name="Rahmat Hidayat"),
        "other_mentee": make_user(nip=OTHER_MENTEE, full_name="Siti Aminah"),
    }


def active_pairs(db) -> set[tuple[str, str]]:
    from elearn.accounts.mentorships import MentorAssignment

    mentor, mentee = User.__table__.alias(), User.__table__.alias()
    return {(mentor_nip, mentee_nip) for mentor_nip, mentee_nip in db.execute(
        select(mentor.c.nip, mentee.c.nip)
        .join(MentorAssignment, MentorAssignment.mentor_id == mentor.c.id)
        .join(mentee, mentee.c.id == MentorAssignment.mentee_id)
        .where(MentorAssignment.ended_at.is_(None))
    )}


# Reading the file


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_reads_comma_semicolon_and_tab_files(delimiter):
    data = f"{MENTOR}{delimiter}{MENTEE}\r\n{MENTOR}{delimiter}{OTHER_MENTEE}\r\n".encode()
    assert read_assignment_csv(data) == ([(1, MENTOR, MENTEE), (2, MENTOR, OTHER_MENTEE)], [])


def test_a_header_row_is_skipped_and_rows_are_numbered_as_in_excel():
    for header in ("nip_mentor,nip_mentee", "NIP Mentor,NIP Peserta", "Mentor,Mentee"):
        rows, problems = read_assignment_csv(f"{header}\n{MENTOR},{MENTEE}\n\n{MENTOR},{OTHER_MENTEE}\n".encode())
        assert rows == [(2, MENTOR, MENTEE), (4, MENTOR, OTHER_MENTEE)] and problems == []


def test_excel_utf8_bom_and_separator_hint_are_understood():
    data = "\ufeffNIP Mentor;NIP Peserta\r\n".encode() + f"{MENTOR};{MENTEE}\r\n".encode()
    assert read_assignment_csv(data) == ([(2, MENTOR, MENTEE)], [])
    assert read_assignment_csv(f"sep=;\n{MENTOR};{MENTEE}\n".encode()) == ([(1, MENTOR, MENTEE)], [])


def test_windows_encoded_file_is_read_with_a_notice():
    data = f"NIP Mentor – Pembimbing;NIP Peserta\n{MENTOR};{MENTEE}\n".encode("cp1252")
    rows, problems = read_assignment_csv(data)
    assert rows == [(2, MENTOR, MENTEE)]
    assert [problem.notice for problem in problems] == [True]
    assert "read as Excel's Windows text" in str(problems[0].message)


@pytest.mark.parametrize("data", [b"\x81\x8d\x8f\x90\x9d", b"PK\x03\x04\x00\x00binary"])
def test_a_file_that_is_not_text_is_a_problem_at_row_1(data):
    rows, problems = read_assignment_csv(data)
    assert rows == []
    assert messages(problems) == [(1, "This file cannot be read as text. In Excel, choose Save As and the type "
                                      "“CSV UTF-8” or “CSV (Comma delimited)”.")]


def test_spaces_excel_apostrophes_and_padding_cells_are_cleaned():
    data = f" '{MENTOR} ; '19900101 201501 1 001 ;;\n;;\n".encode()
    assert read_assignment_csv(data) == ([(1, MENTOR, MENTEE)], [])


def test_numbers_excel_turned_into_scientific_notation_are_explained():
    rows, problems = read_assignment_csv(f"NIP Mentor;NIP Peserta\n{MENTOR};1,99001E+17\n1.99E+17;{MENTEE}\n".encode())
    assert rows == []
    assert [(problem.row, problem.column) for problem in problems] == [(2, "mentee_nip"), (3, "mentor_nip")]
    assert all("Format the NIP column as text in Excel" in str(problem.message) for problem in problems)
    assert "1,99001E+17" in str(problems[0].message)


def test_nips_rounded_by_excel_are_explained():
    rows, problems = read_assignment_csv(f"{MENTOR},199001012015011000\n".encode())
    assert rows == [] and "ends in 000" in str(problems[0].message)


def test_rows_must_have_exactly_two_nips():
    data = f"{MENTOR}\n{MENTOR},{MENTEE},{OTHER_MENTEE}\n,{MENTEE}\n{MENTOR},{MENTEE}\n".encode()
    rows, problems = read_assignment_csv(data)
    assert rows == [(4, MENTOR, MENTEE)]
    assert [row for row, _ in messages(problems)] == [1, 2, 3]
    assert "only one cell" in str(problems[0].message)
    assert "This row has 3 cells; it needs exactly two" in str(problems[1].message)
    assert str(problems[2].message) == "The mentor's NIP is empty."


@pytest.mark.parametrize("data", [b"", b"\r\n\r\n", b"nip_mentor;nip_mentee\r\n"])
def test_an_empty_file_is_a_problem(db, data):
    preview = preview_assignments(db, *read_assignment_csv(data))
    assert messages(preview.errors) == [(1, "The file has no rows to import.")]


# Checking the rows


def test_every_problem_is_listed_with_its_row(db, people, make_user):
    make_user(nip="198001012005011002", full_name="Tanpa Peran")  # a learner, not a mentor
    data = "\n".join([
        "NIP Mentor;NIP Peserta",
        f"{MENTOR};{MENTEE}",
        f"199901012020011009;{MENTEE}",
        f"{MENTOR};199901012020011009",
        f"{MENTOR};{MENTOR}",
        f"198001012005011002;{MENTEE}",
        f"{MENTOR};{MENTEE}",
    ]).encode()
    preview = preview_assignments(db, *read_assignment_csv(data))
    assert messages(preview.errors) == [
        (3, "No account has this mentor NIP."),
        (4, "No account has this mentee NIP."),
        (5, "A person cannot be their own mentor."),
        (6, "Tanpa Peran does not have the mentor role. Give the account that role first."),
        (7, "This row repeats row 2."),
    ]
    assert [row.row for row in preview.to_create] == [2]
    with pytest.raises(AssignmentError):
        apply_assignments(db, preview, None, utcnow())
    assert active_pairs(db) == set()


def test_active_assignments_are_noted_and_skipped_not_refused(db, people):
    assign_mentor(db, people["mentor"], people["mentee"], None, utcnow())
    db.commit()
    preview = preview_assignments(db, *read_assignment_csv(f"{MENTOR},{MENTEE}\n{MENTOR},{OTHER_MENTEE}\n".encode()))
    assert preview.errors == []
    assert [(row.row, row.already_assigned) for row in preview.rows] == [(1, True), (2, False)]
    assert apply_assignments(db, preview, people["mentor"].id, utcnow()) == 1
    db.commit()
    assert active_pairs(db) == {(MENTOR, MENTEE), (MENTOR, OTHER_MENTEE)}


def test_too_many_rows_are_refused(db):
    rows = [(n, MENTOR, f"{n:018d}") for n in range(1, MAX_ROWS + 2)]
    preview = preview_assignments(db, rows)
    assert messages(preview.errors) == [(MAX_ROWS + 1, "The file has more than 5000 rows. Split it into "
                                                       "smaller files and upload them one by one.")]


def add_learners(db, count: int) -> list[User]:
    """Many accounts quickly: one password hash, one insert."""
    password_hash = hash_password(TEST_PASSWORD)
    unit_id = get_or_create_unit(db, "Dinas Kominfo").id
    regency_id = db.scalar(select(Regency.id).where(Regency.code == "18.71"))
    users = [User(nip=f"1991{1 + n % 12:02d}{1 + n % 28:02d}2016012{n + 1:03d}", email=f"learner{n}@example.go.id",
                  full_name=f"Peserta {n:03d}", password_hash=password_hash, unit_id=unit_id,
                  regency_id=regency_id, position="Pelaksana", role_rows=[UserRole(role=Role.LEARNER)])
             for n in range(count)]
    db.add_all(users)
    db.commit()
    return users


def test_checking_a_file_costs_the_same_queries_for_5_or_200_rows(db, people):
    learners = add_learners(db, 200)
    for learner in learners[:3]:
        assign_mentor(db, people["mentor"], learner, None, utcnow())
    db.commit()
    counts = []
    for size in (5, 200):
        data = "".join(f"{MENTOR};{learner.nip}\n" for learner in learners[:size]).encode()
        db.expunge_all()
        with counted_statements() as counter:
            preview = preview_assignments(db, *read_assignment_csv(data))
        assert len(preview.rows) == size and preview.errors == []
        counts.append(len(counter))
    assert counts[0] == counts[1] <= 2


# The pages


def upload(client, text: str | bytes, filename: str = "mentor.csv"):
    """Encoded in memory: the test client would spool a large body to a file it never closes."""
    data = text.encode() if isinstance(text, str) else text
    body, _, boundary = stream_encode_multipart(
        {"csv_file": FileStorage(io.BytesIO(data), filename)}, use_tempfile=False)
    return client.post("/admin/assignments/upload", data=body.getvalue(),
                       content_type=f"multipart/form-data; boundary={boundary}")


def checked_rows(html: str) -> list[str]:
    return re.findall(r'<input type="hidden" name="rows" value="([^"]+)">', html)


def test_a_file_with_problems_is_previewed_and_nothing_can_be_saved(client, db, people, make_user):
    login(client, make_user(Role.ADMIN))
    page = upload(client, f"NIP Mentor;NIP Peserta\n{MENTOR};{MENTEE}\n{MENTOR};{MENTEE}\n").text
    assert "1 problem found. Nothing has been saved." in page
    assert "Row 3: This row repeats row 2." in page
    assert "Save" not in page and checked_rows(page) == []
    assert active_pairs(db) == set()


def test_a_clean_file_is_saved_after_confirming(client, db, people, make_user):
    admin = make_user(Role.ADMIN)
    login(client, admin)
    page = upload(client, f"NIP Mentor;NIP Peserta\n{MENTOR};{MENTEE}\n{SECOND_MENTOR};{MENTEE}\n").text
    assert "Save 2 assignments" in page and "Will be assigned." in page and "Rahmat Hidayat" in page
    assert active_pairs(db) == set()
    response = client.post("/admin/assignments/confirm", data={"rows": checked_rows(page)})
    assert response.status_code == 302
    assert active_pairs(db) == {(MENTOR, MENTEE), (SECOND_MENTOR, MENTEE)}
    from elearn.accounts.mentorships import MentorAssignment

    assert set(db.scalars(select(MentorAssignment.assigned_by_id))) == {admin.id}
    assert "2 assignments have been saved." in client.get(response.location).text


def test_confirming_is_refused_when_something_changed_since_the_preview(client, db, people, make_user):
    login(client, make_user(Role.ADMIN))
    page = upload(client, f"{MENTOR};{MENTEE}\n{MENTOR};{OTHER_MENTEE}\n").text
    assign_mentor(db, people["mentor"], people["mentee"], None, utcnow())  # another admin, meanwhile
    db.commit()
    response = client.post("/admin/assignments/confirm", data={"rows": checked_rows(page)})
    assert "changed after the check" in response.text and "Save 1 assignment" in response.text
    assert active_pairs(db) == {(MENTOR, MENTEE)}
    tampered = [f"1,{MENTOR},199901012020011009"]
    response = client.post("/admin/assignments/confirm", data={"rows": tampered})
    assert "Row 1: No account has this mentee NIP." in response.text
    assert active_pairs(db) == {(MENTOR, MENTEE)}


def test_only_small_csv_files_are_accepted(client, db, make_user):
    login(client, make_user(Role.ADMIN))
    assert "Choose a file whose name ends in .csv." in upload(client, "x", "mentor.xlsx").text
    assert "The file must be at most 1 MB." in upload(client, b"1" * (1024 * 1024 + 1)).text
    assert "Choose a CSV file." in client.post("/admin/assignments/upload", data={}).text


def test_assigning_one_mentor_keeps_what_was_typed_when_it_fails(client, db, people, make_user):
    login(client, make_user(Role.ADMIN))
    response = client.post("/admin/assignments", data={"mentor_nip": MENTEE, "mentee_nip": "199901012020011009"})
    assert response.status_code == 200
    assert "Rahmat Hidayat does not have the mentor role." in response.text
    assert "No account has this mentee NIP." in response.text
    assert f'value="{MENTEE}"' in response.text and 'value="199901012020011009"' in response.text
    response = client.post("/admin/assignments", data={"mentor_nip": MENTOR, "mentee_nip": MENTOR})
    assert "A person cannot be their own mentor." in response.text
    assert active_pairs(db) == set()


def test_a_mentee_may_have_two_mentors_and_ending_one_keeps_its_history(client, db, people, make_user):
    from elearn.accounts.mentorships import MentorAssignment

    login(client, make_user(Role.ADMIN))
    response = client.post("/admin/assignments", data={"mentor_nip": "19850515 201001 1 001", "mentee_nip": MENTEE})
    assert "Budi Santoso now mentors Rahmat Hidayat." in client.get(response.location).text
    client.post("/admin/assignments", data={"mentor_nip": SECOND_MENTOR, "mentee_nip": MENTEE})
    again = client.post("/admin/assignments", data={"mentor_nip": SECOND_MENTOR, "mentee_nip": MENTEE})
    assert "already mentors" in client.get(again.location).text
    assert active_pairs(db) == {(MENTOR, MENTEE), (SECOND_MENTOR, MENTEE)}
    page = client.get("/admin/assignments?q=rahmat").text
    assert "2 assignments found." in page and "Dewi Lestari" in page and "Budi Santoso" in page

    first = db.scalar(select(MentorAssignment).where(MentorAssignment.mentor_id == people["mentor"].id))
    response = client.post("/admin/assignments/end?q=rahmat", data={"assignment_id": first.id})
    assert response.status_code == 302 and "q=rahmat" in response.location
    assert active_pairs(db) == {(SECOND_MENTOR, MENTEE)}
    ended = db.scalars(select(MentorAssignment.ended_at).where(MentorAssignment.id == first.id)).one()
    assert ended is not None
    assert db.scalar(select(func.count(MentorAssignment.id))) == 2
    assert "1 assignment found." in client.get("/admin/assignments?q=rahmat").text


def test_ending_an_unknown_assignment_is_not_found(client, db, make_user):
    login(client, make_user(Role.ADMIN))
    assert client.post("/admin/assignments/end", data={"assignment_id": 999999}).status_code == 404
    assert client.post("/admin/assignments/end", data={}).status_code == 400


def test_the_list_of_assignments_costs_the_same_queries_for_few_or_many(client, db, people, make_user):
    login(client, make_user(Role.ADMIN))
    learners = add_learners(db, 60)

    def statements_for_page(learners_to_assign) -> int:
        for learner in learners_to_assign:
            assign_mentor(db, people["mentor"], learner, None, utcnow())
        db.commit()
        with counted_statements() as counter:
            assert client.get("/admin/assignments").status_code == 200
        return len(counter)

    assert statements_for_page(learners[:5]) == statements_for_page(learners[5:])
