"""The rules the checks apply (words, phrases, regexes, domains, e-mails, IPs); each shows what it would catch."""

from django import forms
from django.contrib import admin, messages
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator

from comments.models import Comment

from ..models import Rule
from .permissions import ModeratorsOnly
from .rule_preview import recent_matches


class RuleForm(forms.ModelForm):
    class Meta:
        model = Rule
        fields = ["kind", "pattern", "action", "note", "is_active"]

    def clean(self):
        cleaned = super().clean()
        if self.errors or cleaned.get("kind") != Rule.Kind.REGEX:
            return cleaned
        # Rule.clean has tried the crafted texts; the readers' own recent comments are the other test.
        candidate = Rule(
            pk=self.instance.pk, kind=Rule.Kind.REGEX, pattern=cleaned["pattern"], action=cleaned["action"]
        )
        preview = self.preview = recent_matches(candidate)
        if preview.timed_out:
            raise forms.ValidationError(
                {
                    "pattern": f"This pattern ran out of time on {preview.timed_out} of the latest "
                    f"{preview.looked_at} comments; write it without a repeat inside a repeat."
                }
            )
        return cleaned


@admin.register(Rule)
class RuleAdmin(ModeratorsOnly, admin.ModelAdmin):
    form = RuleForm
    list_display = ["pattern", "kind", "action", "is_active", "note", "created_by", "updated_at"]
    list_filter = ["is_active", "kind", "action"]
    list_editable = ["is_active"]
    search_fields = ["pattern", "note"]
    list_select_related = ["created_by"]
    fields = ["kind", "pattern", "action", "note", "is_active", "preview", "created_by", "created_at", "updated_at"]
    readonly_fields = ["preview", "created_by", "created_at", "updated_at"]

    @admin.display(description="would have matched")
    def preview(self, obj):
        if obj is None or not obj.pk:
            return "Save the rule (“Save and continue editing”) to see the recent comments it would have matched."
        preview = recent_matches(obj)
        for row in preview.rows:
            row["excerpt"] = Truncator(row["body"]).chars(120)
            row["status_label"] = Comment.Status(row["status"]).label
        return render_to_string("admin/moderation/rule/_preview.html", {"preview": preview})

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        # A regular expression was previewed while the form was checked; other kinds are cheap.
        preview = getattr(form, "preview", None) or recent_matches(obj)
        link = reverse("admin:moderation_rule_change", args=[obj.pk])
        self.message_user(
            request,
            format_html(
                'Preview: this rule would have matched {} of the latest {} comments. <a href="{}">See them</a>.',
                preview.total,
                preview.looked_at,
                link,
            ),
            messages.INFO,
        )
