"""Password-guessing throttle for sign-in and the password page.

An attempt is counted BEFORE its password is checked, with the storage's atomic increment (the
Flask-Limiter storage: memory:// in one process, redis:// shared by every worker), and only an
attempt whose own count is within the budget gets a password check. Parallel guesses therefore
cannot slip in between a check and a count. The limiter storage rather than a database row: it is
already shared by all workers, expires keys by itself and costs no write to the database per guess.

Budgets: per account (whatever was typed for it: email or NIP) and, larger, per address. Behind a
carrier's shared address (CGNAT) one guesser must not lock out a regency, and a guesser must not lock
out the owner: a browser where the person signed in before carries a signed "known device" cookie,
and its attempts are counted only in that device's own budget.
"""

import math
import secrets
import time
from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeSerializer

DEVICE_COOKIE = "elearn_device"
DEVICE_COOKIE_DAYS = 365
# People known on one browser (a shared office computer); the oldest is forgotten first.
DEVICE_PEOPLE = 5


@dataclass(frozen=True)
class Budget:
    name: str
    attempts: int
    seconds: int


PER_ACCOUNT = Budget("account", 5, 15 * 60)
PER_ADDRESS = Budget("address", 20, 10 * 60)
PER_DEVICE = Budget("device", 5, 15 * 60)


class TooManyAttempts(Exception):
    """Refused without checking the password; `minutes` until the budget that ran out is free."""

    def __init__(self, minutes: int):
        super().__init__(minutes)
        self.minutes = minutes


@dataclass(frozen=True)
class KnownDevice:
    """A browser people signed in on before: a random id, and whom it knows."""

    id: str
    user_ids: tuple[int, ...]

    def knows(self, user_id: int | None) -> bool:
        return user_id is not None and user_id in self.user_ids

    def after_sign_in(self, user_id: int) -> "KnownDevice":
        people = (*(uid for uid in self.user_ids if uid != user_id), user_id)
        return KnownDevice(self.id, people[-DEVICE_PEOPLE:])


def new_device() -> KnownDevice:
    return KnownDevice(secrets.token_urlsafe(16), ())


def _serializer(secret_key: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret_key, salt="elearn-known-device")


def device_cookie(device: KnownDevice, secret_key: str) -> str:
    return _serializer(secret_key).dumps({"d": device.id, "u": list(device.user_ids)})


def read_device_cookie(value: str | None, secret_key: str) -> KnownDevice | None:
    """The device the signed cookie names, or None for no cookie or a forged or damaged one."""
    if not value:
        return None
    try:
        data = _serializer(secret_key).loads(value)
        return KnownDevice(str(data["d"]), tuple(int(uid) for uid in data["u"]))
    except (BadSignature, KeyError, TypeError, ValueError):
        return None


@dataclass
class Attempt:
    """A counted attempt; a correct password gives its count back, so only failures add up."""

    storage: object
    counted: list[tuple[Budget, str]]

    def succeeded(self) -> None:
        _give_back(self.storage, self.counted)


@dataclass(frozen=True)
class Requester:
    """Who is trying a password: the throttle's storage, the client address and its known device."""

    storage: object
    address: str
    device: KnownDevice | None

    def attempt(self, user_id: int | None, typed: str = "") -> Attempt:
        """Count a password attempt on the account `user_id` (or, when nothing matched, on what was
        `typed`, normalised) before checking it; raises TooManyAttempts when a budget is spent. From a
        device that knows the user only that device's budget counts."""
        if self.device is not None and self.device.knows(user_id):
            charges = [(PER_DEVICE, f"{self.device.id}:{user_id}")]
        else:
            account = f"user:{user_id}" if user_id is not None else f"typed:{typed}"
            charges = [(PER_ACCOUNT, account), (PER_ADDRESS, self.address)]
        return count_attempt(self.storage, charges)


def count_attempt(storage, charges: list[tuple[Budget, str]]) -> Attempt:
    """Increment every budget first (atomically, in the storage), then decide. A refused attempt
    gives back what it took from the budgets it did not exceed: no password was checked."""
    counted, spent = [], []
    for budget, who in charges:
        key = f"elearn-sign-in/{budget.name}/{who}"
        (spent if storage.incr(key, budget.seconds) > budget.attempts else counted).append((budget, key))
    if spent:
        _give_back(storage, counted)
        wait = max(storage.get_expiry(key) for _, key in spent) - time.time()
        raise TooManyAttempts(max(1, math.ceil(wait / 60)))
    return Attempt(storage, counted)


def _give_back(storage, counted: list[tuple[Budget, str]]) -> None:
    # A negative increment: redis:// storage has no decrement of its own.
    for budget, key in counted:
        storage.incr(key, budget.seconds, amount=-1)
