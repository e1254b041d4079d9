"""Pure: how many wrong second-factor tries are allowed, and how long to wait after them.

Three limits, checked before a code (or passkey) is even compared:

- one pending login (after the password) allows ``per_login`` wrong tries; then it ends and the user
  starts again with the password, which django-axes counts;
- one account allows ``per_account`` wrong tries within ``window``, over any number of logins and client
  addresses; then its second step is locked for ``lockout``, twice as long for every earlier lock in the
  last day, at most ``max_lockout``. The right code is refused while the lock lasts;
- one client address allows ``address_free`` wrong tries within ``window`` (an office shares one
  address); after that every further try waits 2, 4, 8 ... seconds after the previous one, at most
  ``max_backoff``.

A try counts as wrong from the moment it starts, so parallel requests cannot slip past a limit, and is
taken back when the code turns out to be right. Times are seconds since the epoch.
"""

from __future__ import annotations

import enum
import math
from dataclasses import asdict, dataclass, field
from typing import Any

DAY = 24 * 60 * 60


@dataclass(frozen=True)
class Limits:
    per_login: int = 5
    per_account: int = 10
    window: float = 15 * 60
    lockout: float = 15 * 60
    max_lockout: float = DAY
    address_free: int = 10
    max_backoff: float = 15 * 60


class Refusal(enum.Enum):
    ACCOUNT_LOCKED = "account_locked"
    LOGIN_ENDED = "login_ended"
    ADDRESS_WAIT = "address_wait"


@dataclass(frozen=True)
class Verdict:
    refusal: Refusal | None = None
    wait: float = 0.0

    @property
    def wait_seconds(self) -> int:
        return max(1, math.ceil(self.wait))


@dataclass
class AccountRecord:
    failures: list[float] = field(default_factory=list)
    locked_until: float = 0.0
    locks: list[float] = field(default_factory=list)
    # Per pending login (or, for re-authentication, per session): the times of its wrong tries.
    logins: dict[str, list[float]] = field(default_factory=dict)

    @classmethod
    def load(cls, data: Any) -> AccountRecord:
        return cls(**data) if isinstance(data, dict) else cls()

    def dump(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class AddressRecord:
    failures: list[float] = field(default_factory=list)

    @classmethod
    def load(cls, data: Any) -> AddressRecord:
        return cls(**data) if isinstance(data, dict) else cls()

    def dump(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Outcome:
    """What a wrong try led to."""

    login_ended: bool = False
    locked_for: float = 0.0
    address_backs_off: bool = False


def _recent(times: list[float], now: float, span: float) -> list[float]:
    return [t for t in times if now - t < span]


def prune(account: AccountRecord, address: AddressRecord, now: float, limits: Limits) -> None:
    account.failures = _recent(account.failures, now, limits.window)
    account.locks = _recent(account.locks, now, DAY)
    account.logins = {
        key: times for key, times in account.logins.items() if _recent(times, now, DAY)
    }
    address.failures = _recent(address.failures, now, limits.window)


def lockout_for(earlier_locks: int, limits: Limits) -> float:
    return float(min(limits.lockout * 2**earlier_locks, limits.max_lockout))


def address_wait(address: AddressRecord, now: float, limits: Limits) -> float:
    recent = _recent(address.failures, now, limits.window)
    if len(recent) < limits.address_free:
        return 0.0
    delay = min(2.0 ** (len(recent) - limits.address_free + 1), limits.max_backoff)
    return max(0.0, max(recent) + delay - now)


def check(
    account: AccountRecord, address: AddressRecord, login: str, now: float, limits: Limits
) -> Verdict:
    """May a try start now? The most serious refusal wins."""
    if account.locked_until > now:
        return Verdict(Refusal.ACCOUNT_LOCKED, account.locked_until - now)
    recent = _recent(account.failures, now, limits.window)
    if len(recent) >= limits.per_account:
        # Only when tries are still running in parallel: a finished tenth wrong try locks.
        return Verdict(Refusal.ACCOUNT_LOCKED, min(recent) + limits.window - now)
    if len(account.logins.get(login, [])) >= limits.per_login:
        return Verdict(Refusal.LOGIN_ENDED)
    wait = address_wait(address, now, limits)
    if wait > 0:
        return Verdict(Refusal.ADDRESS_WAIT, wait)
    return Verdict()


def begin(account: AccountRecord, address: AddressRecord, login: str, now: float) -> None:
    """Count the try as wrong until it proves right."""
    account.failures.append(now)
    account.logins.setdefault(login, []).append(now)
    address.failures.append(now)


def take_back(account: AccountRecord, address: AddressRecord, login: str, started: float) -> None:
    """The try was right: it no longer counts."""
    for times in (account.failures, account.logins.get(login, []), address.failures):
        if started in times:
            times.remove(started)


def after_failure(
    account: AccountRecord, address: AddressRecord, login: str, now: float, limits: Limits
) -> Outcome:
    """The try was wrong (it already counts): lock the account or end the login when a limit is hit."""
    locked_for = 0.0
    if len(_recent(account.failures, now, limits.window)) >= limits.per_account:
        locked_for = lockout_for(len(_recent(account.locks, now, DAY)), limits)
        account.locked_until = max(account.locked_until, now + locked_for)
        account.locks.append(now)
        # After the lock the account starts counting afresh (with a longer lock next time).
        account.failures = []
    login_ended = len(account.logins.get(login, [])) >= limits.per_login
    backs_off = len(_recent(address.failures, now, limits.window)) == limits.address_free
    return Outcome(login_ended=login_ended, locked_for=locked_for, address_backs_off=backs_off)
