"""Realistic volume for benchmarks and `flask demo --scale`: ASN across Lampung's regencies and their
OPDs, mentors with 30–500 mentees, and (in `progress`) their enrolments, progress and graded quiz
attempts on the imported courses. Rows go in with Core bulk inserts and one precomputed password hash:
per-row ORM flushes and a scrypt hash per user would turn the minute 20,000 learners take into hours."""

import itertools
import random
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from elearn.accounts.hashing import hash_password
from elearn.accounts.mentorships import MentorAssignment
from elearn.accounts.models import Regency, Role, Unit, User, UserRole
from elearn.accounts.nip import nip_problem
from elearn.accounts.profiles import resolve_job_profiles
from elearn.devtools.volume.cycle import cycle_catalog, insert_cycle, insert_outcome_figures
from elearn.devtools.volume.progress import (
    ACTIVITY_WINDOW,
    LearnerHistory,
    course_plans,
    insert_progress,
    insert_rows,
)

PASSWORD = "demo-elearn"  # as the `flask demo` accounts
FEWEST_MENTEES, MOST_MENTEES = 30, 500
CHUNK = 2000  # learners whose progress is built and inserted together, to bound memory
FIRST_BIRTH, BIRTH_DAYS = date(1965, 1, 1), (date(2001, 1, 1) - date(1965, 1, 1)).days

# ASN follow population (BPS 2020, thousands); Metro is raised because a city employs more per head.
# Each regency's capital district gives its Kecamatan office.
REGENCIES = {
    "Kabupaten Lampung Tengah": (1460, "Gunung Sugih"), "Kota Bandar Lampung": (1166, "Tanjung Karang Pusat"),
    "Kabupaten Lampung Timur": (1110, "Sukadana"), "Kabupaten Lampung Selatan": (1064, "Kalianda"),
    "Kabupaten Tanggamus": (640, "Kota Agung"), "Kabupaten Lampung Utara": (633, "Kotabumi"),
    "Kabupaten Pesawaran": (477, "Gedong Tataan"), "Kabupaten Way Kanan": (473, "Blambangan Umpu"),
    "Kabupaten Tulang Bawang": (430, "Menggala"), "Kabupaten Pringsewu": (405, "Pringsewu"),
    "Kota Metro": (330, "Metro Pusat"), "Kabupaten Lampung Barat": (302, "Balik Bukit"),
    "Kabupaten Tulang Bawang Barat": (286, "Tulang Bawang Tengah"), "Kabupaten Mesuji": (227, "Mesuji"),
    "Kabupaten Pesisir Barat": (162, "Pesisir Tengah"),
}
GENERIC = ("Pengadministrasi Umum", "Pengelola Keuangan", "Analis Kebijakan Ahli Muda", "Arsiparis Terampil")
TEACHING = ("Guru Ahli Pertama", "Guru Ahli Muda", "Guru Ahli Madya", "Pengawas Sekolah")
HEALTH = ("Perawat Terampil", "Bidan Ahli Pertama", "Dokter Ahli Pertama", "Penyuluh Kesehatan Masyarakat")
# (unit name, share of the regency's ASN, typical positions): schools and health centres employ most.
REGENCY_UNITS = [
    ("Dinas Pendidikan dan Kebudayaan {regency}", 8, TEACHING),
    ("Dinas Kesehatan {regency}", 5, HEALTH),
    ("Dinas Kependudukan dan Pencatatan Sipil {regency}", 1, ("Pengadministrasi Kependudukan", *GENERIC)),
    ("Badan Kepegawaian dan Pengembangan SDM {regency}", 1, ("Analis SDM Aparatur", *GENERIC)),
    ("Sekretariat Daerah {regency}", 2, ("Kepala Subbagian Umum", "Perancang Peraturan", *GENERIC)),
    ("Dinas Pekerjaan Umum dan Penataan Ruang {regency}", 1, ("Teknik Jalan dan Jembatan", *GENERIC)),
    ("Badan Perencanaan Pembangunan Daerah {regency}", 1, ("Perencana Ahli Pertama", *GENERIC)),
    ("Kecamatan {district} {regency}", 2, ("Kepala Seksi Pemerintahan", "Pengadministrasi Umum")),
]
PROVINCE_SEAT, PROVINCE_WEIGHT = "Kota Bandar Lampung", 700
PROVINCE_UNITS = [
    ("Sekretariat Daerah Provinsi Lampung", 2, ("Kepala Subbagian Umum", *GENERIC)),
    ("Dinas Pendidikan dan Kebudayaan Provinsi Lampung", 4, TEACHING),
    ("Dinas Kesehatan Provinsi Lampung", 1, HEALTH),
    ("RSUD Dr. H. Abdul Moeloek Provinsi Lampung", 3, HEALTH),
    ("Badan Kepegawaian Daerah Provinsi Lampung", 1, ("Analis SDM Aparatur", *GENERIC)),
    ("Badan Pengembangan Sumber Daya Manusia Provinsi Lampung", 1, ("Widyaiswara Ahli Muda", *GENERIC)),
    ("Dinas Komunikasi, Informatika dan Statistik Provinsi Lampung", 1, ("Pranata Komputer Ahli Pertama",
                                                                        *GENERIC)),
    ("Badan Pendapatan Daerah Provinsi Lampung", 1, GENERIC),
    ("Inspektorat Provinsi Lampung", 1, ("Auditor Ahli Pertama", *GENERIC)),
]
GRADES = ["II/a", "II/b", "II/c", "II/d", "III/a", "III/b", "III/c", "III/d", "IV/a", "IV/b", "IV/c"]
MALE_GIVEN = (
    "Ahmad", "Muhammad", "Budi", "Agus", "Andi", "Rizki", "Dedi", "Hendra", "Joko", "Arif", "Fajar",
    "Yusuf", "Bambang", "Eko", "Irfan", "Rudi", "Wahyu", "Taufik", "Heri", "Dimas", "Hasan", "Ilham",
)
FEMALE_GIVEN = (
    "Siti", "Dewi", "Nur", "Sri", "Rina", "Ayu", "Fitri", "Indah", "Putri", "Yuni", "Ratna", "Wulan", "Eka",
    "Novi", "Maya", "Lia", "Dian", "Rini", "Desi", "Nurul", "Anisa", "Mega",
)
MALE_FAMILY = (
    "Saputra", "Pratama", "Wijaya", "Hidayat", "Nugroho", "Setiawan", "Kurniawan", "Santoso", "Firmansyah",
    "Gunawan", "Syahputra", "Ramadhan", "Effendi", "Irawan",
)
FEMALE_FAMILY = (
    "Rahmawati", "Sari", "Lestari", "Wulandari", "Anggraini", "Puspitasari", "Handayani", "Permatasari",
    "Safitri", "Maharani", "Fitriani", "Wijaya", "Susanti",
)


@dataclass(frozen=True)
class UnitPlace:
    unit_id: int
    regency_id: int
    weight: float
    positions: tuple
    email_domain: str


@dataclass
class Learner:
    row: dict
    seniority: int  # index in GRADES: the most senior of a group becomes its mentor
    skill: float  # chance of answering a question right
    id: int = 0


def _spread(units: list, weight: float, **names) -> list[tuple[str, float, tuple]]:
    """A regency's (or the province's) weight shared among its units."""
    total = sum(share for _, share, _ in units)
    return [(name.format(**names), weight * share / total, positions) for name, share, positions in units]


def _unit_places(session, connection) -> list[UnitPlace]:
    """About eight OPDs per regency plus the provincial ones (in Bandar Lampung); reuses existing units."""
    wanted = []
    for regency in session.scalars(select(Regency).order_by(Regency.id)):
        weight, district = REGENCIES.get(regency.name, (300, "Kota"))
        kind, place = regency.name.split(" ", 1)
        domain = f"{place.replace(' ', '').lower()}{'kab' if kind == 'Kabupaten' else 'kota'}.go.id"
        wanted += [(name, regency.id, share, positions, domain) for name, share, positions
                   in _spread(REGENCY_UNITS, weight, regency=regency.name, district=district)]
        if regency.name == PROVINCE_SEAT:
            wanted += [(name, regency.id, share, positions, "lampungprov.go.id")
                       for name, share, positions in _spread(PROVINCE_UNITS, PROVINCE_WEIGHT)]
    existing = {name.lower() for name in session.scalars(select(Unit.name))}
    insert_rows(connection, Unit.__table__, [{"name": w[0]} for w in wanted if w[0].lower() not in existing])
    ids = {name.lower(): unit_id for unit_id, name in connection.execute(select(Unit.id, Unit.name))}
    return [UnitPlace(ids[name.lower()], *rest) for name, *rest in wanted]


def _nip(rng: random.Random, now: datetime, gender: int, sequences: dict) -> tuple[str, int]:
    """A valid NIP (born 1965–2000, appointed at 18 or later, not in the future) and the years of
    service; the sequence digits count up per prefix, which keeps NIPs unique."""
    born = FIRST_BIRTH + timedelta(days=rng.randrange(BIRTH_DAYS))
    year = rng.randint(born.year + 18, min(born.year + 35, now.year))
    month = rng.randint(1, 12 if year < now.year else now.month)
    prefix = f"{born:%Y%m%d}{year}{month:02d}{gender}"
    sequences[prefix] += 1
    return f"{prefix}{sequences[prefix]:03d}", now.year - year


def _new_learner(rng, now, place: UnitPlace, number: int, password_hash: str, sequences) -> Learner:
    gender = rng.choice((1, 2))
    given, family = (MALE_GIVEN, MALE_FAMILY) if gender == 1 else (FEMALE_GIVEN, FEMALE_FAMILY)
    first, last = rng.choice(given), rng.choice(family)
    middle = f" {rng.choice(given)}" if rng.random() < 0.3 else ""
    nip, service_years = _nip(rng, now, gender, sequences)
    seniority = min((4 if rng.random() < 0.7 else 0) + service_years // 4, len(GRADES) - 2)  # S1: III/a
    row = {"nip": nip, "email": f"{first}.{last}.{number}@{place.email_domain}".lower(),
           "full_name": f"{first}{middle} {last}", "password_hash": password_hash, "unit_id": place.unit_id,
           "regency_id": place.regency_id, "position": rng.choice(place.positions),
           "grade": GRADES[seniority], "active": True,
           "created_at": now - timedelta(days=rng.uniform(180, 720)),
           "last_login_at": now - ACTIVITY_WINDOW * rng.random() ** 2}  # most learners were here lately
    return Learner(row, seniority, rng.uniform(0.45, 0.95))


def _new_learners(session, rng, now, places: list[UnitPlace], count: int) -> list[Learner]:
    """Learners sorted by regency and OPD, so consecutive ones are colleagues."""
    sequences = Counter()
    for nip in session.scalars(select(User.nip)):
        sequences[nip[:15]] = max(sequences[nip[:15]], int(nip[15:]))
    first_number = (session.scalar(select(func.max(User.id))) or 0) + 1
    password_hash = hash_password(PASSWORD)  # once: hashing is slow on purpose
    weights = list(itertools.accumulate(place.weight for place in places))
    chosen = sorted(rng.choices(places, cum_weights=weights, k=count),
                    key=lambda place: (place.regency_id, place.unit_id))
    people = [_new_learner(rng, now, place, first_number + n, password_hash, sequences)
              for n, place in enumerate(chosen)]
    nips = [person.row["nip"] for person in people]
    sample = rng.sample(nips, min(200, len(nips)))
    if len(set(nips)) < len(nips) or any(nip_problem(nip, now.date()) is not None for nip in sample):
        raise RuntimeError("generated NIPs are not unique and valid")
    return people


def _assign_mentors(connection, people: list[Learner], rng, now, fewest: int, most: int):
    """Consecutive groups (colleagues), each led by its most senior member: the first mentor has `most`
    mentees, the others `fewest` to `most - 1`; a remainder too small for a group has no mentor.
    Returns the mentors and each mentee's mentor id."""
    mentors, mentor_of, start, size = [], {}, 0, most
    while size >= fewest:
        group = people[start:start + size + 1]
        mentor = max(group, key=lambda person: person.seniority)
        mentors.append(mentor)
        mentor_of.update((mentee.id, mentor.id) for mentee in group if mentee is not mentor)
        start += size + 1
        size = min(rng.randint(fewest, most - 1), len(people) - start - 1)
    insert_rows(connection, MentorAssignment.__table__, [
        {"mentor_id": mentor_id, "mentee_id": mentee_id, "assigned_by_id": None,
         "started_at": now - timedelta(days=rng.uniform(30, 170)), "ended_at": None}
        for mentee_id, mentor_id in mentor_of.items()])
    roles = [{"user_id": p.id, "role": Role.LEARNER} for p in people]
    roles += [{"user_id": m.id, "role": Role.MENTOR} for m in mentors]
    insert_rows(connection, UserRole.__table__, roles)
    return mentors, mentor_of


def _generate_cycle(session, histories: list[LearnerHistory], places: list[UnitPlace], rng, now, timezone,
                    provider):
    """After all progress is in, from its own seeded generator, so the learning history stays the same
    data whatever the cycle draws."""
    cycle_rng = random.Random(rng.random())
    catalog = cycle_catalog(session, timezone, provider, cycle_rng)
    connection = session.connection()
    counts = Counter()
    for start in range(0, len(histories), CHUNK):
        counts.update(insert_cycle(connection, catalog, histories[start:start + CHUNK], cycle_rng, now))
    unit_ids = sorted({place.unit_id for place in places})
    counts.update(insert_outcome_figures(connection, unit_ids, cycle_rng, now, timezone))
    return counts


def generate_volume(session, learners: int, rng: random.Random, now: datetime, *, timezone: str,
                    provider: str, fewest_mentees: int = FEWEST_MENTEES,
                    most_mentees: int = MOST_MENTEES) -> dict:
    """Add `learners` learners with mentors, enrolments, progress and quiz attempts on the imported
    courses, then their competency cycle (`cycle`; `timezone` gives the local calendar, `provider`
    the ledger's provider name); returns the row counts and the mentor with `most_mentees` mentees.
    The caller commits."""
    if not 0 < fewest_mentees < most_mentees < learners:
        raise ValueError(f"{learners} learners cannot make one mentor with {most_mentees} mentees and others "
                         f"with {fewest_mentees} or more: generate more than {most_mentees}.")
    courses = course_plans(session)
    if not courses:
        raise ValueError("no published courses: import content/ first (flask content sync)")
    connection = session.connection()
    places = _unit_places(session, connection)
    people = _new_learners(session, rng, now, places, learners)
    user_ids = insert_rows(connection, User.__table__, [person.row for person in people], returning=True)
    for person, user_id in zip(people, user_ids, strict=True):
        person.id = user_id
    resolve_job_profiles(session)  # before the cycle: assessments follow each person's profile
    mentors, mentor_of = _assign_mentors(connection, people, rng, now, fewest_mentees, most_mentees)
    histories = [LearnerHistory(p.id, p.skill, p.row["last_login_at"], mentor_of.get(p.id)) for p in people]
    counts = Counter(units=len(places), learners=len(people), mentors=len(mentors),
                     mentor_assignments=len(mentor_of))
    for start in range(0, len(histories), CHUNK):
        counts.update(insert_progress(connection, courses, histories[start:start + CHUNK], rng, now))
    counts.update(_generate_cycle(session, histories, places, rng, now, timezone, provider))
    busiest = mentors[0]
    return {**counts, "busiest_mentor_id": busiest.id, "busiest_mentor_email": busiest.row["email"]}
