"""Logging a store's outage once, not once per request.

A cache that cannot be reached (Redis restarting, say) must not fill the log
with a line per request, nor stop a page: callers carry on without it and say
so once, then once more when it answers again.
"""

import logging


class Outage:
    """The state of one store in this process: up until a call fails."""

    def __init__(self, logger: logging.Logger, *, down: str, back: str) -> None:
        self.logger, self.down_message, self.back_message = logger, down, back
        self.down = False

    def failed(self) -> None:
        if not self.down:
            self.logger.warning(self.down_message)
        self.down = True

    def answered(self) -> None:
        if self.down:
            self.logger.warning(self.back_message)
        self.down = False
