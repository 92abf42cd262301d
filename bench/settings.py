"""The benchmark's settings: the site's own, with the ceiling view's URL map (bench/urls.py).

The site's URL map never holds benchmark code; the benchmark runs its stack with
DJANGO_SETTINGS_MODULE=bench.settings to get it.
"""

from config.settings import *  # noqa: F403 - the site as configured, plus what follows
from config.settings import VAR_DIR, env

ROOT_URLCONF = "bench.urls"
# The bytes the ceiling view returns: an article page the benchmark saved.
BENCH_CEILING_FILE = env.str("BENCH_CEILING_FILE", default=str(VAR_DIR / "bench-ceiling.html"))
