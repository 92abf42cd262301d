from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "moderation"
    verbose_name = "Moderation"

    def ready(self):
        from . import notifications  # noqa: F401  (connects e-mail notifications to decisions)
