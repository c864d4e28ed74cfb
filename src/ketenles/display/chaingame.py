"""Figures and tables for the debrief of the class chain game (lesson 05).

Each function returns an :class:`~ketenles.display.views.HTMLView`: the figure
as an image with its text alternative, or a table with a caption. Chains differ
in marker and line style as well as colour; the class line is thick and black.
"""

from __future__ import annotations

from ketenles.display.charts import HATCHES, LINESTYLES, MARKERS, PALETTE, new_figure, to_html
from ketenles.display.views import HTMLView, _e
from ketenles.i18n import msg
from ketenles.i18n.numbers import format_number
from ketenles.models.chaingame.debrief import (  # noqa: F401 - the lesson loads its session from here
    ClassData,
    PlayedGame,
    chain_story,
    load_games,
    load_sample,
    seminar_links,
)


def _pct(value: float) -> str:
    return f"{round(100 * value)}%"


def cooperation_chart(game: PlayedGame) -> HTMLView:
    """Cooperation per round: one line per chain, and the class as a thick black line."""
    return HTMLView(to_html(*cooperation_figure(game)))


def cooperation_figure(game: PlayedGame):
    """(figure, text alternative) of :func:`cooperation_chart`."""
    fig, ax = new_figure(7.0, 4.2)
    rounds = list(range(1, game.rounds + 1))
    for i, played in enumerate(game.chains):
        values = played.cooperation()
        ax.plot(rounds[:len(values)], values, color=PALETTE[i % (len(PALETTE) - 1)], marker=MARKERS[i % len(MARKERS)],
                linestyle=LINESTYLES[i % len(LINESTYLES)], linewidth=1.2, markersize=4, alpha=0.8,
                label=msg("chaingame.debrief.chart_chain", chain=played.number + 1))
    whole = game.class_cooperation()
    ax.plot(rounds, whole, color="#000000", linewidth=3.5, marker="o", markersize=7,
            label=msg("chaingame.debrief.chart_class"))
    ax.set_xticks(rounds, [str(r) for r in rounds])
    ax.set_ylim(0, 1.02)
    ax.set_xlabel(msg("chaingame.debrief.chart_x"))
    ax.set_ylabel(msg("chaingame.debrief.chart_y"), fontsize=9)
    ax.set_title(msg("chaingame.debrief.chart_title", game=game.label), fontsize=12)
    ax.grid(alpha=0.3)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=8, frameon=False)
    alt = msg("chaingame.debrief.chart_alt", game=game.label, first=round(100 * whole[0]), last=round(100 * whole[-1]))
    return fig, alt


def effects_chart(data: ClassData) -> HTMLView:
    """Mean cooperation with and without each option (paired bars, hatched differently)."""
    return HTMLView(to_html(*effects_figure(data)))


def effects_figure(data: ClassData):
    """(figure, text alternative) of :func:`effects_chart`."""
    effects = data.option_effects()
    fig, ax = new_figure(6.5, 4.0)
    labels = [e["label"] for e in effects]
    for offset, key, name, style in ((-0.2, "cooperation_on", "effects_with", 0),
                                     (0.2, "cooperation_off", "effects_without", 1)):
        values = [e[key] for e in effects]
        bars = ax.bar([i + offset for i in range(len(effects))], values, width=0.38, color=PALETTE[style],
                      hatch=HATCHES[style + 1], edgecolor="#000000", label=msg(f"chaingame.debrief.{name}"))
        ax.bar_label(bars, [_pct(v) for v in values], fontsize=9)
    ax.set_xticks(range(len(effects)), labels, fontsize=9)
    ax.set_ylim(0, 1.1)
    ax.set_xlabel(msg("chaingame.debrief.effects_x"))
    ax.set_ylabel(msg("chaingame.debrief.effects_y"))
    ax.set_title(msg("chaingame.debrief.effects_title"), fontsize=12)
    ax.legend(frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    pairs = " ".join(msg("chaingame.debrief.effects_pair", option=e["label"], on=round(100 * e["cooperation_on"]),
                         off=round(100 * e["cooperation_off"])) for e in effects)
    return fig, msg("chaingame.debrief.effects_alt", pairs=pairs)


def effects_table(data: ClassData) -> HTMLView:
    """Per option: the games compared and the figures with / without it."""
    head = "".join(f"<th scope='col'>{_e(msg(f'chaingame.debrief.{k}'))}</th>"
                   for k in ("col_option", "col_games", "col_cooperation", "col_trust", "col_output", "col_extra"))
    rows = []
    for e in data.option_effects():
        extra_share = {"informal_contact": e["talked_through_on"], "contract": e["fined_on"]}.get(e["option"], 0.0)
        extra = msg(f"chaingame.debrief.extra_{e['option']}", share=round(100 * extra_share))
        rows.append(
            f"<tr><th scope='row'>{_e(e['label'])}</th><td>{e['games_on']} / {e['games_off']}</td>"
            f"<td>{_pct(e['cooperation_on'])} / {_pct(e['cooperation_off'])}</td>"
            f"<td>{_pct(e['trust_end_on'])} / {_pct(e['trust_end_off'])}</td>"
            f"<td>{_e(format_number(e['output_on'], decimals=1))} / {_e(format_number(e['output_off'], decimals=1))}"
            f"</td><td>{_e(extra)}</td></tr>")
    return HTMLView(f"<table><caption>{_e(msg('chaingame.debrief.effects_title'))}</caption>"
                    f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>")


def seminar_table() -> HTMLView:
    head = "".join(f"<th scope='col'>{_e(msg(f'chaingame.debrief.{k}'))}</th>" for k in ("col_game_part",
                                                                                         "col_seminar"))
    rows = "".join(f"<tr><th scope='row'>{_e(a)}</th><td>{_e(b)}</td></tr>" for a, b in seminar_links())
    return HTMLView(f"<table><caption>{_e(msg('chaingame.debrief.seminar_caption'))}</caption>"
                    f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")


def chain_summary(game: PlayedGame, number: int) -> HTMLView:
    """One chain's own figures as a short list, for the student's reflection."""
    items = "".join(f"<li>{_e(line)}</li>" for line in chain_story(game, number))
    heading = msg("chaingame.debrief.story_heading", chain=number, game=game.label)
    return HTMLView(f"<p><strong>{_e(heading)}</strong></p><ul>{items}</ul>")
