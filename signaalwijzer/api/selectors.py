"""Reading records of a case the caller already has access to."""

from __future__ import annotations

from typing import Any

from signaalwijzer.cases.access import CaseAccess
from signaalwijzer.instruments.models import Assessment


def records_of(model: Any, access: CaseAccess) -> Any:
    return model._default_manager.filter(case=access.case).order_by("pk")


def assessments_of(access: CaseAccess) -> Any:
    return Assessment.objects.filter(case=access.case).order_by("pk")
