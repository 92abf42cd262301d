"""Demo content for a fresh site: our own fictional stories, images drawn locally."""
