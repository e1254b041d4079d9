from django.urls import path

from signaalwijzer.statistics import views

app_name = "statistics"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("<slug:key>.csv", views.download, name="download"),
]
