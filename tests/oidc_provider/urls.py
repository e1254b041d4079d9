"""The test provider: the toolkit's OAuth 2 / OpenID Connect endpoints under /o/, a login page, and set-up
endpoints for the tests (guarded by the token given to run.py)."""

from __future__ import annotations

import json
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from oauth2_provider.models import get_application_model

from tests.oidc_provider.store import set_claims


def _allowed(request: HttpRequest) -> bool:
    return request.method == "POST" and request.headers.get("X-Test-Token") == os.environ.get(
        "OIDC_OP_TOKEN"
    )


@csrf_exempt
def add_user(request: HttpRequest) -> HttpResponse:
    """{"username", "password", "claims": {...}}: create or update a user and the claims it gets."""
    if not _allowed(request):
        return HttpResponse(status=403)
    data = json.loads(request.body)
    user_model = get_user_model()
    user, _created = user_model.objects.get_or_create(username=data["username"])
    user.set_password(data["password"])
    user.is_active = data.get("active", True)
    user.save()
    set_claims(data["username"], data.get("claims", {}))
    return JsonResponse({"sub": str(user.pk)})


@csrf_exempt
def add_client(request: HttpRequest) -> HttpResponse:
    """{"client_id", "client_secret", "redirect_uris": [...]}: a confidential client, no consent screen."""
    if not _allowed(request):
        return HttpResponse(status=403)
    data = json.loads(request.body)
    application_model = get_application_model()
    application = application_model.objects.filter(client_id=data["client_id"]).first()
    if application is None:
        application = application_model(client_id=data["client_id"])
    application.name = data["client_id"]
    application.client_type = application_model.CLIENT_CONFIDENTIAL
    application.authorization_grant_type = application_model.GRANT_AUTHORIZATION_CODE
    application.algorithm = application_model.RS256_ALGORITHM
    application.skip_authorization = True
    application.redirect_uris = " ".join(data["redirect_uris"])
    application.client_secret = data["client_secret"]
    application.save()
    return JsonResponse({"client_id": application.client_id})


urlpatterns = [
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
    path("login/", LoginView.as_view(template_name="registration/login.html"), name="login"),
    path("testing/users/", add_user),
    path("testing/clients/", add_client),
]
