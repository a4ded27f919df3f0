from django.urls import path

from rubrics import views
from rubrics.views import editor, questions

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
    # The content editor (rubrics.views.editor): frozen while the rubric is in use.
    path("<int:pk>/dimensions/add/", editor.dimension_add, name="dimension-add"),
    path("<int:pk>/dimensions/<int:dimension_pk>/", editor.dimension_edit, name="dimension-edit"),
    path(
        "<int:pk>/dimensions/<int:dimension_pk>/remove/",
        editor.dimension_remove,
        name="dimension-remove",
    ),
    path(
        "<int:pk>/dimensions/<int:dimension_pk>/anchors/",
        editor.anchors_edit,
        name="anchors-edit",
    ),
    path(
        "<int:pk>/dimensions/<int:dimension_pk>/criteria/add/",
        editor.criterion_add,
        name="criterion-add",
    ),
    path("<int:pk>/criteria/<int:criterion_pk>/", editor.criterion_edit, name="criterion-edit"),
    path(
        "<int:pk>/criteria/<int:criterion_pk>/remove/",
        editor.criterion_remove,
        name="criterion-remove",
    ),
    # The question bank (rubrics.views.questions): editable even on a rubric in use.
    path(
        "<int:pk>/criteria/<int:criterion_pk>/questions/",
        questions.question_bank,
        name="question-bank",
    ),
    path(
        "<int:pk>/criteria/<int:criterion_pk>/questions/add/",
        questions.question_add,
        name="question-add",
    ),
    path(
        "<int:pk>/criteria/<int:criterion_pk>/questions/<int:question_pk>/",
        questions.question_edit,
        name="question-edit",
    ),
    path(
        "<int:pk>/criteria/<int:criterion_pk>/questions/<int:question_pk>/retire/",
        questions.question_retire,
        name="question-retire",
    ),
    path(
        "<int:pk>/criteria/<int:criterion_pk>/questions/<int:question_pk>/restore/",
        questions.question_restore,
        name="question-restore",
    ),
]
