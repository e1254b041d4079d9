"""The regular signed checkpoint of the access log. The scheduler runs it (job "audit-checkpoint", every
AUDIT_CHECKPOINT_MINUTES; ``jobs/registry.py``, decision 45); it no longer re-schedules itself."""

from __future__ import annotations

import logging

from django_tasks import task

from signaalwijzer.audit.services import write_checkpoint

# Operations route this logger to syslog or their log collector (docs/operations.md): the line holds row
# numbers, a hash and a signature, no personal data.
logger = logging.getLogger("signaalwijzer.audit.checkpoint")


def checkpoint_and_log() -> str:
    line = write_checkpoint()
    logger.info("%s", line)
    return line


@task()
def run_checkpoint() -> str:
    """Kept for checkpoint tasks queued before the scheduler existed: runs once, queues nothing."""
    return checkpoint_and_log()
