"""The benchmark's Django-side helpers, run in their own process: `python -m bench.side TASK [JSON]`.

Each task prints one JSON object on the last line of stdout. They share the web servers'
database and Redis (the same environment), so what they count is what the servers do:
  targets   the URLs and ids to load-test
  queries   SQL queries per request, warm and cold, with Django's test client
  checks    moderation checks per second in this one process
  pending   how many comments still wait for the worker
  latency   POST -> decided times of comments posted at a fixed rate
  demo_articles, soak_outcome   what bench/soak.py reads
"""

import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402
import django.conf  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from comments.cache import bump_article  # noqa: E402
from comments.models import Comment  # noqa: E402
from newsite.models import Article  # noqa: E402

POSTING_SLUG = "bench-posting"
CHECKS_SLUG = "bench-checks"


def article_target(article):
    pages = max(1, -(-article.comment_count // django.conf.settings.COMMENTS_PER_PAGE))
    return {
        "id": article.pk,
        "section_id": article.section_id,
        "slug": article.slug,
        "comments": article.comment_count,
        "url": article.get_absolute_url(),
        "pages": pages,
        "middle_page": max(1, (pages + 1) // 2),
        "feed": reverse("comments:article-feed", args=[article.slug]),
        "post": reverse("comments:post", args=[article.pk]),
    }


def save_ceiling_page(url):
    """The bytes the ceiling view returns: this article page as an anonymous reader gets it."""
    body = Client().get(url).content
    path = Path(django.conf.settings.BENCH_CEILING_FILE)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(body)
    return len(body)


def targets(slugs, ceiling_from):
    from demo import bulk_comments
    from newsite.models import Section

    section = Section.objects.order_by("position").first()
    for slug in (POSTING_SLUG, CHECKS_SLUG):
        bulk_comments.ensure_article(slug, section)
    articles = {a.slug: a for a in Article.objects.filter(slug__in=[*slugs, POSTING_SLUG, CHECKS_SLUG])}
    return {
        "ceiling_bytes": save_ceiling_page(articles[ceiling_from].get_absolute_url()),
        "articles": {slug: article_target(articles[slug]) for slug in slugs},
        "posting": article_target(articles[POSTING_SLUG]),
        "checks": article_target(articles[CHECKS_SLUG]),
        "site_feed": reverse("comments:latest-feed"),
        "ceiling": "/bench/ceiling/",
    }


def _count(client, url, **headers):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **headers)
    return len(captured), response


def queries(spec):
    """spec: {"pages": [[label, url, article_id, section_id]], "feeds": [[label, url, article_id, section_id]]}."""
    client = Client()
    client.get(spec["pages"][0][1])  # per-process look-ups out of the way
    result = {}
    for label, url, article_id, section_id in spec["pages"] + spec["feeds"]:
        bump_article(article_id, section_id)
        cold, _ = _count(client, url)
        warm, response = _count(client, url)
        entry = {"cold": cold, "warm": warm, "status": response.status_code}
        etag = response.headers.get("ETag")
        if etag:
            conditional, again = _count(client, url, HTTP_IF_NONE_MATCH=etag)
            entry.update(conditional=conditional, conditional_status=again.status_code)
        result[label] = entry
    return result


def _submitted(article, count, seed):
    """`count` fresh SUBMITTED comments on the article, written as the form would leave them."""
    from comments.markup import render_comment
    from demo.bulk_comments import CommentWriter

    writer = CommentWriter(seed)
    comments = []
    for n in range(count):
        author = writer.author()
        body = f"{writer.body()} ({seed}-{n})"
        comments.append(
            Comment(
                article=article,
                author_name=author.name,
                author_email=author.email,
                body=body,
                body_html=render_comment(body),
                ip_address=author.ip,
                user_agent="bench",
            )
        )
    return Comment.objects.bulk_create(comments, batch_size=500)


def checks(spec):
    """The whole check of a comment in this process: pipeline.check (checks, policy, decision, assessment)."""
    try:
        from moderation import pipeline, policy
        from moderation.checks import Submission, run_checks
        from moderation.context import LiveContext
    except ImportError as error:
        return {"skipped": f"moderation pipeline not importable: {error}"}
    article = Article.objects.get(slug=CHECKS_SLUG)
    seconds, count = spec.get("seconds", 10), spec.get("count", 3000)
    comments = _submitted(article, count, seed=f"checks-{time.time()}")
    # Read-only first: the checks and the policy without writing the decision.
    context = LiveContext()
    started, judged = time.perf_counter(), 0
    for comment in comments[: count // 2]:
        submission = Submission.from_comment(Comment.objects.select_related("article").get(pk=comment.pk))
        policy.judge(run_checks(submission, context), submission.article_mode)
        judged += 1
        if time.perf_counter() - started > seconds / 2:
            break
    judge_rate = judged / (time.perf_counter() - started)
    started, decided, verdicts = time.perf_counter(), 0, {}
    for comment in comments[count // 2 :]:
        outcome = pipeline.check(comment.pk)
        decided += 1
        if outcome is not None:
            verdicts[outcome.verdict] = verdicts.get(outcome.verdict, 0) + 1
        if time.perf_counter() - started > seconds / 2:
            break
    check_rate = decided / (time.perf_counter() - started)
    Comment.objects.filter(article=article, status=Comment.Status.SUBMITTED).delete()
    return {"judged_per_s": judge_rate, "checked_per_s": check_rate, "checked": decided, "verdicts": verdicts}


def pending(spec):
    return {"submitted": Comment.objects.filter(status=Comment.Status.SUBMITTED).count()}


def demo_articles(spec):
    """Published articles other than the benchmark's own, for the soak's readers."""
    articles = Article.objects.published().exclude(slug__startswith="bench-").select_related("section")
    return {"articles": [{"id": a.pk, "url": a.get_absolute_url()} for a in articles.order_by("-pk")[:10]]}


def main():
    task = sys.argv[1]
    spec = json.loads(sys.argv[2]) if len(sys.argv) > 2 else {}
    handlers = {
        "targets": lambda: targets(spec["slugs"], spec["ceiling_from"]),
        "queries": lambda: queries(spec),
        "checks": lambda: checks(spec),
        "pending": lambda: pending(spec),
        "latency": lambda: __import__("bench.posting", fromlist=["latency"]).latency(spec),
        "demo_articles": lambda: demo_articles(spec),
        "soak_bodies": lambda: __import__("bench.soak", fromlist=["bodies"]).bodies(spec),
        "soak_outcome": lambda: __import__("bench.soak", fromlist=["outcome"]).outcome(spec),
    }
    print(json.dumps(handlers[task](), default=str))


if __name__ == "__main__":
    main()
