"""Profile the hot paths with pyinstrument: `python bench/profile.py` after `make bench` has seeded its database.

Runs the article page (warm and cold, first and middle page, of the largest benchmark article)
and the feeds in-process through Django's test client, with DEBUG off as in the benchmark, and
writes one pyinstrument text report per path to bench/results/profile-<name>.txt.
"""

import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import ENVIRONMENT, RESULTS  # noqa: E402
from bench.stack import ROOT, Stack  # noqa: E402

REQUESTS = int(os.environ.get("BENCH_PROFILE_REQUESTS", "200"))


def inside():
    """In a process with the benchmark's environment: set Django up and profile each path."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.test import Client
    from pyinstrument import Profiler

    from comments.cache import bump_article
    from newsite.models import Article

    article = Article.objects.filter(slug__startswith="bench-", slug__endswith="-comments").order_by("-comment_count")
    article = article.first()
    if article is None:
        sys.exit("no benchmark article: run `make bench` (or BENCH_SIZES=... make bench) first")
    middle = max(1, article.comment_count // 100)
    url = article.get_absolute_url()
    client = Client()
    paths = {
        "article-warm": (url, False),
        "article-middle-warm": (f"{url}?page={middle}", False),
        "article-cold": (url, True),
        "feed-article": (f"/comments/feed/article/{article.slug}/rss/", False),
        "feed-site": ("/comments/feed/rss/", False),
    }
    for name, (path, cold) in paths.items():
        client.get(path)  # once: first-render costs out of the way
        profiler = Profiler(interval=0.0005)
        with profiler:
            for _ in range(REQUESTS if not cold else REQUESTS // 4):
                if cold:
                    bump_article(article.pk, article.section_id)
                client.get(path)
        text = profiler.output_text(unicode=False, color=False, show_all=False)
        out = RESULTS / f"profile-{name}.txt"
        out.write_text(text)
        print(f"== {name}: {path} ({article.comment_count:,} comments) -> {out.relative_to(ROOT)}")
        print("\n".join(text.splitlines()[:60]))


def main():
    if "--inside" in sys.argv:
        inside()
        return
    with Stack(Path(os.environ.get("BENCH_VAR_DIR", RESULTS / "var")), ENVIRONMENT) as stack:
        stack.start_redis()
        done = subprocess.run([sys.executable, __file__, "--inside"], cwd=ROOT, env=stack.env, timeout=900)
        sys.exit(done.returncode)


if __name__ == "__main__":
    main()
