"""Swagger UI from drf-spectacular-sidecar's files, under the site's strict CSP.

The split view loads its start-up script as a file of this site, not inline,
and our template leaves out drf-spectacular's inline <style>: script-src and
style-src 'self' hold, no CDN is asked for anything.
"""

from drf_spectacular.views import SpectacularSwaggerSplitView


class ApiDocsView(SpectacularSwaggerSplitView):
    template_name = "api/swagger_ui.html"
