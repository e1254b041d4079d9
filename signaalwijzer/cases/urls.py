from django.urls import path

from signaalwijzer.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
]
