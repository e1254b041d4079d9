"""Receivers: lockout logging without personal data, and MFA enrolment counting as MFA."""

import logging
from typing import Any

from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added
from axes.signals import user_locked_out
from django.dispatch import receiver

from signaalwijzer.accounts.mfa import SECOND_FACTORS, record_enrolment_as_second_factor

logger = logging.getLogger("signaalwijzer.security")


@receiver(user_locked_out)
def log_lockout(sender: Any, **kwargs: Any) -> None:
    logger.warning("login locked out after repeated failures")


@receiver(authenticator_added)
def second_factor_enrolled(
    sender: Any, request: Any, authenticator: Authenticator, **kwargs: Any
) -> None:
    if request is not None and authenticator.type in SECOND_FACTORS:
        record_enrolment_as_second_factor(request, authenticator)
