"""Telling Akismet what a moderator decided (submit-spam / submit-ham), when a key is set."""

import logging

import akismet
from django.conf import settings

from . import akismet_client

logger = logging.getLogger(__name__)


def report(example):
    """Send a training example's lesson to Akismet; True when it was accepted. Nothing is sent without a key."""
    comment = example.comment
    if comment is None or not settings.AKISMET_API_KEY:
        return False
    fields = akismet_client.comment_fields(
        body=comment.body, author_name=comment.author_name, author_email=comment.author_email,
        ip_address=comment.ip_address, user_agent=comment.user_agent,
    )  # fmt: skip
    try:
        return akismet_client.call("submit_spam" if example.is_spam else "submit_ham", **fields)
    except akismet.AkismetError as error:
        logger.warning("could not tell Akismet about comment %s: %s", comment.pk, error)
        return False
