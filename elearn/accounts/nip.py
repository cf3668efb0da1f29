"""Validation of the NIP (Nomor Induk Pegawai), the 18-digit civil-servant number.

Layout: birth date YYYYMMDD, appointment (TMT CPNS) YYYYMM, gender digit (1 man, 2 woman),
and a 3-digit sequence number.
"""

from datetime import date

from flask_babel import lazy_gettext as _l


def nip_problem(nip: str, today: date | None = None) -> str | None:
    """Return why `nip` is not a valid NIP, or None when it is."""
    today = today or date.today()
    if len(nip) != 18 or not nip.isdigit():
        return _l("The NIP must be exactly 18 digits.")
    try:
        birth = date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        return _l("Digits 1–8 of the NIP must be a real birth date (YYYYMMDD).")
    if not 1940 <= birth.year <= today.year - 15:
        return _l("Digits 1–8 of the NIP must be a real birth date (YYYYMMDD).")
    year, month = int(nip[8:12]), int(nip[12:14])
    if not 1 <= month <= 12 or year < birth.year + 15 or (year, month) > (today.year, today.month):
        return _l("Digits 9–14 of the NIP must be the appointment month (YYYYMM), after the birth date.")
    if nip[14] not in "12":
        return _l("Digit 15 of the NIP must be 1 (man) or 2 (woman).")
    if nip[15:] == "000":
        return _l("Digits 16–18 of the NIP must be a sequence number from 001.")
    return None
