from __future__ import annotations

from typing import Any

from rest_framework import permissions

from signaalwijzer.accounts.mfa import has_second_factor, session_passed_second_factor
from signaalwijzer.accounts.roles import can_work_on_cases
from signaalwijzer.api.models import PersonalAccessToken


class CaseWorker(permissions.BasePermission):
    """Logged in (session with its second factor, or a token), with a role that works on cases.

    A read-only token cannot write.
    """

    def has_permission(self, request: Any, view: Any) -> bool:
        user = request.user
        if not user or not user.is_authenticated or not can_work_on_cases(user.roles):
            return False
        token = request.auth
        if isinstance(token, PersonalAccessToken):
            return (
                request.method in permissions.SAFE_METHODS
                or token.scope == PersonalAccessToken.Scope.WRITE
            )
        return has_second_factor(user) and session_passed_second_factor(request._request)
