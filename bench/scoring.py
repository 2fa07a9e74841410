"""Time the scoring of one full ranking cycle: 1,470 municipalities x 86 indicators.

    .venv/bin/python bench/scoring.py
    .venv/bin/python bench/scoring.py --municipalities 1470 --indicators 86 --repeat 5

The data set is generated with a fixed random seed, so every run scores the same cycle: 14 areas,
indicators on every kind of scale (binary, 0-1-2, full/half/none, a-e with not applicable, and
implementation statuses that are recorded but not scored), weights 1 or 2, about 5 % of answers
missing, and 1 % of municipalities disqualified. The script prints the seconds taken by
`score_cycle` (validating, scoring, categorising and ranking; the best and the median of the
runs) and the number of results. Numbers only: nothing is checked.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from opencity.rankings.scoring import (  # noqa: E402
    BINARY,
    FULL_HALF_NONE,
    IMPLEMENTATION,
    LETTERED,
    ZERO_ONE_TWO,
    Answer,
    Indicator,
    MunicipalityResult,
    score_cycle,
)

SEED = 20240601
AREAS = 14
THRESHOLDS = [(75, "transparent"), (50, "partially_transparent"), (0, "non_transparent")]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--municipalities", type=int, default=1470)
    parser.add_argument("--indicators", type=int, default=86)
    parser.add_argument("--repeat", type=int, default=5, help="runs to time (default: 5)")
    return parser.parse_args()


def generate(
    municipalities: int, indicators: int
) -> tuple[list[Indicator], list[Answer], list[tuple[str, str]]]:
    rng = random.Random(SEED)
    scales = [BINARY] * 5 + [ZERO_ONE_TWO, FULL_HALF_NONE, LETTERED, IMPLEMENTATION]
    methodology = [
        Indicator(
            code=f"I{n:03d}",
            area=f"A{n % AREAS + 1:02d}",
            scale=rng.choice(scales),
            weight=rng.choice((1, 1, 1, 2)),
        )
        for n in range(1, indicators + 1)
    ]
    codes = [f"M{n:05d}" for n in range(1, municipalities + 1)]
    answers: list[Answer] = []
    for municipality in codes:
        skill = rng.random()
        for indicator in methodology:
            if rng.random() < 0.05:
                continue  # unanswered
            levels = list(indicator.scale.levels)
            # Half the answers follow the municipality's overall level, half are random.
            if rng.random() < 0.5:
                level = levels[min(int(skill * len(levels)), len(levels) - 1)]
            else:
                level = rng.choice(levels)
            answers.append((municipality, indicator.code, level))
    rng.shuffle(answers)
    disqualified = rng.sample(codes, max(1, municipalities // 100))
    disqualifications = [(code, "falsified evidence links") for code in sorted(disqualified)]
    return methodology, answers, disqualifications


def main() -> int:
    args = parse_args()
    methodology, answers, disqualifications = generate(args.municipalities, args.indicators)
    timings: list[float] = []
    results: tuple[MunicipalityResult, ...] = ()
    for _ in range(args.repeat):
        started = time.perf_counter()
        results = score_cycle(methodology, answers, disqualifications, thresholds=THRESHOLDS)
        timings.append(time.perf_counter() - started)
    ranked = sum(1 for result in results if result.rank is not None)
    print(
        f"{args.municipalities} municipalities x {args.indicators} indicators, "
        f"{len(answers)} answers"
    )
    print(
        f"score_cycle: best {min(timings):.3f} s, median {statistics.median(timings):.3f} s "
        f"over {args.repeat} runs"
    )
    print(f"results: {len(results)} ({ranked} ranked, {len(results) - ranked} unranked)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
