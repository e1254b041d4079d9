"""The pure rules of single sign-on."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from signaalwijzer.sso.claims import (
    domain_of,
    email_verified,
    groups_of,
    issuer_problem,
    mfa_asserted,
    normalise_domain,
    parse_domains,
    parse_values,
)

LABEL = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?", fullmatch=True)


@given(st.lists(LABEL, min_size=1, max_size=3), st.sampled_from(["nl", "org", "com"]))
def test_a_plain_domain_is_kept_in_lower_case(labels, tld):
    domain = ".".join([*labels, tld])
    assert normalise_domain(domain.upper() + ".") == domain
    assert normalise_domain("@" + domain) == domain


@pytest.mark.parametrize(
    "text",
    [
        "",
        "nl",
        "-bad.nl",
        "bad-.nl",
        "a..nl",
        "jan@example.nl",
        "https://example.nl",
        "10.0.0.1",
        "ex ample.nl",
    ],
)
def test_anything_else_is_not_a_domain(text):
    with pytest.raises(ValueError):
        normalise_domain(text)


def test_domains_split_on_commas_spaces_and_lines_without_duplicates():
    assert parse_domains("Example.nl, school.example.nl\nexample.nl") == [
        "example.nl",
        "school.example.nl",
    ]
    assert parse_domains(["a.nl", "A.nl"]) == ["a.nl"]


@given(st.emails())
def test_the_domain_of_an_address_is_what_follows_the_last_at(email):
    assert domain_of(email) == email.rpartition("@")[2].lower().rstrip(".")


def test_no_domain_without_an_at():
    assert domain_of("jan") == "" and domain_of("@example.nl") == ""


AMR = st.lists(st.sampled_from(["pwd", "otp", "mfa", "hwk", "sms", "fido"]), max_size=4)


@given(AMR, st.sets(st.sampled_from(["mfa", "hwk", "otp"]), max_size=3))
def test_mfa_when_amr_holds_a_configured_value(amr, configured):
    assert mfa_asserted({"amr": amr}, configured, ()) == bool(set(amr) & configured)


def test_mfa_by_acr_and_never_without_configuration():
    assert mfa_asserted({"acr": "loa3"}, (), {"loa3"})
    assert not mfa_asserted({"acr": "loa2"}, (), {"loa3"})
    assert not mfa_asserted({"amr": ["mfa"], "acr": "loa3"}, (), ())
    # A single string where a list belongs still counts; other types do not.
    assert mfa_asserted({"amr": "mfa"}, {"mfa"}, ())
    assert not mfa_asserted({"amr": {"mfa": True}}, {"mfa"}, ())


@pytest.mark.parametrize(
    ("claims", "verified"),
    [
        ({"email_verified": True}, True),
        ({"email_verified": "true"}, True),
        ({"xms_edov": True}, True),
        ({"email_verified": False}, False),
        ({"email_verified": "false"}, False),
        ({"email_verified": 1}, False),
        ({}, False),
    ],
)
def test_email_verified(claims, verified):
    assert email_verified(claims) is verified


def test_groups_from_the_configured_claim():
    assert groups_of({"roles": ["a", "b"]}, "roles") == ["a", "b"]
    assert groups_of({"groups": "a"}, "groups") == ["a"]
    assert groups_of({"groups": {"a": 1}}, "groups") == []
    assert groups_of({}, "groups") == []


def test_configured_values_are_split_on_commas_and_spaces():
    assert parse_values(" mfa, otp  hwk,") == {"mfa", "otp", "hwk"}


@pytest.mark.parametrize(
    ("url", "local", "problem"),
    [
        ("https://login.microsoftonline.com/tenant/v2.0", False, None),
        ("http://login.example.nl", True, "scheme"),
        ("http://127.0.0.1:8001/o", True, None),
        ("http://127.0.0.1:8001/o", False, "scheme"),
        ("http://localhost/o", True, None),
        ("https://idp.example.nl/?x=1", False, "parts"),
        ("https://user:pw@idp.example.nl", False, "parts"),
        ("ftp://idp.example.nl", True, "scheme"),
        ("https://", False, "host"),
    ],
)
def test_issuer_https_and_http_only_for_a_local_provider(url, local, problem):
    assert issuer_problem(url, allow_local_http=local) == problem
