"""Which new passwords to refuse, in the spirit of NIST SP 800-63B: no composition rules, but not
one of the passwords guessers try first (a bundled list of the 20,000 most used, see
common-passwords.LICENSE), not a repetition or sequence, and not made of what others know about the
person or the site. Every place that sets a password asks `password_problem`."""

import gzip
import re
from functools import cache
from itertools import pairwise
from pathlib import Path

from flask_babel import lazy_gettext as _l

MIN_PASSWORD_LENGTH = 8
PASSWORD_LENGTH_MESSAGE = _l("The password must be at least 8 characters long.")
COMMON_MESSAGE = _l("This password is one of the most used passwords, which are tried first when guessing. "
                    "Choose another one, for example a short sentence of unrelated words.")
TRIVIAL_MESSAGE = _l("This password is a repetition or a sequence (like aaaaaaaa or abcdefgh), which is "
                     "guessed at once. Choose another one, for example a short sentence of unrelated words.")
CONTEXT_MESSAGE = _l("This password is made of your name, NIP or email address, or of the name of this "
                     "site or agency, which others know. Add words that have nothing to do with you or "
                     "with elearn.")

COMMON_PASSWORDS_FILE = Path(__file__).with_name("common-passwords.txt.gz")
# Favourites here that an English-language list misses.
LOCAL_COMMON = ("katasandi", "sandiku", "rahasiaku", "bismillah", "alhamdulillah", "indonesia",
                "indonesiaraya", "merdeka", "garuda", "pancasila", "sayangku", "cintaku", "pegawai",
                "aparatur")
SITE_WORDS = ("elearn", "lampung", "bpsdm")
# Runs people type as "random": the alphabet, digits, keyboard rows and columns, both ways round.
RUNS = ("abcdefghijklmnopqrstuvwxyz", "0123456789", "qwertyuiopasdfghjklzxcvbnm",
        "1qaz2wsx3edc4rfv5tgb6yhn7ujm")
# What remains of a password once the known words are taken out must still be something.
MIN_OWN_LETTERS = 5
LEET = str.maketrans("@4310$5!7", "aaeiossit")


@cache
def _common_passwords() -> frozenset[str]:
    with gzip.open(COMMON_PASSWORDS_FILE, "rt", encoding="utf-8") as lines:
        return frozenset(line.strip().casefold() for line in lines if line.strip()) | frozenset(LOCAL_COMMON)


def _core(text: str) -> str:
    """The word inside the digits and symbols people add around it: 'Password-123!' -> 'password'."""
    return re.sub(r"^[\W\d_]+|[\W\d_]+$", "", text)


def _is_common(text: str) -> bool:
    common = _common_passwords()
    core = _core(text)
    return any(form in common for form in (text, core, text.translate(LEET), core.translate(LEET)))


def _is_trivial(text: str) -> bool:
    compact = re.sub(r"[\s\-_.]", "", text)
    if len(set(compact)) <= 2 or re.fullmatch(r"(.{1,4})\1+.{0,3}", compact):
        return True
    steps = {ord(b) - ord(a) for a, b in pairwise(compact)}
    if len(steps) == 1 and abs(steps.pop()) <= 2:
        return True
    return any(compact in run * 2 or compact in (run * 2)[::-1] for run in RUNS)  # *2: 7890123 too


def _known_words(person) -> list[str]:
    """Words others know: the site's, and the person's name, NIP (and birth date in it), email."""
    words = list(SITE_WORDS)
    if person is not None:
        local_part = person.email.strip().casefold().partition("@")[0]
        words += [person.nip, person.nip[:8], local_part, *re.split(r"[._+\-]", local_part),
                  *person.full_name.casefold().split()]
    return sorted({word for word in words if len(word) >= 3}, key=len, reverse=True)


def _is_made_of_known_words(text: str, person) -> bool:
    rest = text
    for word in _known_words(person):
        rest = rest.replace(word, " ")
    if rest == text:
        return False
    own = re.sub(r"[\W\d_]+", "", rest)
    return len(own) < MIN_OWN_LETTERS or _is_common(own)


def password_problem(password: str, person=None) -> str | None:
    """Why `password` may not be set (for `person`: a User or NewAccount, whose name, NIP and email
    it must not be built from), or None when it may."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return PASSWORD_LENGTH_MESSAGE
    text = password.casefold()
    if _is_common(text):
        return COMMON_MESSAGE
    if _is_trivial(text):
        return TRIVIAL_MESSAGE
    if _is_made_of_known_words(text, person):
        return CONTEXT_MESSAGE
    return None
