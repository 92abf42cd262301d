from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "moderation"
    verbose_name = "Moderation"

    def ready(self):
        # Connect learning, queue counts and e-mail notifications to decisions.
        from . import notifications, receivers  # noqa: F401
