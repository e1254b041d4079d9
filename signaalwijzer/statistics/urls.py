from django.urls import path

from signaalwijzer.statistics import views

app_name = "statistics"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("download/<str:key>", views.download, name="download"),
    path("exports/", views.exports, name="exports"),
    path("exports/<id:export_id>/", views.export_download, name="export_download"),
]
