"""Reads of stored files: a candidate's CV, opened from the default storage."""

import posixpath
from dataclasses import dataclass

from django.core.files import File
from django.core.files.storage import default_storage
from django.http import Http404

from candidates.selectors.access import sees_contact_details
from candidates.selectors.candidates import candidate_or_404
from candidates.uploads import cv_content_type


@dataclass(frozen=True)
class StoredFile:
    file: File  # open for reading; the response closes it
    name: str  # the file name as uploaded (storage keeps Chinese characters)
    content_type: str


def candidate_cv(pk: int, user) -> StoredFile:
    """The candidate's CV; 404 when out of the user's scope, when there is none or it is lost.

    A CV carries the candidate's contact details, so it follows their rule: a
    user who is a manager and a rubric admin reads only their team's CVs.
    """
    candidate = candidate_or_404(pk, user)
    if not candidate.cv or not sees_contact_details(user, candidate):
        raise Http404
    try:
        handle = default_storage.open(candidate.cv.name, "rb")
    except OSError as missing:  # FileNotFoundError, or a storage that cannot read it
        raise Http404 from missing
    name = posixpath.basename(candidate.cv.name)
    return StoredFile(file=handle, name=name, content_type=cv_content_type(name))
