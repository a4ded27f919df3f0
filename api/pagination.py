"""Pages of every list: `?page=` from 1, `?page_size=` (100 by default, at most 500).

The same parsing and messages as ranking.json (candidates.export): a bad
number or a page past the last is a 400, never a 500 or an empty page.
"""

from rest_framework.exceptions import ParseError
from rest_framework.pagination import BasePagination
from rest_framework.response import Response

from candidates.export import BadPage, json_page, page_bounds, page_count


class ApiPagination(BasePagination):
    """{"total", "page", "pages", "page_size", "results"}; the queryset comes ordered."""

    def paginate_queryset(self, queryset, request, view=None) -> list:
        try:
            page = json_page(
                request.query_params.get("page"), request.query_params.get("page_size")
            )
            total = queryset.count()
            start, stop = page_bounds(total, page)
        except BadPage as error:
            raise ParseError(str(error)) from None
        self.header = {
            "total": total,
            "page": page.number,
            "pages": page_count(total, page),
            "page_size": page.size,
        }
        return list(queryset[start:stop])

    def get_paginated_response(self, data) -> Response:
        return Response({**self.header, "results": data})

    def get_paginated_response_schema(self, schema: dict) -> dict:
        return {
            "type": "object",
            "required": ["total", "page", "pages", "page_size", "results"],
            "properties": {
                "total": {"type": "integer"},
                "page": {"type": "integer"},
                "pages": {"type": "integer"},
                "page_size": {"type": "integer"},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view) -> list[dict]:
        return [
            {
                "name": "page",
                "in": "query",
                "required": False,
                "schema": {"type": "integer", "minimum": 1},
            },
            {
                "name": "page_size",
                "in": "query",
                "required": False,
                "schema": {"type": "integer", "minimum": 1, "maximum": 500},
            },
        ]
