"""The benchmark: `make bench` (bench/run.py) runs the site the production way and measures it."""
