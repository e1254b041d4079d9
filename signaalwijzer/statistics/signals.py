"""Queue the summary rebuild when a case or one of its records is saved or deleted.

The dirty mark itself is written by a database trigger in the same transaction (dirty.py), so a change that
bypasses these signals (a queryset ``update()``, raw SQL) is still marked: the next queued rebuild, or
``manage.py statistics rebuild``, picks it up.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import models
from django.db.models.signals import post_delete, post_save

from signaalwijzer.cases.stamp import RECORD_TABLES


def _changed(sender: type[models.Model], **kwargs: Any) -> None:
    from signaalwijzer.statistics.tasks import schedule_rebuild_on_commit

    schedule_rebuild_on_commit()


def connect() -> None:
    watched = {"cases_case", *RECORD_TABLES}
    for model in apps.get_models():
        if model._meta.db_table in watched:
            post_save.connect(_changed, sender=model, dispatch_uid=f"statistics-{model.__name__}")
            post_delete.connect(
                _changed, sender=model, dispatch_uid=f"statistics-del-{model.__name__}"
            )
