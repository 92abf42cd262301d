"""Moderation's settings and their defaults: thresholds, the checks' limits, the classifier, alerts, privacy.

Each may be set in Django settings, and config/settings.py reads each from the environment variable of
the same name, parsed as the type of its default here (core.environment).
"""

from pathlib import Path

from core.environment import SameAs

DEFAULTS = {
    "MODERATION_SWEEP_SECONDS": 180,
    # The spam score is a calibrated probability (Platt scaling on the site's decisions). Holding a reader's
    # comment costs twice letting a spam through (as MODERATION_HAM_WEIGHT), hence 2/3; filing as spam,
    # which a moderator rarely reviews, needs near certainty. `spam_eval --thresholds` shows the trade-off.
    "MODERATION_SPAM_THRESHOLD": 0.97,
    "MODERATION_HOLD_THRESHOLD": 0.67,
    "MODERATION_HELD_ALERT_SIZE": 50,
    # Moderator alerts (reports, held queue) are collected this long and sent as one e-mail.
    "MODERATION_ALERT_BATCH_SECONDS": 300,
    # Notification e-mails to one address per day (counted in Redis); the rest are dropped.
    "NOTIFY_MAX_PER_RECIPIENT_PER_DAY": 20,
    # Saving a rule previews what it would have matched among this many of the latest comments.
    "MODERATION_RULE_PREVIEW_COMMENTS": 2000,
    "MODERATION_RULE_PREVIEW_LIMIT": 25,
    # ...and stops after this many seconds, saying how many it looked at.
    "MODERATION_RULE_PREVIEW_SECONDS": 3.0,
    # A regular-expression rule gets this long per comment; a search that runs out holds the comment.
    "MODERATION_RULE_REGEX_TIMEOUT_SECONDS": 0.05,
    # Before it is saved, a pattern is tried on crafted texts this long (the longest comment).
    "MODERATION_RULE_PROBE_LENGTH": SameAs("COMMENTS_MAX_LENGTH"),
    # The dashboard's median time to decision looks at this many of the latest moderator decisions.
    "MODERATION_DASHBOARD_SAMPLE": 5000,
    "MODERATION_PREMODERATE_FIRST_COMMENT": False,
    # A verified account's published comments speak for it fully once it is this many days old.
    "MODERATION_AUTHOR_TRUST_DAYS": 7,
    "AKISMET_API_KEY": "",
    "AKISMET_BLOG_URL": SameAs("SITE_URL"),
    "AKISMET_API_URL": "https://rest.akismet.com",
    "AKISMET_TIMEOUT_SECONDS": 3.0,
    # The pipeline's limits and the classifier (see moderation/policy.py for how they combine).
    "MODERATION_SPAM_PRIOR": 0.1,
    "MODERATION_MAX_LINKS": 3,
    "MODERATION_REPEAT_MIN_LETTERS": 20,
    "MODERATION_REPEAT_LIMIT": 3,
    "MODERATION_REPEAT_WINDOW_SECONDS": 24 * 3600,
    "MODERATION_BURST_WINDOW_SECONDS": 60,
    "MODERATION_BURST_LIMIT": 5,
    "MODERATION_NETWORK_BURST_LIMIT": 20,
    "MODERATION_TOXICITY_THRESHOLD": 0.9,
    # Writers and staff (the byline, newsite's staff list) named or @-addressed within this many words of language
    # scoring this much abuse are held in the Staff abuse queue; lower than the general threshold, since a newsroom
    # owes its writers more than the page owes an anonymous "you". Above 1 turns it off.
    "MODERATION_STAFF_ABUSE_THRESHOLD": 0.75,
    "MODERATION_STAFF_ABUSE_WINDOW_WORDS": 12,
    # Appeals against a decision, per reader (account, else client): at most this many filed (one per decision).
    "MODERATION_APPEAL_RATE_LIMIT": "5/d",
    "MODERATION_APPEAL_MAX_LENGTH": 2000,
    # Hold strong language that is aimed at no one too (by default it is only noted; abuse aimed at people is held).
    "MODERATION_HOLD_PROFANITY": False,
    # Chosen on the benchmark's merged stream (bench/spam.py): less regularisation, and a wrongly held
    # reader's comment weighs twice a missed spam.
    "MODERATION_CLASSIFIER_C": 3.0,
    "MODERATION_HAM_WEIGHT": 2.0,
    "MODERATION_CLASSIFIER_REFIT_EVERY": 1,
    "MODERATION_CLASSIFIER_MAX_EXAMPLES": 5000,
    # A burst of moderator decisions refits the classifier once per this many seconds (debounced).
    "MODERATION_CLASSIFIER_REFIT_SECONDS": 60,
    # Platt scaling of the spam score on out-of-fold margins: folds, and the fewest examples of each kind.
    "MODERATION_CALIBRATION_FOLDS": 5,
    "MODERATION_CALIBRATION_MIN_EXAMPLES": 20,
    # The spam model shipped with the project (`spam_train --base`), used until the site's own takes over:
    # the site's model, fitted on n decisions, weighs n / (n + MODERATION_BASE_MODEL_EXAMPLES). Empty: none.
    "MODERATION_BASE_MODEL_PATH": str(Path(__file__).resolve().parent / "data" / "spam-base.npz"),
    "MODERATION_BASE_MODEL_EXAMPLES": 200,
    # The base model learned on another kind of site: its log-odds count this much (1: in full).
    "MODERATION_BASE_MODEL_WEIGHT": 0.5,
    # Links to public records and references (suffixes) are how honest readers cite: no suspicion from them.
    "MODERATION_REFERENCE_DOMAINS": [
        "gov",
        "gov.uk",
        "ac.uk",
        "edu",
        "nhs.uk",
        "police.uk",
        "parliament.uk",
        "europa.eu",
        "who.int",
        "un.org",
        "wikipedia.org",
        "judiciary.uk",
        "legislation.gov.uk",
        "ons.gov.uk",
        "metoffice.gov.uk",
    ],  # fmt: skip
    "MODERATION_TASK_MAX_RETRIES": 5,
    "MODERATION_SWEEP_BATCH": 500,
    "MODERATION_COUNTS_CACHE_SECONDS": 30,
    "API_BULK_DECISION_MAX": 500,
    # --- privacy (docs/privacy.md) ---
    # IP addresses and user agents of comments, and the keyed hashes behind anonymous reports and votes,
    # are kept this many days for moderation, then removed by the hourly purge (moderation.retention).
    "PRIVACY_RETENTION_DAYS": 90,
    # The purge changes at most PRIVACY_PURGE_BATCH rows per UPDATE and PRIVACY_PURGE_BATCHES UPDATEs per
    # kind of data per run; what is left waits for the next run.
    "PRIVACY_PURGE_BATCH": 500,
    "PRIVACY_PURGE_BATCHES": 20,
    # Erasing a commenter on request (erase_commenter, the admin action) also removes the comments' text.
    "PRIVACY_ERASE_BODIES": False,
}
