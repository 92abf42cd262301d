"""Sending e-mail without writing anyone's address into the logs.

A mail server's refusal names the recipients (`SMTPRecipientsRefused` holds them in a dict, and
servers' replies quote them: "550 5.1.1 <reader@example.org>: user unknown"), and Celery logs the
exception of every retry at INFO, and its traceback when it gives up. So the site's
`EMAIL_BACKEND` is this wrapper around the one `EMAIL_URL` configures (`EMAIL_DELIVERY_BACKEND`):
whatever the real backend raises comes back as `MailNotSent`, an `SMTPException` (callers still
retry it as before) whose message is only the error's type and SMTP codes, with the original
dropped from the chain.
"""

import smtplib

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend

# What sending can raise: the server refusing, or not reached at all. Every sender retries on these.
MAIL_FAILURES = (smtplib.SMTPException, OSError)


class MailNotSent(smtplib.SMTPException):
    """The mail server did not take a message: said without the server's words or anyone's address."""


def describe(error):
    """'SMTPRecipientsRefused 550', 'ConnectionRefusedError errno 111': what failed, never to whom."""
    codes = set()
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = {code for code, _ in error.recipients.values()}
    elif isinstance(error, smtplib.SMTPResponseException):
        codes = {error.smtp_code}
    elif isinstance(error, OSError) and error.errno is not None:
        return f"{type(error).__name__} errno {error.errno}"
    return " ".join([type(error).__name__, *(str(code) for code in sorted(codes))])


class EmailBackend(BaseEmailBackend):
    """Delivers through `EMAIL_DELIVERY_BACKEND`; its failures are raised as MailNotSent."""

    def __init__(self, fail_silently=False, **kwargs):
        super().__init__(fail_silently=fail_silently)
        self.delivery = get_connection(settings.EMAIL_DELIVERY_BACKEND, fail_silently=fail_silently, **kwargs)

    def open(self):
        return self._quietly(self.delivery.open)

    def close(self):
        return self._quietly(self.delivery.close)

    def send_messages(self, email_messages):
        return self._quietly(self.delivery.send_messages, email_messages)

    @staticmethod
    def _quietly(call, *args):
        try:
            return call(*args)
        except MAIL_FAILURES as error:
            raise MailNotSent(describe(error)) from None
