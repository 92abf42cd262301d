"""The Celery app: named queues, late acks, JSON only; configuration from Django settings."""

import os

from celery import Celery
from kombu import Queue

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsite.settings")

app = Celery("newsite")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.task_queues = [Queue(name) for name in ("checks", "notifications", "maintenance")]
app.autodiscover_tasks()
