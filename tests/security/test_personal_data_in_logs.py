"""Nothing personal in the logs at INFO: no e-mail address, IP address or user agent, whoever logs it.

What the site and its workers log through a reader's post (with the address link and the opt-in to
e-mails), another reader's report and a moderator's search and decision, with the mail server
refusing the reader's address (its refusal names it, and Celery logs every retry at INFO), and the
lines the Procfile's gunicorn writes to its access log for those requests.
"""

import logging
import shlex
import smtplib
import sys
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from gunicorn import glogging
from gunicorn.app.wsgiapp import WSGIApplication

import config.settings as project_settings
from comments import addresses
from comments import tasks as comment_tasks
from comments.models import Comment
from moderation import services
from moderation import tasks as moderation_tasks
from tests.admin.conftest import make_moderator
from tests.comments.conftest import form_data, post_url
from tests.factories import make_article
from tests.services import ROOT

pytestmark = pytest.mark.django_db
EMAIL, IP, AGENT, REPORTER_IP = "private.reader@example.org", "198.51.100.61", "PrivateBrowser/9.1", "203.0.113.200"
PROCFILE = ROOT / "Procfile"


class RefusingServer:
    """An SMTP server that refuses every recipient, quoting the address as real servers do."""

    def __init__(self, host, port, **options):
        pass

    def sendmail(self, sender, recipients, message, *args):
        raise smtplib.SMTPRecipientsRefused(
            {r: (550, f"5.1.1 <{r}>: Recipient address rejected".encode()) for r in recipients}
        )

    def quit(self):
        pass

    close = quit


@pytest.fixture
def refusing_mail_server(monkeypatch, settings):
    """The site's mail settings as EMAIL_URL makes them in production, for a server that refuses the reader."""
    monkeypatch.setenv("EMAIL_URL", "smtp://mail.example.test:25")
    for name, value in project_settings._email().items():
        setattr(settings, name, value)
    monkeypatch.setattr(smtplib, "SMTP", RefusingServer)


def gunicorn_access_log(monkeypatch, caplog, responses):
    """Log `responses` as the Procfile's web process (gunicorn, its options and config) logs each request."""
    web = next(line for line in PROCFILE.read_text().splitlines() if line.startswith("web:"))
    monkeypatch.setattr(
        sys, "argv", shlex.split(web.removeprefix("web:").replace("$BIND", "127.0.0.1").replace("$PORT", "8000"))
    )
    config = WSGIApplication("%(prog)s [OPTIONS] [APP_MODULE]", prog="gunicorn").cfg
    log = glogging.Logger(config)
    log.access_log.addHandler(caplog.handler)
    try:
        for response in responses:
            environ = dict(response.wsgi_request.environ)
            query = environ.get("QUERY_STRING", "")
            environ.setdefault("RAW_URI", environ["PATH_INFO"] + (f"?{query}" if query else ""))
            environ.setdefault("SERVER_PROTOCOL", "HTTP/1.1")
            headers = [(key[5:].replace("_", "-"), value) for key, value in environ.items() if key.startswith("HTTP_")]
            answer = SimpleNamespace(status=f"{response.status_code} OK", sent=len(response.content), headers=[])
            log.access(answer, SimpleNamespace(headers=headers), environ, timedelta(milliseconds=4))
    finally:
        log.access_log.removeHandler(caplog.handler)


def logged_text(records):
    formatter = logging.Formatter()
    return "\n".join(
        record.getMessage() + (formatter.formatException(record.exc_info) if record.exc_info else "")
        for record in records
    )


def test_no_email_ip_or_user_agent_is_logged_at_info_through_a_post_a_report_and_a_decision(
    refusing_mail_server, caplog, monkeypatch, django_capture_on_commit_callbacks, settings
):
    settings.COMMENTS_FORM_MIN_SECONDS = 0
    caplog.set_level(logging.INFO)
    article = make_article()
    data = form_data(article, author_email=EMAIL, notify_on_reply="on", confirm_email="on")
    with django_capture_on_commit_callbacks(execute=True):
        posted = Client().post(post_url(article), data, REMOTE_ADDR=IP, HTTP_USER_AGENT=AGENT)
    comment = Comment.objects.get()
    comment_tasks.send_address_link.apply((comment.pk,))  # what the notifications worker runs
    moderation_tasks.check_comment.apply((comment.pk,))  # and the checks worker
    comment.refresh_from_db()
    if comment.status != Comment.Status.PUBLISHED:
        services.decide(comment, Comment.Status.PUBLISHED, action="approve", actor=make_moderator("first"))
    with django_capture_on_commit_callbacks(execute=True):
        reported = Client().post(
            reverse("comments:report", args=[comment.pk]),
            {"reason": "abuse"},
            REMOTE_ADDR=REPORTER_IP,
            HTTP_USER_AGENT=AGENT,
        )
    services.decide(comment, Comment.Status.HELD, action="reported")
    addresses.confirm(comment)  # the reader confirmed the address: the decision's e-mail may go to it
    moderator = Client()
    moderator.force_login(make_moderator("mod"))
    searched = moderator.get(reverse("admin:comments_comment_changelist"), {"q": EMAIL, "queue": "held"})
    with django_capture_on_commit_callbacks(execute=True):
        decided = moderator.post(
            reverse("admin:comments_comment_decide", args=[comment.pk]),
            {"decision": "approve", "seen_status": "held"},
            REMOTE_ADDR="192.0.2.10",
        )
    moderation_tasks.notify_authors.apply((comment.pk, Comment.Status.HELD))
    responses = [posted, reported, searched, decided]
    assert [r.status_code for r in responses] == [302, 302, 200, 302]
    gunicorn_access_log(monkeypatch, caplog, responses)

    records = [record for record in caplog.records if record.levelno >= logging.INFO]
    assert sum(record.name == "gunicorn.access" for record in records) == len(responses)
    retried = {record.getMessage().split("[")[0] for record in records if "retry:" in record.getMessage()}
    assert retried == {"Task comments.tasks.send_address_link", "Task moderation.tasks.notify_authors"}
    text = logged_text(records)
    for personal in (EMAIL, IP, REPORTER_IP, "192.0.2.10", AGENT):
        assert personal not in text, f"{personal} logged: {text}"
