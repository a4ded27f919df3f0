"""The main pages of the app, each opened as the role that uses it, on the demo data.

The accessibility, HTML and screenshot tests go over this one list, so a page
added here is checked in every way. Paths are worked out after the demo data
exists (its ids change from test to test).
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import User
from django.urls import reverse

from candidates.devtools.demo_data import AM, FINAL, OPENINGS
from candidates.models import Application, Candidate, Interview, Opening
from candidates.services.links import create_link
from rubrics.models import Criterion, Rubric, WeightChange
from rubrics.services import change_weights
from team.services import issue_invitation

# A weight change the rubric pages can show: customer orientation from 16 to
# 60 points lifts 杨帆 above 李娜 on the demo shortlist.
MOVING_CHANGE = {"customer_orientation": Decimal(60)}


def am_opening() -> Opening:
    return Opening.objects.select_related("rubric").get(title=OPENINGS[AM]["title"])


def am_rubric() -> Rubric:
    return am_opening().rubric


def application_of(email: str) -> Application:
    return Application.objects.get(candidate__email=email, opening=am_opening())


def record_weight_change() -> WeightChange:
    """One recorded change on the demo rubric, so history pages have something to show."""
    rubric = am_rubric()
    weights = {d.code: d.weight for d in rubric.dimensions.all()} | MOVING_CHANGE
    return change_weights(
        rubric=rubric,
        weights=weights,
        reason="Clients ask for more attention to service (demo change)",
        by=User.objects.get(username="rubricadmin"),
    )


def latest_change_path() -> str:
    change = WeightChange.objects.filter(rubric=am_rubric()).latest("pk")
    return reverse("rubrics:weight-change", args=[change.rubric_id, change.pk])


def compare_path() -> str:
    emails = ("alice.chen@example.com", "li.na@example.com", "yang.fan@example.com")
    query = "&".join(f"a={application_of(email).pk}" for email in emails)
    return reverse("candidates:opening-compare", args=[am_opening().pk]) + "?" + query


def what_if_path() -> str:
    """The shortlist re-ranked with unsaved weights: arrows against the official order."""
    return reverse("candidates:opening-shortlist", args=[am_opening().pk]) + "?w_crm=40"


def pairwise_path() -> str:
    """The helper with three dimensions chosen and judged: form and result on one page."""
    chosen = "d=experience&d=customer_orientation&d=crm"
    judged = "experience__customer_orientation=3&experience__crm=5&customer_orientation__crm=2"
    return f"{reverse('rubrics:weights-pairwise', args=[am_rubric().pk])}?{chosen}&{judged}"


def invitation_path() -> str:
    """An invitation link, opened by nobody yet: it leads to the set-password form."""
    invitee, _new = User.objects.get_or_create(
        username="newcomer", defaults={"email": "newcomer@example.com"}
    )
    return reverse("team:invitation-accept", args=[issue_invitation(user=invitee, by=None)])


def scorecard_link_path() -> str:
    """A scorecard link for the demo interviewer's panel with 杨帆, still to score."""
    interview = Interview.objects.get(pk=YANG_FAN_FINAL())
    return create_link(interview=interview, by=None).path


def plan_round_path() -> str:
    plan_round = am_opening().rounds.order_by("order").first()
    return reverse("candidates:plan-round-update", args=[plan_round.opening_id, plan_round.pk])


def first_criterion_path(name: str) -> Callable[[], str]:
    """A page of the demo rubric's first criterion (its question bank or a question)."""

    def path() -> str:
        criterion = Criterion.objects.filter(dimension__rubric=am_rubric()).first()
        if name == "question":
            question = criterion.questions.first()
            return reverse(
                "rubrics:question-edit", args=[am_rubric().pk, criterion.pk, question.pk]
            )
        return reverse("rubrics:question-bank", args=[am_rubric().pk, criterion.pk])

    return path


def first_dimension_path() -> str:
    dimension = am_rubric().dimensions.first()
    return reverse("rubrics:dimension-edit", args=[am_rubric().pk, dimension.pk])


@dataclass(frozen=True)
class MainPage:
    name: str  # file names of its artifacts, test ids
    user: str  # the demo user who opens it; "" for an anonymous visitor
    path: Callable[[], str]

    def __str__(self) -> str:
        return self.name


def to(name: str, *args: Callable[[], object]) -> Callable[[], str]:
    """A path from a URL name and functions giving its arguments (called late)."""
    return lambda: reverse(name, args=[arg() for arg in args])


def pk(get: Callable[[], object]) -> Callable[[], int]:
    return lambda: get().pk


OPENING = pk(am_opening)
RUBRIC = pk(am_rubric)
# 张敏: raters disagree on four dimensions, so the candidate page shows its flags.
ZHANG_MIN = pk(lambda: Candidate.objects.get(email="zhang.min@example.com"))
SOPHIE = pk(lambda: application_of("sophie.martin@example.com"))
LI_NA = pk(lambda: application_of("li.na@example.com"))
# The demo interviewer's final panel with 杨帆, still to be scored.
YANG_FAN_FINAL = pk(
    lambda: Interview.objects.get(
        application__candidate__email="yang.fan@example.com", round_name=FINAL
    )
)

# The closed Beijing opening: its hiring is done, so the funnel and validity show figures.
PAST_OPENING = pk(lambda: Opening.objects.get(title="Account manager, Beijing retail banking"))
HIRED_IN_BEIJING = pk(
    lambda: Candidate.objects.filter(
        applications__opening__title="Account manager, Beijing retail banking",
        applications__stage="hired",
    ).order_by("pk")[0]
)

MAIN_PAGES = [
    MainPage("login", "", to("login")),
    MainPage("dashboard-hr", "hr", to("home")),
    MainPage("dashboard-interviewer", "interviewer", to("home")),
    MainPage("dashboard-manager", "manager", to("home")),
    MainPage("openings", "hr", to("candidates:opening-list")),
    MainPage("opening-new", "hr", to("candidates:opening-create")),
    MainPage("opening-detail", "hr", to("candidates:opening-detail", OPENING)),
    MainPage("candidates", "hr", to("candidates:candidate-list")),
    MainPage("candidate-new", "hr", to("candidates:candidate-create")),
    MainPage("candidate-detail", "manager", to("candidates:candidate-detail", ZHANG_MIN)),
    MainPage("candidate-detail-hr", "hr", to("candidates:candidate-detail", ZHANG_MIN)),
    MainPage("candidate-anonymise", "hr", to("candidates:candidate-anonymise", ZHANG_MIN)),
    MainPage("interview-new", "hr", to("candidates:interview-create", SOPHIE)),
    MainPage("interviewers", "hr", to("candidates:interviewer-list")),
    MainPage("import", "hr", to("candidates:scorecard-import")),
    MainPage("my-interviews", "interviewer", to("candidates:my-interviews")),
    MainPage("scorecard-entry", "interviewer", to("candidates:scorecard-entry", YANG_FAN_FINAL)),
    MainPage(
        "application-scorecards", "interviewer", to("candidates:application-scorecards", LI_NA)
    ),
    MainPage("shortlist", "manager", to("candidates:opening-shortlist", OPENING)),
    MainPage("shortlist-what-if", "manager", what_if_path),
    MainPage("compare", "manager", compare_path),
    MainPage("agreement", "manager", to("candidates:opening-agreement", OPENING)),
    MainPage("interviewer-calibration", "manager", to("candidates:opening-interviewers", OPENING)),
    MainPage("funnel", "manager", to("candidates:opening-funnel", PAST_OPENING)),
    MainPage("funnel-all", "hr", to("candidates:funnel")),
    MainPage("validity", "rubricadmin", to("candidates:rubric-validity", RUBRIC)),
    MainPage("validity-opening", "manager", to("candidates:opening-validity", PAST_OPENING)),
    MainPage("performance-new", "hr", to("candidates:performance-create", HIRED_IN_BEIJING)),
    MainPage("rubrics", "rubricadmin", to("rubrics:rubric-list")),
    MainPage("rubric-detail", "rubricadmin", to("rubrics:rubric-detail", RUBRIC)),
    MainPage("weights", "rubricadmin", to("rubrics:weights-edit", RUBRIC)),
    MainPage("weights-order", "rubricadmin", to("rubrics:weights-order", RUBRIC)),
    MainPage("weights-pairwise", "rubricadmin", pairwise_path),
    MainPage("weight-history", "rubricadmin", to("rubrics:weight-history", RUBRIC)),
    MainPage("weight-change", "rubricadmin", latest_change_path),
    MainPage("rubric-clone", "rubricadmin", to("rubrics:rubric-clone", RUBRIC)),
    MainPage("plan", "hr", to("candidates:opening-plan", OPENING)),
    MainPage("plan-round", "hr", plan_round_path),
    MainPage("interview-kit", "interviewer", to("candidates:interview-kit", YANG_FAN_FINAL)),
    MainPage("debrief", "manager", to("candidates:application-debrief", LI_NA)),
    MainPage("question-bank", "rubricadmin", first_criterion_path("bank")),
    MainPage("question-edit", "rubricadmin", first_criterion_path("question")),
    MainPage("dimension-edit-frozen", "rubricadmin", first_dimension_path),
    MainPage("team", "admin", to("team:team")),
    MainPage("invitation", "", invitation_path),
    MainPage("scorecard-link", "", scorecard_link_path),
]
