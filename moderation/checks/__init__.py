"""The checks every comment goes through, in order, and the one function that runs them.

Each check is a small unit returning a Signal; `moderation.policy` turns the signals
into a decision. To add a check, write a module with a `Check` subclass and list it
here.
"""

import logging

from django.db import InterfaceError, OperationalError

from core.cache_backend import REDIS_UNREACHABLE

from .akismet import AkismetCheck
from .author import AuthorCheck
from .base import Check, Context, Signal, Status, Submission, failed
from .classifier import ClassifierCheck
from .floods import BurstCheck, RepeatsCheck
from .links import LinksCheck
from .rules import RulesCheck
from .staff_abuse import StaffAbuseCheck
from .toxicity import ToxicityCheck

logger = logging.getLogger(__name__)

CHECKS = (
    RulesCheck(),
    AuthorCheck(),
    LinksCheck(),
    RepeatsCheck(),
    BurstCheck(),
    ToxicityCheck(),
    StaffAbuseCheck(),
    ClassifierCheck(),
    AkismetCheck(),
)

# Errors of the database or Redis pass: the task retries later with the same comment.
TRANSIENT = (OperationalError, InterfaceError, *REDIS_UNREACHABLE)

# Once a check insists on these, the remaining checks cannot change the outcome.
FINAL = {Status.REJECTED, Status.SPAM}


def run_checks(submission, context, checks=CHECKS):
    """Every applicable check's signal; a check that breaks holds the comment with the reason."""
    signals = []
    for check in checks:
        try:
            if not check.applies(submission, context):
                continue
            signal = check.run(submission, context)
        except TRANSIENT:
            raise
        except Exception as error:
            logger.exception("check %s failed on comment %s", check.name, submission.comment_id)
            signal = failed(check.name, error)
        signals.append(signal)
        if signal.verdict in FINAL:
            break
    return signals


__all__ = ["CHECKS", "Check", "Context", "Signal", "Submission", "run_checks"]
