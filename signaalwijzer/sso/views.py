"""Single sign-on: start by e-mail address, then allauth's OAuth2 login and callback with our adapter."""

from __future__ import annotations

from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from signaalwijzer.sso.csp import allow_form_action
from signaalwijzer.sso.provider import PROVIDER, SsoOAuth2Adapter
from signaalwijzer.sso.selectors import provider_by_slug, provider_for_email


class StartForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Work e-mail address"), max_length=254)


@login_not_required
@require_POST
def start(request: HttpRequest) -> HttpResponse:
    """'Sign in with your organisation': the address's domain picks the identity provider."""
    form = StartForm(request.POST)
    provider = provider_for_email(form.cleaned_data["email"]) if form.is_valid() else None
    if provider is None:
        messages.error(
            request,
            _(
                "Your organisation does not sign in through single sign-on here. "
                "Log in with your e-mail address and password."
            ),
        )
        return redirect("account_login")
    try:
        allauth_provider = get_adapter(request).get_provider(request, provider.slug)
    except SocialApp.DoesNotExist as error:
        raise Http404 from error
    return allauth_provider.redirect_from_request(request)


@login_not_required
def login(request: HttpRequest, provider_id: str) -> HttpResponse:
    """POST: to the provider. GET: allauth's page with a button that does that POST."""
    try:
        response: HttpResponse = OAuth2LoginView.adapter_view(
            SsoOAuth2Adapter(request, provider_id)
        )(request)
    except SocialApp.DoesNotExist as error:
        raise Http404 from error
    provider = provider_by_slug(provider_id)
    if provider is not None:
        allow_form_action(request, [provider.issuer])
    return response


@login_not_required
def callback(request: HttpRequest, provider_id: str) -> HttpResponse:
    try:
        return OAuth2CallbackView.adapter_view(SsoOAuth2Adapter(request, provider_id))(request)
    except SocialApp.DoesNotExist as error:
        raise Http404 from error


__all__ = ["PROVIDER", "callback", "login", "start"]
