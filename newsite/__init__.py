"""The newsroom site: settings, URLs, the Celery app and the newsroom domain."""

from .celery import app as celery_app

__all__ = ("celery_app",)
