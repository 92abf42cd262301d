from django.apps import AppConfig


class NewsiteConfig(AppConfig):
    default = True
    name = "newsite"
    verbose_name = "Newsroom"

    def ready(self):
        from . import page_versions  # noqa: F401 - connects the page-version bumps to model changes
