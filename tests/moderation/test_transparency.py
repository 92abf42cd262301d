"""The transparency report (`moderation.transparency`, `manage.py moderation_report`, the admin page): exact figures
on a fixture whose decisions, grounds, reports, appeals and waits are known, in a number of queries that does not
grow with the comments."""

import csv
import io
import json
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from comments.models import Comment, Report
from moderation import services, transparency
from moderation.models import Appeal, Assessment, Decision
from moderation.notifications import REPORTED_ACTION
from tests.admin.conftest import make_moderator
from tests.factories import make_article, make_comment, make_section, make_user

pytestmark = pytest.mark.django_db
Status = Comment.Status
UTC = ZoneInfo("UTC")
SINCE, UNTIL = date(2026, 11, 1), date(2026, 11, 30)
NOON = datetime(2026, 11, 10, 12, 0, tzinfo=UTC)


def posted(article, at, **fields):
    comment = make_comment(article, status=Status.SUBMITTED, **fields)
    Comment.objects.filter(pk=comment.pk).update(created_at=at)
    comment.refresh_from_db()
    return comment


def decided(comment, status, at, *, actor=None, action="check", signals=(), reasons=()):
    if signals:
        Assessment.objects.update_or_create(comment=comment, defaults={"verdict": status, "signals": list(signals)})
    expected = [comment.status] if actor else None
    services.decide(comment, status, action=action, actor=actor, reasons=list(reasons), expected_from=expected)
    Decision.objects.filter(pk=comment.decisions.first().pk).update(created_at=at)
    comment.refresh_from_db()
    return comment.decisions.first()


def signal(name, verdict):
    return {"name": name, "verdict": verdict, "evidence": 1.0, "reasons": [f"{name} found something"]}


@pytest.fixture
def desk():
    moderator = make_moderator("report-desk")
    politics = make_article(section=make_section(name="Politics", slug="politics"))
    sport = make_article(section=make_section(name="Sport", slug="sport"))

    fine = posted(politics, NOON)
    decided(fine, Status.PUBLISHED, NOON + timedelta(seconds=5))
    rude = posted(politics, NOON)
    decided(rude, Status.HELD, NOON + timedelta(seconds=5), signals=[signal("toxicity", "held")])
    spammy = posted(politics, NOON)
    decided(spammy, Status.SPAM, NOON + timedelta(seconds=5), signals=[signal("classifier", "spam")])
    ruled = posted(politics, NOON)
    decided(ruled, Status.HELD, NOON + timedelta(seconds=5), signals=[signal("rules", "held")])
    rejection = decided(ruled, Status.REJECTED, NOON + timedelta(hours=2), actor=moderator, action="reject")
    Appeal.objects.create(comment=ruled, decision=rejection, text="Please look again.", status="decided",
                          outcome=Appeal.Outcome.UPHELD, created_at=NOON + timedelta(hours=3))  # fmt: skip

    reported = posted(sport, NOON)
    decided(reported, Status.PUBLISHED, NOON + timedelta(seconds=5))
    for n in range(2):
        report = Report.objects.create(comment=reported, reporter_key=f"{n}" * 64, reason="abuse")
        Report.objects.filter(pk=report.pk).update(created_at=NOON + timedelta(minutes=10))
    decided(reported, Status.HELD, NOON + timedelta(minutes=11), action=REPORTED_ACTION)
    removal = decided(reported, Status.REMOVED, NOON + timedelta(minutes=30), actor=moderator, action="remove")
    Appeal.objects.create(comment=reported, decision=removal, text="It was fair.", created_at=NOON + timedelta(hours=1))
    unreported = Report.objects.create(comment=fine, reporter_key="f" * 64, reason="other")
    Report.objects.filter(pk=unreported.pk).update(created_at=NOON)

    waited = posted(sport, NOON)
    decided(waited, Status.HELD, NOON + timedelta(seconds=5), signals=[signal("links", "held")])
    decided(waited, Status.PUBLISHED, NOON + timedelta(hours=6), actor=moderator, action="approve")
    # Outside the period: posted and decided in October, decided again by a moderator in November after an earlier
    # human decision (so not its first), and a comment posted in December.
    old = posted(sport, datetime(2026, 10, 20, tzinfo=UTC))
    decided(old, Status.HELD, datetime(2026, 10, 20, 0, 1, tzinfo=UTC), signals=[signal("links", "held")])
    decided(old, Status.PUBLISHED, datetime(2026, 10, 21, tzinfo=UTC), actor=moderator, action="approve")
    decided(old, Status.REMOVED, NOON, actor=moderator, action="remove")
    posted(sport, datetime(2026, 12, 1, 0, 0, 1, tzinfo=UTC))
    return moderator


def test_the_figures_on_known_decisions(desk, settings):
    settings.TIME_ZONE = "UTC"
    report = transparency.build(SINCE, UNTIL)
    politics, sport = report.sections
    assert [row.section for row in report.sections] == ["Politics", "Sport"]
    assert (politics.received, sport.received, report.total.received) == (4, 2, 6)
    assert (politics.decisions, politics.automated, politics.human) == (5, 4, 1)
    assert (sport.decisions, sport.automated, sport.human) == (6, 3, 3)
    assert politics.by_outcome == {"published": 1, "held": 2, "rejected": 1, "spam": 1, "removed": 0}
    assert report.total.by_outcome == {"published": 3, "held": 4, "rejected": 1, "spam": 1, "removed": 2}
    expected_grounds = dict.fromkeys(transparency.GROUNDS, 0)
    assert politics.by_ground == expected_grounds | {"toxicity": 1, "classifier": 1, "rule": 1, "moderator": 1}
    assert sport.by_ground == expected_grounds | {"reports": 1, "moderator": 2, "links and floods": 1}
    assert (sport.reports, sport.reports_acted_on, politics.reports, politics.reports_acted_on) == (2, 2, 1, 0)
    assert (report.total.appeals, report.total.appeals_upheld, report.total.appeals_waiting) == (2, 1, 1)
    assert report.total.appeals_reversed == 0
    # First human decisions in November: 30 min, 2 h, 6 h (the October comment's November one is not its first).
    assert report.total.human_decided == 3
    assert report.total.time_to_human == {"median": timedelta(hours=2), "p90": timedelta(hours=6)}
    assert sport.time_to_human == {"median": timedelta(minutes=30), "p90": timedelta(hours=6)}
    assert politics.time_to_human == {"median": timedelta(hours=2), "p90": timedelta(hours=2)}


def test_the_days_are_the_site_time_zones(desk, settings):
    settings.TIME_ZONE = "Pacific/Auckland"  # 12:00 UTC on the 10th is already the 11th there
    assert transparency.build(date(2026, 11, 11), date(2026, 11, 11)).total.received == 6
    assert transparency.build(date(2026, 11, 10), date(2026, 11, 10)).total.received == 0


def queries_for_report():
    with CaptureQueriesContext(connection) as queries:
        transparency.build(SINCE, UNTIL)
    return len(queries)


def test_the_report_takes_the_same_queries_however_many_comments_there_were(desk, settings):
    settings.TIME_ZONE = "UTC"
    before = queries_for_report()
    politics, sport = (
        Comment.objects.filter(article__section__name=name).first().article for name in ("Politics", "Sport")
    )
    for n in range(30):
        comment = posted(politics if n % 2 else sport, NOON)
        decided(comment, Status.HELD, NOON + timedelta(seconds=5), signals=[signal("rules", "held")])
        decided(comment, Status.REJECTED, NOON + timedelta(minutes=n + 1), actor=desk, action="reject")
    assert transparency.build(SINCE, UNTIL).total.received == 36
    assert queries_for_report() == before == 12  # 8, and the two percentiles of each of the two sections


def run(*args):
    out = io.StringIO()
    call_command("moderation_report", *args, stdout=out)
    return out.getvalue()


def test_the_command_writes_json_csv_and_html(desk, settings):
    settings.TIME_ZONE = "UTC"
    period = ["--since", "2026-11-01", "--until", "2026-11-30"]
    data = json.loads(run(*period))
    assert data["period"] == {"since": "2026-11-01", "until": "2026-11-30"}
    assert data["total"]["received"] == 6 and data["total"]["decisions"]["human"] == 4
    assert data["total"]["time_to_human_decision_seconds"] == {"comments": 3, "median": 7200, "p90": 21600}
    assert [row["section"] for row in data["sections"]] == ["Politics", "Sport"]

    rows = list(csv.DictReader(io.StringIO(run(*period, "--format", "csv"))))
    assert [row["section"] for row in rows] == ["Politics", "Sport", transparency.ALL_SECTIONS]
    assert rows[-1]["reports_acted_on"] == "2" and rows[-1]["time_to_human_p90_seconds"] == "21600"
    assert rows[1]["ground_links_and_floods"] == "1"

    html = run(*period, "--format", "html")
    assert "<h1>" in html and "Politics" in html and "6 h 0 min" in html and "2 h 0 min" in html


@pytest.mark.parametrize(
    ("since", "until", "message"),
    [("2026-13-01", "2026-12-01", "is not a date"), ("yesterday", "2026-12-01", "YYYY-MM-DD"),
     ("2026-12-02", "2026-12-01", "ends")],
)  # fmt: skip
def test_bad_dates_are_refused_with_the_reason(db, since, until, message):
    with pytest.raises(CommandError, match=message):
        run("--since", since, "--until", until)


def test_the_admin_page_shows_the_figures_to_moderators_only(desk, settings):
    settings.TIME_ZONE = "UTC"
    url = reverse("moderation:report")
    moderator = Client()
    moderator.force_login(desk)
    page = moderator.get(url, {"since": "2026-11-01", "until": "2026-11-30"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Transparency report" in text and "Politics" in text and "Download CSV" in text
    download = moderator.get(url, {"since": "2026-11-01", "until": "2026-11-30", "format": "csv"})
    assert download["Content-Type"].startswith("text/csv")
    assert list(csv.reader(io.StringIO(download.content.decode())))[-1][:2] == [transparency.ALL_SECTIONS, "6"]
    refused = moderator.get(url, {"since": "2026-11-30", "until": "2026-11-01"})
    assert refused.status_code == 400 and "ends before it starts" in refused.content.decode()
    assert moderator.get(url).status_code == 200  # the last 30 days by default

    staff = Client()
    staff.force_login(make_user("an-editor", is_staff=True))
    assert staff.get(url).status_code == 403
    assert Client().get(url).status_code == 302  # to the admin's login
