from django.urls import path

from signaalwijzer.accounts import views

# Under /accounts/session/ (before allauth's URLs, which use none of these paths).
urlpatterns = [
    path("", views.session_status, name="session_status"),
    path("keep-alive/", views.session_keep_alive, name="session_keep_alive"),
]
