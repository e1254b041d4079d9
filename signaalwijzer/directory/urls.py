from django.urls import path

from signaalwijzer.directory import views

app_name = "directory"
urlpatterns = [
    path("", views.contact_list, name="contact_list"),
    path("<id:entry_id>/", views.contact_edit, name="contact_edit"),
    path("<id:entry_id>/verify/", views.contact_verify, name="contact_verify"),
]
