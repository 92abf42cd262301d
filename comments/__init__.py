"""A comment's life on the public side: posting, markup, the list, reports, feeds and the API."""
