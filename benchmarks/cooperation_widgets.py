"""Benchmark: responsiveness of the trust game and the tournament explorer.

Prints medians and ratios against baselines measured in the same run:

- trust game: a click on "Samenwerken"/"Eigen belang" -> round played, texts and
  chart updated; against a bare matplotlib redraw + PNG of a two-line chart of
  the same figure size (matplotlib defaults, no caching);
- tournament explorer: one slider change -> tournament replayed, bar chart and
  explanation updated (8 strategies, 200 rounds, 5 repetitions), with and
  without the evolution chart; against a bare matplotlib redraw + PNG of a
  horizontal bar chart of the same figure size; and the tournament alone.

Run: .venv/bin/python benchmarks/cooperation_widgets.py
Goal (brief): a change <= 50 ms, so the explorer can replay on every change
without a "Speel toernooi" button.
"""

from __future__ import annotations

from timing import median_ms


def bare_line_png(width: float, height: float):
    from ketenles import charts

    fig, ax = charts.new_figure(width, height)
    # The widget's lines during the benchmark are 1..200 rounds long: take the middle.
    x = list(range(101))
    ax.plot(x, [3 * v for v in x], marker="o", markevery=5)
    ax.plot(x, [2 * v for v in x], marker="s", markevery=5)
    ax.set_title("t")
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    return lambda i: charts.to_png(fig)


def bare_bars_png(width: float, height: float, labels: list[str]):
    from ketenles import charts

    fig, ax = charts.new_figure(width, height)
    ax.barh(range(len(labels)), [2.0 + 0.1 * i for i in range(len(labels))], hatch="//")
    ax.set_yticks(range(len(labels)), labels)
    ax.set_title("t")
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    return lambda i: charts.to_png(fig)


def main() -> None:
    from ketenles.models.cooperation import STRATEGY_IDS, tournament
    from ketenles.widgets.cooperation import TournamentExplorer, TrustGame

    game = TrustGame("generous_tit_for_tat", rounds=200, seed=1, noise=0.05, informal_contact=0.5)

    def click(i: int) -> None:
        if game.finished:
            game.restart()
        (game.cooperate_button if i % 3 else game.defect_button).click()

    click_ms = median_ms(click, 150)
    size = game._line.fig.get_size_inches()
    bare_line_ms = median_ms(bare_line_png(*size), 40)

    explorer = TournamentExplorer(seed=1)
    noise = explorer.sliders["noise"]
    change_ms = median_ms(lambda i: setattr(noise, "value", 0.01 * (1 + i % 10)), 40)
    explorer.evolution_box.value = True
    change_evo_ms = median_ms(lambda i: setattr(noise, "value", 0.01 * (1 + i % 10)), 40)
    power = explorer.sliders["power"]
    # A change of sanction or power changes the fixed scale: the background is redrawn.
    rebuild_ms = median_ms(lambda i: setattr(power, "value", 0.5 * (1 + i % 6)), 20)
    bars_size = explorer._bars.fig.get_size_inches()
    names = list(explorer.result.names)
    bare_bars_ms = median_ms(bare_bars_png(*bars_size, names), 40)
    tournament_ms = median_ms(
        lambda i: tournament(STRATEGY_IDS, repetitions=5, seed=1, rounds=200, noise=0.05), 40)

    print(f"trust game click -> round + chart     : median {click_ms:6.1f} ms")
    print(f"bare matplotlib redraw (line, {size[0]:.1f}x{size[1]:.1f}) : median {bare_line_ms:6.1f} ms")
    print(f"ratio click / bare                     : {click_ms / bare_line_ms:6.2f}x")
    print(f"explorer slider change (no evolution)  : median {change_ms:6.1f} ms   (goal <= 50 ms)")
    print(f"explorer slider change (with evolution): median {change_evo_ms:6.1f} ms")
    print(f"explorer power change (new scale)      : median {rebuild_ms:6.1f} ms")
    print(f"bare matplotlib redraw (bars, {bars_size[0]:.1f}x{bars_size[1]:.1f}) : "
          f"median {bare_bars_ms:6.1f} ms")
    print(f"ratio change / bare                    : {change_ms / bare_bars_ms:6.2f}x")
    print(f"ratio change with evolution / bare     : {change_evo_ms / bare_bars_ms:6.2f}x")
    print(f"tournament alone (8 strategies)        : median {tournament_ms:6.1f} ms")


if __name__ == "__main__":
    main()
