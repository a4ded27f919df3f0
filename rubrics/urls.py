from django.urls import path

from rubrics import views

app_name = "rubrics"

urlpatterns = [
    path("", views.RubricListView.as_view(), name="rubric-list"),
    path("<int:pk>/", views.RubricDetailView.as_view(), name="rubric-detail"),
]
