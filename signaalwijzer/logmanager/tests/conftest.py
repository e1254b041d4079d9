import pytest

from signaalwijzer.accounts.roles import Role
from tests.factories import enrol_totp, make_user


@pytest.fixture
def log_manager(organisation):
    user = make_user("log@example.org", organisation=organisation, roles=(Role.LOG_MANAGER,))
    enrol_totp(user)
    return user


@pytest.fixture
def officer(organisation):
    user = make_user("af@example.org", organisation=organisation, roles=(Role.MELDCODE_OFFICER,))
    enrol_totp(user)
    return user
