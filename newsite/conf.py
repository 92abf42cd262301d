"""The news app's settings and their defaults.

Each may be set in Django settings, and config/settings.py reads each from the environment variable of
the same name, parsed as the type of its default here (core.environment).
"""

DEFAULTS = {
    # Readers' star ratings of an article, per client.
    "COMMENTS_RATING_RATE_LIMIT": "20/m",
}
