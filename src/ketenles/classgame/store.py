"""The game server's store: games, players and every move, in one SQL database.

SQLAlchemy Core (nbgrader already brings it) with a database URL: SQLite in a
file on a lecturer's laptop (the default), PostgreSQL on a class hub. Every
accepted move is written before it is answered, and a round's computer moves in
the same transaction that completes it, so a server restart loses no completed
round and no accepted move: :class:`~ketenles.classgame.game.Registry` rebuilds
each chain by replaying its saved moves through the model.
Player tokens are stored as SHA-256 hashes, never as they are.
"""

from __future__ import annotations

import hashlib
import json
import time

import sqlalchemy as sa

metadata = sa.MetaData()

games = sa.Table(
    "chaingame_games", metadata,
    sa.Column("code", sa.String(12), primary_key=True),
    sa.Column("created", sa.Float, nullable=False),
    sa.Column("settings", sa.Text, nullable=False),
    sa.Column("status", sa.String(12), nullable=False),
)
players = sa.Table(
    "chaingame_players", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("game", sa.String(12), sa.ForeignKey("chaingame_games.code"), nullable=False),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("identity", sa.String(200)),
    sa.Column("name", sa.String(40), nullable=False),
    sa.Column("chain", sa.Integer, nullable=False),
    sa.Column("seat", sa.Integer, nullable=False),
    sa.Column("joined", sa.Float, nullable=False),
    sa.UniqueConstraint("game", "chain", "seat"),
)
moves = sa.Table(
    "chaingame_moves", metadata,
    sa.Column("game", sa.String(12), sa.ForeignKey("chaingame_games.code"), nullable=False),
    sa.Column("chain", sa.Integer, nullable=False),
    sa.Column("round", sa.Integer, nullable=False),
    sa.Column("seat", sa.Integer, nullable=False),
    sa.Column("move", sa.Text, nullable=False),
    sa.Column("by", sa.String(10), nullable=False),
    sa.Column("at", sa.Float, nullable=False),
    sa.PrimaryKeyConstraint("game", "chain", "round", "seat"),
)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Store:
    """The tables above behind a few plain methods; ``url`` is a SQLAlchemy database URL."""

    def __init__(self, url: str):
        options = {"connect_args": {"check_same_thread": False}} if url.startswith("sqlite") else {}
        self.engine = sa.create_engine(url, **options)
        if url.startswith("sqlite"):
            # WAL: a crash mid-write never damages what was committed before it.
            with self.engine.begin() as conn:
                conn.exec_driver_sql("PRAGMA journal_mode=WAL")
        metadata.create_all(self.engine)

    def add_game(self, code: str, settings: dict, status: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(games.insert().values(code=code, created=time.time(), settings=json.dumps(settings),
                                               status=status))

    def set_status(self, code: str, status: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(games.update().where(games.c.code == code).values(status=status))

    def add_player(self, code: str, token: str, identity: str | None, name: str, chain: int, seat: int) -> int:
        with self.engine.begin() as conn:
            result = conn.execute(players.insert().values(
                game=code, token_hash=token_hash(token), identity=identity, name=name, chain=chain, seat=seat,
                joined=time.time()))
            return int(result.inserted_primary_key[0])

    def add_moves(self, code: str, chain: int, number: int, rows: list[tuple[int, dict, str]]) -> None:
        """Save moves ``(seat, move dict, by)`` of one round in one transaction."""
        now = time.time()
        with self.engine.begin() as conn:
            conn.execute(moves.insert(), [
                {"game": code, "chain": chain, "round": number, "seat": seat, "move": json.dumps(move), "by": by,
                 "at": now} for seat, move, by in rows])

    def load(self) -> list[dict]:
        """Every game with its players and moves, oldest first."""
        with self.engine.connect() as conn:
            found = [dict(r._mapping) for r in conn.execute(games.select().order_by(games.c.created))]
            for game in found:
                game["settings"] = json.loads(game["settings"])
                game["players"] = [dict(r._mapping) for r in conn.execute(
                    players.select().where(players.c.game == game["code"]).order_by(players.c.id))]
                game["moves"] = [
                    {**dict(r._mapping), "move": json.loads(r.move)} for r in conn.execute(
                        moves.select().where(moves.c.game == game["code"])
                        .order_by(moves.c.chain, moves.c.round, moves.c.seat))]
        return found

    def close(self) -> None:
        self.engine.dispose()
