"""Finding 10: passwords that pass on length but fall to a guessing attack are refused."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from zxcvbn import zxcvbn

from signaalwijzer.accounts.models import Organisation, User
from signaalwijzer.accounts.passwords import StrengthValidator

REVIEW_EXAMPLES = ["aaaaaaaaaaaa", "qwertyuiop12", "Signaalwijzer1", "Welkom01Welkom01"]


@pytest.mark.parametrize("password", REVIEW_EXAMPLES)
def test_the_reviews_examples_are_refused_by_the_configured_validators(password):
    with pytest.raises(ValidationError) as refused:
        validate_password(password, User(email="sanne.devries@example.org"))
    assert "password_too_weak" in [error.code for error in refused.value.error_list]


def test_a_strong_passphrase_passes(db):
    user = User(email="sanne.devries@example.org", full_name="Sanne de Vries")
    validate_password("Fietsen-langs-de-Maas-in-mei", user)
    validate_password("Paarse olifant eet stroopwafels op zolder", user)


# Each of these passes zxcvbn on its own (checked below): it is our list of words that catches them.
@pytest.mark.parametrize("password", ["JeugdzorgNoord2025", "Sanne.devries2024"])
def test_the_users_own_name_and_organisation_do_not_make_a_password(db, password):
    assert zxcvbn(password)["score"] >= 3
    user = User(email="sanne.devries@example.org", full_name="Sanne de Vries")
    user.organisation = Organisation(name="Jeugdzorg Noord")
    with pytest.raises(ValidationError):
        StrengthValidator().validate(password, user)


@pytest.mark.parametrize(
    "password", ["Maandag2024!", "Wachtwoord2024!", "Signaalwijzer2025!", "Meldcode2024!"]
)
def test_dutch_words_and_the_products_name_with_digits_are_refused(password):
    assert zxcvbn(password)["score"] >= 3
    with pytest.raises(ValidationError):
        StrengthValidator().validate(password)


def test_a_very_long_password_is_judged_without_error():
    StrengthValidator().validate("Paarse olifant eet stroopwafels op zolder " * 10)


def test_the_message_is_dutch():
    with translation.override("nl"), pytest.raises(ValidationError) as refused:
        StrengthValidator().validate("qwertyuiop12")
    assert "te makkelijk te raden" in refused.value.messages[0]


def test_the_change_password_form_refuses_a_weak_password(client, professional):
    from tests.factories import PASSWORD, sign_in

    sign_in(client, professional)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": "Signaalwijzer1", "password2": "Signaalwijzer1"},
    )
    assert response.status_code == 200
    professional.refresh_from_db()
    assert professional.check_password(PASSWORD)
