"""Publishing tasks from a web request without ever failing it: a broker outage is logged, not raised.

What could not be enqueued is not lost: the comment stays in the database and the
sweeper (or the next decision) picks the work up once the broker is back.
"""

import logging

from kombu.exceptions import KombuError, OperationalError
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# What publishing a task raises while the broker (or the Redis under it) is away.
PUBLISH_ERRORS = (OperationalError, KombuError, RedisError, OSError)


def safely(task, *args, what="task"):
    """`task.delay(*args)`; False (and a warning) when the broker cannot take it."""
    try:
        task.apply_async(args)
    except PUBLISH_ERRORS as error:
        logger.warning("could not enqueue %s %s: %s", what, args, error)
        return False
    return True
