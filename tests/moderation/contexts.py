"""A context for unit-testing checks without Redis or a model: rules, history and tallies given by the test."""

from moderation.checks.base import AuthorRecord, Context
from moderation.checks.rules import RuleSet


class GivenContext(Context):
    def __init__(self, rules=(), record=None, model=None):
        self.ruleset = RuleSet.build(rules)
        self.record = record or AuthorRecord(published=5)
        self.model = model
        self.tallies = {}

    def rules(self):
        return self.ruleset

    def author_record(self, submission):
        return self.record

    def tally(self, key, member, window_seconds):
        self.tallies.setdefault(key, set()).add(member)
        return len(self.tallies[key])

    def spam_model(self):
        return self.model
