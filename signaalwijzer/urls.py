from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path, register_converter
from django.views.i18n import set_language

from signaalwijzer.api import token_pages
from signaalwijzer.converters import RecordIdConverter
from signaalwijzer.health import health, live, ready
from signaalwijzer.jobs.views import jobs_page
from signaalwijzer.security_txt import security_txt

register_converter(RecordIdConverter, "id")


@login_not_required
def favicon(request: HttpRequest) -> HttpResponse:
    return HttpResponsePermanentRedirect(static("icons/favicon.ico"))


# The admin must not have a login of its own: that would skip the second factor.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]
admin.site.site_header = "Signaalwijzer"

urlpatterns = [
    path("", include("signaalwijzer.public.urls")),
    path("", include("signaalwijzer.casework.urls")),
    # The timeout warning's clock: JSON, never a redirect (accounts/views.py).
    path("accounts/session/", include("signaalwijzer.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("audit/", include("signaalwijzer.logmanager.urls")),
    path("statistics/", include("signaalwijzer.statistics.urls")),
    path("register/", include("signaalwijzer.register.urls")),
    # The organisation administrator's screens for the regional contacts (not the Django admin).
    path("admin-org/contacts/", include("signaalwijzer.directory.urls")),
    # The organisation administrator's self-service: users, teams, settings, instruments, handovers.
    path("admin-org/", include("signaalwijzer.orgadmin.urls")),
    path("api/v1/", include("signaalwijzer.api.urls")),
    path("accounts/tokens/", token_pages.token_list, name="api_tokens"),
    # Anyone may switch language, also before logging in.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("health/", health, name="health"),
    # RFC 9116: whom to tell about a vulnerability (SECURITY_CONTACT); see SECURITY.md.
    path(".well-known/security.txt", security_txt, name="security_txt"),
    path("health/live", live, name="health_live"),
    path("health/ready", ready, name="health_ready"),
    # Browsers ask for /favicon.ico on their own: send them to the static file (a neutral icon).
    path(
        "favicon.ico",
        favicon,
        name="favicon",
    ),
    # The platform administrator's view of the scheduled jobs (staff only, inside the admin's look).
    path("admin/jobs/", jobs_page, name="admin_jobs"),
    path("admin/", admin.site.urls),
]


def handler404(request, exception=None):
    """JSON under /api/, the friendly page everywhere else."""
    from django.views.defaults import page_not_found

    from signaalwijzer.api.problems import not_found

    if request.path.startswith("/api/"):
        return not_found(request, exception)
    return page_not_found(request, exception)


def handler500(request):
    from django.views.defaults import server_error as html_server_error

    from signaalwijzer.api.problems import server_error

    if request.path.startswith("/api/"):
        return server_error(request)
    return html_server_error(request)
