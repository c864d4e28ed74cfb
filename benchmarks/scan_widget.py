"""Benchmark: ketenscan widget responsiveness and the cost of `import ketenles`.

Prints figures and ratios against baselines measured in the same run:

- widget event -> updated figure (median over slider moves), against a bare
  matplotlib redraw + PNG of the same radar figure (matplotlib defaults);
- `import ketenles` in a fresh interpreter, against `import ipywidgets`.

Run: .venv/bin/python benchmarks/scan_widget.py
Goals (issue 3): event median <= 50 ms and <= 1.5x the bare redraw; import <= 1.3x ipywidgets.
"""

from __future__ import annotations

import statistics
import subprocess
import sys

from timing import median_ms


def import_ms(module: str, repeat: int = 7) -> float:
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    runs = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
            for _ in range(repeat)]
    return statistics.median(runs) * 1000


def main() -> None:
    from ketenles import charts, load_case
    from ketenles.content.seminar import factor_ids
    from ketenles.widgets.scan import ScanExercise

    exercise = ScanExercise(case=load_case("strafrechtketen"))
    slider = exercise.sliders[factor_ids()[-1]]
    event = median_ms(lambda i: setattr(slider, "value", 1 + i % 5), 40)

    figure = charts.radar(["a", "b", "c", "d", "e"], {"x": [1, 2, 3, 4, 5], "y": [3, 3, 3, 3, 3]}, "t", "r")
    bare = median_ms(lambda i: charts.to_png(figure), 40)

    ipywidgets_ms = import_ms("ipywidgets")
    ketenles_ms = import_ms("ketenles")

    print(f"widget event -> figure : median {event:6.1f} ms   (goal <= 50 ms)")
    print(f"bare matplotlib redraw : median {bare:6.1f} ms   (same figure size, defaults)")
    print(f"ratio event / bare     : {event / bare:6.2f}x     (goal <= 1.5x)")
    print(f"import ipywidgets      : median {ipywidgets_ms:6.1f} ms")
    print(f"import ketenles        : median {ketenles_ms:6.1f} ms")
    print(f"ratio ketenles / ipyw. : {ketenles_ms / ipywidgets_ms:6.2f}x     (goal <= 1.3x)")


if __name__ == "__main__":
    main()
