"""Texts of django-allauth, Django and DRF that we word differently in Dutch (plain B1 Dutch).

Listing them here puts them in our own translation file, which takes precedence over allauth's.
"""

from django.utils.translation import gettext_noop

OVERRIDDEN = (
    gettext_noop("Sign In"),
    gettext_noop("Sign Out"),
    gettext_noop("Authenticator code"),
    gettext_noop("Code"),
    gettext_noop("Two-Factor Authentication"),
    gettext_noop("The email address and/or password you specified are not correct."),
    gettext_noop("Incorrect code."),
    # Django and DRF both translate this; which one wins depends on app order. We decide it here.
    gettext_noop("This field is required."),
)
