"""An access request: `manage.py export_commenter --email … | --user …` writes one commenter's data as JSON."""

import io
import json
from datetime import datetime

import pytest
from django.core.management import CommandError, call_command

from comments.models import Comment, CommentRevision, Recommendation, Report
from moderation import services
from moderation.models import Appeal
from newsite.models import ArticleRating
from tests.admin.conftest import make_moderator
from tests.factories import make_article, make_comment, make_user

pytestmark = pytest.mark.django_db
EMAIL = "sam.reader@example.org"


def exported(*args):
    out = io.StringIO()
    call_command("export_commenter", *args, stdout=out)
    return json.loads(out.getvalue())


def parsed(value):
    return datetime.fromisoformat(value) if value else None


def test_the_export_round_trips_a_commenters_comments():
    article = make_article(headline="Council tax to rise")
    mine = [
        make_comment(article, author_name="Sam", author_email=EMAIL, body="[b]No[/b] thanks.", ip_address="192.0.2.4"),
        make_comment(article, author_name="Sam", author_email=EMAIL, status=Comment.Status.HELD, user_agent="UA/2"),
        make_comment(make_article(), author_name="Sam R", author_email=EMAIL, status=Comment.Status.SPAM),
    ]
    make_comment(article, author_name="Someone else", author_email="else@example.org")

    data = exported("--email", EMAIL.upper())

    assert data["requested_for"] == {"email": EMAIL, "account": None}
    rows = {row["id"]: row for row in data["comments"]}
    assert set(rows) == {c.pk for c in mine}
    for comment in mine:
        comment.refresh_from_db()
        row = rows[comment.pk]
        assert (row["body"], row["status"], row["author_name"], row["author_email"]) == (
            comment.body,
            comment.status,
            comment.author_name,
            comment.author_email,
        )
        assert (row["ip_address"], row["user_agent"]) == (comment.ip_address, comment.user_agent)
        assert parsed(row["created_at"]) == comment.created_at
        assert parsed(row["published_at"]) == comment.published_at
        assert row["article"]["headline"] == comment.article.headline
        assert row["article"]["url"].endswith(comment.article.get_absolute_url())
        assert row["url"].endswith(comment.get_absolute_url())
    assert data["reports"] == [] and data["votes"] == [] and "cannot be matched" in data["not_included"]


def test_an_accounts_export_holds_its_reports_votes_and_verified_address(tmp_path):
    user = make_user("sam", email=EMAIL, first_name="Sam", verified=True)
    article = make_article(headline="Rail strike called off")
    comment = make_comment(article, user=user, author_name="Sam", author_email=EMAIL)
    other = make_comment(article, author_name="Kim")
    Report.objects.create(comment=other, user=user, reporter_key="9" * 64, reason="abuse", note="rude")
    ArticleRating.objects.create(article=article, user=user, voter_key=f"user:{user.pk}", value=2)
    Recommendation.objects.create(comment=other, user=user, recommender_key="8" * 64)
    CommentRevision.objects.create(comment=comment, body="Sam's first try", written_at=comment.created_at)
    target = tmp_path / "sam.json"

    call_command("export_commenter", "--user", "sam", "--output", str(target), stderr=io.StringIO())

    data = json.loads(target.read_text())
    assert data["account"]["username"] == "sam" and data["account"]["verified_email"]["email"] == EMAIL
    assert [row["id"] for row in data["comments"]] == [comment.pk]
    assert [(r["comment"], r["reason"], r["note"]) for r in data["reports"]] == [(other.pk, "abuse", "rude")]
    assert [(v["article"]["headline"], v["stars"]) for v in data["votes"]] == [("Rail strike called off", 2)]
    assert [r["comment"] for r in data["recommendations"]] == [other.pk]
    assert [t["body"] for t in data["comments"][0]["earlier_texts"]] == ["Sam's first try"]


def test_the_export_needs_a_commenter():
    with pytest.raises(CommandError, match="name the commenter"):
        call_command("export_commenter")


def test_the_export_holds_the_commenters_appeals_and_their_answers():
    moderator = make_moderator("export-desk")
    comment = make_comment(make_article(), author_name="Sam", author_email=EMAIL, status=Comment.Status.HELD)
    services.decide(comment, Comment.Status.REJECTED, action="reject", actor=moderator, reasons=["off topic"],
                    expected_from=[Comment.Status.HELD])  # fmt: skip
    decision = comment.decisions.first()
    Appeal.objects.create(comment=comment, decision=decision, text="It was about the bypass.", reply="Upheld.",
                          status="decided", outcome="upheld")  # fmt: skip
    someone_elses = make_comment(make_article(), author_name="Kim", status=Comment.Status.HELD)
    services.decide(someone_elses, Comment.Status.REJECTED, action="reject", actor=moderator, reasons=["spam"],
                    expected_from=[Comment.Status.HELD])  # fmt: skip
    Appeal.objects.create(comment=someone_elses, decision=someone_elses.decisions.first(), text="Not me.")

    data = exported("--email", EMAIL)

    assert [(a["comment"], a["decision_appealed"], a["text"], a["outcome"], a["reply"]) for a in data["appeals"]] == [
        (comment.pk, "reject", "It was about the bypass.", "upheld", "Upheld.")
    ]
    assert parsed(data["appeals"][0]["decided_on"]) == decision.created_at
