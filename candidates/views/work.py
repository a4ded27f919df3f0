"""Background work: the progress and result page of a large import or export, the
owner's list of jobs, and the export's file."""

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language

from candidates.models import Opening
from candidates.selectors.openings import opening_or_404
from candidates.selectors.work import recent_work_of, work_for_user_or_404
from candidates.services.work import ask_for_export
from candidates.tasks import enqueue_work
from hiring import roles
from hiring.roles import role_required

# Who may have jobs: HR (imports and exports) and every reader of shortlists (exports).
WORK_ROLES = roles.READERS


@role_required(*WORK_ROLES)
def work_list(request: HttpRequest) -> HttpResponse:
    context = {"jobs": recent_work_of(request.user)}
    return render(request, "candidates/work_list.html", context)


@role_required(*WORK_ROLES)
def work_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The job's progress while it runs (htmx asks for the status part every 2 s), then
    its result."""
    work = work_for_user_or_404(pk, request.user)
    context = {"work": work}
    if request.htmx:
        return render(request, "candidates/work_status.html", context)
    return render(request, "candidates/work_detail.html", context)


@role_required(*WORK_ROLES)
def work_download(request: HttpRequest, pk: int) -> FileResponse:
    """The export's file, for its owner (or an Administrator) only; never a public URL."""
    work = work_for_user_or_404(pk, request.user)
    if not work.result_file or work.opening_id is None:
        raise Http404
    # A manager taken off the opening's hiring team no longer gets its file.
    opening_or_404(work.opening_id, request.user)
    try:
        opened = work.result_file.open("rb")
    except FileNotFoundError:
        # The file went (pruned meanwhile, or the media volume was restored apart).
        raise Http404 from None
    return FileResponse(opened, as_attachment=True, filename=work.result_name)


def export_in_background(request: HttpRequest, opening: Opening, kind: str) -> HttpResponse:
    """Start (or find) the job exporting `opening` with the request's filters and go to
    its page."""
    work, created = ask_for_export(
        owner=request.user,
        opening=opening,
        kind=kind,
        query=request.GET.urlencode(),
        language=get_language(),
    )
    if created:
        enqueue_work(work)
    return redirect("candidates:work-detail", work.pk)
