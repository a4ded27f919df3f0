"""Checks on uploaded CV files: size and real type, not just the file name."""

import posixpath

from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.translation import gettext_lazy as _

MAX_CV_BYTES = 5 * 1024 * 1024

# Leading bytes of the accepted formats: PDF, and DOCX (a ZIP container).
SIGNATURES = {".pdf": (b"%PDF-",), ".docx": (b"PK\x03\x04",)}
# What the download says they are: not left to the server's /etc/mime.types.
CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def cv_content_type(name: str) -> str:
    """The media type of a stored CV by its extension; unknown ones are plain bytes."""
    return CONTENT_TYPES.get(posixpath.splitext(name)[1].lower(), "application/octet-stream")


def validate_cv(upload: File) -> None:
    name = (upload.name or "").lower()
    extension = next((ext for ext in SIGNATURES if name.endswith(ext)), None)
    if extension is None:
        raise ValidationError(_("Upload the CV as a PDF or Word (.docx) file."), code="cv_type")
    if upload.size is not None and upload.size > MAX_CV_BYTES:
        raise ValidationError(_("The CV is larger than 5 MB."), code="cv_size")
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(8)
    upload.seek(position)
    if not head.startswith(SIGNATURES[extension]):
        raise ValidationError(
            _("The file's content is not a %(type)s document.") % {"type": extension[1:].upper()},
            code="cv_content",
        )
