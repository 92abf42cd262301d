"""Version keys for everything cached about an article's comments.

A status change bumps the article's version (and the site-wide one); cached
fragments and feeds are stored under the version current when they were built,
so they never need to be found and deleted one by one.

Saving or deleting an article bumps the same versions (its own, its section's, the section it
left, the site's) after commit: the site and section feeds list only published articles'
comments, so an article withdrawn (its publication time moved to the future), moved or deleted
must leave them at the next poll, not when the stored feed expires. The comment list of its page
holds its URL and goes stale with it too.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from core import versions
from newsite.models import Article

SITE_KEY = "comments:v:site"


def article_version_key(article_id):
    return f"comments:v:article:{article_id}"


def section_version_key(section_id):
    return f"comments:v:section:{section_id}"


def article_version(article_id):
    return versions.read(article_version_key(article_id))


def section_version(section_id):
    return versions.read(section_version_key(section_id))


def site_version():
    return versions.read(SITE_KEY)


def bump_article(article_id, section_id=None, *other_section_ids):
    sections = [section_version_key(section) for section in (section_id, *other_section_ids) if section is not None]
    versions.bump(article_version_key(article_id), *sections, SITE_KEY)


@receiver(pre_save, sender=Article)
def _remember_section(sender, instance, update_fields=None, **kwargs):
    if instance.pk is None or (update_fields is not None and "section" not in update_fields):
        instance._section_before_save = None
        return
    before = Article.objects.filter(pk=instance.pk).values_list("section_id", flat=True).first()
    instance._section_before_save = before


@receiver(post_save, sender=Article)
@receiver(post_delete, sender=Article)
def _article_changed(sender, instance, **kwargs):
    article_id, section_id = instance.pk, instance.section_id
    left = getattr(instance, "_section_before_save", None)
    transaction.on_commit(lambda: bump_article(article_id, section_id, left))
