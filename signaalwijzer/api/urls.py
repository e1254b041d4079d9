from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from signaalwijzer.api import views

app_name = "api"
urlpatterns = [
    path("cases/", views.CaseListView.as_view(), name="cases"),
    path("cases/<id:case_id>/", views.CaseDetailView.as_view(), name="case"),
    path(
        "cases/<id:case_id>/observations/",
        views.ObservationListView.as_view(),
        name="observations",
    ),
    path(
        "cases/<id:case_id>/consultations/",
        views.ConsultationListView.as_view(),
        name="consultations",
    ),
    path(
        "cases/<id:case_id>/conversations/",
        views.ConversationListView.as_view(),
        name="conversations",
    ),
    path(
        "cases/<id:case_id>/veilig-thuis-package/",
        views.VeiligThuisPackageView.as_view(),
        name="veilig_thuis_package",
    ),
    path("cases/<id:case_id>/consents/", views.ConsentListView.as_view(), name="consents"),
    path("cases/<id:case_id>/actions/", views.ActionListView.as_view(), name="actions"),
    path(
        "cases/<id:case_id>/actions/<id:action_id>/",
        views.ActionDetailView.as_view(),
        name="action",
    ),
    path("cases/<id:case_id>/weighing/", views.WeighingView.as_view(), name="weighing"),
    path(
        "cases/<id:case_id>/weighing/versions/",
        views.WeighingVersionListView.as_view(),
        name="weighing_versions",
    ),
    path(
        "cases/<id:case_id>/missing-episodes/",
        views.MissingEpisodeListView.as_view(),
        name="missing_episodes",
    ),
    path("cases/<id:case_id>/safety-plan/", views.SafetyPlanView.as_view(), name="safety_plan"),
    path("cases/<id:case_id>/assessments/", views.AssessmentListView.as_view(), name="assessments"),
    path("cases/<id:case_id>/history/", views.HistoryView.as_view(), name="history"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file: no inline script, so the CSP holds.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
]
