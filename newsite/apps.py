from django.apps import AppConfig


class NewsiteConfig(AppConfig):
    name = "newsite"
    verbose_name = "Newsroom"
