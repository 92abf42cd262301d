"""Version keys for the article page as a whole: the article itself (text, tags, rating) and the site's navigation.

The whole-page cache (`comments.page_cache`) stores a page under the versions current when it was
rendered; a change bumps a version, so the next view renders again. Comment changes have their
own version (`comments.cache.article_version`). Bumps wait for the transaction to commit, so a
page rendered from the old rows is never stored under the new version.
"""

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from core import versions

from .models import Article, Section, Tag

SITE_KEY = "newsite:v:site"
NAV_SECTIONS_KEY = "newsite:nav-sections"  # the navigation's cached sections (context_processors.site)


def article_key(article_id):
    return f"newsite:v:article:{article_id}"


def article_page_keys(article_id):
    """The versions of what the news app shows on an article page: the article itself and the site's navigation."""
    return [article_key(article_id), SITE_KEY]


def bump_article(article_id):
    """The article's own page changed (its text, tags or rating): rendered pages of it are stale."""
    versions.bump_on_commit(article_key(article_id))


def bump_site():
    """Something every page shows changed (a section or tag name, the navigation)."""

    def bump():
        cache.delete(NAV_SECTIONS_KEY)
        versions.bump(SITE_KEY)

    transaction.on_commit(bump)


@receiver(post_save, sender=Article)
@receiver(post_delete, sender=Article)
def _article_changed(sender, instance, **kwargs):
    bump_article(instance.pk)


@receiver(m2m_changed, sender=Article.tags.through)
def _article_tags_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    if not reverse:
        bump_article(instance.pk)
    elif pk_set:  # tag.articles.add(...): every article named changed
        for article_id in pk_set:
            bump_article(article_id)
    else:  # tag.articles.clear(): the articles are no longer known, so every page goes
        bump_site()


@receiver(post_save, sender=Section)
@receiver(post_delete, sender=Section)
@receiver(post_save, sender=Tag)
@receiver(post_delete, sender=Tag)
def _site_changed(sender, **kwargs):
    bump_site()
