"""Benchmark: a round-robin tournament of the seven strategies ketenles shares with axelrod.

Settings: 200 rounds, 10 repetitions, self-play, no noise. Prints our time
(median of several runs) and, when axelrod can be imported, the time of
axelrod's ``Tournament.play`` on the same players and settings in the same run,
the ratio (goal: ours at least 100x faster), and whether the payoff matrices
agree: exactly for pairs of deterministic strategies, within sampling error
for pairs with GTFT or Random.

    .venv/bin/python benchmarks/tournament.py                       # ours only
    PYTHONPATH=/work/main/src /tmp/axl/bin/python benchmarks/tournament.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import numpy as np  # noqa: E402

from ketenles.models.cooperation import (  # noqa: E402
    AXELROD_NAMES,
    SHARED_WITH_AXELROD,
    strategy,
    tournament,
)

TURNS, REPETITIONS, RUNS, NOISE = 200, 10, 21, 0.05


def ours(noise: float = 0.0) -> tuple[float, object]:
    tournament(repetitions=REPETITIONS, rounds=TURNS, seed=0)  # warm up imports and caches
    times = []
    for run in range(RUNS):
        start = time.perf_counter()
        result = tournament(repetitions=REPETITIONS, rounds=TURNS, noise=noise, seed=run)
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def theirs(axl, noise: float = 0.0) -> tuple[float, object]:
    players = [getattr(axl, AXELROD_NAMES[s])() for s in SHARED_WITH_AXELROD]
    match = axl.Tournament(players, turns=TURNS, repetitions=REPETITIONS, noise=noise, seed=1)
    start = time.perf_counter()
    results = match.play(progress_bar=False)
    return time.perf_counter() - start, results


def compare(result, results) -> tuple[int, int, int, int, float]:
    """(exact agreements, exact pairs, sampled agreements, sampled pairs, max |diff|)."""
    ours_matrix = np.array(result.payoff_matrix)
    their_matrix = np.array(results.payoff_matrix)
    their_errors = np.array(results.payoff_stddevs) / np.sqrt(REPETITIONS)
    stochastic = [strategy(s).stochastic for s in SHARED_WITH_AXELROD]
    exact = exact_ok = sampled = sampled_ok = 0
    worst = 0.0
    n = len(stochastic)
    for i in range(n):
        for j in range(n):
            diff = abs(ours_matrix[i, j] - their_matrix[i, j])
            worst = max(worst, diff)
            if stochastic[i] or stochastic[j]:
                sampled += 1
                # Both sides have the same spread; sqrt(2) combines two errors.
                sampled_ok += diff <= 4 * np.sqrt(2) * their_errors[i, j] + 1e-9
            else:
                exact += 1
                exact_ok += diff < 1e-12
    return exact_ok, exact, sampled_ok, sampled, worst


def main() -> None:
    seconds, result = ours()
    print(f"Round robin of {len(SHARED_WITH_AXELROD)} strategies, {TURNS} rounds, "
          f"{REPETITIONS} repetitions, self-play, no noise")
    print(f"ketenles: {seconds * 1000:.2f} ms (median of {RUNS} runs)")
    print(f"ketenles with noise {NOISE}: {ours(NOISE)[0] * 1000:.2f} ms")
    try:
        import axelrod as axl
    except ImportError:
        print("axelrod is not importable here: the speed ratio and the score check need it "
              "(run with /tmp/axl/bin/python, see the docstring).")
        return
    their_seconds, results = theirs(axl)
    print(f"axelrod {axl.__version__} Tournament.play: {their_seconds * 1000:.0f} ms (one run)")
    print(f"ratio: ketenles is {their_seconds / seconds:.0f}x faster (goal >= 100x)")
    exact_ok, exact, sampled_ok, sampled, worst = compare(result, results)
    print(f"payoff matrix, deterministic pairs equal: {exact_ok} of {exact}")
    print(f"payoff matrix, pairs with GTFT/Random within 4 standard errors: "
          f"{sampled_ok} of {sampled} (largest difference {worst:.3f})")
    their_scores = np.mean(results.normalised_scores, axis=1)
    print("score per round vs others (ketenles / axelrod):")
    for sid, mine, other in zip(SHARED_WITH_AXELROD, result.scores, their_scores, strict=True):
        print(f"  {sid:22s} {mine:6.3f} / {other:6.3f}")
    theirs_ranked = [SHARED_WITH_AXELROD[i] for i in results.ranking]
    print(f"ranking ketenles: {', '.join(result.ranking)}")
    print(f"ranking axelrod:  {', '.join(theirs_ranked)}  (axelrod ranks on the median)")

    # The same tournament with misunderstandings: every game becomes stochastic.
    noisy_seconds, noisy = ours(NOISE)
    their_noisy_seconds, their_noisy = theirs(axl, NOISE)
    diff = np.abs(np.array(noisy.scores) - np.mean(their_noisy.normalised_scores, axis=1))
    print(f"with noise {NOISE}: ketenles {noisy_seconds * 1000:.2f} ms, axelrod "
          f"{their_noisy_seconds * 1000:.0f} ms, ratio {their_noisy_seconds / noisy_seconds:.0f}x; "
          f"largest score difference {diff.max():.3f} (10 repetitions: sampling error)")


if __name__ == "__main__":
    main()
