from django.core.mail.backends.base import BaseEmailBackend


class FailingBackend(BaseEmailBackend):
    """Stands in for an SMTP server that refuses every message."""

    def send_messages(self, email_messages):
        raise ConnectionError("SMTP is down")


class SlowBackend(BaseEmailBackend):
    """A mail server that takes its time over each message (SLOW_EMAIL_SECONDS)."""

    def send_messages(self, email_messages):
        import time

        from django.conf import settings
        from django.core import mail

        time.sleep(getattr(settings, "SLOW_EMAIL_SECONDS", 1.5))
        mail.outbox.extend(email_messages)
        return len(email_messages)
