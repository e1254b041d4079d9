"""{% sso_login_options %}: the login page's "Sign in with <organisation>" buttons and e-mail form."""

from __future__ import annotations

from typing import Any

from django import template
from django.http import HttpRequest

from signaalwijzer.sso.adapters import SocialAccountAdapter
from signaalwijzer.sso.csp import allow_form_action

register = template.Library()


@register.inclusion_tag("sso/login_options.html", takes_context=True)
def sso_login_options(context: dict[str, Any]) -> dict[str, Any]:
    request: HttpRequest | None = context.get("request")
    apps = SocialAccountAdapter(request).list_apps(request)
    # The buttons and the e-mail form are answered with a redirect to one of these providers.
    allow_form_action(request, [app.settings["server_url"] for app in apps])
    return {
        "apps": apps,
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "redirect_field_name": context.get("redirect_field_name"),
        "redirect_field_value": context.get("redirect_field_value"),
    }
