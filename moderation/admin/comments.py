"""The comment changelist is the moderators' console; the change page shows why and who, with decision buttons."""

from django.contrib import admin, messages
from django.db.models import Count, JSONField, OuterRef, Q, Subquery
from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from comments.models import Comment, normalize_email

from .. import queues, services
from ..models import Decision
from . import display
from .actions import (
    CONSOLE_ACTIONS,
    SEEN_FIELD,
    ModerationActionForm,
    ban_addresses_of,
    ban_authors_of,
    describe_outcome,
)
from .erasures import erase_commenters
from .filters import QueueFilter, ReasonFilter, SectionFilter, queue_tabs
from .permissions import DecidedElsewhere, ModeratorsOnly, can_moderate, moderators_posting

Status = Comment.Status
HISTORY_LIMIT = 20
THREAD_CONTEXT = 3


class ArticleFilter(admin.SimpleListFilter):
    """Articles with comments in the current queue, busiest first (not every article ever published)."""

    title = "article"
    parameter_name = "article"
    LIMIT = 20

    def lookups(self, request, model_admin):
        queue = QueueFilter(request, request.GET.copy(), Comment, model_admin)
        busiest = (
            queue.queryset(request, Comment.objects.all())
            .values("article_id", "article__headline")
            .annotate(n=Count("pk"))
            .order_by("-n")[: self.LIMIT]
        )
        return [(str(row["article_id"]), f"{row['article__headline']} ({row['n']})") for row in busiest]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(article_id=self.value())
        return queryset


class CommentAdmin(DecidedElsewhere, ModeratorsOnly, admin.ModelAdmin):
    """Comments are read and decided here, never edited, added or deleted."""

    change_list_template = "admin/comments/comment/change_list.html"
    change_form_template = "admin/comments/comment/change_form.html"
    list_display = ["excerpt", "article_link", "author", "status_seen", "reasons", "score", "reports_n", "age"]
    list_display_links = ["excerpt"]
    list_filter = [QueueFilter, ArticleFilter, SectionFilter, ReasonFilter]
    search_fields = ["body", "author_name", "author_email", "ip_address", "user__username"]
    search_help_text = "Search the text, the author's name, e-mail address, account or IP address."
    date_hierarchy = "created_at"
    ordering = queues.QUEUE_ORDER
    list_select_related = ["article__section", "assessment", "user"]
    actions = [*CONSOLE_ACTIONS, erase_commenters]
    action_form = ModerationActionForm
    show_full_result_count = False
    fieldsets = [
        ("Comment", {"fields": ["rendered", "raw_body", "status_badge", "created_at", "published_at", "decided_at"]}),
        ("Earlier texts", {"fields": ["revisions"]}),
        ("Why it is here", {"fields": ["signals"]}),
        ("Author", {"fields": ["author_details", "history"]}),
        ("Article and thread", {"fields": ["article_link", "thread"]}),
        ("Reports", {"fields": ["reports"]}),
        ("Audit trail", {"fields": ["audit_trail"]}),
    ]
    readonly_fields = [
        "revisions",
        "rendered",
        "raw_body",
        "status_badge",
        "created_at",
        "published_at",
        "decided_at",
        "signals",
        "author_details",
        "history",
        "article_link",
        "thread",
        "reports",
        "audit_trail",
    ]

    class Media:
        css = {"all": ["moderation/admin.css"]}

    # --- the list -------------------------------------------------------------------------

    def get_queryset(self, request):
        last_reasons = Decision.objects.filter(comment=OuterRef("pk")).order_by("-created_at", "-id").values("reasons")
        return (
            super()
            .get_queryset(request)
            .annotate(last_reasons=Subquery(last_reasons[:1], output_field=JSONField()))
            .defer("user_agent")
        )

    def changelist_view(self, request, extra_context=None):
        tabs = queue_tabs(request)
        current = next(tab for tab in tabs if tab["current"])
        extra_context = {"queue_tabs": tabs, "title": f"{current['label']} comments", **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    @admin.display(description="comment")
    def excerpt(self, obj):
        return display.excerpt(obj)

    @admin.display(description="article", ordering="article__headline")
    def article_link(self, obj):
        return format_html(
            '<a href="{}">{}</a> <span class="mod-muted">{}</span>',
            obj.article.get_absolute_url(),
            obj.article.headline,
            obj.article.section.name,
        )

    @admin.display(description="author", ordering="author_name")
    def author(self, obj):
        if obj.user_id:
            return format_html('{} <span class="mod-muted">@{}</span>', obj.author_name, obj.user.get_username())
        return format_html('{} <span class="mod-muted">anonymous</span>', obj.author_name)

    @admin.display(description="status", ordering="status")
    def status_badge(self, obj):
        return display.status_badge(obj.status, obj.get_status_display())

    @admin.display(description="status", ordering="status")
    def status_seen(self, obj):
        # The status this row is shown in goes back with an action, so a comment decided meanwhile is refused.
        return format_html(
            '{}<input type="hidden" name="{}" value="{}:{}">', self.status_badge(obj), SEEN_FIELD, obj.pk, obj.status
        )

    @admin.display(description="reasons")
    def reasons(self, obj):
        seen = list(getattr(obj, "last_reasons", None) or [])
        assessment = _assessment(obj)
        for reason in (assessment.reasons if assessment else None) or []:
            if reason not in seen:
                seen.append(reason)
        return display.reasons_list(seen)

    @admin.display(description="score", ordering="spam_score")
    def score(self, obj):
        return display.score(obj.spam_score)

    @admin.display(description="reports", ordering="report_count")
    def reports_n(self, obj):
        return obj.report_count

    @admin.display(description="age", ordering="created_at")
    def age(self, obj):
        return display.age(obj.created_at)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # a deletion would bypass the audit log and the counts
        return actions

    # --- the change page ----------------------------------------------------------------

    @admin.display(description="raw text")
    def raw_body(self, obj):
        return format_html('<pre class="mod-raw">{}</pre>', obj.body)

    @admin.display(description="as published")
    def rendered(self, obj):
        # body_html is rendered and sanitized once, at save (comments.markup): the one safe field.
        return format_html('<div class="mod-rendered">{}</div>', _sanitized(obj.body_html))

    @admin.display(description="signals")
    def signals(self, obj):
        assessment = _assessment(obj)
        return render_to_string(
            "admin/comments/comment/_signals.html",
            {
                "assessment": assessment,
                "summary": display.summary_line(assessment),
                "signals": [display.normalise_signal(s) for s in (assessment.signals if assessment else [])],
                "comment": obj,
            },
        )

    @admin.display(description="author")
    def author_details(self, obj):
        return render_to_string("admin/comments/comment/_author.html", {"comment": obj})

    @admin.display(description="history")
    def history(self, obj):
        same = Q(pk__in=[])
        if obj.user_id:
            same |= Q(user_id=obj.user_id)
        if obj.author_email:
            same |= Q(author_email=normalize_email(obj.author_email))
        if obj.ip_address:
            same |= Q(ip_address=obj.ip_address)
        others = Comment.objects.filter(same).exclude(pk=obj.pk)
        by_status = dict(others.values_list("status").annotate(n=Count("pk")).order_by())
        rows = []
        for other in others.select_related("article").order_by("-created_at", "-id")[:HISTORY_LIMIT]:
            matched = []
            if obj.user_id and other.user_id == obj.user_id:
                matched.append("account")
            if obj.author_email and other.author_email.lower() == obj.author_email.lower():
                matched.append("e-mail")
            if obj.ip_address and other.ip_address == obj.ip_address:
                matched.append("IP")
            rows.append({"comment": other, "matched": ", ".join(matched), "excerpt": display.excerpt(other, 90)})
        totals = [(Status(s).label, n) for s, n in sorted(by_status.items(), key=lambda item: -item[1])]
        return render_to_string(
            "admin/comments/comment/_history.html",
            {"rows": rows, "totals": totals, "total": sum(by_status.values()), "limit": HISTORY_LIMIT},
        )

    @admin.display(description="thread")
    def thread(self, obj):
        around = Comment.objects.filter(article_id=obj.article_id).select_related("parent")
        before = list(around.filter(pk__lt=obj.pk).order_by("-pk")[:THREAD_CONTEXT])[::-1]
        after = list(around.filter(pk__gt=obj.pk).order_by("pk")[:THREAD_CONTEXT])
        replies = list(Comment.objects.filter(parent_id=obj.pk).order_by("pk")[:10])

        def row(comment, where):
            return {"comment": comment, "where": where, "excerpt": display.excerpt(comment, 120)}

        return render_to_string(
            "admin/comments/comment/_thread.html",
            {
                "parent": row(obj.parent, "answers") if obj.parent_id and obj.parent else None,
                "rows": [row(c, "before") for c in before] + [row(obj, "this")] + [row(c, "after") for c in after],
                "replies": [row(c, "reply") for c in replies],
            },
        )

    @admin.display(description="reports")
    def reports(self, obj):
        return render_to_string(
            "admin/comments/comment/_reports.html",
            {"reports": obj.reports.select_related("user").order_by("-created_at")[:50]},
        )

    @admin.display(description="revisions")
    def revisions(self, obj):
        """Every text the author replaced by an edit, oldest first; the current one is above."""
        edited = f"Edited by its author on {obj.edited_at:%d %b %Y %H:%M}. " if obj.edited_at else ""
        if obj.deleted_by_author_at:
            edited = f"Deleted by its author on {obj.deleted_by_author_at:%d %b %Y %H:%M}: its texts are gone. "
        return render_to_string(
            "admin/comments/comment/_revisions.html", {"revisions": obj.revisions.all(), "summary": edited}
        )

    @admin.display(description="decisions")
    def audit_trail(self, obj):
        return render_to_string(
            "admin/comments/comment/_audit.html",
            {"decisions": obj.decisions.select_related("actor").order_by("-created_at", "-id")},
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            "decisions": [(d.name, d.button) for d in services.MODERATOR_DECISIONS.values() if d.in_console],
            "pick_changes": [(change.name, change.button) for change in services.PICK_CHANGES.values()],
            "can_decide": can_moderate(request.user),
            **(extra_context or {}),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    # --- decision buttons -----------------------------------------------------------------

    def get_urls(self):
        return [
            path(
                "<int:object_id>/decide/",
                self.admin_site.admin_view(self.decide_view),
                name="comments_comment_decide",
            ),
            *super().get_urls(),
        ]

    def decide_view(self, request, object_id):
        return _decide_view(self, request, object_id)


def _sanitized(body_html):
    # Rendered through the markup renderer and nh3 at save: never the reader's raw input.
    return mark_safe(body_html)


def _assessment(comment):
    try:
        return comment.assessment
    except Comment.assessment.RelatedObjectDoesNotExist:
        return None


@moderators_posting
def _decide_view(model_admin, request, object_id):
    """One decision on one comment, refused if the status changed since the moderator opened the page."""
    comment = get_object_or_404(Comment, pk=object_id)
    back = reverse("admin:comments_comment_change", args=[comment.pk])
    decision = request.POST.get("decision", "")
    seen = request.POST.get("seen_status", "")
    if seen not in Status.values:
        return _bad_seen_status(seen)
    reason = (request.POST.get("reason") or "").strip()[:300]
    if decision in ("ban_author", "ban_ip"):
        return _ban_from_page(model_admin, request, comment, decision, seen, reason, back)
    if decision in services.PICK_CHANGES:
        change = services.PICK_CHANGES[decision]
        outcome = services.set_picks([comment.pk], change, actor=request.user)
        if outcome.refused:
            messages.error(request, f"Not applied: {outcome.refused[comment.pk]}.")
        else:
            now = "now" if change.picked else "no longer"
            messages.success(request, f"The comment is {now} an editors' pick.")
        return HttpResponseRedirect(back)
    chosen = services.MODERATOR_DECISIONS.get(decision)
    if chosen is None or not chosen.in_console:
        messages.error(request, "Choose a decision.")
        return HttpResponseRedirect(back)
    try:
        chosen.apply(comment.pk, actor=request.user, reasons=[reason] if reason else [], expected_from=[seen])
    except services.DecisionRefused as refused:
        messages.error(
            request,
            f"Not applied: {refused}. Someone else decided this comment a moment ago; look at the audit trail.",
        )
    else:
        messages.success(request, f"Comment {chosen.done}.")
    return HttpResponseRedirect(back)


def _bad_seen_status(seen):
    """The page's form says the status the moderator saw; without it nothing is decided (or banned)."""
    shown = seen if len(seen) <= 40 else f"{seen[:40]}…"
    what = f"seen_status {shown!r} is not a comment status" if seen else "the form did not say which status you saw"
    return HttpResponseBadRequest(
        f"Nothing was decided: {what} (one of {', '.join(Status.values)}). "
        "Reload the comment's page and press the button again.",
        content_type="text/plain; charset=utf-8",
    )


def _ban_from_page(model_admin, request, comment, decision, seen, reason, back):
    row = [(comment.pk, comment.status, comment.user_id, comment.author_email, comment.ip_address)]
    why = reason or "banned from the moderation console"
    ban = ban_authors_of if decision == "ban_author" else ban_addresses_of
    new, already = ban(row, request.user, why)
    if not new and not already:
        messages.warning(request, "Nothing to ban: this comment has no account, e-mail or IP address recorded.")
        return HttpResponseRedirect(back)
    messages.success(request, f"{new} ban(s) added" + (f", {already} already in place" if already else "") + ".")
    if seen in (Status.HELD, Status.PUBLISHED):
        outcome = services.decide_many(
            [comment.pk],
            Status.REJECTED,
            action="ban",
            actor=request.user,
            reasons=[f"author banned: {why}"],
            expected_from=[seen],
        )
        messages.info(request, describe_outcome(outcome, "rejected").capitalize() + ".")
    return HttpResponseRedirect(back)


admin.site.register(Comment, CommentAdmin)
