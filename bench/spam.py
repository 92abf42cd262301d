"""The spam benchmark: `manage.py spam_eval` beside a plain baseline, on the YouTube collection and our news comments.

Usage: .venv/bin/python bench/spam.py [DATASET_DIR]   (default ../shared/datasets/youtube-spam)

The YouTube sets are replayed each alone and all five merged in date order, scored after a
warm-up of 200 decisions (WARMUP); the news-site set `bench/data/news-comments.csv` with no
warm-up and with NEWS_WARMUP (it has 234 rows), from the shipped base model as a new site starts
and, for comparison, from nothing. Every replay goes through the live checks and
policy with a fresh, isolated model, twice: with the site's defaults (abuse aimed at people
held, other strong language only noted), and with the toxicity check off
(MODERATION_TOXICITY_THRESHOLD=1.01), because the data sets label spam only: their not-spam
comments include insults that the site holds on purpose. The `abuse` column counts those
(they are within `fp`).

Beside every pipeline figure, `bench/baseline.py` replays the same rows in the same order:
a linear SVM on word and character n-grams, refitted every 25 labels, no policy. Its `fpr`
is not spam predicted spam, as the pipeline's is not spam held or filed as spam.
The figures are also written to bench/results/spam.json.
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from bench import baseline  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "datasets" / "youtube-spam"
NEWS = ROOT / "bench" / "data" / "news-comments.csv"
RESULTS = ROOT / "bench" / "results" / "spam.json"
WARMUP = int(os.environ.get("BENCH_SPAM_WARMUP", "200"))
NEWS_WARMUP = 100  # the set has fewer than 250 rows
COLUMNS = ["f1", "fpr", "fpr_spam", "precision", "recall", "tp", "fp", "tn", "fn", "ham_held_for_abuse"]
BASELINE_COLUMNS = ["f1", "fpr", "precision", "recall"]
VARIANTS = {"site defaults": {}, "toxicity check off": {"MODERATION_TOXICITY_THRESHOLD": "1.01"}}
COLUMN_OPTIONS = {"text_column": "CONTENT", "label_column": "CLASS", "spam_label": "1"}


def spam_eval(files, extra_env, sort, warmup, from_base=False):
    command = [sys.executable, "manage.py", "spam_eval", *map(str, files), "--warmup", str(warmup)]
    command += ["--text-column", "CONTENT", "--label-column", "CLASS", "--spam-label", "1"]
    if sort:
        command.append("--sort-by-date")
    if from_base:
        command.append("--from-base-model")
    env = {**os.environ, **extra_env}
    output = subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def runs(data):
    files = sorted(data.glob("*.csv"))
    if not files:
        raise SystemExit(f"no CSV files in {data}")
    # (name, files, merged in date order, warm-up, from the shipped base model). The base model was
    # trained on the YouTube sets, so it is never used on them; on the news set it is what a new site has.
    youtube = [(f.stem, [f], False, WARMUP, False) for f in files]
    youtube.append(("all five, date order", files, True, WARMUP, False))
    news = [(f"news, warm-up {w}, base model", [NEWS], False, w, True) for w in (0, NEWS_WARMUP)]
    news += [(f"news, warm-up {w}, no base", [NEWS], False, w, False) for w in (0, NEWS_WARMUP)]
    return youtube + news


def header():
    pipeline = "".join(f"{c:>10}" for c in COLUMNS[:5]) + "".join(f"{c:>6}" for c in COLUMNS[5:9])
    plain = "".join(f"{'b.' + c:>12}" for c in BASELINE_COLUMNS)
    return f"{'set':<32}{'warmup':>7}{pipeline}{'abuse':>6}{'checks/s':>10}   |{plain}"


def row(name, warmup, report, plain):
    pipeline = "".join(f"{report[c]:>10}" for c in COLUMNS[:5]) + "".join(f"{report[c]:>6}" for c in COLUMNS[5:10])
    cells = "".join(f"{plain[c]:>12}" for c in BASELINE_COLUMNS)
    return f"{name:<32}{warmup:>7}{pipeline}{report['checks_per_second']:>10}   |{cells}"


def main():
    data = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_DATA
    plan = runs(data)
    baselines = {}
    for name, paths, sort, warmup, _ in plan:
        examples = baseline.read_examples(paths, sort_by_date=sort, **COLUMN_OPTIONS)
        baselines[name] = baseline.replay(examples, warmup=warmup)
    print("spam_eval beside the plain baseline (b.: LinearSVC on word 1-2-grams + char 2-5-grams, refit every 25)")
    print("positive = kept from publication (held or spam); fpr = not-spam kept off the page (ham held);")
    print("fpr_spam = ham held for spam only (abuse held on purpose left out)")
    results = []
    for variant, extra_env in VARIANTS.items():
        print(f"\n{variant}")
        print(header())
        for name, paths, sort, warmup, from_base in plan:
            report = spam_eval(paths, extra_env, sort, warmup, from_base)
            print(row(name, warmup, report, baselines[name]), flush=True)
            files = [str(p) for p in paths]
            results.append({"variant": variant, "set": name, "files": files, "sorted_by_date": sort,
                            "warmup": warmup, "pipeline": report, "baseline": baselines[name]})  # fmt: skip
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    summary = {"generated": time.strftime("%Y-%m-%dT%H:%M:%S"), "baseline_refit_every": baseline.REFIT_EVERY}
    RESULTS.write_text(json.dumps({**summary, "runs": results}, indent=2) + "\n")
    print(f"\nwritten: {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
