from django.urls import path

from rubrics import helper_views, views

app_name = "rubrics"

urlpatterns = [
    path("", views.RubricListView.as_view(), name="rubric-list"),
    path("<int:pk>/", views.RubricDetailView.as_view(), name="rubric-detail"),
    path("<int:pk>/clone/", views.clone, name="rubric-clone"),
    path("<int:pk>/weights/", views.edit_weights, name="weights-edit"),
    path("<int:pk>/weights/order/", helper_views.order_helper, name="weights-order"),
    path("<int:pk>/weights/pairwise/", helper_views.pairwise_helper, name="weights-pairwise"),
    path("<int:pk>/history/", views.weight_history, name="weight-history"),
    path("<int:pk>/history/<int:change_pk>/", views.weight_change, name="weight-change"),
]
