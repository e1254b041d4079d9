from django.urls import path

from signaalwijzer.register import views

app_name = "register"
urlpatterns = [
    path("", views.signal_list, name="list"),
    path("<id:signal_id>/convert/", views.convert, name="convert"),
]
