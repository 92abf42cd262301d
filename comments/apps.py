from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = "Comments"

    def ready(self):
        from . import cache  # noqa: F401 - connects the comment-version bumps to article changes
