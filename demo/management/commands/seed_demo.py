"""Create the demo newsroom: sections, stories, images, comments, the moderators' desk (`demo.desk`) and a demo moderator (idempotent).

Beside the published comments it leaves the moderators' queues something to show
(`demo.queues`): comments held with their reasons, published comments readers
reported, and comments filed as spam, spread over the stories. Each goes the live way: the
policy judges its checks' signals, `services.decide` records the decision (and keeps the
article's count), the assessment is stored, and readers' reports are filed as readers file them.
A comment already there (same article, author and text) is left alone, so a rerun adds nothing.

`--comments N --article SLUG` then gives the article SLUG (created if missing) N published
comments, generated in bulk: see `demo.bulk_comments`.
"""

import secrets
from collections import Counter
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from core.private_files import kept_secret
from demo import bulk_comments
from demo.desk import create_desk
from demo.images import draw_story_image
from demo.queues import QUEUE_COMMENTS
from demo.stories import COMMENTS, SECTIONS, STORIES
from newsite.models import Article, Section, Tag

MODERATOR_USERNAME = "moderator"
MODERATORS_GROUP = "Moderators"
PROGRESS_EVERY = 10_000  # comments between progress lines of --comments


# Readers recommending the demo story's comments, in order: the second comes out on top of "most recommended".
DEMO_RECOMMENDATIONS = (2, 7, 0, 3, 1)


class Command(BaseCommand):
    help = "Create demo sections, articles, comments and the demo moderator. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--comments",
            type=int,
            metavar="N",
            help="Give the article named by --article N published comments in all (adds only what is missing).",
        )
        parser.add_argument(
            "--article", metavar="SLUG", help="The article for --comments; created in the first section if missing."
        )

    def handle(self, *args, **options):
        wanted, slug = options.get("comments"), options.get("article")
        if (wanted is None) != (slug is None):
            raise CommandError("--comments N and --article SLUG go together")
        if wanted is not None and wanted < 0:
            raise CommandError("--comments must be 0 or more")
        with transaction.atomic():
            sections = self.create_sections()
            articles = self.create_articles(sections)
            create_desk()
        self.create_comments(articles[0])
        queued = self.create_queue_comments({article.slug: article for article in articles})
        password = self.create_moderator()
        self.stdout.write(self.style.SUCCESS(f"Demo content ready: {len(articles)} articles."))
        if queued:
            self.stdout.write(f"Moderation queues: {', '.join(f'{n} {status}' for status, n in queued.items())}.")
        self.stdout.write(f"Demo moderator login: {MODERATOR_USERNAME} / {password}")
        if wanted is not None:
            self.create_bulk_comments(slug, wanted, sections[SECTIONS[0][1]])

    def create_bulk_comments(self, slug, wanted, section):
        article = bulk_comments.ensure_article(slug, section)

        reported = [0]

        def progress(done, total):
            if done == total or done - reported[0] >= PROGRESS_EVERY:
                reported[0] = done
                self.stdout.write(f"  {done:,} / {total:,} comments written")

        added = bulk_comments.add_comments(article, wanted, progress=progress)
        article.refresh_from_db(fields=["comment_count"])
        self.stdout.write(
            self.style.SUCCESS(f"{article.slug}: {added:,} comments added, {article.comment_count:,} published.")
        )

    def create_sections(self):
        sections = {}
        for position, (name, slug) in enumerate(SECTIONS):
            sections[slug], _ = Section.objects.get_or_create(slug=slug, defaults={"name": name, "position": position})
        return sections

    def create_articles(self, sections):
        now = timezone.now()
        articles = []
        for index, story in enumerate(STORIES):
            article = Article.objects.filter(slug=story["slug"]).first()
            if article is None:
                article = Article(
                    slug=story["slug"],
                    section=sections[story["section"]],
                    headline=story["headline"],
                    standfirst=story["standfirst"],
                    byline=story["byline"],
                    location=story["location"],
                    source=story["source"],
                    body="\n\n".join(story["body"]),
                    image_caption=story["caption"],
                    image_alt=story["caption"],
                    published_at=now - timedelta(hours=3 * index + 1),
                )
                image = draw_story_image(story["slug"], story["colour"], sections[story["section"]].name)
                article.image.save(f"{story['slug']}.jpg", ContentFile(image), save=False)
                article.save()
                for tag_name in story["tags"]:
                    tag, _ = Tag.objects.get_or_create(slug=slugify(tag_name), defaults={"name": tag_name})
                    article.tags.add(tag)
            articles.append(article)
        return articles

    def create_comments(self, article):
        from comments.models import Comment
        from moderation import services

        if Comment.objects.filter(article=article).exists():
            return
        from comments.markup import render_comment

        for name, body in COMMENTS:
            comment = Comment.objects.create(
                article=article,
                author_name=name,
                author_email=f"{slugify(name) or 'reader'}@example.org",
                body=body,
                body_html=render_comment(body),
                ip_address="127.0.0.1",
            )
            services.decide(comment, Comment.Status.PUBLISHED, action="seed_demo", reasons=["demo content"])
        self.recommend_and_pick(article)

    def recommend_and_pick(self, article):
        """A few readers' recommendations and one editors' pick, so that every tab of the thread shows something."""
        from comments import recommendations
        from comments.models import Comment, Recommendation
        from core.keyed_hashes import keyed_hash
        from moderation import services

        comments = list(Comment.objects.published().filter(article=article).order_by("id"))
        for comment, readers in zip(comments, DEMO_RECOMMENDATIONS, strict=False):
            Recommendation.objects.bulk_create(
                Recommendation(comment=comment, recommender_key=keyed_hash(recommendations.PURPOSE, f"demo:{n}"))
                for n in range(readers)
            )
            Comment.objects.filter(pk=comment.pk).update(recommendation_count=readers)
        if len(comments) > 1:
            services.set_picks([comments[1].pk], services.PICK, actor=None)

    def create_queue_comments(self, articles):
        """Held, reported and spam demo comments, each judged and decided as a live one; {status: count added}."""
        from comments.models import Comment

        added = Counter()
        for item in QUEUE_COMMENTS:
            article = articles[item["article"]]
            comment = Comment.objects.filter(article=article, author_name=item["author"], body=item["body"]).first()
            if comment is None:
                comment = self.judge_demo_comment(article, item)
                added["reported" if item.get("reports") else str(comment.status)] += 1
            self.file_demo_reports(comment, item.get("reports", ()))
        return added

    def judge_demo_comment(self, article, item):
        """Save the comment as submitted, let the policy judge its signals, decide it and keep the assessment."""
        from comments.markup import render_comment
        from comments.models import Comment
        from moderation import pipeline, policy, services
        from moderation.checks.base import Signal

        signals = [
            Signal(
                **{**signal, "reasons": tuple(signal.get("reasons", ())), "targets": tuple(signal.get("targets", ()))}
            )
            for signal in item["signals"]
        ]
        outcome = policy.judge(signals, article.comment_mode)
        with transaction.atomic():
            comment = Comment.objects.create(
                article=article,
                author_name=item["author"],
                author_email=item["email"],
                body=item["body"],
                body_html=render_comment(item["body"]),
                ip_address=item["ip"],
            )
            services.decide(
                comment, outcome.verdict, action=outcome.action, reasons=outcome.reasons,
                expected_from=[Comment.Status.SUBMITTED],
            )  # fmt: skip
            pipeline.store(comment.pk, outcome, signals, assessed=False)
        comment.refresh_from_db()
        return comment

    def file_demo_reports(self, comment, reports):
        """File the readers' reports the comment is missing, as readers file them (a rerun completes them)."""
        from comments.reports import ReportRefused, file_report, reporter_key

        for reason, note, ip in reports:
            key = reporter_key(ip=ip)
            if comment.status != comment.Status.PUBLISHED or comment.reports.filter(reporter_key=key).exists():
                continue
            try:
                file_report(comment, reporter_key=key, reason=reason, note=note)
            except ReportRefused as refused:
                self.stderr.write(f"Demo report on comment {comment.pk} not filed ({refused}); run seed_demo again.")

    def create_moderator(self):
        password = settings.DEMO_PASSWORD or self._remembered_password()
        user, _ = get_user_model().objects.get_or_create(
            username=MODERATOR_USERNAME,
            defaults={"email": "moderator@newsite.local", "first_name": "Demo", "last_name": "Moderator"},
        )
        user.is_staff = True
        user.set_password(password)
        user.save()
        group = Group.objects.filter(name=MODERATORS_GROUP).first()
        if group:
            user.groups.add(group)
        return password

    def _remembered_password(self):
        """Generate the demo password once and keep it beside the database (owner only): reruns print the same."""
        return kept_secret(settings.VAR_DIR / "demo_password", lambda: secrets.token_urlsafe(12))
