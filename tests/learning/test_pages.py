"""The learner's pages over HTTP: enrol, read, mark complete, see progress move."""

import re

from sqlalchemy import select

from elearn.accounts.models import Role
from elearn.content.models import Module
from tests.plugins.factories import login


def progress_value(html: str) -> tuple[int, int]:
    match = re.search(r'<progress max="(\d+)" value="(\d+)" aria-label="Your progress', html)
    return int(match.group(2)), int(match.group(1))


def test_learner_enrols_reads_and_completes_a_course(client, make_user, make_course):
    make_course(slug="etika", modules={"01-pengantar": "## Isi pertama", "02-kasus": "Isi kedua"}, jp="4")
    login(client, make_user())

    assert "Enrol in this course" in client.get("/courses/etika").text
    assert client.post("/courses/etika/enrol").status_code == 302
    assert progress_value(client.get("/courses/etika").text) == (0, 2)

    page = client.get("/courses/etika/modules/pengantar")
    assert '<h2 id="isi-pertama">Isi pertama</h2>' in page.text
    assert 'rel="next" href="/courses/etika/modules/kasus"' in page.text
    response = client.post("/courses/etika/modules/pengantar/complete")
    assert response.location == "/courses/etika/modules/kasus"
    assert progress_value(client.get("/courses/etika").text) == (1, 2)

    client.post("/courses/etika/modules/kasus/complete")
    course_page = client.get("/courses/etika").text
    assert progress_value(course_page) == (2, 2)
    assert "4 JP recorded" in course_page
    assert '<strong>4</strong> / 20 JP' in client.get("/").text


def test_resume_link_points_to_the_last_module_opened(client, make_user, make_course):
    make_course(slug="etika", modules={"01-a": "a", "02-b": "b", "03-c": "c"})
    login(client, make_user())
    client.post("/courses/etika/enrol")
    client.get("/courses/etika/modules/c")
    assert 'href="/courses/etika/modules/c">Continue: C</a>' in client.get("/courses/etika").text
    assert 'href="/courses/etika/continue"' in client.get("/").text
    assert client.get("/courses/etika/continue").location == "/courses/etika/modules/c"


def test_reading_without_enrolling_saves_nothing(client, make_user, make_course):
    make_course(slug="etika")
    login(client, make_user())
    page = client.get("/courses/etika/modules/pengantar")
    assert "your progress is not saved" in page.text
    response = client.post("/courses/etika/modules/pengantar/complete")
    assert response.location == "/courses/etika"


def test_retired_module_and_unknown_course_are_404_in_the_layout(client, db, make_user, make_course):
    make_course(slug="etika", modules={"01-a": "a", "02-b": "b"})
    db.scalar(select(Module).where(Module.slug == "b")).retired_at = db.scalar(
        select(Module.updated_at).where(Module.slug == "a"))
    db.commit()
    login(client, make_user())
    for url in ("/courses/etika/modules/b", "/courses/tidak-ada", "/courses/etika/modules/zzz"):
        response = client.get(url)
        assert response.status_code == 404
        assert "Page not found" in response.text and 'class="site-header"' in response.text


def test_unpublished_course_is_hidden_from_learners_but_previewed_by_instructors(
    client, make_user, make_course
):
    make_course(slug="draf", published="no")
    login(client, make_user())
    assert client.get("/courses/draf").status_code == 404
    assert client.post("/courses/draf/enrol").status_code == 404
    assert "draf" not in client.get("/courses").text
    client.post("/logout")
    login(client, make_user(Role.INSTRUCTOR))
    assert client.get("/courses/draf").status_code == 200


def test_catalog_filter_and_search_over_http(client, make_user, make_course):
    make_course(slug="layanan", title="Pelayanan Publik", competency_type="manajerial")
    make_course(slug="spbe", title="Literasi Digital")
    login(client, make_user())
    assert "Literasi Digital" not in client.get("/courses?type=manajerial").text
    assert "Pelayanan Publik" not in client.get("/courses?q=digital").text
    assert client.get("/courses?type=<script>").status_code == 200
