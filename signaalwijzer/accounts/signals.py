"""Log lockouts without saying whose account it is (no personal data in logs)."""

import logging
from typing import Any

from axes.signals import user_locked_out
from django.dispatch import receiver

logger = logging.getLogger("signaalwijzer.security")


@receiver(user_locked_out)
def log_lockout(sender: Any, **kwargs: Any) -> None:
    logger.warning("login locked out after repeated failures")
