"""Who may work the queues: superusers and staff holding `comments.moderate_comment` (the Moderators group)."""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed

MODERATE_PERMISSION = "comments.moderate_comment"


def can_moderate(user):
    return bool(user and user.is_active and user.is_staff and user.has_perm(MODERATE_PERMISSION))


class ModeratorsOnly:
    """Mixed into a ModelAdmin: on top of the model permissions, the user must be a moderator.

    Staff with only model permissions (an editor given `view_comment`, say) still see nothing.
    """

    def has_module_permission(self, request):
        return can_moderate(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return can_moderate(request.user) and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        return can_moderate(request.user) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return can_moderate(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return can_moderate(request.user) and super().has_delete_permission(request, obj)

    def has_moderate_permission(self, request):
        """For actions declared with `allowed_permissions = ["moderate"]`."""
        return can_moderate(request.user)


class DecidedElsewhere:
    """Mixed into a ModelAdmin whose rows change only through the moderation service: no add, edit or delete
    here (a deletion would bypass the audit log and the counts)."""

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def moderators_posting(view):
    """A decision button's view `view(model_admin, request, object_id)`: for moderators, by POST only."""

    @wraps(view)
    def guarded(model_admin, request, object_id):
        if not can_moderate(request.user):
            raise PermissionDenied
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        return view(model_admin, request, object_id)

    return guarded
