import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from candidates.selectors.kits import InterviewKit, interview_for_kit, interview_kit, kit_as_dict


class Command(BaseCommand):
    help = (
        "Print an interview's kit (focus dimensions, criteria, questions, anchors, time plan) "
        "as plain text or JSON, for an interviewer: blind openings show the candidate code."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("interview_id", type=int)
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            default=settings.LANGUAGE_CODE,
            help="Language of the kit's texts (default: %(default)s).",
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: object, **options) -> None:
        with override(options["language"]):
            interview = interview_for_kit(options["interview_id"])
            if interview is None:
                raise CommandError(
                    _("No interview with id %(id)s.") % {"id": options["interview_id"]}
                )
            # None: the reader is an interviewer without the page, so blind openings show the code.
            kit = interview_kit(interview, None)
            if options["format"] == "json":
                self.stdout.write(json.dumps(kit_as_dict(kit), ensure_ascii=False, indent=2))
            else:
                self.stdout.write(kit_as_text(kit))


def kit_as_text(kit: InterviewKit) -> str:
    """A readable plain-text kit, in the active language."""
    when = formats.date_format(timezone.localtime(kit.scheduled_at), "DATETIME_FORMAT")
    lines = [
        _("Interview kit for %(candidate)s") % {"candidate": kit.candidate},
        f"{kit.opening} · {kit.round_name} · {kit.method_label} · {when}",
        "",
        _("Time plan"),
    ]
    lines += [
        "  "
        + _("%(start)s–%(end)s min") % {"start": slot.start, "end": slot.end}
        + f" {slot.label}"
        for slot in kit.time_plan
    ]
    for number, dimension in enumerate(kit.focus, start=1):
        lines += ["", f"{number}. {dimension.name} ({dimension.code})"]
        if dimension.guidance:
            lines.append(f"   {dimension.guidance}")
        for criterion in dimension.criteria:
            lines.append(f"   - {criterion.name}: {criterion.guidance}")
            if criterion.assessed_by:
                lines.append(f"     {_('How it is assessed')}: {criterion.assessed_by}")
            for question in criterion.questions:
                lines.append(f"     * {question.text}")
                lines += [f"       {_('Probes')}: {probe}" for probe in question.probes]
                if question.strong:
                    lines.append(f"       {_('A strong answer shows')}: {question.strong}")
                if question.weak:
                    lines.append(f"       {_('A weak answer shows')}: {question.weak}")
        if dimension.anchors:
            lines.append(f"   {_('Levels')}:")
            lines += [f"     {a.level}: {a.description}" for a in dimension.anchors]
    return "\n".join(lines)
