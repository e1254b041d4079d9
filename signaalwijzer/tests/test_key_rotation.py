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
    assert out.getvalue().strip().endswith("Re-encrypted 0 value(s) with the newest key.")

    settings.FIELD_ENCRYPTION_KEYS = [new]
    _fernet_for.cache_clear()
    case = Case.objects.get(pk=case.pk)
    assert (case.pseudonym, case.reference) == ("J.", "REF-7")
    assert Observation.objects.get().description == "Nieuwe telefoon."
    totp = Authenticator.objects.get(user=professional, type="totp")
    assert decrypt(totp.data["secret"]) == TOTP_SECRET
