"""API v1, under /api/v1/ (hiring/urls.py): the endpoints, the schema and its docs."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView

from api import views
from api.docs import ApiDocsView

app_name = "api"

urlpatterns = [
    path("openings/", views.OpeningList.as_view(), name="opening-list"),
    path("openings/<int:pk>/", views.OpeningDetail.as_view(), name="opening-detail"),
    path("openings/<int:pk>/ranking/", views.OpeningRanking.as_view(), name="opening-ranking"),
    path("candidates/", views.CandidateList.as_view(), name="candidate-list"),
    path("candidates/<int:pk>/", views.CandidateDetail.as_view(), name="candidate-detail"),
    path("applications/", views.ApplicationList.as_view(), name="application-list"),
    path("applications/<int:pk>/", views.ApplicationDetail.as_view(), name="application-detail"),
    path(
        "applications/<int:pk>/decision/",
        views.ApplicationDecision.as_view(),
        name="application-decision",
    ),
    path("scorecards/", views.ScorecardList.as_view(), name="scorecard-list"),
    path(
        "interviews/<int:pk>/scorecard/",
        views.InterviewScorecard.as_view(),
        name="interview-scorecard",
    ),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", ApiDocsView.as_view(url_name="api:schema"), name="docs"),
    re_path(r"^(?P<rest>.*)$", views.not_found, name="not-found"),
]
