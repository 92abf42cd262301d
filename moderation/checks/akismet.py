"""Akismet's opinion, asked only when the site has an API key (AKISMET_API_KEY)."""

import logging

import akismet
from django.conf import settings

from .. import akismet_client
from .base import Check, Status, failed

logger = logging.getLogger(__name__)


class AkismetCheck(Check):
    name = "akismet"
    spam_evidence = 3.0

    def applies(self, submission, context):
        return bool(settings.AKISMET_API_KEY) and context.uses_network

    def run(self, submission, context):
        fields = akismet_client.comment_fields(
            body=submission.body, author_name=submission.author_name, author_email=submission.author_email,
            ip_address=submission.ip_address, user_agent=submission.user_agent,
        )  # fmt: skip
        if submission.edited_at is not None:
            fields["recheck_reason"] = "edit"  # Akismet's word for a comment checked again after its author edited it
        try:
            answer = akismet_client.call("comment_check", **fields)
        except akismet.AkismetError as error:
            # Like any check that cannot answer: held for a person with the reason, never published
            # unchecked. (Unlike other failures, this one is expected now and then: no traceback.)
            logger.warning("Akismet unavailable for comment %s: %s", submission.comment_id, error)
            return failed(self.name, _one_line(error))
        if answer == akismet.CheckResponse.DISCARD:
            return self.signal(score=1.0, verdict=Status.SPAM, reasons=("Akismet: blatant spam",), priority=1)
        if answer == akismet.CheckResponse.SPAM:
            return self.signal(score=1.0, evidence=self.spam_evidence, reasons=("Akismet: spam",), priority=1)
        return self.signal(score=0.0)


def _one_line(error):
    # The library's protocol and key errors are multi-line blocks; the first line says what happened.
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return lines[0] if lines else type(error).__name__
