from django.urls import path

from signaalwijzer.logmanager import views

app_name = "audit"
urlpatterns = [
    path("", views.log_search, name="search"),
    path("unusual/", views.unusual, name="unusual"),
    path("emergency/", views.emergency_reviews, name="emergency_reviews"),
]
