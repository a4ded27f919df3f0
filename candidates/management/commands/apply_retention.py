"""The daily retention run: `manage.py apply_retention [--dry-run]` (cron or the job queue)."""

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from candidates.services.retention import ANONYMISED, SKIPPED, apply_retention


class Command(BaseCommand):
    help = (
        "Anonymise the candidates past the retention policy's period. --dry-run only lists "
        "them (code and name) and changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="List who would be anonymised; change nothing."
        )

    def handle(self, *args: object, **options: object) -> None:
        dry_run = bool(options["dry_run"])
        report = apply_retention(dry_run=dry_run)
        run = report.run
        if dry_run:
            # Names only here: a dry run is read at the console to check the policy before
            # it is switched on. A real run's output goes to cron mail and logs, which would
            # keep the very names it removes, so it prints codes.
            for line in report.lines:
                due = line.candidate
                self.stdout.write(
                    _("%(code)s %(name)s: kept until %(date)s, %(explanation)s")
                    % {
                        "code": due.code,
                        "name": due.name,
                        "date": due.retention.keep_until.isoformat(),
                        "explanation": due.retention.explanation(),
                    }
                )
            self.stdout.write(
                _("Dry run: %(count)d candidate(s) would be anonymised; nothing was changed.")
                % {"count": run.found}
            )
            if not run.policy_enabled:
                self.stdout.write(_("The retention policy is off: a real run changes nothing."))
            return
        if not run.policy_enabled:
            self.stdout.write(
                _(
                    "The retention policy is off: nobody was anonymised. %(count)d candidate(s) "
                    "are past their period (see --dry-run)."
                )
                % {"count": run.found}
            )
            return
        for line in report.lines:
            if line.outcome == ANONYMISED:
                self.stdout.write(_("%(code)s anonymised") % {"code": line.candidate.code})
            elif line.outcome == SKIPPED:
                self.stdout.write(
                    _("%(code)s skipped: already anonymised or no longer due")
                    % {"code": line.candidate.code}
                )
        self.stdout.write(
            _("Anonymised %(anonymised)d candidate(s); %(skipped)d skipped.")
            % {"anonymised": run.anonymised, "skipped": run.skipped}
        )
