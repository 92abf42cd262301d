"""The moderation REST API: the queues with filters, one decision, many decisions.

For moderators only, by the same rule as the admin (`can_moderate`: an active staff account holding
`comments.moderate_comment`), with a token or a session (with ADMIN_REQUIRE_OTP, a session verified
by the second factor, as for the admin; a token is a credential of its own). Every decision goes
through `moderation.services`; a comment someone else decided first is a 409. Like the admin's
lists, answers carry no e-mail address or IP.

Every decision must carry `expected_status`: the status the client saw the comment in (the
`status` of the queue item it read). Without it the last of two moderators silently won. We
require it rather than default it from what the client last read: a server-side "last read"
would be per client and per comment, shared by every tab and tool using one token, and stale
whenever the client read the comment elsewhere, while a required field is what the client saw.
"""
