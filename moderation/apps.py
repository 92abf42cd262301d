from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "moderation"
    verbose_name = "Moderation"

    def ready(self):
        # Connect learning, queue counts and e-mail notifications to decisions.
        from . import intake, receivers  # noqa: F401

        # Listen to the comments app: submitted and reported comments, and the posting gate's ban check.
        intake.connect()

        # The author's own comments that are not published link to their statement of reasons.
        from comments import explanations

        from .statement_page import explanation_link

        explanations.register(explanation_link, name="moderation.statement")
