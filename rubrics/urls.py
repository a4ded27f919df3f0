from django.urls import path

from rubrics import views

app_name = "rubrics"

# The page of one weight change (rubrics/<pk>/history/<change_pk>/) shows its
# effect on shortlists and is served by the candidates app: see hiring/urls.py.
urlpatterns = [
    path("", views.RubricListView.as_view(), name="rubric-list"),
    path("<int:pk>/", views.RubricDetailView.as_view(), name="rubric-detail"),
    path("<int:pk>/clone/", views.clone, name="rubric-clone"),
    path("<int:pk>/new-version/", views.new_version, name="rubric-new-version"),
    path("<int:pk>/default/", views.default_rubric, name="rubric-make-default"),
    path("<int:pk>/weights/", views.edit_weights, name="weights-edit"),
    path("<int:pk>/weights/order/", views.order_helper, name="weights-order"),
    path("<int:pk>/weights/pairwise/", views.pairwise_helper, name="weights-pairwise"),
    path("<int:pk>/history/", views.weight_history, name="weight-history"),
]
