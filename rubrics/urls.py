from django.urls import path

from rubrics import views

app_name = "rubrics"

urlpatterns = [
    path("", views.RubricListView.as_view(), name="rubric-list"),
    path("<int:pk>/", views.RubricDetailView.as_view(), name="rubric-detail"),
    path("<int:pk>/weights/", views.edit_weights, name="weights-edit"),
    path("<int:pk>/history/", views.weight_history, name="weight-history"),
    path("<int:pk>/history/<int:change_pk>/", views.weight_change, name="weight-change"),
]
