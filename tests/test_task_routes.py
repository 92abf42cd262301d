"""Every Celery task of ours has a route to a queue a worker consumes, and every route names a real task."""

from django.conf import settings

from config.celery import app

OUR_PACKAGES = ("comments.", "moderation.", "newsite.", "core.", "demo.")
WORKER_QUEUES = {"checks", "learning", "notifications", "maintenance"}  # what the Procfile's worker consumes


def our_tasks():
    app.loader.import_default_modules()
    return {name for name in app.tasks if name.startswith(OUR_PACKAGES)}


def test_every_route_names_a_task_that_exists():
    assert set(settings.CELERY_TASK_ROUTES) - our_tasks() == set()


def test_every_task_is_routed_to_a_queue_the_worker_consumes():
    unrouted = our_tasks() - set(settings.CELERY_TASK_ROUTES)
    assert unrouted == set()
    assert {route["queue"] for route in settings.CELERY_TASK_ROUTES.values()} <= WORKER_QUEUES


def test_every_scheduled_task_exists():
    assert {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()} - our_tasks() == set()
