"""Make tests/data/axelrod_reference.json: reference values from the `axelrod` package.

axelrod is a reference, not a dependency of ketenles, so this script runs in a
scratch environment that has it, and the tests only read the JSON:

    python3 -m venv /tmp/axl
    /tmp/axl/bin/pip install torch==2.13.0   # CPU build first, see the report
    /tmp/axl/bin/pip install axelrod numpy
    PYTHONPATH=/work/main/src /tmp/axl/bin/python benchmarks/axelrod_reference.py

It stores three things:

- ``exact``: without noise, the per-turn scores (run-length encoded as
  ``[score_first, score_second, count]``) of every ordered pair of the
  deterministic strategies both packages have, 200 turns. Our model must
  reproduce them exactly.
- ``sampled``: for every unordered pair (self-play included) of the seven
  shared strategies and several settings (noise 0.05; no noise, which matters
  for the stochastic strategies; continuation w = 0.9, i.e. axelrod's
  ``prob_end`` 0.1), the mean score per turn and cooperation rate of each
  player over many seeded repetitions, with standard errors. Our means must
  fall within a few standard errors.
- ``provenance``: versions, date, command, settings.

Before writing, it checks that ketenles (imported from PYTHONPATH) matches the
exact part, and says so.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import sys
import time
from itertools import combinations_with_replacement
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import axelrod as axl  # noqa: E402
import numpy as np  # noqa: E402

from ketenles.models.cooperation import AXELROD_NAMES, SHARED_WITH_AXELROD, play_match  # noqa: E402

DETERMINISTIC = ("cooperator", "defector", "tit_for_tat", "win_stay_lose_shift", "grim_trigger")
TURNS = 200
SETTINGS = {
    "noise_0.05": {"noise": 0.05, "turns": TURNS, "prob_end": None},
    "no_noise": {"noise": 0.0, "turns": TURNS, "prob_end": None},
    "continuation_0.9": {"noise": 0.0, "turns": None, "prob_end": 0.1},
}


def player(strategy_id: str):
    return getattr(axl, AXELROD_NAMES[strategy_id])()


def run_length(scores) -> list[list[float]]:
    runs: list[list[float]] = []
    for a, b in scores:
        if runs and runs[-1][0] == a and runs[-1][1] == b:
            runs[-1][2] += 1
        else:
            runs.append([a, b, 1])
    return runs


def exact_part() -> list[dict]:
    out = []
    for a in DETERMINISTIC:
        for b in DETERMINISTIC:
            match = axl.Match((player(a), player(b)), turns=TURNS)
            match.play()
            out.append({"first": a, "second": b, "turns": TURNS,
                        "scores": run_length([(int(x), int(y)) for x, y in match.scores()])})
    return out


def sampled_part(repetitions: int, seed: int) -> list[dict]:
    out = []
    seeds = np.random.SeedSequence(seed)
    for key, setting in SETTINGS.items():
        for a, b in combinations_with_replacement(SHARED_WITH_AXELROD, 2):
            match_seeds = seeds.spawn(1)[0].generate_state(repetitions)
            means, coops = np.empty((repetitions, 2)), np.empty((repetitions, 2))
            for rep in range(repetitions):
                match = axl.Match((player(a), player(b)), turns=setting["turns"],
                                  prob_end=setting["prob_end"], noise=setting["noise"],
                                  seed=int(match_seeds[rep]))
                match.play()
                means[rep] = match.final_score_per_turn()
                coops[rep] = match.normalised_cooperation()
            se = means.std(axis=0, ddof=1) / np.sqrt(repetitions)
            cse = coops.std(axis=0, ddof=1) / np.sqrt(repetitions)
            out.append({"setting": key, "first": a, "second": b, "repetitions": repetitions,
                        "mean_scores": means.mean(axis=0).tolist(),
                        "standard_errors": se.tolist(),
                        "cooperation_rates": coops.mean(axis=0).tolist(),
                        "cooperation_errors": cse.tolist()})
        print(f"  sampled {key}", flush=True)
    return out


def check_exact(exact: list[dict]) -> int:
    """How many exact pairs ketenles reproduces turn by turn."""
    same = 0
    for item in exact:
        ours = play_match(item["first"], item["second"], rounds=item["turns"]).per_turn()
        same += run_length(ours) == [[float(a), float(b), n] for a, b, n in item["scores"]]
    return same


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repetitions", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=20091201)
    parser.add_argument("--out", type=Path, default=ROOT / "tests" / "data" /
                        "axelrod_reference.json")
    args = parser.parse_args()

    start = time.perf_counter()
    exact = exact_part()
    same = check_exact(exact)
    print(f"exact pairs reproduced by ketenles: {same} of {len(exact)}")
    sampled = sampled_part(args.repetitions, args.seed)
    data = {
        "provenance": {
            "axelrod_version": axl.__version__,
            "numpy_version": np.__version__,
            "python_version": platform.python_version(),
            "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "command": "PYTHONPATH=/work/main/src /tmp/axl/bin/python "
                       "benchmarks/axelrod_reference.py " + " ".join(sys.argv[1:]),
            "seed": args.seed,
            "payoffs": {"T": 5, "R": 3, "P": 1, "S": 0},
            "settings": SETTINGS,
            "axelrod_names": AXELROD_NAMES,
            "note": "Per-turn scores are run-length encoded as [first, second, count]. "
                    "mean_scores are the mean over repetitions of each player's score per "
                    "turn; standard_errors = sample std / sqrt(repetitions).",
        },
        "exact": exact,
        "sampled": sampled,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out} in {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
