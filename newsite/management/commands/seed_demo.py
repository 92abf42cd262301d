"""Create the demo newsroom: sections, stories, images, comments and a demo moderator (idempotent)."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from newsite.demo.images import draw_story_image
from newsite.demo.stories import COMMENTS, SECTIONS, STORIES
from newsite.models import Article, Section, Tag

MODERATOR_USERNAME = "moderator"
MODERATORS_GROUP = "Moderators"


class Command(BaseCommand):
    help = "Create demo sections, articles, comments and the demo moderator. Safe to run again."

    def handle(self, *args, **options):
        with transaction.atomic():
            sections = self.create_sections()
            articles = self.create_articles(sections)
        self.create_comments(articles[0])
        password = self.create_moderator()
        self.stdout.write(self.style.SUCCESS(f"Demo content ready: {len(articles)} articles."))
        self.stdout.write(f"Demo moderator login: {MODERATOR_USERNAME} / {password}")

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
        """Generate the demo password once and keep it beside the database, so reruns print the same one."""
        path = settings.VAR_DIR / "demo_password"
        if path.exists():
            return path.read_text().strip()
        password = secrets.token_urlsafe(12)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(password)
        return password
