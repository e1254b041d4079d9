from django.urls import path

from signaalwijzer.orgadmin import views

app_name = "orgadmin"
urlpatterns = [
    path("", views.index, name="index"),
    path("users/", views.user_list, name="users"),
    path("users/invite/", views.user_invite, name="user_invite"),
    path("users/<id:user_id>/", views.user_detail, name="user_detail"),
    path("users/<id:user_id>/deactivate/", views.user_deactivate, name="user_deactivate"),
    path("users/<id:user_id>/reactivate/", views.user_reactivate, name="user_reactivate"),
    path("users/<id:user_id>/invitation/", views.user_invitation, name="user_invitation"),
    path("users/<id:user_id>/second-step/", views.user_second_factor, name="user_second_factor"),
    path("teams/", views.team_list, name="teams"),
    path("teams/<id:team_id>/", views.team_edit, name="team_edit"),
    path("teams/<id:team_id>/remove/", views.team_remove, name="team_remove"),
    path("settings/", views.organisation_settings, name="settings"),
    path("sso/", views.single_sign_on, name="sso"),
    path("instruments/", views.instrument_list, name="instruments"),
    path("instruments/uploads/<id:upload_id>/", views.instrument_upload, name="instrument_upload"),
    path(
        "instruments/uploads/<id:upload_id>/active/",
        views.instrument_upload_active,
        name="instrument_upload_active",
    ),
    path(
        "instruments/shipped/<slug:key>/active/",
        views.instrument_shipped_active,
        name="instrument_shipped_active",
    ),
    path("handover/", views.handover_list, name="handover"),
    path("handover/<id:case_id>/", views.handover_case, name="handover_case"),
    path("log/", views.change_log, name="changes"),
]
