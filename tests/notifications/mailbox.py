"""An e-mail backend that counts connections the way Django's SMTP backend opens them."""

from smtplib import SMTPRecipientsRefused

from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend


class CountingBackend(BaseEmailBackend):
    """Like the SMTP backend: `send_messages` opens a connection unless one is open.

    Sent messages land in `mail.outbox`; addresses in `refused` are refused.
    """

    connections = 0
    refused: set[str] = set()

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.is_open = False

    def open(self) -> bool:
        if self.is_open:
            return False
        self.is_open = True
        CountingBackend.connections += 1
        return True

    def close(self) -> None:
        self.is_open = False

    def send_messages(self, messages) -> int:
        new_connection = self.open()
        try:
            for message in messages:
                refused = [address for address in message.to if address in self.refused]
                if refused:
                    raise SMTPRecipientsRefused(
                        {address: (550, b"no such user") for address in refused}
                    )
                mail.outbox.append(message)
            return len(messages)
        finally:
            if new_connection:
                self.close()
