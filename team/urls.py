from django.urls import path

from team import views

app_name = "team"

urlpatterns = [
    path("team/", views.team_page, name="team"),
    path("team/invite/", views.invite, name="invite"),
    path("team/create/", views.create, name="create"),
    path("team/<int:pk>/resend/", views.resend, name="resend"),
    path("team/<int:pk>/roles/", views.update_roles, name="roles"),
    path("team/<int:pk>/deactivate/", views.deactivate, name="deactivate"),
    path("team/<int:pk>/reactivate/", views.reactivate, name="reactivate"),
    path("team/<int:pk>/language/", views.update_language, name="language"),
    path("invitations/set-password/", views.set_password, name="invitation-set-password"),
    path("invitations/<str:token>/", views.accept, name="invitation-accept"),
]
