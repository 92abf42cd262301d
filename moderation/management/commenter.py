"""The commenter an erasure or an export is about: `--email` and/or `--user`, as both commands take them."""

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from comments.models import normalize_email


def add_arguments(parser):
    parser.add_argument("--email", default="", help="The e-mail address the comments were posted under.")
    parser.add_argument("--user", default="", metavar="USERNAME", help="The account the comments were posted from.")


def read(options):
    """(user or None, normalised e-mail address) from the options; CommandError when neither names anyone."""
    email, username = normalize_email(options["email"]), options["user"].strip()
    if not email and not username:
        raise CommandError("name the commenter: --email ADDRESS, --user USERNAME, or both")
    if email and "@" not in email:
        raise CommandError("--email: not an e-mail address")
    user = None
    if username:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"--user: no account named {username!r}")
    return user, email
