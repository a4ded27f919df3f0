"""The client side of the load test: browser-like sessions on threads, standard library only.

Each session logs in through the login form (CSRF token and cookie, like a
browser) and then, until the deadline, repeats its task with a pause between
requests, so the load is bounded by the number of sessions. Session n of
each role talks to app server n modulo the number of servers, so both roles
are spread evenly over every server (all of them share one database and one
cache):

- HR: open the scorecard page of the next interview waiting for one, then
  submit a complete scorecard (random levels, a line of evidence each). A
  submit answered with a redirect is acknowledged: the server said it saved.
- Manager: read the ranked shortlist of the large opening.

Every request is recorded as a report.Sample; a failed request is followed by
a short pause and the session carries on with its next task (an interview is
never retried, so an acknowledgement always refers to one clear submit).
"""

import queue
import random
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from http.cookiejar import CookieJar

from loadtest.report import Sample, Scores

TIMEOUT_S = 10
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION_INPUT = re.compile(r'name="version" value="(\d+)"')
SCORE_INPUT = re.compile(r'name="score_([a-z0-9_]+)" value="(\d+)"')


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Report a redirect instead of following it: for a submit, it is the acknowledgement."""

    def redirect_request(self, *args, **kwargs):
        return None


@dataclass
class Run:
    """Shared by all sessions of one run: the clock, the deadline and what they record."""

    base_urls: tuple[str, ...]  # one per app server, e.g. "http://127.0.0.1:8765"
    seconds: float
    think_s: float
    started: float = field(default_factory=time.monotonic)
    samples: list[Sample] = field(default_factory=list)
    acknowledged: dict[int, Scores] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def now(self) -> float:
        return time.monotonic() - self.started

    def running(self) -> bool:
        return self.now() < self.seconds

    def record(self, sample: Sample) -> None:
        with self.lock:
            self.samples.append(sample)

    def acknowledge(self, interview: int, scores: Scores) -> None:
        with self.lock:
            self.acknowledged[interview] = scores


class Session:
    """One logged-in browser on one app server: its own cookies; every request is timed."""

    def __init__(self, run: Run, base_url: str) -> None:
        self.run = run
        self.base_url = base_url
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar()), _NoRedirect
        )

    def request(self, kind: str, path: str, data: dict | None = None) -> tuple[int, str]:
        """(status, body); status 0 when no HTTP response came back at all."""
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        url = self.base_url + path
        # Django checks the Referer of a POST only over HTTPS; a browser sends one anyway.
        request = urllib.request.Request(url, data=body, headers={"Referer": url})
        started = self.run.now()
        try:
            with self.opener.open(request, timeout=TIMEOUT_S) as response:
                status, text = response.status, response.read().decode()
        except urllib.error.HTTPError as answer:  # 3xx (not followed), 4xx, 5xx
            status, text = answer.code, answer.read().decode(errors="replace")
        except OSError:  # refused, reset, timed out
            status, text = 0, ""
        self.run.record(Sample(kind=kind, started=started, ended=self.run.now(), status=status))
        return status, text

    def log_in(self, username: str, password: str) -> bool:
        status, page = self.request("login", "/accounts/login/")
        token = CSRF_INPUT.search(page)
        if status != 200 or not token:
            return False
        status, _ = self.request(
            "login",
            "/accounts/login/",
            {"csrfmiddlewaretoken": token[1], "username": username, "password": password},
        )
        return status == 302

    def pause(self, failed: bool = False) -> None:
        time.sleep(self.run.think_s * (4 if failed else random.uniform(0.5, 1.5)))


def submit_scorecards(session: Session, interviews: "queue.Queue[int]", rng: random.Random) -> None:
    """HR: fill in and submit the scorecards of waiting interviews until the deadline."""
    while session.run.running():
        try:
            interview = interviews.get_nowait()
        except queue.Empty:
            return
        path = f"/interviews/{interview}/scorecard/"
        status, page = session.request("entry", path)
        token, version = CSRF_INPUT.search(page), VERSION_INPUT.search(page)
        if status != 200 or not (token and version):
            session.pause(failed=True)
            continue
        session.pause()
        codes = list(dict.fromkeys(code for code, _level in SCORE_INPUT.findall(page)))
        scores: Scores = {code: rng.randint(1, 5) for code in codes}
        form = {
            "csrfmiddlewaretoken": token[1],
            "version": version[1],
            "recommendation": "yes",
            "summary": "Load test",
            "action": "submit",
            **{f"score_{code}": str(level) for code, level in scores.items()},
            **{f"evidence_{code}": f"Observed in interview {interview}" for code in codes},
        }
        status, _ = session.request("submit", path, form)
        if status == 302:
            session.run.acknowledge(interview, scores)
        session.pause(failed=status != 302)


def read_shortlist(session: Session, opening: int) -> None:
    """Manager: read the ranked shortlist until the deadline."""
    while session.run.running():
        status, _ = session.request("shortlist", f"/openings/{opening}/shortlist/")
        session.pause(failed=status != 200)


def drive(
    run: Run,
    *,
    hr: tuple[str, str],
    manager: tuple[str, str],
    hr_sessions: int,
    manager_sessions: int,
    interviews: list[int],
    shortlist_opening: int,
) -> None:
    """Log every session in, spread over the servers, then run them all on threads."""
    waiting: queue.Queue[int] = queue.Queue()
    for pk in interviews:
        waiting.put(pk)
    threads = []
    for n in range(hr_sessions):
        session = Session(run, run.base_urls[n % len(run.base_urls)])
        if not session.log_in(*hr):
            raise RuntimeError("HR could not log in")
        rng = random.Random(n)
        threads.append(threading.Thread(target=submit_scorecards, args=(session, waiting, rng)))
    for n in range(manager_sessions):
        session = Session(run, run.base_urls[n % len(run.base_urls)])
        if not session.log_in(*manager):
            raise RuntimeError("the manager could not log in")
        threads.append(threading.Thread(target=read_shortlist, args=(session, shortlist_opening)))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
