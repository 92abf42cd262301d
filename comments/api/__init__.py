"""The public REST API: articles, comments, reports, ratings, captchas."""
