"""factory_boy factories for bulk test data."""

from datetime import timedelta

import factory
from django.utils import timezone

from candidates import models
from rubrics.models import Rubric

# The default rubric's dimension codes, in order, as the foundation issue fixes them.
DEFAULT_CODES = [
    "experience",
    "culture_fit",
    "customer_orientation",
    "communication",
    "leadership",
    "crm",
    "ethics",
    "learning",
    "career_potential",
    "performance_history",
]


class OpeningFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Opening
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Account manager {n}")
    rubric = factory.LazyFunction(lambda: Rubric.objects.get(is_default=True))

    @factory.post_generation
    def hiring_managers(self, create: bool, extracted, **kwargs) -> None:
        """`OpeningFactory(hiring_managers=[manager])` puts them on the hiring team."""
        if create and extracted:
            self.hiring_managers.add(*extracted)


class CandidateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Candidate

    name = factory.Sequence(lambda n: f"Candidate {n}")
    email = factory.Sequence(lambda n: f"candidate{n}@example.com")


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Application

    candidate = factory.SubFactory(CandidateFactory)
    opening = factory.SubFactory(OpeningFactory)


class InterviewerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Interviewer

    name = factory.Sequence(lambda n: f"Interviewer {n}")
    email = factory.Sequence(lambda n: f"interviewer{n}@example.com")


class InterviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Interview

    application = factory.SubFactory(ApplicationFactory)
    interviewer = factory.SubFactory(InterviewerFactory)
    round_name = factory.Sequence(lambda n: f"Round {n}")
    scheduled_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))


class ScorecardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Scorecard

    interview = factory.SubFactory(InterviewFactory)


def submitted_scorecard(interview, values: dict[str, int | None], **fields) -> models.Scorecard:
    """A submitted scorecard on `interview` with `values` keyed by dimension code."""
    scorecard = models.Scorecard.objects.create(
        interview=interview, submitted_at=timezone.now(), **fields
    )
    dimensions = {d.code: d for d in interview.application.opening.rubric.dimensions.all()}
    models.Score.objects.bulk_create(
        models.Score(scorecard=scorecard, dimension=dimensions[code], value=value)
        for code, value in values.items()
    )
    return scorecard
