from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from signaalwijzer.health import health

# The admin must not have a login of its own: that would skip the second factor.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]
admin.site.site_header = "Signaalwijzer"

urlpatterns = [
    path("", include("signaalwijzer.public.urls")),
    path("", include("signaalwijzer.cases.urls")),
    path("accounts/", include("allauth.urls")),
    path("audit/", include("signaalwijzer.audit.urls")),
    path("statistics/", include("signaalwijzer.statistics.urls")),
    # Anyone may switch language, also before logging in.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("health/", health, name="health"),
    path("admin/", admin.site.urls),
]
