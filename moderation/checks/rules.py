"""Moderators' rules: blocked and watched words, phrases, patterns, link domains, e-mail addresses and networks."""

import contextlib
import ipaddress
from dataclasses import dataclass, field
from typing import NamedTuple

from .. import patterns, text
from ..bans import parse_address
from ..models import Rule
from .base import STRENGTH, Check, Status

# What each rule action makes of a comment, strongest first.
ACTION_VERDICT = {
    Rule.Action.REJECT: Status.REJECTED,
    Rule.Action.SPAM: Status.SPAM,
    Rule.Action.HOLD: Status.HELD,
    Rule.Action.WATCH: Status.HELD,
}
ACTION_WORD = {
    Rule.Action.REJECT: "blocked",
    Rule.Action.SPAM: "spam",
    Rule.Action.HOLD: "held",
    Rule.Action.WATCH: "watch",
}


class RuleMatch(NamedTuple):
    """A rule that applies, why (never an e-mail or IP address), and the action it calls for."""

    rule: Rule
    why: str
    action: str
    timed_out: bool = False


@dataclass
class RuleSet:
    """Rules compiled once for fast matching; built from Rule rows (or anything with the same fields)."""

    words: dict = field(default_factory=dict)  # skeleton word -> rule
    phrases: list = field(default_factory=list)  # (skeleton words tuple, rule)
    patterns: list = field(default_factory=list)  # (compiled regex, rule)
    domains: dict = field(default_factory=dict)  # domain -> rule
    emails: list = field(default_factory=list)  # (address or "@domain", rule)
    networks: list = field(default_factory=list)  # (ip_network, rule)

    @classmethod
    def build(cls, rules):
        ruleset = cls()
        for rule in rules:
            ruleset.add(rule)
        return ruleset

    def add(self, rule):
        pattern = rule.pattern.strip()
        if rule.kind in (Rule.Kind.WORD, Rule.Kind.PHRASE):
            words = text.skeleton_phrase(pattern)
            if len(words) == 1:
                self.words[words[0]] = rule
            elif words:
                self.phrases.append((words, rule))
        elif rule.kind == Rule.Kind.REGEX:
            # Refused on save (Rule.clean); a row written around that is skipped, not fatal.
            with contextlib.suppress(patterns.error):
                self.patterns.append((patterns.compile_pattern(pattern), rule))
        elif rule.kind == Rule.Kind.DOMAIN:
            self.domains[text.domain_of(pattern.lower())] = rule
        elif rule.kind == Rule.Kind.EMAIL:
            self.emails.append((pattern.lower(), rule))
        elif rule.kind == Rule.Kind.IP:
            with contextlib.suppress(ValueError):
                self.networks.append((ipaddress.ip_network(pattern, strict=False), rule))

    def matches(self, submission):
        """Every RuleMatch for the submission.

        A pattern that runs out of time could have matched: it calls for a hold (a person looks),
        never for the rule's own action, which may be a rejection.
        """
        found = []
        words = submission.words
        for word in words:
            rule = self.words.get(word)
            if rule is not None:
                found.append(RuleMatch(rule, f"“{rule.pattern}”", rule.action))
        if self.phrases:
            joined = " " + " ".join(words) + " "
            for phrase, rule in self.phrases:
                if " " + " ".join(phrase) + " " in joined:
                    found.append(RuleMatch(rule, f"“{rule.pattern}”", rule.action))
        for pattern, rule in self.patterns:
            try:
                if patterns.search(pattern, submission.plain):
                    found.append(RuleMatch(rule, f"pattern #{rule.pk}", rule.action))
            except patterns.PatternTimedOut:
                found.append(RuleMatch(rule, f"pattern #{rule.pk} ran out of time", Rule.Action.HOLD, timed_out=True))
        for domain in submission.domains:
            rule = self._domain_rule(domain)
            if rule is not None:
                found.append(RuleMatch(rule, domain, rule.action))
        email = (submission.author_email or "").strip().lower()
        for address, rule in self.emails if email else ():
            if email == address or (address.startswith("@") and email.endswith(address)):
                found.append(RuleMatch(rule, f"rule #{rule.pk}", rule.action))
        address = parse_address(submission.ip_address)
        for network, rule in self.networks if address else ():
            if address.version == network.version and address in network:
                found.append(RuleMatch(rule, f"rule #{rule.pk}", rule.action))
        return found

    def _domain_rule(self, domain):
        # A rule for example.com covers its subdomains too (a bare top-level domain is no rule).
        for covering in text.domain_and_parents(domain, min_labels=2):
            rule = self.domains.get(covering)
            if rule is not None:
                return rule
        return None


class RulesCheck(Check):
    name = "rules"
    priority = 2

    def run(self, submission, context):
        matches = context.rules().matches(submission)
        if not matches:
            return self.signal(score=0.0)
        verdict = max((ACTION_VERDICT[match.action] for match in matches), key=STRENGTH.get)
        seen, reasons = set(), []
        for match in matches:
            if (match.rule.pk, match.why) not in seen:
                seen.add((match.rule.pk, match.why))
                reasons.append(f"{ACTION_WORD[match.action]} {match.rule.get_kind_display().lower()}: {match.why}")
        return self.signal(score=1.0, verdict=verdict, reasons=tuple(reasons), priority=self.priority)
