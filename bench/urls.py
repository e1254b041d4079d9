"""The app's URLs plus /bench/minimal/: through every middleware (session, login, MFA, CSP) and nothing else."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from signaalwijzer.urls import handler404, handler500
from signaalwijzer.urls import urlpatterns as app_urlpatterns

__all__ = ["handler404", "handler500", "urlpatterns"]


def minimal(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/minimal/", minimal), *app_urlpatterns]
