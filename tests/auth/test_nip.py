"""NIP rules: birth date, appointment month, gender digit, sequence."""

from datetime import date

import pytest

from elearn.accounts.nip import nip_problem

TODAY = date(2026, 11, 22)


@pytest.mark.parametrize("nip", ["199203152019032001", "197809302003121004", "200001012024011999"])
def test_valid_nips_pass(nip):
    assert nip_problem(nip, TODAY) is None


@pytest.mark.parametrize(
    ("nip", "fragment"),
    [
        ("12345", "exactly 18 digits"),
        ("19920315201903200A", "exactly 18 digits"),
        ("199202302019032001", "birth date"),  # 30 February
        ("202001012019032001", "birth date"),  # a six-year-old
        ("199203152019132001", "appointment month"),  # month 13
        ("199203152005032001", "appointment month"),  # appointed at 13
        ("199203152027012001", "appointment month"),  # in the future
        ("199203152019033001", "Digit 15"),
        ("199203152019031000", "sequence number"),
    ],
)
def test_invalid_nips_say_which_part_is_wrong(nip, fragment):
    assert fragment in str(nip_problem(nip, TODAY))
