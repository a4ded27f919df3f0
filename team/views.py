"""The Team page (Administrator), the invitee's set-password page (no login) and the
language buttons, which also store a logged-in user's choice for their e-mails."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from hiring import roles
from hiring.private_pages import private_page
from hiring.roles import role_required
from team.forms import (
    InvitationPasswordForm,
    LanguageForm,
    NewAccountForm,
    RolesForm,
    role_choices,
)
from team.selectors import site_language, team_events, team_members
from team.services import (
    InvitationInvalid,
    TeamRefused,
    accept_invitation,
    change_roles,
    create_account,
    invite_user,
    resend_invitation,
    set_active,
    set_language_preference,
    usable_invitation,
)

INVITE, CREATE = "invite", "create"


def site_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


def team_context(request: HttpRequest, **forms: NewAccountForm) -> dict:
    return {
        "members": team_members(),
        "events": team_events(page=request.GET.get("page")),
        "invite_form": forms.get("invite_form") or NewAccountForm(prefix=INVITE),
        "create_form": forms.get("create_form") or NewAccountForm(prefix=CREATE),
        "role_choices": role_choices(),
        "language_choices": LanguageForm.base_fields["language"].choices,
    }


@role_required(roles.ADMINISTRATOR)
def team_page(request: HttpRequest) -> HttpResponse:
    return render(request, "team/team.html", team_context(request))


def new_account(request: HttpRequest, prefix: str):
    """The bound form and, if it held and the service agreed, the service's result."""
    form = NewAccountForm(request.POST, prefix=prefix)
    if not form.is_valid():
        return form, None
    service = invite_user if prefix == INVITE else create_account
    data = form.cleaned_data
    try:
        result = service(
            by=request.user,
            username=data["username"],
            email=data["email"],
            role_names=data["roles"],
            site_url=site_url(request),
            language=request.LANGUAGE_CODE,
        )
    except TeamRefused as error:
        form.add_error(None, error)
        return form, None
    return form, result


@role_required(roles.ADMINISTRATOR)
@require_POST
def invite(request: HttpRequest) -> HttpResponse:
    form, user = new_account(request, INVITE)
    if user is None:
        return render(request, "team/team.html", team_context(request, invite_form=form))
    messages.success(request, _("Invitation e-mailed to %(email)s.") % {"email": user.email})
    return redirect("team:team")


@role_required(roles.ADMINISTRATOR)
@require_POST
def create(request: HttpRequest) -> HttpResponse:
    form, result = new_account(request, CREATE)
    if result is None:
        return render(request, "team/team.html", team_context(request, create_form=form))
    user, link = result
    return render(request, "team/account_created.html", {"member": user, "link": link})


def member_action(request: HttpRequest, pk: int, action, success: str) -> HttpResponse:
    """Run `action(user)`; a refusal becomes an error message. Back to the Team page."""
    user = get_object_or_404(User, pk=pk)
    try:
        changed = action(user)
    except TeamRefused as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        if changed is not False:
            messages.success(request, success % {"user": user})
    return redirect("team:team")


@role_required(roles.ADMINISTRATOR)
@require_POST
def resend(request: HttpRequest, pk: int) -> HttpResponse:
    def action(user: User) -> None:
        resend_invitation(by=request.user, user=user, site_url=site_url(request))

    return member_action(request, pk, action, _("A new invitation was e-mailed to %(user)s."))


@role_required(roles.ADMINISTRATOR)
@require_POST
def update_roles(request: HttpRequest, pk: int) -> HttpResponse:
    form = RolesForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose roles from the list."))
        return redirect("team:team")

    def action(user: User) -> bool:
        return change_roles(by=request.user, user=user, role_names=form.cleaned_data["roles"])

    return member_action(request, pk, action, _("Roles of %(user)s saved."))


@role_required(roles.ADMINISTRATOR)
@require_POST
def deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    def action(user: User) -> bool:
        return set_active(by=request.user, user=user, active=False)

    return member_action(request, pk, action, _("%(user)s is deactivated."))


@role_required(roles.ADMINISTRATOR)
@require_POST
def reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    def action(user: User) -> bool:
        return set_active(by=request.user, user=user, active=True)

    return member_action(request, pk, action, _("%(user)s is active again."))


@role_required(roles.ADMINISTRATOR)
@require_POST
def update_language(request: HttpRequest, pk: int) -> HttpResponse:
    form = LanguageForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a language from the list."))
        return redirect("team:team")

    def action(user: User) -> bool:
        return set_language_preference(
            by=request.user, user=user, language=form.cleaned_data["language"]
        )

    return member_action(request, pk, action, _("Language of %(user)s saved."))


def switch_language(request: HttpRequest) -> HttpResponse:
    """Django's set_language (cookie, redirect), then, when logged in, the stored choice."""
    response = set_language(request)
    language = site_language(request.POST.get("language"))
    if request.method == "POST" and language and request.user.is_authenticated:
        set_language_preference(user=request.user, language=language)
    return response


# The token leaves the address bar at once: it is kept in the session and the
# form lives at a fixed address, so neither the browser's history nor a Referer
# nor a shoulder-surfer carries it on (Django's own password reset does the same).
INVITATION_SESSION_KEY = "invitation_token"


@private_page
def accept(request: HttpRequest, token: str) -> HttpResponse:
    """Open to anyone holding the link: a usable token goes to the session, then the form."""
    try:
        usable_invitation(token)
    except InvitationInvalid:
        return render(request, "team/invitation_invalid.html", status=404)
    request.session[INVITATION_SESSION_KEY] = token
    return redirect("team:invitation-set-password")


@private_page
def set_password(request: HttpRequest) -> HttpResponse:
    """The set-password form for the invitation in the session; one page for any dead one."""
    token = request.session.get(INVITATION_SESSION_KEY, "")
    try:
        invitation = usable_invitation(token)
    except InvitationInvalid:
        return render(request, "team/invitation_invalid.html", status=404)
    form = InvitationPasswordForm(invitation.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = accept_invitation(token=token, password=form.cleaned_data["new_password1"])
        except InvitationInvalid:
            return render(request, "team/invitation_invalid.html", status=404)
        del request.session[INVITATION_SESSION_KEY]
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Your password is set. Welcome, %(user)s.") % {"user": user})
        return redirect("home")
    return render(request, "team/invitation_accept.html", {"form": form, "member": invitation.user})
