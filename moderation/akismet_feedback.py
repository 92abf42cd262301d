"""Telling Akismet when a moderator corrected it (submit-spam / submit-ham), when a key is set."""

import logging

import akismet

from .checks.akismet import site_client

logger = logging.getLogger(__name__)


def report(example):
    comment = example.comment
    if comment is None:
        return False
    send = site_client().submit_spam if example.is_spam else site_client().submit_ham
    try:
        return send(
            user_ip=comment.ip_address or "127.0.0.1",
            comment_content=comment.body,
            comment_type="comment",
            comment_author=comment.author_name,
            comment_author_email=comment.author_email,
        )
    except akismet.AkismetError as error:
        logger.warning("could not tell Akismet about comment %s: %s", comment.pk, error)
        return False
