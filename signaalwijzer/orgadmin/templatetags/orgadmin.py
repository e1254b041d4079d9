"""Labels for the administrator's pages: role names, and the change log's "old -> new" in words."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from signaalwijzer.accounts.models import ConsentPolicyChoice, RoleGrant, User
from signaalwijzer.accounts.roles import can_manage_organisation
from signaalwijzer.orgadmin.models import AdminChange

register = template.Library()


def _role_names() -> dict[str, str]:
    return {
        str(code): str(label) for code, label in RoleGrant._meta.get_field("role").choices or []
    }


@register.filter
def role_labels(user: User) -> str:
    names = _role_names()
    return ", ".join(sorted(names.get(str(role), str(role)) for role in user.roles)) or _("no role")


@register.filter
def manages_organisation(user: Any) -> bool:
    """For the navigation: does this (logged-in) user get the administrator's screens?"""
    return bool(getattr(user, "is_authenticated", False)) and can_manage_organisation(user.roles)


def _field_labels() -> dict[str, str]:
    return {
        "email": _("E-mail address"),
        "full_name": _("Name"),
        "roles": _("Roles"),
        "teams": _("Teams"),
        "is_active": _("Active"),
        "second_factor": _("Second step set up"),
        "name": _("Name"),
        "consent_policy": _("Consent from 12 to 15"),
        "retention_years": _("Retention period in years after closing"),
        "signal_register_months": _("Months a signal without a case is kept"),
        "active": _("Offered to professionals"),
        "sha256": _("File fingerprint (sha256)"),
        "owner": _("Owner"),
        "issuer": _("Issuer"),
        "client_id": _("Client ID"),
        "secret_env": _("Environment variable with the client secret"),
        "enabled": _("Single sign-on enabled"),
        "password_login_enabled": _("Password login allowed"),
        "groups_claim": _("Claim with the groups"),
        "mfa_amr_values": _("amr values that count as multi-factor"),
        "mfa_acr_values": _("acr values that count as multi-factor"),
        "session_hours": _("Maximum session length in hours"),
        "inactive_days": _("Deactivate after days without sign-in"),
        "domains": _("E-mail domains"),
        "group_mappings": _("Group mappings"),
    }


def _value(name: str, value: Any) -> str:
    if value is None or value == [] or value == "":
        return "–"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if name == "roles":
        names = _role_names()
        return ", ".join(names.get(str(code), str(code)) for code in value)
    if name == "sha256":
        return f"{value[:12]}…"  # the start is enough to tell two files apart on screen
    if name == "consent_policy":
        return str(dict(ConsentPolicyChoice.choices).get(value, value))
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


@register.filter
def change_rows(change: AdminChange) -> list[tuple[str, str, str]]:
    """Each changed field as (label, old, new), in words."""
    labels = _field_labels()
    return [
        (labels.get(name, name), _value(name, pair[0]), _value(name, pair[1]))
        for name, pair in (change.changes or {}).items()
    ]
