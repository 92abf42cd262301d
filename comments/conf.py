"""The comments app's settings and their defaults: the comment list, posting, reports, feeds, the public API.

Each may be set in Django settings, and config/settings.py reads each from the environment variable of
the same name, parsed as the type of its default here (core.environment).
"""

DEFAULTS = {
    "COMMENTS_PER_PAGE": 50,
    "COMMENTS_ANONYMOUS_ALLOWED": True,
    "COMMENTS_MAX_LENGTH": 5000,
    "COMMENTS_NAME_MAX_LENGTH": 60,
    "COMMENTS_REPORT_THRESHOLD": 3,
    # A report weighs 1 from a verified account this many days old with a published comment;
    # less from a newer or unproven account, or from a reader without one.
    "COMMENTS_REPORT_TRUSTED_AGE_DAYS": 7,
    "COMMENTS_REPORT_WEIGHT_NEW_ACCOUNT": 0.34,
    "COMMENTS_REPORT_WEIGHT_ANONYMOUS": 0.34,
    "COMMENTS_RATE_LIMIT": "5/m",
    "COMMENTS_REPORT_RATE_LIMIT": "10/m",
    # Recommendations and their withdrawals per reader (account, else client).
    "COMMENTS_RECOMMEND_RATE_LIMIT": "30/m",
    # How long after posting its author may still edit a comment (Discourse's grace period, Remark42's window).
    "COMMENTS_EDIT_WINDOW_SECONDS": 300,
    # How often an open article page asks whether new comments arrived (a conditional GET); 0 turns it off.
    "COMMENTS_LIVE_POLL_SECONDS": 20,
    # The live preview renders what a reader types (debounced in the page): generous, but not free.
    "COMMENTS_PREVIEW_RATE_LIMIT": "60/m",
    # New captchas per client: rows made when an issued code's image is first fetched, and "New code" presses.
    "COMMENTS_CAPTCHA_RATE_LIMIT": "30/m",
    "COMMENTS_FORM_MIN_SECONDS": 3,
    "COMMENTS_FORM_MAX_SECONDS": 2 * 3600,
    "COMMENTS_DUPLICATE_WINDOW_SECONDS": 600,
    "COMMENTS_TRUSTED_SKIP_CAPTCHA": True,
    "ACCOUNTS_SIGNUP_RATE_LIMIT": "5/h",
    "COMMENTS_FEED_ITEMS": 50,
    "COMMENTS_FEED_CACHE_SECONDS": 3600,
    "COMMENTS_FEED_MAX_AGE": 300,
    # The article page cached whole for readers with nothing personal on it (comments.page_cache); 0 turns it off.
    "ARTICLE_PAGE_CACHE_SECONDS": 600,
    # "E-mail me" is double opt-in: an address nobody proved gets one confirmation link per this long, at most.
    "NOTIFY_CONFIRM_INTERVAL_SECONDS": 24 * 3600,
    "API_PAGE_SIZE": 50,
    # The longest JSON body an API endpoint reads (a 5,000-character comment written as \u escapes
    # fits), and the deepest nesting of arrays and objects in it (ours need 2).
    "API_JSON_MAX_BYTES": 128 * 1024,
    "API_JSON_MAX_DEPTH": 20,
}
