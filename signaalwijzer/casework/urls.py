from django.urls import path

from signaalwijzer.cases import views
from signaalwijzer.casework import views as casework_views
from signaalwijzer.consent import views as consent_views
from signaalwijzer.instruments import views as instrument_views
from signaalwijzer.links import views as link_views
from signaalwijzer.meldcode import views as meldcode_views
from signaalwijzer.safety import views as safety_views

app_name = "cases"
urlpatterns = [
    path("dashboard/", casework_views.dashboard, name="dashboard"),
    path("cases/new/", views.case_start, name="start"),
    path("cases/emergency/", views.emergency_access, name="emergency_access"),
    path("cases/overview/", casework_views.officer_overview, name="officer_overview"),
    path("cases/<id:case_id>/", casework_views.case_detail, name="detail"),
    path(
        "cases/<id:case_id>/records/<slug:kind>/",
        casework_views.case_records,
        name="case_records",
    ),
    path("cases/<id:case_id>/edit/", views.case_edit, name="edit"),
    path("cases/<id:case_id>/close/", views.case_close, name="close"),
    path("cases/<id:case_id>/reopen/", views.case_reopen, name="reopen"),
    path("cases/<id:case_id>/legal-hold/", views.legal_hold, name="legal_hold"),
    path("cases/<id:case_id>/team/", views.team, name="team"),
    path(
        "cases/<id:case_id>/subject-access/", casework_views.subject_access, name="subject_access"
    ),
    path("cases/<id:case_id>/dossier.pdf", casework_views.dossier, name="dossier"),
    path(
        "cases/<id:case_id>/subject-access/download.<str:fmt>",
        casework_views.subject_access_download,
        name="subject_access_download",
    ),
    path(
        "cases/<id:case_id>/destruction/new/",
        views.destruction_request_create,
        name="destruction_request_create",
    ),
    path(
        "cases/<id:case_id>/destruction/<id:request_id>/",
        views.destruction_decide,
        name="destruction_decide",
    ),
    path("cases/<id:case_id>/signals/new/", views.observation_create, name="observation_create"),
    path("cases/<id:case_id>/links/new/", link_views.link_create, name="link_create"),
    path(
        "cases/<id:case_id>/consultations/new/",
        meldcode_views.consultation_create,
        name="consultation_create",
    ),
    path(
        "cases/<id:case_id>/conversations/new/",
        meldcode_views.conversation_create,
        name="conversation_create",
    ),
    path("cases/<id:case_id>/conversations/skip/", meldcode_views.step3_skip, name="step3_skip"),
    path("cases/<id:case_id>/consents/new/", consent_views.consent_create, name="consent_create"),
    path("cases/<id:case_id>/sharing/new/", consent_views.share_create, name="share_create"),
    path("cases/<id:case_id>/weighing/", meldcode_views.weighing, name="weighing"),
    path(
        "cases/<id:case_id>/contact-logged/", meldcode_views.contact_logged, name="contact_logged"
    ),
    path("cases/<id:case_id>/actions/new/", meldcode_views.action_create, name="action_create"),
    path("cases/<id:case_id>/comensha/", meldcode_views.comensha_registration, name="comensha"),
    path(
        "cases/<id:case_id>/veilig-thuis/",
        casework_views.veilig_thuis_package,
        name="veilig_thuis_package",
    ),
    path(
        "cases/<id:case_id>/actions/<id:action_id>/",
        meldcode_views.action_update,
        name="action_update",
    ),
    path(
        "cases/<id:case_id>/actions/<id:action_id>/feedback/new/",
        meldcode_views.feedback_create,
        name="feedback_create",
    ),
    path(
        "cases/<id:case_id>/missing/new/",
        safety_views.missing_episode_create,
        name="missing_episode_create",
    ),
    path(
        "cases/<id:case_id>/missing/<id:episode_id>/",
        safety_views.missing_episode_update,
        name="missing_episode_update",
    ),
    path("cases/<id:case_id>/safety-plan/", safety_views.safety_plan, name="safety_plan"),
    path(
        "cases/<id:case_id>/instruments/",
        instrument_views.instrument_start,
        name="instrument_start",
    ),
    path(
        "cases/<id:case_id>/assessments/<id:assessment_id>/",
        instrument_views.assessment_fill,
        name="assessment_fill",
    ),
    path(
        "cases/<id:case_id>/assessments/<id:assessment_id>/result/",
        instrument_views.assessment_result,
        name="assessment_result",
    ),
]
