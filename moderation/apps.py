from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "moderation"
    verbose_name = "Moderation"

    def ready(self):
        # Connect learning, queue counts and e-mail notifications to decisions.
        from . import intake, receivers  # noqa: F401

        # Listen to the comments app: submitted and reported comments, and the posting gate's ban check.
        intake.connect()
