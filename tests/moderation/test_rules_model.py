"""A moderator's broken rule is refused when saved through a form (the admin's forms validate the same way)."""

import pytest
from django.forms import modelform_factory

from moderation.models import Rule

pytestmark = pytest.mark.django_db
RuleForm = modelform_factory(Rule, fields=["kind", "pattern", "action", "note", "is_active"])


def test_an_invalid_regular_expression_is_refused_with_the_reason():
    form = RuleForm(data={"kind": "regex", "pattern": "(unclosed", "action": "hold", "is_active": True})
    assert not form.is_valid()
    assert form.errors["pattern"][0].startswith("Invalid regular expression:")
    assert not Rule.objects.exists()


def test_an_invalid_network_is_refused():
    form = RuleForm(data={"kind": "ip", "pattern": "10.0.0.300/8", "action": "spam", "is_active": True})
    assert not form.is_valid()


def test_a_valid_rule_is_saved_trimmed():
    form = RuleForm(data={"kind": "word", "pattern": "  viagra ", "action": "reject", "is_active": True})
    assert form.is_valid(), form.errors
    assert form.save().pattern == "viagra"
