"""The spam benchmark: `manage.py spam_eval` on the YouTube Spam Collection, each set alone and all five in date order.

Usage: .venv/bin/python bench/spam.py [DATASET_DIR]   (default ../shared/datasets/youtube-spam)

Every run replays the comments through the live checks and policy with a fresh,
isolated model, scoring after a warm-up of 200 decisions (WARMUP). It runs twice:
with the site's defaults (abuse aimed at people held, other strong language only noted),
and with the toxicity check off (MODERATION_TOXICITY_THRESHOLD=1.01), because the data set
labels spam only: its not-spam comments include insults that the site holds on purpose.
The `abuse` column counts those (they are within `fp`).
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "datasets" / "youtube-spam"
WARMUP = int(os.environ.get("BENCH_SPAM_WARMUP", "200"))
COLUMNS = ["f1", "fpr", "precision", "recall", "mcc", "tp", "fp", "tn", "fn", "ham_held_for_abuse"]
VARIANTS = {"site defaults": {}, "toxicity check off": {"MODERATION_TOXICITY_THRESHOLD": "1.01"}}


def spam_eval(files, extra_env, sort):
    command = [sys.executable, "manage.py", "spam_eval", *map(str, files), "--warmup", str(WARMUP)]
    command += ["--text-column", "CONTENT", "--label-column", "CLASS", "--spam-label", "1"]
    if sort:
        command.append("--sort-by-date")
    env = {**os.environ, **extra_env}
    output = subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def main():
    data = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_DATA
    files = sorted(data.glob("*.csv"))
    if not files:
        raise SystemExit(f"no CSV files in {data}")
    runs = [(f.stem, [f], False) for f in files] + [("all five, date order", files, True)]
    print(f"spam_eval, scored after {WARMUP} decisions; positive = kept from publication (held or spam)")
    for variant, extra_env in VARIANTS.items():
        print(f"\n{variant}")
        print(f"{'set':<24}" + "".join(f"{c:>10}" for c in COLUMNS[:5]) + "".join(f"{c:>6}" for c in COLUMNS[5:9])
              + f"{'abuse':>6}{'checks/s':>10}")  # fmt: skip
        for name, paths, sort in runs:
            report = spam_eval(paths, extra_env, sort)
            cells = "".join(f"{report[c]:>10}" for c in COLUMNS[:5]) + "".join(f"{report[c]:>6}" for c in COLUMNS[5:10])
            print(f"{name:<24}{cells}{report['checks_per_second']:>10}", flush=True)


if __name__ == "__main__":
    main()
