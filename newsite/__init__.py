"""The news app: sections, tags, articles, readers' ratings of them, and their pages."""
