"""The audit log: every decision, by whom (or the system), read-only."""

from django.contrib import admin

from ..models import Decision
from . import display
from .permissions import DecidedElsewhere, ModeratorsOnly


class ModeratorFilter(admin.SimpleListFilter):
    """The people who decided something, and "system" — not every account on the site."""

    title = "moderator"
    parameter_name = "moderator"
    SYSTEM = "system"

    def lookups(self, request, model_admin):
        from django.contrib.auth import get_user_model

        User = get_user_model()
        actors = User.objects.filter(pk__in=Decision.objects.filter(actor__isnull=False).values("actor_id"))
        return [(self.SYSTEM, "system")] + [(str(user.pk), user.get_username()) for user in actors]

    def queryset(self, request, queryset):
        if self.value() == self.SYSTEM:
            return queryset.filter(actor__isnull=True)
        if self.value() and self.value().isdigit():
            return queryset.filter(actor_id=self.value())
        return queryset


class ActionFilter(admin.SimpleListFilter):
    title = "action"
    parameter_name = "action"

    def lookups(self, request, model_admin):
        actions = Decision.objects.order_by("action").values_list("action", flat=True).distinct()
        return [(action, action.replace("_", " ")) for action in actions]

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


@admin.register(Decision)
class DecisionAdmin(DecidedElsewhere, ModeratorsOnly, admin.ModelAdmin):
    list_display = ["created_at", "who", "action", "from_status", "to_status", "reasons_display", "comment_link"]
    list_filter = [ModeratorFilter, ActionFilter, "to_status", "created_at"]
    date_hierarchy = "created_at"
    search_fields = ["=comment__id", "action", "actor__username"]
    search_help_text = "A comment number, an action or a moderator's user name."
    list_select_related = ["actor", "comment"]
    show_full_result_count = False
    fields = ["created_at", "who", "action", "from_status", "to_status", "reasons_display", "comment_link"]
    readonly_fields = fields

    @admin.display(description="who", ordering="actor__username")
    def who(self, obj):
        return obj.actor_name

    @admin.display(description="reasons")
    def reasons_display(self, obj):
        return display.reasons_list(obj.reasons)

    @admin.display(description="comment")
    def comment_link(self, obj):
        return display.comment_link(obj.comment)
