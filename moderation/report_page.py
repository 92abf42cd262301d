"""The transparency report in the admin: a period chosen in a form, the figures in tables, a CSV download."""

import csv
import datetime

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.http import urlencode

from . import transparency
from .admin.permissions import can_moderate

DEFAULT_DAYS = 30


class PeriodForm(forms.Form):
    since = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("since") and cleaned.get("until") and cleaned["until"] < cleaned["since"]:
            raise forms.ValidationError(
                "The period ends before it starts: the second date must not be before the first."
            )
        return cleaned


def last_days(days=DEFAULT_DAYS):
    today = timezone.localdate()
    return {"since": today - datetime.timedelta(days=days - 1), "until": today}


def report_view(request):
    if not can_moderate(request.user):
        raise PermissionDenied
    form = PeriodForm(request.GET if "since" in request.GET or "until" in request.GET else None, initial=last_days())
    if form.is_bound:
        period = form.cleaned_data if form.is_valid() else None
    else:
        period = last_days()
        form = PeriodForm(data={key: value.isoformat() for key, value in period.items()})
        form.is_valid()
    report = transparency.build(period["since"], period["until"]) if period else None
    if report is not None and request.GET.get("format") == "csv":
        return csv_response(report)
    context = {
        **admin.site.each_context(request),
        "title": "Transparency report",
        "form": form,
        **(transparency.context(report) if report else {}),
    }
    if report is not None:
        context["csv_query"] = urlencode(
            {"since": report.since.isoformat(), "until": report.until.isoformat(), "format": "csv"}
        )
    return TemplateResponse(request, "admin/moderation/report.html", context, status=200 if period else 400)


def csv_response(report):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="moderation-report-{report.since}-{report.until}.csv"'
    csv.writer(response).writerows(transparency.csv_rows(report))
    return response
