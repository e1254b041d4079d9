"""After rotate_keys and removing the old key, everything still reads."""

from io import StringIO

from cryptography.fernet import Fernet
from django.core.management import call_command

from signaalwijzer.cases import services
from signaalwijzer.cases.models import Case, Observation
from signaalwijzer.encryption import _fernet_for
from tests.factories import TOTP_SECRET


def test_rotate_keys_then_drop_the_old_key(settings, professional, case, owner_access):
    import datetime as dt

    from allauth.mfa.models import Authenticator
    from allauth.mfa.utils import decrypt

    old, new = settings.FIELD_ENCRYPTION_KEYS[0], Fernet.generate_key().decode()
    services.update_case(
        owner_access, expected_version=case.version, changes={"reference": "REF-7"}
    )
    services.record_observation(
        owner_access,
        observed_on=dt.date.today(),
        description="Nieuwe telefoon.",
        source="own",
        nature="fact",
    )
    Authenticator.objects.filter(user=professional).delete()
    from tests.factories import enrol_totp

    enrol_totp(professional)

    settings.FIELD_ENCRYPTION_KEYS = [new, old]
    out = StringIO()
    call_command("rotate_keys", "--batch", "2", stdout=out)
    assert "Re-encrypted" in out.getvalue()
    call_command("rotate_keys", stdout=out)  # a second run finds nothing left to do
    assert (
        out.getvalue()
        .strip()
        .endswith(
            "Re-encrypted 0 value(s) with the newest key.\n"
            "Recomputed 0 blind index value(s) with the newest key."
        )
    )

    settings.FIELD_ENCRYPTION_KEYS = [new]
    _fernet_for.cache_clear()
    case = Case.objects.get(pk=case.pk)
    assert (case.pseudonym, case.reference) == ("J.", "REF-7")
    assert Observation.objects.get().description == "Nieuwe telefoon."
    totp = Authenticator.objects.get(user=professional, type="totp")
    assert decrypt(totp.data["secret"]) == TOTP_SECRET


def test_rotate_keys_recomputes_the_blind_index(settings, professional, case, owner_access):
    """The search index is derived from the newest key: after rotation (and dropping the old key) a search
    still finds the case, and the stored index is the one of the new key."""
    from signaalwijzer.cases.access import CaseListFilter, case_page_of_list_for_user
    from signaalwijzer.encryption import blind_index

    services.update_case(
        owner_access, expected_version=case.version, changes={"reference": "Dossier 12"}
    )
    before = Case.objects.values_list("pseudonym_index", "reference_index").get(pk=case.pk)
    assert before == (blind_index("J."), blind_index("dossier 12"))

    old, new = settings.FIELD_ENCRYPTION_KEYS[0], Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new, old]
    # Before the rotation has run, the search tries every configured key, so the case is still found.
    found = case_page_of_list_for_user(
        professional, purpose="test", page=1, chosen=CaseListFilter(search=" DOSSIER   12 ")
    )
    assert [c.pk for c in found.cases] == [case.pk]

    out = StringIO()
    call_command("rotate_keys", stdout=out)
    assert "Recomputed 2 blind index value(s)" in out.getvalue()
    after = Case.objects.values_list("pseudonym_index", "reference_index").get(pk=case.pk)
    assert after == (blind_index("J."), blind_index("Dossier 12"))
    assert set(after).isdisjoint(before)

    settings.FIELD_ENCRYPTION_KEYS = [new]
    _fernet_for.cache_clear()
    for term in ("j.", "dossier 12"):
        found = case_page_of_list_for_user(
            professional, purpose="test", page=1, chosen=CaseListFilter(search=term)
        )
        assert [c.pk for c in found.cases] == [case.pk]
