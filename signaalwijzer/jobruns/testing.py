"""An e-mail backend that always fails, for tests and for trying the retries by hand
(``EMAIL_BACKEND=signaalwijzer.jobruns.testing.FailingEmailBackend``)."""

from __future__ import annotations

import smtplib
from collections.abc import Sequence
from typing import Any

from django.core.mail.backends.base import BaseEmailBackend


class FailingEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[Any]) -> int:
        raise smtplib.SMTPServerDisconnected("the mail server is unreachable")
