"""The public feedback page: anonymous, protected by a honeypot and rate limits, and it stores no
personal data (the comment is masked) and shows nobody's feedback."""

import re
import time
from types import SimpleNamespace

import limits.storage.memory
import pytest
from sqlalchemy import select

from elearn.accounts.models import Role
from elearn.accounts.services import get_or_create_unit
from elearn.voices.models import CitizenFeedback
from elearn.voices.services import mask_personal_data
from tests.plugins.factories import login


@pytest.fixture
def unit_id(db):
    unit = get_or_create_unit(db, "Dinas Kependudukan dan Pencatatan Sipil")
    db.commit()
    return unit.id


def post_feedback(client, unit, **fields):
    data = {"unit_id": unit, "service_area": "kependudukan", "rating": "4", "comment": "Cepat.", **fields}
    return client.post("/feedback", data=data)


def stored(db) -> list[CitizenFeedback]:
    return list(db.scalars(select(CitizenFeedback)))


def test_a_citizen_sends_feedback_without_signing_in_and_sees_a_thank_you_page(client, db, unit_id):
    page = client.get("/feedback").get_data(as_text=True)
    assert "Dinas Kependudukan dan Pencatatan Sipil" in page and "Health" in page
    response = post_feedback(client, unit_id, comment="Antrean cepat, petugas ramah.")
    assert response.status_code == 302 and response.location.endswith("/feedback/thanks")
    assert "Thank you for your feedback" in client.get(response.location).get_data(as_text=True)
    [entry] = stored(db)
    assert (entry.unit_id, entry.service_area, entry.rating, entry.comment) == (
        unit_id, "kependudukan", 4, "Antrean cepat, petugas ramah.")


def test_the_page_is_in_bahasa_indonesia_first(app, client, unit_id, monkeypatch):
    monkeypatch.setitem(app.config, "BABEL_DEFAULT_LOCALE", "id")
    assert '<html lang="id">' in client.get("/feedback").get_data(as_text=True)


def test_an_anonymous_post_needs_the_csrf_token_of_its_session(app, client, db, unit_id, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    assert post_feedback(client, unit_id).status_code == 400
    page = client.get("/feedback").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    assert post_feedback(client, unit_id, csrf_token=token).status_code == 302
    assert len(stored(db)) == 1


def test_the_form_asks_nothing_that_identifies_the_citizen_and_warns_against_personal_data(client, unit_id):
    page = client.get("/feedback").get_data(as_text=True)
    for field in ('name="name"', 'name="phone"', 'name="email"', 'name="nik"', 'type="email"'):
        assert field not in page
    assert "Do not write your name, phone number, email address or NIK" in page
    assert "is hidden before your feedback is saved" in page


def test_validation_errors_keep_what_was_typed(client, db, unit_id):
    response = post_feedback(client, unit_id, service_area="", rating="", comment="Lama sekali <3")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Choose the service you used." in page and "Choose a rating from 1 to 5." in page
    assert f'<option selected value="{unit_id}">' in page
    assert "Lama sekali &lt;3</textarea>" in page
    response = post_feedback(client, unit_id, comment="x" * 1001, rating="2")
    page = response.get_data(as_text=True)
    assert "Use at most 1000 characters." in page and '<input checked id="rating-1" name="rating" type="radio" value="2">' in page
    assert stored(db) == []


def test_forged_choices_are_refused(client, db, unit_id):
    for forged in ({"unit_id": "424242"}, {"unit_id": "abc"}, {"service_area": "pajak"}, {"rating": "6"}):
        assert post_feedback(client, unit_id, **forged).status_code == 200
    assert stored(db) == []


def test_a_filled_honeypot_looks_like_success_but_stores_nothing(client, db, unit_id):
    response = post_feedback(client, unit_id, website="http://spam.example")
    assert response.status_code == 302 and response.location.endswith("/feedback/thanks")
    assert stored(db) == []


def test_the_honeypot_is_hidden_from_people_and_the_keyboard(client, unit_id):
    page = client.get("/feedback").get_data(as_text=True)
    assert '<div class="honeypot" aria-hidden="true">' in page
    assert 'autocomplete="off"' in page and 'tabindex="-1"' in page


def test_more_than_five_posts_an_hour_from_one_address_get_429(client, db, unit_id):
    for _ in range(5):
        assert post_feedback(client, unit_id).status_code == 302
    response = post_feedback(client, unit_id)
    assert response.status_code == 429
    page = response.get_data(as_text=True)
    # A rating is not about the citizen's security: the page says what happened and where to go back.
    assert "Too many ratings have been sent from this connection" in page and "security" not in page
    assert 'href="/feedback"' in page
    assert len(stored(db)) == 5
    assert client.get("/feedback").status_code == 200  # reading the form is not limited
    other = client.post("/feedback", data={}, environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert other.status_code == 200


def test_more_than_twenty_posts_a_day_get_429_even_spread_over_hours(client, db, unit_id, monkeypatch):
    """The limiter's clock (its memory storage reads time.time) is moved forward instead of sleeping."""
    clock = SimpleNamespace(now=time.time())
    monkeypatch.setattr(limits.storage.memory, "time", SimpleNamespace(time=lambda: clock.now))
    for _hour in range(4):
        for _ in range(5):
            assert post_feedback(client, unit_id).status_code == 302
        clock.now += 3601
    assert post_feedback(client, unit_id).status_code == 429
    assert len(stored(db)) == 20


def test_script_in_a_comment_is_stored_as_text_and_escaped_for_the_admin(client, db, make_user, unit_id):
    post_feedback(client, unit_id, comment='<script>alert("x")</script>')
    assert stored(db)[0].comment == '<script>alert("x")</script>'
    login(client, make_user(Role.ADMIN))
    page = client.get("/admin/voices/feedback").get_data(as_text=True)
    assert '<script>alert("x")' not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page


def test_personal_data_in_a_comment_is_masked_before_it_is_stored(client, db, unit_id):
    post_feedback(client, unit_id, comment="Hubungi saya di 0812-3456-7890 atau budi@mail.com, NIK 1871010101010001.")
    assert stored(db)[0].comment == "Hubungi saya di *** atau ***, NIK ***."


@pytest.mark.parametrize(("comment", "masked"), [
    ("HP 081234567890", "HP ***"),
    ("WA +62 812 3456 7890.", "WA ***."),
    ("telp 62-812-345-678", "telp ***"),
    ("NIK 1871 0101 0101 0001 ya", "NIK *** ya"),
    ("NIP 198501012010011001", "NIP ***"),
    ("email: siti.rahma+kk@desa.lampung.go.id", "email: ***"),
    ("Datang 08-12-2024 pukul 10.30, antre 3 jam", "Datang 08-12-2024 pukul 10.30, antre 3 jam"),
    ("Biaya Rp 150.000, nomor antrean 0123", "Biaya Rp 150.000, nomor antrean 0123"),
])
def test_what_looks_like_a_phone_number_email_or_nik_is_masked_and_nothing_else(comment, masked):
    assert mask_personal_data(comment) == masked


def test_the_public_pages_show_no_ones_feedback(client, db, unit_id, make_feedback):
    make_feedback("Dinas Kependudukan dan Pencatatan Sipil", "kependudukan", 1, "Rahasia warga lain")
    for url in ("/feedback", "/feedback/thanks"):
        assert "Rahasia warga lain" not in client.get(url).get_data(as_text=True)
