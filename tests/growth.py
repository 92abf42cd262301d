"""How a function's cost grows with its input: the shape of the curve, never a number of seconds.

Linear work over four times the input costs about four times as much; quadratic about sixteen
times; exponential never ends (the tests using this carry a pytest timeout, so that fails too).
Each size is timed several times and the best run kept, which removes most of the noise of a
shared machine.
"""

import time

LINEAR_GROWTH_LIMIT = 9.0  # 4x the input: linear ~4, quadratic ~16


def best_time(function, argument, repeats=5, loops=3):
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        for _ in range(loops):
            function(argument)
        best = min(best, time.perf_counter() - started)
    return best


def growth(function, make_input, size=1250, factor=4, trials=3):
    """Cost of `function` on an input `factor` times larger, as a multiple of its cost at `size`.

    The smallest ratio of a few trials: a burst of other work on the machine inflates one trial,
    while work that really grows faster than linear shows in every one.
    """
    small_input, large_input = make_input(size), make_input(size * factor)
    ratios = []
    for _ in range(trials):
        small = best_time(function, small_input)
        large = best_time(function, large_input)
        ratios.append(large / max(small, 1e-7))
    return min(ratios)


def assert_linear(function, make_input, size=1250, factor=4):
    ratio = growth(function, make_input, size, factor)
    assert ratio < LINEAR_GROWTH_LIMIT, f"{factor}x the input cost {ratio:.1f}x the time: not linear"
