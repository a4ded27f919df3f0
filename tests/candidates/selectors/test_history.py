"""The application timeline: events in the order they happened, old rows included."""

from datetime import timedelta

import pytest
from django.utils import timezone

from candidates.models import Interview
from candidates.selectors.candidates import candidate_dossier
from candidates.services.interviews import reschedule_interview
from tests.factories import ApplicationFactory, InterviewFactory

pytestmark = pytest.mark.django_db


def test_an_interview_from_before_the_history_is_placed_at_its_first_time(hr):
    application = ApplicationFactory()
    first_time = timezone.now() + timedelta(days=1)
    interview = InterviewFactory(application=application, scheduled_at=first_time)
    Interview.objects.filter(pk=interview.pk).update(created_at=None)  # as migration 0006 left it
    later = first_time + timedelta(days=2)
    reschedule_interview(interview=interview, scheduled_at=later, by=hr, reason="Holiday")

    [dossier] = candidate_dossier(application.candidate, hr)

    kinds = [(entry.kind, entry.at) for entry in dossier.timeline]
    assert [kind for kind, _at in kinds] == ["applied", "rescheduled", "scheduled"]
    scheduled = dossier.timeline[-1]
    assert (scheduled.at, scheduled.new_time) == (first_time, first_time)
    moved = dossier.timeline[1]
    assert (moved.old_time, moved.new_time, moved.note) == (first_time, later, "Holiday")
