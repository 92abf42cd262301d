"""A queue's filters (django-filter): by article, section, account and posting time.

Stricter than django-filter's defaults, like the rest of the API: a parameter it does not know is
a 400 naming it (a typo must not silently return the whole queue), and so is an empty value
(django-filter would ignore it) or a value of the wrong kind.
"""

from datetime import UTC

import django_filters
from django import forms
from django.forms.utils import ErrorDict, ErrorList

from comments.api.serializers import MAX_ID
from comments.models import Comment

UNKNOWN = "Unknown field: this endpoint does not accept it."
BLANK = "Give a value, or leave the parameter out."


class SlugFilter(django_filters.CharFilter):
    field_class = forms.SlugField


class IdFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class InstantFilter(django_filters.IsoDateTimeFilter):
    """An ISO 8601 time, compared in UTC: any offset a client writes (+17:17 is valid ISO 8601) reaches the
    database as UTC, which PostgreSQL's timestamptz accepts only within ±15:59."""

    def filter(self, qs, value):
        return super().filter(qs, value.astimezone(UTC) if value is not None else value)


class QueueFilter(django_filters.FilterSet):
    article = SlugFilter(field_name="article__slug", help_text="Only comments on this article (its slug).")
    section = SlugFilter(field_name="article__section__slug", help_text="Only comments on this section's articles.")
    user = IdFilter(field_name="user_id", min_value=1, max_value=MAX_ID, help_text="Only this account's comments.")
    since = InstantFilter(field_name="created_at", lookup_expr="gte", help_text="Posted at or after (ISO 8601).")
    until = InstantFilter(field_name="created_at", lookup_expr="lt", help_text="Posted before (ISO 8601).")

    # Parameters the endpoint reads besides the filters (its pagination).
    other_parameters = frozenset({"page"})

    class Meta:
        model = Comment
        fields = ["article", "section", "user", "since", "until"]

    def unknown_parameters(self):
        return sorted(set(self.data) - set(self.filters) - self.other_parameters)

    def blank_parameters(self):
        return sorted(name for name in self.filters if name in self.data and not self.data[name].strip())

    def is_valid(self):
        return super().is_valid() and not self.unknown_parameters() and not self.blank_parameters()

    @property
    def errors(self):
        errors = ErrorDict(self.form.errors)
        for name in self.unknown_parameters():
            errors[name] = ErrorList([UNKNOWN])
        for name in self.blank_parameters():
            errors[name] = ErrorList([BLANK])
        return errors
