"""The pure rules behind the second-factor limits (code_attempt_rules): no database, no clock."""

import ast
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from signaalwijzer.accounts import code_attempt_rules as rules
from signaalwijzer.accounts.code_attempt_rules import (
    DAY,
    AccountRecord,
    AddressRecord,
    Limits,
    Refusal,
)

LIMITS = Limits()
T = 1_800_000_000.0


def _wrong_try(account, address, login, at):
    assert rules.check(account, address, login, at, LIMITS).refusal is None
    rules.begin(account, address, login, at)
    return rules.after_failure(account, address, login, at, LIMITS)


def test_the_module_imports_no_django():
    tree = ast.parse(Path(rules.__file__).read_text())
    names = [
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    ]
    names += [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    assert not [name for name in names if name.startswith("django")]


def test_the_fifth_wrong_try_ends_the_login_and_the_sixth_is_refused():
    account, address = AccountRecord(), AddressRecord()
    outcomes = [_wrong_try(account, address, "login-1", T + n) for n in range(5)]
    assert [outcome.login_ended for outcome in outcomes] == [False] * 4 + [True]
    assert rules.check(account, address, "login-1", T + 6, LIMITS).refusal is Refusal.LOGIN_ENDED
    # A new login (after the password again) may try, until the account's limit.
    assert rules.check(account, address, "login-2", T + 6, LIMITS).refusal is None


def test_ten_wrong_tries_over_logins_lock_the_account_and_the_lock_doubles_that_day():
    account = AccountRecord()
    outcomes = [_wrong_try(account, AddressRecord(), f"login-{n // 5}", T + n) for n in range(10)]
    assert outcomes[-1].locked_for == 15 * 60
    assert not any(outcome.locked_for for outcome in outcomes[:-1])
    verdict = rules.check(account, AddressRecord(), "login-9", T + 60, LIMITS)
    assert verdict.refusal is Refusal.ACCOUNT_LOCKED
    assert 14 * 60 < verdict.wait <= 15 * 60

    later = T + 20 * 60
    rules.prune(account, AddressRecord(), later, LIMITS)
    outcomes = [
        _wrong_try(account, AddressRecord(), f"login-{10 + n // 5}", later + n) for n in range(10)
    ]
    assert outcomes[-1].locked_for == 30 * 60


def test_the_lockout_grows_to_a_day_at_most():
    assert [rules.lockout_for(n, LIMITS) / 60 for n in range(4)] == [15, 30, 60, 120]
    assert rules.lockout_for(20, LIMITS) == DAY


def test_wrong_tries_older_than_the_window_are_forgotten():
    account, address = AccountRecord(), AddressRecord()
    for n in range(9):
        _wrong_try(account, address, f"login-{n}", T + n)
    later = T + LIMITS.window + 10
    rules.prune(account, address, later, LIMITS)
    assert account.failures == []
    assert _wrong_try(account, address, "login-x", later).locked_for == 0


def test_an_address_waits_twice_as_long_after_every_try_beyond_ten():
    address = AddressRecord(failures=[T + n for n in range(10)])
    last = T + 9
    assert rules.address_wait(address, last, LIMITS) == 2
    address.failures.append(last + 2)
    assert rules.address_wait(address, last + 2, LIMITS) == 4
    assert rules.address_wait(address, last + 6, LIMITS) == 0


def test_a_right_try_is_taken_back():
    account, address = AccountRecord(), AddressRecord()
    rules.begin(account, address, "login-1", T)
    rules.take_back(account, address, "login-1", T)
    assert account.failures == [] and address.failures == [] and account.logins["login-1"] == []


@given(st.lists(st.sampled_from(["a", "b", "c"]), min_size=1, max_size=40))
def test_no_more_than_the_accounts_limit_of_tries_start_before_a_lock(logins):
    """However the tries spread over logins, at most 10 are compared before the account locks."""
    account = AccountRecord()
    started = 0
    for n, login in enumerate(logins):
        address = AddressRecord()
        if rules.check(account, address, login, T + n, LIMITS).refusal is None:
            rules.begin(account, address, login, T + n)
            started += 1
            rules.after_failure(account, address, login, T + n, LIMITS)
    assert started <= LIMITS.per_account


def test_records_survive_the_cache():
    account = AccountRecord(failures=[T], locked_until=T + 5, locks=[T], logins={"x": [T]})
    assert AccountRecord.load(account.dump()) == account
    assert AccountRecord.load(None) == AccountRecord()
    assert AddressRecord.load(AddressRecord(failures=[T]).dump()) == AddressRecord(failures=[T])
