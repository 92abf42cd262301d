"""Who may use the moderation API: the admin's moderators, by token or by a session that passed the second factor."""

from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.permissions import BasePermission
from rest_framework.views import APIView

from comments.api.parsers import BoundedJSONParser
from comments.api.throttles import ClientAnonThrottle, ClientUserThrottle
from comments.models import Comment
from core.second_factor import second_factor_ok

from ..admin.permissions import can_moderate

Status = Comment.Status


class CanModerate(BasePermission):
    """The admin's rule: staff holding `comments.moderate_comment` (neither staff status nor the permission alone)."""

    message = "Only moderators (staff with the permission comments.moderate_comment) may use the moderation API."

    def has_permission(self, request, view):
        user = request.user
        if not can_moderate(user):
            return False
        if isinstance(request.successful_authenticator, SessionAuthentication) and not second_factor_ok(user):
            self.message = "This session has not given the second factor: log in to the admin with your code first."
            return False
        return True


class ModeratorAPIView(APIView):
    # Token first, so an anonymous client is told how to authenticate (401 with WWW-Authenticate).
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [CanModerate]
    throttle_classes = [ClientAnonThrottle, ClientUserThrottle]
    parser_classes = [BoundedJSONParser]
