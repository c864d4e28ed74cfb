"""The class chain game model: the weakest link, the options, computer partners and replay."""

import itertools

import pytest

from ketenles.errors import ArgumentError
from ketenles.models.chaingame import Chain, GameSetup, Move, MoveError, Options, bot_move, check_move, replay, rules

ROLES = ("Gemeenten", "UWV", "SVB")
ALL_OPTIONS = [Options(**dict(zip(("noise", "informal_contact", "regie", "contract"), bits, strict=True)))
               for bits in itertools.product([False, True], repeat=4)]


def full(n=3, effort=10, share=True):
    return [Move(effort, share) for _ in range(n)]


def test_the_weakest_link_costs_every_partner():
    chain = Chain(GameSetup(ROLES, rounds=3))
    strong = chain.play_round(full())
    weak = chain.play_round([Move(10, True), Move(10, True), Move(2, True)])
    assert strong.weakest == 10 and weak.weakest == 2 and weak.weakest_link == 2
    # the two strong links lose, the weak link gains from keeping its effort
    assert weak.points[0] < strong.points[0] and weak.points[1] < strong.points[1]
    assert weak.points[2] > weak.points[0]


def test_everyone_cooperating_beats_everyone_serving_itself():
    high = Chain(GameSetup(ROLES)).play_round(full(effort=10, share=True))
    low = Chain(GameSetup(ROLES)).play_round(full(effort=0, share=False))
    assert min(high.points) > max(low.points)


def test_data_not_passed_on_halves_the_next_links_effect():
    result = Chain(GameSetup(ROLES)).play_round([Move(10, False), Move(10, True), Move(10, True)])
    assert [link.received_data for link in result.links] == [True, False, True]
    assert result.links[1].effective == 10 * rules.UNSHARED_FACTOR
    assert result.weakest_link == 1


@pytest.mark.parametrize("options", ALL_OPTIONS, ids=lambda o: "+".join(o.active) or "plain")
def test_same_seed_and_moves_give_the_same_game_and_replay_matches(options):
    setup = GameSetup(ROLES + ("BKWI",), rounds=6, options=options, seed=11)
    chain = Chain(setup, number=2)
    moves = []
    for _ in range(setup.rounds):
        round_moves = [bot_move(chain, seat, "generous_tit_for_tat") for seat in range(setup.size)]
        moves.append(round_moves)
        chain.play_round(round_moves)
    again = replay(setup, [[m.as_dict() for m in ms] for ms in moves], number=2)
    assert [r.as_dict() for r in again.rounds] == [r.as_dict() for r in chain.rounds]
    assert chain.finished and chain.totals == again.totals


def test_a_different_chain_number_draws_different_lots():
    setup = GameSetup(ROLES, rounds=20, options=Options(noise=True), seed=5)
    a, b = Chain(setup, 0), Chain(setup, 1)
    for _ in range(20):
        a.play_round(full(effort=8))
        b.play_round(full(effort=8))
    assert [r.weakest for r in a.rounds] != [r.weakest for r in b.rounds]


def test_noise_lowers_what_comes_across_and_informal_contact_talks_it_through():
    noisy = Chain(GameSetup(ROLES, rounds=20, options=Options(noise=True), seed=2))
    talked = Chain(GameSetup(ROLES, rounds=20, options=Options(noise=True, informal_contact=True), seed=2))
    for _ in range(20):
        noisy.play_round(full(effort=8))
        talked.play_round(full(effort=8))
    slips = [link for r in noisy.rounds for link in r.links if link.misunderstood]
    assert slips and all(link.arrived == 8 - rules.NOISE_DROP for link in slips)
    assert not any(link.talked_through for r in noisy.rounds for link in r.links)
    cleared = [link for r in talked.rounds for link in r.links if link.talked_through]
    assert cleared and all(link.remembered == 8 for link in cleared)
    # talking through repairs trust, not the round's damage
    assert [r.weakest for r in talked.rounds] == [r.weakest for r in noisy.rounds]
    assert talked.rounds[-1].trust > noisy.rounds[-1].trust


def test_contract_fines_only_breaches_and_the_monitor_sees_what_came_across():
    chain = Chain(GameSetup(ROLES, rounds=20, options=Options(contract=True), seed=4))
    for _ in range(20):
        chain.play_round([Move(10, True), Move(2, True), Move(10, False)])
    fined = [[link.fined for link in r.links] for r in chain.rounds]
    assert not any(f[0] for f in fined)
    rate = sum(f[1] for f in fined) / 20
    assert 0.5 < rate <= 1 and any(f[2] for f in fined)
    one = chain.rounds[0]
    assert one.links[1].points == pytest.approx(
        rules.CAPACITY - 2 - rules.SHARE_COST + rules.OUTPUT_PER_UNIT * one.weakest
        - rules.SANCTION * one.links[1].fined)


def test_regie_norm_holds_next_round_and_only_the_regisseur_sets_it():
    setup = GameSetup(ROLES, options=Options(regie=True))
    chain = Chain(setup)
    assert chain.norm == rules.DEFAULT_NORM
    chain.play_round([Move(9, True, norm=9), Move(9, True), Move(9, True)])
    assert chain.norm == 9
    with pytest.raises(MoveError) as caught:
        check_move(setup, 1, Move(5, True, norm=5))
    assert caught.value.key == "norm_not_yours"
    result = chain.play_round(full(effort=9))
    part = rules.OUTPUT_PER_UNIT * result.weakest
    assert result.points[0] == pytest.approx(1 - 1 + rules.REGIE_SHARE * part - rules.REGIE_COST)
    assert result.norm == 9


@pytest.mark.parametrize(("move", "key"), [
    (Move(11, True), "effort"), (Move(-1, True), "effort"), (Move(True, True), "effort"), (Move(5.5, True), "effort"),
    (Move(5, "ja"), "share"), (Move(5, True, message="ready"), "message_off"),
])
def test_out_of_range_moves_are_refused_with_a_catalogue_message(move, key):
    with pytest.raises(MoveError) as caught:
        check_move(GameSetup(ROLES), 1, move)
    assert caught.value.key == key


def test_messages_come_from_the_fixed_list():
    setup = GameSetup(ROLES, options=Options(informal_contact=True))
    assert check_move(setup, 0, Move(5, True, message="sorry")).message == "sorry"
    with pytest.raises(MoveError) as caught:
        check_move(setup, 0, Move(5, True, message="<script>"))
    assert caught.value.key == "message"


def test_bad_setups_are_refused():
    for bad in [dict(roles=("A", "B")), dict(roles=tuple("ABCDEF")), dict(roles=ROLES, rounds=0),
                dict(roles=ROLES, seed=-1)]:
        with pytest.raises(ArgumentError):
            GameSetup(**bad)
    with pytest.raises(ArgumentError):
        Options.from_names(["noise", "magic"])
    with pytest.raises(ArgumentError):
        Chain(GameSetup(ROLES)).play_round(full(n=2))


def test_a_finished_chain_refuses_another_round():
    chain = Chain(GameSetup(ROLES, rounds=1))
    chain.play_round(full())
    with pytest.raises(ValueError):
        chain.play_round(full())


def test_computer_partners_reciprocate_a_defection():
    chain = Chain(GameSetup(ROLES, rounds=3))
    assert bot_move(chain, 1).share is True
    chain.play_round([Move(0, False), bot_move(chain, 1), bot_move(chain, 2)])
    answer = bot_move(chain, 1)
    assert answer.effort < 5 and answer.share is False


def test_setup_round_trips_through_a_dict():
    setup = GameSetup(ROLES, rounds=5, options=Options(regie=True, noise=True), seed=9, case_id="suwi-keten")
    assert GameSetup.from_dict(setup.as_dict()) == setup
