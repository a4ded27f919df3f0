"""The API's JSON parser: a body nested too deeply is a 400, not a server error."""

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    """DRF's parser turns a ValueError into a 400; Python's decoder raises RecursionError
    for JSON nested about a thousand levels deep, which DRF lets through."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(_("The JSON is nested too deeply.")) from None
