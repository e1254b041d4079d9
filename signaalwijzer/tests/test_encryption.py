import pytest
from cryptography.fernet import Fernet
from hypothesis import given
from hypothesis import strategies as st

from signaalwijzer.encryption import DecryptionError, _fernet_for, decrypt_text, encrypt_text


@given(st.text())
def test_what_is_encrypted_decrypts_to_the_same_text(plain):
    assert decrypt_text(encrypt_text(plain)) == plain


@given(st.text(min_size=4))
def test_the_ciphertext_does_not_contain_the_text(plain):
    assert plain not in encrypt_text(plain)


def test_a_rotated_key_still_reads_old_text(settings):
    old_key, new_key = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [old_key]
    token = encrypt_text("casusnotitie")
    settings.FIELD_ENCRYPTION_KEYS = [new_key, old_key]
    assert decrypt_text(token) == "casusnotitie"
    _fernet_for.cache_clear()


def test_text_from_an_unknown_key_is_refused_without_showing_it(settings):
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    token = encrypt_text("geheim")
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(DecryptionError) as error:
        decrypt_text(token)
    assert "geheim" not in str(error.value)
