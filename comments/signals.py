"""What the public side announces, for the apps built on it (moderation connects in its AppConfig.ready()).

As django-contrib-comments does (`django_comments.signals`), comments never calls into the app
that decides a comment's fate: it says what happened and renders whatever status it is given.
"""

from django.dispatch import Signal

# A comment was saved as submitted (`comment`); it waits for someone to decide on it. Sent after
# the posting transaction, with send_robust: a failing receiver leaves the comment submitted
# (moderation's sweeper picks it up), never fails the reader's post.
comment_submitted = Signal()

# A reader's report was counted (`comment`, with its report tally refreshed; `report`).
comment_reported = Signal()

# Its author changed the text of a comment (`comment`, saved with its new text; `previous_status`): what
# decides a comment's fate checks it again. Sent inside the edit's transaction.
comment_edited = Signal()

# Its author deleted a comment (`comment`, its text already gone; `previous_status`): what decides a comment's
# fate takes it off the page and records the fact. Sent inside the deletion's transaction.
comment_deleted_by_author = Signal()
