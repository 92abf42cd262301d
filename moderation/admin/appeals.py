"""The appeals queue: authors' appeals against decisions, oldest first; a moderator reverses or upholds each one."""

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse

from .. import appeals
from ..models import Appeal
from ..statements import grounds_of
from . import display
from .filters import ExplicitChoices
from .permissions import DecidedElsewhere, ModeratorsOnly, can_moderate, moderators_posting

REPLY_MAX_LENGTH = 1000


class AppealStatusFilter(ExplicitChoices, admin.SimpleListFilter):
    """Waiting (the queue, where the list opens), decided, or all."""

    title = "status"
    parameter_name = "status"
    default = Appeal.Status.PENDING

    def lookups(self, request, model_admin):
        return [("pending", "Waiting for a moderator"), ("decided", "Decided"), ("all", "All")]

    def queryset(self, request, queryset):
        return queryset if self.value() == "all" else queryset.filter(status=self.value())


@admin.register(Appeal)
class AppealAdmin(DecidedElsewhere, ModeratorsOnly, admin.ModelAdmin):
    change_form_template = "admin/moderation/appeal/change_form.html"
    list_display = ["created_at", "comment_excerpt", "appealed", "text_excerpt", "status", "outcome"]
    list_display_links = ["created_at"]
    list_filter = [AppealStatusFilter, "outcome", "created_at"]
    list_select_related = ["comment", "decision__actor"]
    ordering = ["created_at", "id"]
    show_full_result_count = False
    fields = [
        "comment_link",
        "appealed",
        "what_the_author_was_told",
        "text",
        "status",
        "outcome",
        "reply",
        "decided_by",
        "decided_at",
        "created_at",
    ]
    readonly_fields = fields

    @admin.display(description="comment")
    def comment_excerpt(self, obj):
        return display.excerpt(obj.comment, 90)

    @admin.display(description="comment")
    def comment_link(self, obj):
        return display.comment_link(obj.comment, 200)

    @admin.display(description="decision appealed")
    def appealed(self, obj):
        decision = obj.decision
        when = f"{decision.created_at:%d %b %Y %H:%M}"
        return f"{decision.get_to_status_display()} by {decision.actor_name} ({decision.action}), {when}"

    @admin.display(description="the author was told")
    def what_the_author_was_told(self, obj):
        grounds, written = grounds_of(obj.decision, obj.comment)
        return "; ".join([ground.title for ground in grounds] + [f"“{reason}”" for reason in written]) or "—"

    @admin.display(description="appeal")
    def text_excerpt(self, obj):
        return obj.text if len(obj.text) <= 120 else f"{obj.text[:120]}…"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            "can_decide": can_moderate(request.user),
            "reply_max_length": REPLY_MAX_LENGTH,
            **(extra_context or {}),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        decide = path(
            "<int:object_id>/decide/", self.admin_site.admin_view(self.decide_view), name="moderation_appeal_decide"
        )
        return [decide, *super().get_urls()]

    @moderators_posting
    def decide_view(self, request, object_id):
        """Reverse or uphold one appeal, with the moderator's answer to the author."""
        appeal = get_object_or_404(Appeal, pk=object_id)
        back = reverse("admin:moderation_appeal_change", args=[appeal.pk])
        outcome = request.POST.get("outcome", "")
        if outcome not in Appeal.Outcome.values:
            messages.error(request, "Choose to reverse or uphold the decision. Nothing was changed.")
            return HttpResponseRedirect(back)
        reply = (request.POST.get("reply") or "").strip()[:REPLY_MAX_LENGTH]
        try:
            appeals.decide_appeal(appeal.pk, outcome, moderator=request.user, reply=reply)
        except appeals.AppealRefused as refused:
            messages.error(request, f"Not applied: {refused}")
            return HttpResponseRedirect(back)
        messages.success(request, f"Appeal decided: {Appeal.Outcome(outcome).label.lower()}. The author is told.")
        return HttpResponseRedirect(reverse("admin:moderation_appeal_changelist"))
