import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from signaalwijzer.accounts.models import Membership, RoleGrant, User
from signaalwijzer.accounts.passwords import DUTCH_COMMON_BASES, DutchCommonPasswordValidator
from signaalwijzer.accounts.roles import Role
from signaalwijzer.accounts.services import create_user
from tests.factories import PASSWORD


def test_create_user_gives_roles_and_teams(team):
    user = create_user(
        email="Fatima@Example.org",
        organisation=team.organisation,
        roles=[Role.PROFESSIONAL, Role.MELDCODE_OFFICER],
        teams=[team],
        password=PASSWORD,
    )
    assert user.email == "fatima@example.org"
    assert user.roles == {Role.PROFESSIONAL, Role.MELDCODE_OFFICER}
    assert list(user.teams.all()) == [team]


def test_passwords_are_hashed_with_argon2(team):
    user = create_user(email="a@example.org", organisation=team.organisation, password=PASSWORD)
    assert user.password.startswith("argon2$")
    assert user.check_password(PASSWORD)


def test_a_team_of_another_organisation_is_refused_and_nothing_is_saved(team, other_organisation):
    with pytest.raises(ValidationError):
        create_user(email="x@example.org", organisation=other_organisation, teams=[team])
    assert not User.objects.filter(email="x@example.org").exists()
    assert not Membership.objects.exists()
    assert not RoleGrant.objects.exists()


def test_a_role_needs_an_organisation(db):
    with pytest.raises(ValidationError):
        create_user(email="x@example.org", organisation=None, roles=[Role.PROFESSIONAL])
    assert not User.objects.exists()


def test_membership_clean_refuses_a_team_of_another_organisation(professional, other_organisation):
    from tests.factories import TeamFactory

    foreign_team = TeamFactory(organisation=other_organisation)
    with pytest.raises(ValidationError):
        Membership(user=professional, team=foreign_team).full_clean()


@pytest.mark.parametrize(
    "password",
    ["kort-1", "123456789012345", "wachtwoord123", "sanne.devries@example"],
)
def test_weak_passwords_are_refused(password):
    from django.contrib.auth.password_validation import validate_password

    user = User(email="sanne.devries@example.org", full_name="Sanne de Vries")
    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_a_long_unusual_password_is_accepted():
    from django.contrib.auth.password_validation import validate_password

    validate_password("Fietsen-langs-de-Maas-in-mei", User(email="a@example.org"))


@given(
    st.sampled_from(sorted(DUTCH_COMMON_BASES)),
    st.text("0123456789!?.-_", max_size=6),
    st.booleans(),
)
def test_a_common_dutch_word_with_digits_and_symbols_is_refused(word, decoration, capitalise):
    password = (word.capitalize() if capitalise else word) + decoration
    with pytest.raises(ValidationError):
        DutchCommonPasswordValidator().validate(password)
