"""A class game in the server: players in chains, open rounds, the lecturer's controls.

:class:`ClassGame` holds one game: the players and their seats, one
:class:`~ketenles.models.chaingame.Chain` per chain, and the moves of each
chain's open round. Every rule of trust between players lives here, so the
HTTP layer cannot bypass it: a move comes from a player's own seat only (the
player is found from the token, never from the request), for the open round
only, once; a chain's moves are visible to its own members only after the round
is played. Each chain plays its next round as soon as all its links have moved;
a link still silent ``bot_after`` seconds after the round opened (or a seat
nobody took) is played by a computer partner for that round.

:class:`Registry` keeps all games, writes every change to the
:class:`~ketenles.classgame.store.Store` and rebuilds the games from it after a
restart.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass, field

from ketenles.classgame.store import Store, token_hash
from ketenles.content.cases import list_cases, load_case
from ketenles.errors import ArgumentError
from ketenles.i18n import msg
from ketenles.models.chaingame import Chain, GameSetup, Move, MoveError, Options, bot_move, check_move, rules

LOBBY, RUNNING, PAUSED, ENDED = "lobby", "running", "paused", "ended"
CODE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread on a projector
MAX_CHAINS = 30
DEFAULT_BOT_AFTER = 90.0
NAME_LENGTH = 40


@dataclass
class Player:
    id: int
    name: str
    chain: int
    seat: int
    token_hash: str
    identity: str | None = None


@dataclass
class Settings:
    case_id: str
    case_name: str
    roles: tuple[str, ...]
    rounds: int
    options: Options
    seed: int
    bot_after: float | None

    def setup(self) -> GameSetup:
        return GameSetup(self.roles, self.rounds, self.options, self.seed, self.case_id)

    def as_dict(self) -> dict:
        return {"case_id": self.case_id, "case_name": self.case_name, "roles": list(self.roles),
                "rounds": self.rounds, "options": self.options.as_dict(), "seed": self.seed,
                "bot_after": self.bot_after}

    @classmethod
    def from_dict(cls, data: dict) -> Settings:
        return cls(data["case_id"], data["case_name"], tuple(data["roles"]), data["rounds"],
                   Options(**data["options"]), data["seed"], data["bot_after"])


def make_settings(case_id: str, chain_size: int = 3, rounds: int = 6, options=(), bot_after=DEFAULT_BOT_AFTER,
                  seed: int | None = None) -> Settings:
    """Settings from a lecturer's choices; a wrong choice raises MoveError or ArgumentError in Dutch."""
    try:
        case = load_case(case_id)
    except (ValueError, KeyError):
        raise MoveError("case", case=case_id, names=", ".join(list_cases())) from None
    if isinstance(chain_size, bool) or not isinstance(chain_size, int) \
            or not rules.MIN_LINKS <= chain_size <= min(rules.MAX_LINKS, len(case.partners)):
        raise MoveError("case_size", case=case.name, count=min(rules.MAX_LINKS, len(case.partners)))
    if bot_after is not None and (isinstance(bot_after, bool) or not isinstance(bot_after, (int, float))
                                  or not 1 <= bot_after <= 3600):
        raise MoveError("setting", name="bot_after", allowed="1..3600 s")
    if seed is None:
        seed = secrets.randbelow(2**31)
    settings = Settings(case.id, case.name, tuple(p.name for p in case.partners[:chain_size]), rounds,
                        options if isinstance(options, Options) else Options.from_names(list(options)),
                        seed, None if bot_after is None else float(bot_after))
    settings.setup()  # validates rounds and seed
    return settings


@dataclass
class ChainState:
    chain: Chain
    pending: dict[int, tuple[Move, str]] = field(default_factory=dict)  # seat -> (move, by)
    opened: float = 0.0
    by: list[tuple[str, ...]] = field(default_factory=list)  # per played round: "student"/"computer" per seat


class ClassGame:
    def __init__(self, code: str, settings: Settings, status: str = LOBBY):
        self.code = code
        self.settings = settings
        self.status = status
        self.players: list[Player] = []
        self.chains: list[ChainState] = []

    @property
    def size(self) -> int:
        return len(self.settings.roles)

    def player_by_token(self, token: str | None) -> Player | None:
        if not token:
            return None
        wanted = token_hash(token)
        return next((p for p in self.players if secrets.compare_digest(p.token_hash, wanted)), None)

    def player_by_identity(self, identity: str) -> Player | None:
        return next((p for p in self.players if p.identity == identity), None)

    def humans(self, chain: int) -> dict[int, Player]:
        return {p.seat: p for p in self.players if p.chain == chain}

    def free_seat(self) -> tuple[int, int]:
        taken = {(p.chain, p.seat) for p in self.players}
        index = 0
        while (index // self.size, index % self.size) in taken:
            index += 1
        if index // self.size >= MAX_CHAINS:
            raise MoveError("full")
        return index // self.size, index % self.size

    def open_chains(self, now: float) -> None:
        count = max((p.chain + 1 for p in self.players), default=1)
        setup = self.settings.setup()
        self.chains = [ChainState(Chain(setup, number), opened=now) for number in range(count)]

    def check_can_move(self, player: Player, number: object) -> ChainState:
        """The player's chain if a move for round ``number`` is accepted now; otherwise a MoveError."""
        if self.status == LOBBY:
            raise MoveError("not_started")
        if self.status == PAUSED:
            raise MoveError("paused")
        state = self.chains[player.chain]
        if self.status == ENDED or state.chain.finished:
            raise MoveError("game_over")
        current = state.chain.next_round
        if isinstance(number, bool) or not isinstance(number, int) or number != current:
            raise MoveError("late", sent=number, current=current)
        if player.seat in state.pending:
            raise MoveError("duplicate", number=current)
        return state

    def computer_move(self, state: ChainState, seat: int) -> Move:
        return bot_move(state.chain, seat)

    def missing(self, state: ChainState, now: float, force: bool) -> list[int]:
        """Seats a computer partner plays now: nobody's seats always; silent students after the timeout."""
        humans = self.humans(state.chain.number)
        late = force or (self.settings.bot_after is not None and now - state.opened >= self.settings.bot_after)
        return [seat for seat in range(self.size) if seat not in state.pending and (seat not in humans or late)]


class Registry:
    """All games of one server, kept in step with the store."""

    def __init__(self, store: Store, clock=time.monotonic):
        self.store = store
        self.clock = clock
        self.games: dict[str, ClassGame] = {}
        self._load()

    # Lecturer ---------------------------------------------------------------
    def create(self, settings: Settings) -> ClassGame:
        code = "".join(secrets.choice(CODE_LETTERS) for _ in range(6))
        while code in self.games:
            code = "".join(secrets.choice(CODE_LETTERS) for _ in range(6))
        self.store.add_game(code, settings.as_dict(), LOBBY)
        game = self.games[code] = ClassGame(code, settings)
        return game

    def get(self, code: object) -> ClassGame:
        game = self.games.get(code) if isinstance(code, str) else None
        if game is None:
            raise MoveError("unknown_game", code=str(code)[:12])
        return game

    def start(self, game: ClassGame) -> set[int]:
        if game.status != LOBBY:
            return set()
        game.open_chains(self.clock())
        self._set_status(game, RUNNING)
        return self.advance(game)

    def pause(self, game: ClassGame) -> None:
        if game.status == RUNNING:
            self._set_status(game, PAUSED)

    def resume(self, game: ClassGame) -> set[int]:
        if game.status != PAUSED:
            return set()
        now = self.clock()
        for state in game.chains:
            state.opened = now  # the pause does not count towards the computer partners' timeout
        self._set_status(game, RUNNING)
        return self.advance(game)

    def end_round(self, game: ClassGame) -> set[int]:
        """Computer partners play every missing move of every open round now."""
        if game.status != RUNNING:
            return set()
        return self.advance(game, force=True)

    def end(self, game: ClassGame) -> None:
        self._set_status(game, ENDED)

    # Players ------------------------------------------------------------------
    def join(self, game: ClassGame, name: object, identity: str | None = None) -> tuple[Player, str | None]:
        """A new player (and their token), or with ``identity`` (a hub user) that user's existing player."""
        if identity is not None:
            known = game.player_by_identity(identity)
            if known is not None:
                return known, None
        if not isinstance(name, str) or not 1 <= len(name.strip()) <= NAME_LENGTH:
            raise MoveError("name")
        if game.status != LOBBY:
            raise MoveError("started")
        chain, seat = game.free_seat()
        token = secrets.token_urlsafe(24)
        player_id = self.store.add_player(game.code, token, identity, name.strip(), chain, seat)
        player = Player(player_id, name.strip(), chain, seat, token_hash(token), identity)
        game.players.append(player)
        return player, token

    def move(self, game: ClassGame, player: Player, number: object, move: Move) -> set[int]:
        """Accept one move (or raise MoveError: nothing changes); returns the chains that played a round."""
        state = game.check_can_move(player, number)
        move = check_move(game.settings.setup(), player.seat, move)
        self.store.add_moves(game.code, player.chain, number, [(player.seat, move.as_dict(), "student")])
        state.pending[player.seat] = (move, "student")
        return self.advance(game, only=player.chain)

    def advance(self, game: ClassGame, force: bool = False, only: int | None = None) -> set[int]:
        """Play every round whose moves are complete, letting computer partners fill in where due."""
        played: set[int] = set()
        if game.status != RUNNING:
            return played
        now = self.clock()
        for state in game.chains:
            if only is not None and state.chain.number != only:
                continue
            forced = force  # a forced end plays the open round only, not the rounds after it
            while not state.chain.finished:
                seats = game.missing(state, now, forced)
                if len(state.pending) + len(seats) < game.size:
                    break
                filled = [(seat, game.computer_move(state, seat)) for seat in seats]
                if filled:
                    self.store.add_moves(game.code, state.chain.number, state.chain.next_round,
                                         [(seat, m.as_dict(), "computer") for seat, m in filled])
                for seat, m in filled:
                    state.pending[seat] = (m, "computer")
                state.chain.play_round([state.pending[seat][0] for seat in range(game.size)])
                state.by.append(tuple(state.pending[seat][1] for seat in range(game.size)))
                state.pending = {}
                state.opened = now
                played.add(state.chain.number)
                forced = False
        if game.chains and all(s.chain.finished for s in game.chains):
            self._set_status(game, ENDED)
        return played

    def tick(self) -> dict[str, set[int]]:
        """Called every half second: computer partners for students silent past the timeout."""
        return {code: played for code, game in self.games.items()
                if game.status == RUNNING and (played := self.advance(game))}

    # Restart ------------------------------------------------------------------
    def _set_status(self, game: ClassGame, status: str) -> None:
        if game.status != status:
            game.status = status
            self.store.set_status(game.code, status)

    def _load(self) -> None:
        now = self.clock()
        for saved in self.store.load():
            game = ClassGame(saved["code"], Settings.from_dict(saved["settings"]), saved["status"])
            game.players = [Player(p["id"], p["name"], p["chain"], p["seat"], p["token_hash"], p["identity"])
                            for p in saved["players"]]
            if game.status != LOBBY:
                game.open_chains(now)
                by_round: dict[tuple[int, int], dict[int, tuple[Move, str]]] = {}
                for row in saved["moves"]:
                    by_round.setdefault((row["chain"], row["round"]), {})[row["seat"]] = (
                        Move.from_dict(row["move"]), row["by"])
                for state in game.chains:
                    number = 1
                    while (state.chain.number, number) in by_round:
                        seats = by_round[(state.chain.number, number)]
                        if len(seats) < game.size:
                            state.pending = seats  # the open round's accepted moves
                            break
                        state.chain.play_round([seats[s][0] for s in range(game.size)])
                        state.by.append(tuple(seats[s][1] for s in range(game.size)))
                        number += 1
            self.games[game.code] = game


def describe_error(error: Exception) -> tuple[str, str]:
    """(catalogue key, Dutch message) of an error the server answers with."""
    if isinstance(error, MoveError):
        return error.key, str(error)
    if isinstance(error, ArgumentError):
        return "setting", msg("chaingame.error.setting", name=error.argument, allowed=error.allowed)
    return "bad_request", msg("chaingame.error.bad_request")
