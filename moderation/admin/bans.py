"""Bans on an account, an e-mail address or an IP address / network, until a date or for ever."""

from django.contrib import admin
from django.db.models import Q
from django.utils import timezone

from ..models import Ban
from .permissions import ModeratorsOnly


class ActiveFilter(admin.SimpleListFilter):
    title = "in force"
    parameter_name = "active"

    def lookups(self, request, model_admin):
        return [("yes", "In force"), ("no", "Expired")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.active()
        if self.value() == "no":
            return queryset.filter(Q(expires_at__isnull=False) & Q(expires_at__lte=timezone.now()))
        return queryset


@admin.register(Ban)
class BanAdmin(ModeratorsOnly, admin.ModelAdmin):
    list_display = ["target", "kind", "reason", "expires_at", "in_force", "created_by", "created_at"]
    list_filter = [ActiveFilter, "kind", "created_at"]
    search_fields = ["value", "user__username", "reason"]
    search_help_text = "An e-mail address, an IP address or network, a user name or a reason."
    raw_id_fields = ["user"]
    list_select_related = ["user", "created_by"]
    fields = ["kind", "user", "value", "reason", "expires_at", "created_by", "created_at"]
    readonly_fields = ["created_by", "created_at"]
    date_hierarchy = "created_at"

    @admin.display(description="banned")
    def target(self, obj):
        return obj.user.get_username() if obj.kind == Ban.Kind.USER and obj.user_id else obj.value

    @admin.display(description="in force", boolean=True)
    def in_force(self, obj):
        return obj.expires_at is None or obj.expires_at > timezone.now()

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
