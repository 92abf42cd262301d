"""The console's filters: the queues (with their sizes), the section and the reason a comment was held."""

import re
from collections import Counter

from django.contrib import admin

from newsite.models import Section

from .. import queues
from ..models import Assessment

DEFAULT_QUEUE = "held"


def queue_sizes(request=None):
    """Every queue's size in one query (once per request: the tabs and the filter share it)."""
    cached = getattr(request, "_moderation_queue_sizes", None)
    if cached is not None:
        return cached
    sizes = queues.count_now(queues.QUEUES)
    if request is not None:
        request._moderation_queue_sizes = sizes
    return sizes


def queue_tabs(request):
    current = current_queue(request)
    sizes = queue_sizes(request)
    return [
        {"key": key, "label": queue.label, "size": sizes[key], "current": key == current}
        for key, queue in queues.QUEUES.items()
    ]


def current_queue(request):
    key = request.GET.get(QueueFilter.parameter_name, DEFAULT_QUEUE)
    return key if key in queues.QUEUES else DEFAULT_QUEUE


def expected_statuses(request):
    """The statuses the moderator saw the selected comments in: anything else was decided meanwhile."""
    return queues.QUEUES[current_queue(request)].expected


class ExplicitChoices:
    """Mixed into a SimpleListFilter whose every choice is a lookup of its own: no stock "All", and no parameter
    means the `default` lookup, where the list opens."""

    default = ""

    def value(self):
        value = super().value()
        return value if value in dict(self.lookup_choices) else self.default

    def choices(self, changelist):
        for key, title in self.lookup_choices:
            yield {
                "selected": self.value() == key,
                "query_string": changelist.get_query_string({self.parameter_name: key}),
                "display": title,
            }


class QueueFilter(ExplicitChoices, admin.SimpleListFilter):
    """Held, Reported, Spam, … and All, each with its size; the console opens on Held."""

    title = "queue"
    parameter_name = "queue"
    default = DEFAULT_QUEUE

    def lookups(self, request, model_admin):
        sizes = queue_sizes(request)
        return [(key, f"{queue.label} ({sizes[key]})") for key, queue in queues.QUEUES.items()]

    def queryset(self, request, queryset):
        return queryset.filter(queues.QUEUES[self.value()].condition)


class SectionFilter(admin.SimpleListFilter):
    title = "section"
    parameter_name = "section"

    def lookups(self, request, model_admin):
        return [(str(section.pk), section.name) for section in Section.objects.all()]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(article__section_id=self.value())
        return queryset


REASON_SAMPLE = 1000
REASON_CHOICES = 12
_NUMBERS = re.compile(r"[-+]?\d[\d.,:%]*")


def reason_key(reason):
    """'4 links' → 'links', 'spam score 0.81' → 'spam score': the reason without its numbers."""
    return " ".join(_NUMBERS.sub(" ", str(reason)).split()).strip(" :;,-")


class ReasonFilter(admin.SimpleListFilter):
    """The most common reasons among recent checks, numbers left out so '3 links' and '4 links' group."""

    title = "reason"
    parameter_name = "reason"

    def lookups(self, request, model_admin):
        recent = Assessment.objects.order_by("-checked_at").values_list("reasons", flat=True)[:REASON_SAMPLE]
        counter = Counter(
            key for reasons in recent for key in {reason_key(reason) for reason in reasons or []} if len(key) > 2
        )
        return [(key, key) for key, _ in counter.most_common(REASON_CHOICES)]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(assessment__reasons__icontains=self.value())
        return queryset
