"""The invitation e-mail: a one-time link to allauth's "set a new password" page.

The link is allauth's password-reset link (its token generator, its page, our password rules): the token
depends on the password hash and the last login, so it stops working once the password is set, and after
``PASSWORD_RESET_TIMEOUT`` (3 days). The link is made when the e-mail is sent (by the worker) and is never
stored or logged. After setting a password the new user logs in and sets up the second step, as everyone does.
"""

from __future__ import annotations

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_tasks import task

from signaalwijzer.accounts.models import User

SUBJECT = gettext_noop("Signaalwijzer: your account")
BODY = gettext_noop(
    "Hello {name},\n\n"
    "{organisation} made an account for you in Signaalwijzer. Choose your password with this link, "
    "within {days} days: {link}\n\n"
    "The link works once. Then log in with your e-mail address and set up your second step (an app on your "
    "phone, or a passkey).\n\n"
    "Did you not expect this e-mail? Then you can ignore it."
)


def password_link(user: User) -> str:
    """The one-time link to set a password (allauth's reset-from-key page)."""
    path = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    return str(settings.SITE_URL).rstrip("/") + path


@task()
def send_invitation(user_id: int) -> bool:
    """E-mail the invitation; nothing for a user who is gone, inactive or already has a password."""
    user = User.objects.select_related("organisation").filter(pk=user_id, is_active=True).first()
    if user is None or user.has_usable_password():
        return False
    days = max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)
    with translation.override(settings.LANGUAGE_CODE):
        send_mail(
            subject=_(SUBJECT),
            message=_(BODY).format(
                name=user.get_short_name(),
                organisation=user.organisation.name if user.organisation else "Signaalwijzer",
                days=days,
                link=password_link(user),
            ),
            from_email=None,
            recipient_list=[user.email],
        )
    return True
