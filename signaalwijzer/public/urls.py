from django.urls import path

from signaalwijzer.public import views

app_name = "public"
urlpatterns = [
    path("", views.home, name="home"),
    path("ouders/", views.page, {"slug": "ouders"}, name="parents"),
    path("ouders/check/", views.quick_check, name="quick_check"),
    path("jongeren/", views.page, {"slug": "jongeren"}, name="young_people"),
    path("jongeren/<slug:topic>/", views.young_people_topic, name="young_people_topic"),
    path("hulp-en-informatie/", views.page, {"slug": "hulp-en-informatie"}, name="resources"),
    path("toegankelijkheid/", views.page, {"slug": "toegankelijkheid"}, name="accessibility"),
    path("veilig-surfen/", views.page, {"slug": "veilig-surfen"}, name="safe_browsing"),
    path("taal/<str:code>/", views.switch_language, name="switch_language"),
]
