"""The project: settings from the environment, the URL map, the Celery app, WSGI/ASGI and gunicorn entry
points. It wires the apps (newsite, comments, moderation, demo) and owns no domain model."""

from .celery import app as celery_app

__all__ = ("celery_app",)
