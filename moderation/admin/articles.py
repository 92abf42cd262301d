"""The Article admin, extended for moderators: each article's queue sizes and the comment-mode actions.

newsite registers the editors' ArticleAdmin; moderation re-registers a subclass so that newsite never
imports moderation (dependencies point moderation → comments → newsite).
"""

from django.contrib import admin, messages
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from comments import cache as comment_cache
from newsite import comment_modes
from newsite.admin import ArticleAdmin
from newsite.models import Article

from .. import queues


def _set_comment_mode(modeladmin, request, queryset, mode, done):
    # By hand: recorded with the moderator's name, and the moderators' schedule leaves it be (moderation.off_shift).
    articles = comment_modes.set_by_hand(queryset, mode, actor=request.user)
    for article_id, section_id in articles:
        comment_cache.bump_article(article_id, section_id)  # the page shows the form, or that comments are closed
    unchanged = queryset.count() - len(articles)
    text = f"{len(articles)} article{'s' if len(articles) != 1 else ''} {done}"
    if unchanged:
        text += f", {unchanged} already were"
    modeladmin.message_user(request, text + ".", messages.SUCCESS)


@admin.action(description="Close comments on the selected articles", permissions=["comment_settings"])
def close_comments(modeladmin, request, queryset):
    _set_comment_mode(modeladmin, request, queryset, Article.CommentMode.CLOSED, "closed to comments")


@admin.action(description="Pre-moderate comments on the selected articles", permissions=["comment_settings"])
def premoderate_comments(modeladmin, request, queryset):
    _set_comment_mode(modeladmin, request, queryset, Article.CommentMode.PREMODERATED, "now pre-moderated")


@admin.action(description="Open comments on the selected articles", permissions=["comment_settings"])
def open_comments(modeladmin, request, queryset):
    _set_comment_mode(modeladmin, request, queryset, Article.CommentMode.OPEN, "open to comments")


COMMENT_SETTINGS = ("comment_mode", "comments_close_at")


def edits_stories(user):
    return user.has_perm("newsite.change_article")


def sets_comment_settings(user):
    """Editors, and moderators by `newsite.change_comment_settings` (the story itself stays the editors')."""
    return edits_stories(user) or user.has_perm("newsite.change_comment_settings")


class ModeratedArticleAdmin(ArticleAdmin):
    list_display = [*ArticleAdmin.list_display, "held", "reported"]
    actions = [close_comments, premoderate_comments, open_comments]
    readonly_fields = [*ArticleAdmin.readonly_fields, "mode_set_by"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        return [(name, _with_mode_set_by(options) if name == "Comments" else options) for name, options in fieldsets]

    @admin.display(description="mode set by")
    def mode_set_by(self, obj):
        if obj.mode_before_schedule:
            back = f"{timezone.localtime(obj.scheduled_mode_until):%A %d %B %H:%M}" if obj.scheduled_mode_until else "?"
            return f"The moderators' schedule, off shift (it gives back “{obj.mode_before_schedule}” at {back})."
        if obj.comment_mode_set_at:
            who = obj.comment_mode_set_by.get_username() if obj.comment_mode_set_by_id else "a former account"
            return f"{who}, by hand, {timezone.localtime(obj.comment_mode_set_at):%d %B %Y %H:%M}."
        return "Nobody: as the article was created."

    def has_comment_settings_permission(self, request):
        return sets_comment_settings(request.user)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) or sets_comment_settings(request.user)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if edits_stories(request.user):
            return readonly
        # Everything but the comment settings is shown, not editable.
        fields = [name for _, options in self.get_fieldsets(request, obj) for name in options["fields"]]
        return [*readonly, *(name for name in fields if name not in COMMENT_SETTINGS and name not in readonly)]

    def get_prepopulated_fields(self, request, obj=None):
        return super().get_prepopulated_fields(request, obj) if edits_stories(request.user) else {}

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                held_count=Count("comments", filter=queues.QUEUES["held"].condition_through("comments")),
                reported_count=Count("comments", filter=queues.QUEUES["reported"].condition_through("comments")),
            )
        )

    def _queue_link(self, article, queue, count):
        if not count:
            return "0"
        url = reverse("admin:comments_comment_changelist") + f"?queue={queue}&article={article.pk}"
        return format_html('<a href="{}">{}</a>', url, count)

    @admin.display(description="held", ordering="held_count")
    def held(self, obj):
        return self._queue_link(obj, "held", obj.held_count)

    @admin.display(description="reported", ordering="reported_count")
    def reported(self, obj):
        return self._queue_link(obj, "reported", obj.reported_count)


def _with_mode_set_by(options):
    return {**options, "fields": [*options["fields"], "mode_set_by"]}


admin.site.unregister(Article)
admin.site.register(Article, ModeratedArticleAdmin)
