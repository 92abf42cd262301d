"""The console's bulk actions: every decision goes through `services.decide_many`; bans are written here.

Each row of the list carries the status it was shown in (`SEEN_FIELD`, written by the status
column), and an action sends those back: a comment someone else decided since the page was
drawn is refused, from any tab, "All" too. Rows ticked with "select all" beyond the page were
seen as the queue's statuses; in "All" such rows were never seen, and are refused.
"""

import ipaddress

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.utils.text import capfirst

from comments.models import Comment

from .. import services
from ..models import Ban
from .filters import expected_statuses

Status = Comment.Status


class ModerationActionForm(helpers.ActionForm):
    """The stock action bar plus an optional reason, stored with every decision and ban, and shown to the comments'
    authors in their statement of reasons (moderation.statements)."""

    reason = forms.CharField(
        required=False,
        max_length=300,
        label="Reason (optional; its author is shown it)",
        widget=forms.TextInput(attrs={"size": 30, "placeholder": "e.g. off-topic, advertising"}),
    )


def action_reason(request):
    return (request.POST.get("reason") or "").strip()[:300]


def selected_ids(request, queryset):
    """The ids the moderator ticked, even those the current queue no longer shows (decided meanwhile)."""
    if request.POST.get("select_across") == "1":
        return list(queryset.values_list("pk", flat=True))
    return [int(pk) for pk in request.POST.getlist(helpers.ACTION_CHECKBOX_NAME) if pk.isdigit()]


SEEN_FIELD = "seen_status"


def seen_statuses(request, ids):
    """comment id -> the statuses the moderator saw it in: its row's, else the queue's (rows beyond the page).

    Ids seen in neither (beyond the page of "All") are left out, and the service refuses them.
    """
    rows = {}
    for value in request.POST.getlist(SEEN_FIELD):
        pk, _, status = value.partition(":")
        if pk.isdigit() and status in Status.values:
            rows[int(pk)] = [status]
    queue = expected_statuses(request)
    return {pk: rows.get(pk, queue) for pk in ids if pk in rows or queue}


def plural(count, singular, plural_form=None):
    return f"{count} {singular if count == 1 else (plural_form or singular + 's')}"


def describe_outcome(outcome, done):
    """'12 comments published, 1 had already been decided by someone else'."""
    parts = [f"{plural(len(outcome.decided), 'comment')} {done}"]
    raced = [why for why in outcome.refused.values() if why.startswith("already")]
    unseen = [why for why in outcome.refused.values() if why == services.NOT_SEEN]
    other = [why for why in outcome.refused.values() if not why.startswith("already") and why != services.NOT_SEEN]
    if raced:
        parts.append(f"{len(raced)} had already been decided by someone else")
    if unseen:
        parts.append(f"{len(unseen)} not shown on your page were left alone (choose a queue to act on all of it)")
    if other:
        parts.append(f"{len(other)} could not be {done} ({'; '.join(sorted(set(other)))})")
    return ", ".join(parts)


def report(modeladmin, request, outcome, done):
    level = messages.SUCCESS if outcome.decided and not outcome.refused else messages.WARNING
    if not outcome.decided and outcome.refused:
        level = messages.ERROR
    modeladmin.message_user(request, capfirst(describe_outcome(outcome, done)), level)


def decide_selected(modeladmin, request, ids, decision, reasons=None):
    """`decision`: a name in services.MODERATOR_DECISIONS."""
    chosen = services.MODERATOR_DECISIONS[decision]
    reason = action_reason(request)
    outcome = chosen.apply_many(
        ids,
        actor=request.user,
        reasons=reasons if reasons is not None else ([reason] if reason else []),
        expected_from=seen_statuses(request, ids),
    )
    report(modeladmin, request, outcome, chosen.done)
    return outcome


def _decision_action(decision):
    def action(modeladmin, request, queryset):
        decide_selected(modeladmin, request, selected_ids(request, queryset), decision.name)

    action.__name__ = f"{decision.name}_selected"
    return admin.action(description=decision.menu, permissions=["moderate"])(action)


DECISION_ACTIONS = [_decision_action(d) for d in services.MODERATOR_DECISIONS.values() if d.in_console]


# --- bans ---------------------------------------------------------------------------

VISIBLE_OR_WAITING = {Status.PUBLISHED, Status.HELD}


def _reject_banned(modeladmin, request, rows, why):
    """Take the banned authors' selected comments off the page or out of the queue."""
    ids = [pk for pk, status, *_ in rows if status in VISIBLE_OR_WAITING]
    outcome = services.decide_many(
        ids, Status.REJECTED, action="ban", actor=request.user, reasons=[why], expected_from=seen_statuses(request, ids)
    )
    if ids:
        report(modeladmin, request, outcome, "rejected")


def ban_authors_of(rows, actor, reason):
    """Ban the accounts and e-mail addresses behind `rows` (pk, status, user_id, email, ip); returns (new, already)."""
    users = {user_id for _, _, user_id, _, _ in rows if user_id}
    emails = {email.strip().lower() for _, _, _, email, _ in rows if email}
    active = Ban.objects.active()
    banned_users = set(active.filter(kind=Ban.Kind.USER, user_id__in=users).values_list("user_id", flat=True))
    banned_emails = set(active.filter(kind=Ban.Kind.EMAIL, value__in=emails).values_list("value", flat=True))
    new = [
        Ban(kind=Ban.Kind.USER, user_id=user_id, reason=reason, created_by=actor)
        for user_id in sorted(users - banned_users)
    ] + [
        Ban(kind=Ban.Kind.EMAIL, value=email, reason=reason, created_by=actor)
        for email in sorted(emails - banned_emails)
    ]
    Ban.objects.bulk_create(new)
    return len(new), len(banned_users) + len(banned_emails)


def ban_addresses_of(rows, actor, reason):
    """Ban the IP addresses behind `rows`, skipping those an active ban already covers; returns (new, already)."""
    addresses = {ipaddress.ip_address(ip) for *_, ip in rows if ip}
    networks = []
    for value in Ban.objects.active().filter(kind=Ban.Kind.IP).values_list("value", flat=True):
        try:
            networks.append(ipaddress.ip_network(value, strict=False))
        except ValueError:
            continue
    covered = {a for a in addresses if any(a.version == n.version and a in n for n in networks)}
    new = [
        Ban(kind=Ban.Kind.IP, value=str(ipaddress.ip_network(a)), reason=reason, created_by=actor)
        for a in sorted(addresses - covered, key=str)
    ]
    Ban.objects.bulk_create(new)
    return len(new), len(covered)


def _selected_rows(request, queryset):
    ids = selected_ids(request, queryset)
    return list(Comment.objects.filter(pk__in=ids).values_list("pk", "status", "user_id", "author_email", "ip_address"))


def _ban_action(modeladmin, request, queryset, *, ban, what, nothing):
    rows = _selected_rows(request, queryset)
    reason = action_reason(request) or "banned from the moderation console"
    new, already = ban(rows, request.user, reason)
    if not new and not already:
        modeladmin.message_user(request, nothing, messages.WARNING)
        return
    text = f"{plural(new, *what)} banned"
    if already:
        text += f", {already} already banned"
    modeladmin.message_user(request, text, messages.SUCCESS)
    _reject_banned(modeladmin, request, rows, f"author banned: {reason}")


@admin.action(description="Ban the authors (account and e-mail) and reject these comments", permissions=["moderate"])
def ban_authors(modeladmin, request, queryset):
    _ban_action(
        modeladmin,
        request,
        queryset,
        ban=ban_authors_of,
        what=("author identity", "author identities"),
        nothing="These comments have neither an account nor an e-mail address to ban; ban the IP instead.",
    )


@admin.action(description="Ban the IP addresses and reject these comments", permissions=["moderate"])
def ban_ips(modeladmin, request, queryset):
    _ban_action(
        modeladmin,
        request,
        queryset,
        ban=ban_addresses_of,
        what=("IP address", "IP addresses"),
        nothing="These comments have no IP address recorded.",
    )


def _pick_action(change):
    def action(modeladmin, request, queryset):
        outcome = services.set_picks(selected_ids(request, queryset), change, actor=request.user)
        report(modeladmin, request, outcome, change.done)

    action.__name__ = f"{change.name}_selected"
    return admin.action(description=change.menu, permissions=["moderate"])(action)


PICK_ACTIONS = [_pick_action(change) for change in services.PICK_CHANGES.values()]


CONSOLE_ACTIONS = [
    *DECISION_ACTIONS,
    *PICK_ACTIONS,
    ban_authors,
    ban_ips,
]
