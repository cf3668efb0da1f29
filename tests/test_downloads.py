"""Every CSV export writes its typed cells the same way, in one place: local time, numbers without a
spurious ".0", booleans as words, all in the reader's language."""

import csv
import io
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from elearn.accounts.models import Role
from elearn.core.downloads import csv_download
from tests.plugins.factories import login


def written_rows(app, locale: str, row: list) -> list[list[str]]:
    with app.test_request_context():
        app.config["BABEL_DEFAULT_LOCALE"], saved = locale, app.config["BABEL_DEFAULT_LOCALE"]
        try:
            body = csv_download("x.csv", ["NIP"], [row]).get_data(as_text=True)
        finally:
            app.config["BABEL_DEFAULT_LOCALE"] = saved
    return list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))


@pytest.mark.parametrize(("locale", "expected"), [
    ("en", ["02/12/2026 14:05", "01/12/2026", "100", "66.67", "2.33", "Yes", "No", "", "7", "'=1+1"]),
    ("id", ["02/12/2026 14:05", "01/12/2026", "100", "66,67", "2,33", "Ya", "Tidak", "", "7", "'=1+1"]),
])
def test_typed_cells_are_written_in_local_time_and_the_readers_language(app, locale, expected):
    moment = datetime(2026, 12, 2, 7, 5, tzinfo=UTC)  # 14:05 in Lampung (WIB)
    row = [moment, date(2026, 12, 1), 100.0, 66.66666, Decimal("2.333"), True, False, None, 7, "=1+1"]
    assert written_rows(app, locale, row)[1] == expected


def test_an_export_speaks_the_readers_language(client, make_user):
    login(client, make_user(Role.ADMIN))
    client.post("/language", data={"locale": "id"})
    body = client.get("/admin/certificates/below-target.csv?year=2026").get_data(as_text=True)
    assert next(csv.reader(io.StringIO(body.removeprefix("\ufeff")))) == [
        "NIP", "Nama", "Unit kerja (OPD)", "JP tahun 2026", "Kekurangan JP"]
