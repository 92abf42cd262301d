"""Each app declares its settings and their defaults (<app>/conf.py); config/settings.py only reads them."""

import pytest
from django.conf import settings

from comments import conf as comments_conf
from core.environment import SameAs, read_app_settings
from moderation import conf as moderation_conf
from newsite import conf as newsite_conf

DECLARED = (newsite_conf.DEFAULTS, comments_conf.DEFAULTS, moderation_conf.DEFAULTS)


def test_no_setting_is_declared_by_two_apps():
    names = [name for defaults in DECLARED for name in defaults]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("name", sorted(name for defaults in DECLARED for name in defaults))
def test_every_declared_setting_reaches_django_settings(name):
    assert hasattr(settings, name)


def test_a_variable_is_read_by_the_type_of_its_default(monkeypatch):
    monkeypatch.setenv("COMMENTS_PER_PAGE", "7")
    monkeypatch.setenv("COMMENTS_ANONYMOUS_ALLOWED", "off")
    monkeypatch.setenv("MODERATION_HOLD_THRESHOLD", "0.5")
    monkeypatch.setenv("MODERATION_REFERENCE_DOMAINS", "gov,edu")
    values = read_app_settings(*DECLARED, known={"SITE_URL": "https://news.example"})
    assert values["COMMENTS_PER_PAGE"] == 7
    assert values["COMMENTS_ANONYMOUS_ALLOWED"] is False
    assert values["MODERATION_HOLD_THRESHOLD"] == 0.5
    assert values["MODERATION_REFERENCE_DOMAINS"] == ["gov", "edu"]


def test_a_default_that_is_another_setting_follows_it(monkeypatch):
    monkeypatch.setenv("COMMENTS_MAX_LENGTH", "8000")
    monkeypatch.delenv("MODERATION_RULE_PROBE_LENGTH", raising=False)
    monkeypatch.delenv("AKISMET_BLOG_URL", raising=False)
    values = read_app_settings(*DECLARED, known={"SITE_URL": "https://news.example"})
    assert moderation_conf.DEFAULTS["MODERATION_RULE_PROBE_LENGTH"] == SameAs("COMMENTS_MAX_LENGTH")
    assert values["MODERATION_RULE_PROBE_LENGTH"] == 8000
    assert values["AKISMET_BLOG_URL"] == "https://news.example"
