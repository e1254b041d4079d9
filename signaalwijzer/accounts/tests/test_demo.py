import pytest
from allauth.mfa.models import Authenticator
from django.core.management import CommandError, call_command

from signaalwijzer.accounts.demo import DEMO_PASSWORD, USERS, current_demo_code
from signaalwijzer.accounts.models import Organisation, User


def test_seed_demo_is_idempotent(db):
    call_command("seed_demo")
    counts = (User.objects.count(), Organisation.objects.count(), Authenticator.objects.count())
    call_command("seed_demo")
    assert (
        User.objects.count(),
        Organisation.objects.count(),
        Authenticator.objects.count(),
    ) == counts
    assert User.objects.count() == len(USERS)


def test_demo_users_have_the_documented_password_and_roles(db):
    call_command("seed_demo")
    for demo_user in USERS:
        user = User.objects.get(email=demo_user.email)
        assert user.check_password(DEMO_PASSWORD)
        assert user.roles == set(demo_user.roles)
        has_totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        assert has_totp is demo_user.with_mfa


def test_the_demo_code_matches_an_authenticator_app(db):
    import pyotp

    from signaalwijzer.accounts.demo import DEMO_TOTP_SECRET

    assert current_demo_code() in {
        pyotp.TOTP(DEMO_TOTP_SECRET).now(),
        pyotp.TOTP(DEMO_TOTP_SECRET).at(__import__("time").time() - 30),
    }


def test_seed_demo_refuses_in_production(db, settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError):
        call_command("seed_demo")
    assert not User.objects.exists()


def test_seed_demo_creates_one_demo_case_half_way_through_the_steps(db):
    from signaalwijzer.cases.models import Case

    call_command("seed_demo")
    call_command("seed_demo")
    case = Case.objects.get()
    assert case.pseudonym == "S."
    assert case.members.count() == 2
