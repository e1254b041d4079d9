"""The administrator's pages: only for organisation administrators (403), other organisations' records are
404s, forms show the services' messages and change nothing, and the invitation link lets the new user choose a
password once."""

from __future__ import annotations

import re

import pytest
import yaml
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from signaalwijzer.accounts.models import User
from signaalwijzer.accounts.services import set_active
from signaalwijzer.cases.models import CaseMember
from signaalwijzer.instruments.models import UploadedDefinition
from signaalwijzer.instruments.tests.samples import checklist
from signaalwijzer.orgadmin.invitations import send_invitation
from signaalwijzer.orgadmin.models import AdminChange
from tests.factories import PASSWORD, sign_in

PAGES = [
    ("orgadmin:index", []),
    ("orgadmin:users", []),
    ("orgadmin:user_invite", []),
    ("orgadmin:teams", []),
    ("orgadmin:settings", []),
    ("orgadmin:instruments", []),
    ("orgadmin:handover", []),
    ("orgadmin:changes", []),
]


def test_every_page_opens_for_the_administrator(admin_client):
    for name, args in PAGES:
        response = admin_client.get(reverse(name, args=args))
        assert response.status_code == 200, name


def test_other_roles_get_a_403(signed_in_client, client, officer):
    for name, args in PAGES:
        assert signed_in_client.get(reverse(name, args=args)).status_code == 403, name
    sign_in(client, officer)
    assert client.get(reverse("orgadmin:users")).status_code == 403


def test_the_navigation_shows_organisation_only_to_administrators(admin_client, professional):
    link = f'href="{reverse("orgadmin:index")}"'
    assert link in admin_client.get(reverse("cases:dashboard")).content.decode()
    other = Client()
    sign_in(other, professional)
    assert link not in other.get(reverse("cases:dashboard")).content.decode()


def test_the_user_list_shows_the_organisation_only(admin_client, professional, outsider_org):
    page = admin_client.get(reverse("orgadmin:users")).content.decode()
    assert professional.email in page and outsider_org.email not in page
    row = re.search(rf'data-user="{professional.pk}".*?</tr>', page, re.S).group(0)
    assert "Team A" in row


def test_another_organisations_records_are_404(admin_client, outsider_org):
    foreign_team = outsider_org.teams.first()
    for url in (
        reverse("orgadmin:user_detail", args=[outsider_org.pk]),
        reverse("orgadmin:user_second_factor", args=[outsider_org.pk]),
        reverse("orgadmin:team_edit", args=[foreign_team.pk]),
    ):
        assert admin_client.get(url).status_code == 404, url
    for url in (
        reverse("orgadmin:user_deactivate", args=[outsider_org.pk]),
        reverse("orgadmin:user_reactivate", args=[outsider_org.pk]),
        reverse("orgadmin:team_remove", args=[foreign_team.pk]),
    ):
        assert admin_client.post(url).status_code == 404, url
    outsider_org.refresh_from_db()
    assert outsider_org.is_active


def test_invite_then_choose_a_password_with_the_one_time_link(admin_client, team, client):
    response = admin_client.post(
        reverse("orgadmin:user_invite"),
        {
            "email": "nieuw@example.org",
            "full_name": "Nina Nieuw",
            "roles": ["professional"],
            "teams": [str(team.pk)],
        },
    )
    user = User.objects.get(email="nieuw@example.org")
    assert response.status_code == 302
    assert response["Location"] == reverse("orgadmin:user_detail", args=[user.pk])
    assert send_invitation.call(user.pk) is True
    (message,) = mail.outbox
    assert message.to == ["nieuw@example.org"]
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+/", message.body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    anonymous = Client()
    opened = anonymous.get("/" + path, follow=True)
    assert opened.status_code == 200
    set_url = opened.redirect_chain[-1][0] if opened.redirect_chain else "/" + path
    new_password = "Een-nieuw-en-lang-wachtwoord-7"
    done = anonymous.post(set_url, {"password1": new_password, "password2": new_password})
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new_password)
    # The link works once.
    again = Client().get("/" + path, follow=True)
    assert b"password1" not in again.content
    # No link in the change log.
    assert "reset" not in str(list(AdminChange.objects.values_list("changes", flat=True)))


def test_no_invitation_mail_for_a_user_with_a_password(professional):
    assert send_invitation.call(professional.pk) is False
    assert mail.outbox == []


def test_a_bad_invitation_shows_the_message_and_changes_nothing(admin_client, professional):
    response = admin_client.post(
        reverse("orgadmin:user_invite"),
        {"email": professional.email, "full_name": "Dubbel", "roles": ["professional"]},
    )
    assert response.status_code == 400
    assert "There is already an account" in response.content.decode()
    assert 'id="error-summary"' in response.content.decode()
    assert User.objects.filter(email=professional.email).count() == 1


def test_the_own_admin_role_and_account_are_kept_with_a_clear_message(admin_client, administrator):
    response = admin_client.post(
        reverse("orgadmin:user_detail", args=[administrator.pk]),
        {"full_name": "Beheer", "roles": ["professional"]},
    )
    assert response.status_code == 400
    assert "your own role of organisation administrator" in response.content.decode()
    response = admin_client.post(
        reverse("orgadmin:user_deactivate", args=[administrator.pk]), follow=True
    )
    assert "You cannot deactivate your own account" in response.content.decode()
    administrator.refresh_from_db()
    assert administrator.is_active and not AdminChange.objects.exists()


def test_reset_second_factor_page_requires_a_reason(admin_client, professional):
    url = reverse("orgadmin:user_second_factor", args=[professional.pk])
    refused = admin_client.post(url, {"reason": ""})
    assert refused.status_code == 400
    assert professional.authenticator_set.exists()
    done = admin_client.post(url, {"reason": "Telefoon kwijt, teruggebeld."})
    assert done.status_code == 302
    assert not professional.authenticator_set.exists()


def test_settings_out_of_bounds_show_the_message(admin_client, organisation):
    response = admin_client.post(
        reverse("orgadmin:settings"),
        {"consent_policy": "dual_from_12", "retention_years": "5", "signal_register_months": "6"},
    )
    assert response.status_code == 400
    assert "at least 20 years" in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.retention_years == 20


def test_upload_shows_the_report_before_activation(admin_client, organisation):
    content = yaml.safe_dump(checklist(), allow_unicode=True).encode()
    response = admin_client.post(
        reverse("orgadmin:instruments"),
        {"file": SimpleUploadedFile("lijst.yaml", content, content_type="application/x-yaml")},
    )
    upload = UploadedDefinition.objects.get()
    assert response["Location"] == reverse("orgadmin:instrument_upload", args=[upload.pk])
    report = admin_client.get(response["Location"]).content.decode()
    assert "not validated" in report and "Not active" in report
    admin_client.post(
        reverse("orgadmin:instrument_upload_active", args=[upload.pk]), {"active": "1"}
    )
    upload.refresh_from_db()
    assert upload.enabled


def test_a_bad_upload_names_the_problems(admin_client):
    response = admin_client.post(
        reverse("orgadmin:instruments"),
        {"file": SimpleUploadedFile("kapot.yaml", b"title: [", content_type="application/x-yaml")},
    )
    assert response.status_code == 400
    assert "not valid YAML" in response.content.decode()
    assert not UploadedDefinition.objects.exists()


def test_the_handover_pages_show_no_case_content(admin_client, case, professional, colleague):
    set_active(professional, False)
    listing = admin_client.get(reverse("orgadmin:handover")).content.decode()
    form = admin_client.get(reverse("orgadmin:handover_case", args=[case.pk])).content.decode()
    for page in (listing, form):
        assert f"Case {case.pk}" in page or f"case {case.pk}" in page
        assert case.pseudonym not in page and case.concern not in page
    response = admin_client.post(
        reverse("orgadmin:handover_case", args=[case.pk]), {"user": colleague.pk}
    )
    assert response.status_code == 302
    assert CaseMember.objects.get(case=case, user=colleague).role == CaseMember.Role.OWNER
    assert admin_client.get(reverse("orgadmin:handover_case", args=[case.pk])).status_code == 404
    # The administrator is still no member: the case itself is a 404.
    assert admin_client.get(reverse("cases:detail", args=[case.pk])).status_code == 404


def test_a_case_with_an_active_owner_is_a_404_on_the_handover_page(admin_client, case):
    assert admin_client.get(reverse("orgadmin:handover_case", args=[case.pk])).status_code == 404


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_change_log_lists_old_and_new(admin_client, organisation, language):
    admin_client.post(
        reverse("orgadmin:settings"),
        {
            "consent_policy": "dual_from_12",
            "retention_years": "25",
            "signal_register_months": "6",
        },
    )
    admin_client.cookies["django_language"] = language
    page = admin_client.get(reverse("orgadmin:changes")).content.decode()
    assert "20 → 25" in page


def test_the_password_of_the_fixture_still_logs_in(professional):
    # Guards the invitation test above: a fixture user has a usable password.
    assert professional.check_password(PASSWORD)
