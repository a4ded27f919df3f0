"""The demo's past opening: a hiring finished a year ago, with performance after the hire.

The two open openings show a hiring in progress; this one shows how a hiring
ended, so the funnel (stages, stays, decisions, scorecard turnaround,
interviewer load) and the validity report (does the interview predict the
job?) have real figures. 36 candidates applied about 13 months ago: 7 left at
screening, 29 were interviewed by the three demo interviewers, 18 were
shortlisted and 14 hired; each hire has a record 6 months into the job, and
12 months in when that date has passed.

Safe to run again and again, by the rules of `candidates.devtools.demo`: rows
are found by natural key (opening title, candidate e-mail, application,
interviewer and round, scorecard's interview, candidate and period) and only
created when missing. Every draw comes from `random.Random(SEED + 1)`, made
in full whatever already exists, so the demo's other draws do not shift and
this history is the same on every database. Its dates count from the
opening's creation (about 14 months before the first run) as stored, so a
later run writes the same history, and only adds a 12-month record whose date
has come since.

Scores follow the demo's model (latent ability + per-dimension strength +
interviewer leniency + noise). Job performance follows the ability and, on
purpose, the candidate's strength in customer orientation, plus noise: the
weighted interview score predicts it moderately, and that one dimension better.
"""

from candidates.devtools.demo_history.planning import PastCandidate, plan_history
from candidates.devtools.demo_history.rows import PastSummary, create_past_opening
from candidates.devtools.demo_history.specs import PAST_OPENING

__all__ = ["PAST_OPENING", "PastCandidate", "PastSummary", "create_past_opening", "plan_history"]
