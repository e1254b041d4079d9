"""Limits on wrong second-factor tries (TOTP, recovery codes, passkeys), at login and re-authentication.

The rules are in ``code_attempt_rules``; this module keeps their state in the shared database cache (so
the limits hold across web processes), ends the pending login or the session when a limit is reached,
and logs the events without personal data: a user id, and a keyed hash in place of the client address.

allauth's own counter for codes is its ``login_failed`` rate limit, which is off in settings because
django-axes limits the password step (see docs/security.md).
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from allauth.account.internal.stagekit import clear_login
from allauth.core.exceptions import ImmediateHttpResponse
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import redirect
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from signaalwijzer.accounts import code_attempt_rules as rules
from signaalwijzer.client_address import address_of

logger = logging.getLogger("signaalwijzer.security")

_SALT = "signaalwijzer.accounts.code_attempts"
_LOCK_TIMEOUT = 10
_LOCK_WAIT = 2.0


def now() -> float:
    """The clock of these limits (tests move it forward instead of sleeping)."""
    return time.time()


def limits() -> rules.Limits:
    return rules.Limits(
        per_login=settings.SECOND_FACTOR_FAILURES_PER_LOGIN,
        per_account=settings.SECOND_FACTOR_FAILURES_PER_ACCOUNT,
        window=settings.SECOND_FACTOR_WINDOW_MINUTES * 60,
        lockout=settings.SECOND_FACTOR_LOCKOUT_MINUTES * 60,
        max_lockout=rules.DAY,
        address_free=settings.SECOND_FACTOR_FAILURES_PER_ADDRESS,
        max_backoff=settings.SECOND_FACTOR_WINDOW_MINUTES * 60,
    )


def _account_key(user_id: object) -> str:
    return f"second-factor:account:{user_id}"


def _address_tag(address: str | None) -> str:
    """A stand-in for the address in keys and logs: the same for the same address, not reversible."""
    return salted_hmac(_SALT, address or "unknown", algorithm="sha256").hexdigest()[:16]


class Busy(Exception):
    """Another request holds the counters for too long: refuse rather than count nothing."""


@contextmanager
def _locked(*keys: str) -> Iterator[None]:
    taken: list[str] = []
    try:
        for key in keys:
            deadline = time.monotonic() + _LOCK_WAIT
            while not cache.add(f"{key}:lock", 1, timeout=_LOCK_TIMEOUT):
                if time.monotonic() > deadline:
                    raise Busy
                time.sleep(0.02)
            taken.append(key)
        yield
    finally:
        for key in reversed(taken):
            cache.delete(f"{key}:lock")


def _save(
    account_key: str,
    account: rules.AccountRecord,
    address_key: str,
    address: rules.AddressRecord,
    at: float,
    lim: rules.Limits,
) -> None:
    cache.set(
        account_key, account.dump(), timeout=int(max(rules.DAY, account.locked_until - at)) + 60
    )
    cache.set(address_key, address.dump(), timeout=int(lim.window) + 60)


@dataclass
class _Attempt:
    request: HttpRequest
    user_id: object
    email: str
    login: str
    address_key: str
    address_tag: str
    started: float
    at_login: bool


def _login_id(request: HttpRequest, at_login: bool) -> str:
    stage = getattr(request, "_login_stage", None)
    if at_login and stage is not None:
        return f"login:{stage.login.initiated_at!r}"
    session_key = request.session.session_key or ""
    return "session:" + salted_hmac(_SALT, session_key, algorithm="sha256").hexdigest()[:16]


def _minutes(seconds: float) -> int:
    return max(1, math.ceil(seconds / 60))


def _end(attempt: _Attempt, message: str) -> None:
    """Stop this login (or this session) and send the user back to the login page."""
    request = attempt.request
    if attempt.at_login:
        clear_login(request)
        # One failed login for django-axes (per e-mail and address, like a wrong password).
        user_login_failed.send(
            sender=__name__, credentials={"email": attempt.email}, request=request
        )
    else:
        logout(request)
    messages.error(request, message)
    raise ImmediateHttpResponse(redirect("account_login"))


def _locked_message(seconds: float) -> str:
    minutes = _minutes(seconds)
    return ngettext(
        "Too many wrong codes for this account. Logging in is blocked for %(minutes)s minute. "
        "Was this not you? Reset your password and tell your administrator.",
        "Too many wrong codes for this account. Logging in is blocked for %(minutes)s minutes. "
        "Was this not you? Reset your password and tell your administrator.",
        minutes,
    ) % {"minutes": minutes}


def _login_ended_message(at_login: bool) -> str:
    if at_login:
        return _("Too many wrong codes. For your safety, log in again with your password.")
    return _("Too many wrong codes. You have been logged out; log in again.")


def _begin(request: HttpRequest, user: object, at_login: bool) -> _Attempt:
    lim = limits()
    address = address_of(request)
    attempt = _Attempt(
        request=request,
        user_id=getattr(user, "pk", None),
        email=getattr(user, "email", ""),
        login=_login_id(request, at_login),
        address_key=f"second-factor:address:{_address_tag(address)}",
        address_tag=_address_tag(address),
        started=now(),
        at_login=at_login,
    )
    account_key = _account_key(attempt.user_id)
    try:
        with _locked(account_key, attempt.address_key):
            account = rules.AccountRecord.load(cache.get(account_key))
            address_record = rules.AddressRecord.load(cache.get(attempt.address_key))
            rules.prune(account, address_record, attempt.started, lim)
            verdict = rules.check(account, address_record, attempt.login, attempt.started, lim)
            if verdict.refusal is None:
                rules.begin(account, address_record, attempt.login, attempt.started)
                _save(
                    account_key, account, attempt.address_key, address_record, attempt.started, lim
                )
    except Busy:
        raise ValidationError(
            _("Too many attempts at once. Wait a moment and try again."), code="busy"
        ) from None

    if verdict.refusal is rules.Refusal.ADDRESS_WAIT:
        seconds = verdict.wait_seconds
        raise ValidationError(
            ngettext(
                "Too many wrong codes from this network. Wait %(seconds)s second and try again.",
                "Too many wrong codes from this network. Wait %(seconds)s seconds and try again.",
                seconds,
            )
            % {"seconds": seconds},
            code="address_wait",
        )
    if verdict.refusal is rules.Refusal.ACCOUNT_LOCKED:
        logger.info("second factor: try refused, the account is locked (user %s)", attempt.user_id)
        if attempt.at_login:
            _end(attempt, _locked_message(verdict.wait))
        raise ValidationError(_locked_message(verdict.wait), code="account_locked")
    if verdict.refusal is rules.Refusal.LOGIN_ENDED:
        _end(attempt, _login_ended_message(at_login))
    return attempt


def _succeeded(attempt: _Attempt) -> None:
    account_key = _account_key(attempt.user_id)
    lim = limits()
    try:
        with _locked(account_key, attempt.address_key):
            account = rules.AccountRecord.load(cache.get(account_key))
            address_record = rules.AddressRecord.load(cache.get(attempt.address_key))
            rules.take_back(account, address_record, attempt.login, attempt.started)
            _save(account_key, account, attempt.address_key, address_record, now(), lim)
    except Busy:
        # Not taking the right try back only makes the limits a little stricter.
        logger.info("second factor: a right try could not be taken back (user %s)", attempt.user_id)


def _failed(attempt: _Attempt) -> None:
    account_key = _account_key(attempt.user_id)
    lim = limits()
    at = now()
    try:
        with _locked(account_key, attempt.address_key):
            account = rules.AccountRecord.load(cache.get(account_key))
            address_record = rules.AddressRecord.load(cache.get(attempt.address_key))
            outcome = rules.after_failure(account, address_record, attempt.login, at, lim)
            _save(account_key, account, attempt.address_key, address_record, at, lim)
    except Busy:
        # The wrong try was counted when it began; only a lock or an end may come a try later.
        return
    if outcome.address_backs_off:
        logger.warning(
            "second factor: client address %s reached %d wrong codes; it now waits between tries",
            attempt.address_tag,
            lim.address_free,
        )
    if outcome.locked_for:
        logger.warning(
            "second factor: account locked for %d minutes after %d wrong codes (user %s)",
            _minutes(outcome.locked_for),
            lim.per_account,
            attempt.user_id,
        )
        if attempt.at_login:
            _end(attempt, _locked_message(outcome.locked_for))
    if outcome.login_ended:
        logger.warning(
            "second factor: %s ended after %d wrong codes (user %s)",
            "pending login" if attempt.at_login else "session",
            lim.per_login,
            attempt.user_id,
        )
        _end(attempt, _login_ended_message(attempt.at_login))


@contextmanager
def code_attempt(request: HttpRequest, user: object, *, at_login: bool) -> Iterator[None]:
    """Wrap one check of a code or passkey: refused before the check when a limit is reached.

    An exception from the check (a wrong code) counts; returning normally (the right one) does not.
    Ending the login or session raises ImmediateHttpResponse (allauth's middleware turns it into the
    redirect); a wait is a ValidationError, shown on the form.
    """
    attempt = _begin(request, user, at_login)
    try:
        yield
    except Exception:
        _failed(attempt)
        raise
    _succeeded(attempt)


def unlock(user: object) -> None:
    """Lift a lock on the account's second step (manage.py unlock_second_factor)."""
    cache.delete(_account_key(getattr(user, "pk", None)))
