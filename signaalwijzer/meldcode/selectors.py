"""Reading meldcode records of a case the caller already has access to."""

from __future__ import annotations

from django.http import Http404

from signaalwijzer.cases.access import CaseAccess
from signaalwijzer.meldcode.models import Action, Weighing, WeighingVersion


def case_action(access: CaseAccess, action_id: int) -> Action:
    """An action of this case; an action of another case is a 404, as if it did not exist."""
    action = Action.objects.filter(pk=action_id, case=access.case).select_related("owner").first()
    if action is None:
        raise Http404
    return action


def case_weighing(access: CaseAccess) -> Weighing | None:
    return Weighing.objects.filter(case=access.case).first()


def case_weighing_versions(access: CaseAccess) -> list[WeighingVersion]:
    """Every saved weighing of the case, newest first."""
    return list(
        WeighingVersion.objects.filter(case=access.case)
        .select_related("author")
        .order_by("-number")
    )
