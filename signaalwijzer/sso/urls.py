"""Single sign-on URLs, included by allauth under /accounts/ (it includes every provider's urls module)."""

from django.urls import path

from signaalwijzer.sso import views
from signaalwijzer.sso.provider import PROVIDER

urlpatterns = [
    path("sso/", views.start, name="sso_start"),
    path("sso/<slug:provider_id>/login/", views.login, name=f"{PROVIDER}_login"),
    path("sso/<slug:provider_id>/login/callback/", views.callback, name=f"{PROVIDER}_callback"),
]
