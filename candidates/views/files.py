"""Stored files behind the role check: nothing under MEDIA_URL is served directly."""

from django.http import FileResponse, HttpRequest

from candidates.selectors.files import candidate_cv
from hiring import roles
from hiring.roles import role_required

# Shown in the browser's own viewer; anything else (Word) is saved, never rendered.
INLINE_TYPES = {"application/pdf"}


@role_required(*roles.HR_ROLES, roles.MANAGER)
def candidate_cv_download(request: HttpRequest, pk: int) -> FileResponse:
    cv = candidate_cv(pk, request.user)
    response = FileResponse(
        cv.file,
        as_attachment=cv.content_type not in INLINE_TYPES,
        filename=cv.name,
        content_type=cv.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
