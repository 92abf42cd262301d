"""Erasing a commenter's personal data from the console (an action with a confirmation page), and the erasures' log."""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse

from comments.models import Comment

from .. import erasure
from ..models import Erasure
from .actions import selected_ids
from .permissions import DecidedElsewhere, ModeratorsOnly


@dataclass
class Commenter:
    """Who a selected comment is by: its account (and the address it posted under), else its address, else itself."""

    user: object = None
    email: str = ""
    comment_ids: list = field(default_factory=list)
    count: int = 0

    @property
    def label(self):
        if self.user is not None:
            account = f"the account {self.user.get_username()}"
            return f"{account} and the address {self.email}" if self.email else account
        if self.email:
            return f"the address {self.email}"
        return f"comment #{self.comment_ids[0]}, posted without an account or an address"


def commenters_of(comments):
    """One Commenter per account, per address without an account, and per comment with neither."""
    found = {}
    for comment in comments:
        if comment.user_id:
            key = ("user", comment.user_id)
            found.setdefault(key, Commenter(user=comment.user, email=comment.author_email))
        elif comment.author_email:
            key = ("email", comment.author_email)
            found.setdefault(key, Commenter(email=comment.author_email))
        else:
            key = ("comment", comment.pk)
            found.setdefault(key, Commenter(comment_ids=[comment.pk]))
    commenters = list(found.values())
    for commenter in commenters:
        commenter.count = Comment.objects.by_commenter(
            user=commenter.user, email=commenter.email, ids=commenter.comment_ids
        ).count()
    return commenters


@admin.action(description="Erase this commenter's personal data", permissions=["moderate"])
def erase_commenters(modeladmin, request, queryset):
    """A confirmation page first; confirmed, each commenter's personal data is erased (moderation.erasure)."""
    ids = selected_ids(request, queryset)
    comments = Comment.objects.filter(pk__in=ids).select_related("user").order_by("pk")
    commenters = commenters_of(comments)
    if request.POST.get("post") != "yes":
        context = {
            **modeladmin.admin_site.each_context(request),
            "title": "Erase these commenters' personal data?",
            "opts": modeladmin.model._meta,
            "commenters": commenters,
            "ids": ids,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "erase_bodies": settings.PRIVACY_ERASE_BODIES,
            "erased_name": erasure.ERASED_NAME,
            "removed_text": erasure.REMOVED_TEXT,
        }
        return TemplateResponse(request, "admin/comments/comment/erase_confirmation.html", context)
    for commenter in commenters:
        try:
            record = erasure.erase(
                user=commenter.user,
                email=commenter.email,
                comment_ids=commenter.comment_ids,
                actor=request.user,
                via=Erasure.Via.ADMIN,
            )
        except erasure.ErasureRefused as refused:
            modeladmin.message_user(request, f"Not erased: {refused}", messages.ERROR)
        else:
            modeladmin.message_user(request, f"{record.summary[0].upper()}{record.summary[1:]}.", messages.SUCCESS)
    return None


@admin.register(Erasure)
class ErasureAdmin(DecidedElsewhere, ModeratorsOnly, admin.ModelAdmin):
    """Read-only: when, by whom and how much was erased; never whose data it was."""

    list_display = ["created_at", "who", "via", "summary"]
    list_filter = ["via", "created_at"]
    date_hierarchy = "created_at"
    list_select_related = ["actor"]
    fields = ["created_at", "who", "via", "comments", "bodies_removed", "replies_edited", "account_closed"]
    readonly_fields = fields

    @admin.display(description="who", ordering="actor__username")
    def who(self, obj):
        return obj.actor.get_username() if obj.actor_id else "command line"

    @admin.display(description="what")
    def summary(self, obj):
        return obj.summary
