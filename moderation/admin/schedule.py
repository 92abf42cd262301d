"""The moderators' schedule in the admin: shifts, holidays, sections' off-shift policies, the log of mode changes."""

from django.conf import settings
from django.contrib import admin
from django.utils import timezone

from newsite.models import CommentModeChange

from ..models import Holiday, OffShiftPolicy, Shift
from ..schedule import DeskSchedule
from .permissions import DecidedElsewhere, ModeratorsOnly

IN_SITE_TIME = f"Times are the site's wall-clock time ({settings.TIME_ZONE}), summer time included."


class ScheduleAdmin(ModeratorsOnly, admin.ModelAdmin):
    def changelist_view(self, request, extra_context=None):
        extra_context = {"desk_now": desk_now(), **(extra_context or {})}
        return super().changelist_view(request, extra_context)


def desk_now():
    """ "On shift until Monday 03 March 22:00." for the lists' heading."""
    schedule, now = DeskSchedule.from_database(), timezone.now()
    if not schedule.has_shifts:
        return "No shifts entered: the site never treats itself as unstaffed."
    state = "On shift" if schedule.is_staffed(now) else "Off shift"
    change = schedule.next_change(now)
    return f"{state} until {timezone.localtime(change):%A %d %B %H:%M}." if change else f"{state}."


@admin.register(Shift)
class ShiftAdmin(ScheduleAdmin):
    list_display = ["weekday", "starts_at", "ends_at"]
    list_filter = ["weekday"]
    fieldsets = [(None, {"fields": ["weekday", "starts_at", "ends_at"], "description": IN_SITE_TIME})]
    change_list_template = "admin/moderation/schedule_change_list.html"


@admin.register(Holiday)
class HolidayAdmin(ScheduleAdmin):
    list_display = ["date", "name"]
    date_hierarchy = "date"
    change_list_template = "admin/moderation/schedule_change_list.html"


@admin.register(OffShiftPolicy)
class OffShiftPolicyAdmin(ScheduleAdmin):
    list_display = ["section", "action", "recent_hours"]
    list_select_related = ["section"]
    change_list_template = "admin/moderation/schedule_change_list.html"


class ChangedByFilter(admin.SimpleListFilter):
    title = "changed by"
    parameter_name = "by"

    def lookups(self, request, model_admin):
        return [("schedule", "the schedule"), ("person", "a person")]

    def queryset(self, request, queryset):
        if self.value() in ("schedule", "person"):
            return queryset.filter(actor__isnull=self.value() == "schedule")
        return queryset


@admin.register(CommentModeChange)
class CommentModeChangeAdmin(DecidedElsewhere, ModeratorsOnly, admin.ModelAdmin):
    """Every change of an article's comment mode, by a person or by the schedule: read-only."""

    list_display = ["created_at", "article", "who", "from_mode", "to_mode", "reason"]
    list_filter = [ChangedByFilter, "to_mode", "created_at"]
    list_select_related = ["article", "actor"]
    search_fields = ["article__headline", "actor__username"]
    date_hierarchy = "created_at"
    show_full_result_count = False
    fields = ["created_at", "article", "who", "from_mode", "to_mode", "reason"]
    readonly_fields = fields

    @admin.display(description="who", ordering="actor__username")
    def who(self, obj):
        return obj.actor_name
