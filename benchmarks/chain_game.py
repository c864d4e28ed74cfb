"""Benchmark: the class chain game with 30 players on this machine (2 cores).

A real ``ketenles game serve`` (SQLite store) in its own process; 30 players
(10 chains of 3) connect over HTTP and WebSocket as the browser page does and
play every round at the same time. Per chain and round the clock starts just
before the move that completes the round is sent and stops when the last of
the chain's three players has received the round's result over its WebSocket:
"a move to every player's screen". The server's memory (RSS) is read after the
game.

Baseline, measured in the same run with the same clients: a bare tornado
process that answers the same POST by pushing a small JSON message to the same
three WebSockets (no game, no store). The ratio shows what the game adds.

Run: .venv/bin/python benchmarks/chain_game.py [--rounds 10] [--players 30]
Goal (issue 21): under 300 ms at the 95th percentile.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from gameserver import Client, GameServer, Lecturer, Player  # noqa: E402

CHAIN = 3

BASELINE_SERVER = textwrap.dedent('''
    import asyncio, json, sys
    import tornado.web, tornado.websocket
    sockets = {}
    class Socket(tornado.websocket.WebSocketHandler):
        def open(self, group):
            self.group = group
            sockets.setdefault(group, set()).add(self)
        def on_close(self):
            sockets[self.group].discard(self)
    class Move(tornado.web.RequestHandler):
        counts = {}
        def post(self, group):
            data = json.loads(self.request.body)
            n = self.counts[group] = self.counts.get(group, 0) + 1
            if n % 3 == 0:
                text = json.dumps({"type": "view", "view": {"round": data["round"]}})
                for s in sockets.get(group, ()):
                    s.write_message(text)
            self.finish({"ok": True})
    async def main():
        app = tornado.web.Application([(r"/ws/(\\d+)", Socket), (r"/move/(\\d+)", Move)])
        server = app.listen(0, "127.0.0.1")
        port = next(iter(server._sockets.values())).getsockname()[1]
        print(f"http://127.0.0.1:{port}/", flush=True)
        await asyncio.Event().wait()
    asyncio.run(main())
''')


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def game_run(url: str, players: int, rounds: int) -> list[float]:
    lecturer = Lecturer(url)
    await lecturer.login()
    game = await lecturer.create(case_id="suwi-keten", chain_size=CHAIN, rounds=rounds, options=["noise", "contract"],
                                 bot_after=600, seed=1)
    clients = [Player(url) for _ in range(players)]
    for i, client in enumerate(clients):
        await client.join(game["code"], f"speler{i}")
        await client.listen()
    await lecturer.act(game["code"], "start")
    chains = [clients[i:i + CHAIN] for i in range(0, players, CHAIN)]
    latencies: list[float] = []

    async def play(chain: list[Player]) -> None:
        for number in range(1, rounds + 1):
            for player in chain:
                await player.wait_for(lambda v, n=number: v["chain"] and v["chain"]["round"] == n
                                      and not v["chain"]["submitted"])
            for player in chain[:-1]:
                await player.move(number, 8)
            start = time.perf_counter()
            await chain[-1].move(number, 8)
            for p in chain:
                await p.wait_for(lambda v, n=number: v["chain"] and len(v["chain"]["history"]) >= n)
            # the push that carried the result: the first view with it that arrived
            latencies.append(max(p.arrived_at(number) for p in chain) - start)

    await asyncio.gather(*(play(c) for c in chains))
    for client in clients:
        client.close()
    return latencies


async def baseline_run(url: str, players: int, rounds: int) -> list[float]:
    groups = [[Client(url) for _ in range(CHAIN)] for _ in range(players // CHAIN)]
    for g, group in enumerate(groups):
        for client in group:
            await client.connect(f"ws/{g}")
    latencies: list[float] = []

    async def play(g: int, group: list[Client]) -> None:
        for number in range(1, rounds + 1):
            for client in group[:-1]:
                await client.call("POST", f"move/{g}", {"round": number})
            start = time.perf_counter()
            await group[-1].call("POST", f"move/{g}", {"round": number})
            done = []
            for client in group:
                await client.wait_for(lambda v, n=number: v["round"] == n)
                done.append(client.arrived_at_round(number))
            latencies.append(max(done) - start)

    await asyncio.gather(*(play(g, group) for g, group in enumerate(groups)))
    for group in groups:
        for client in group:
            client.close()
    return latencies


def rss_mb(pid: int) -> float:
    return psutil.Process(pid).memory_info().rss / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--players", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()

    baseline = subprocess.Popen([sys.executable, "-c", BASELINE_SERVER], stdout=subprocess.PIPE, text=True)
    base_url = baseline.stdout.readline().strip()
    with tempfile.TemporaryDirectory() as tmp:
        server = GameServer(f"sqlite:///{Path(tmp) / 'ketenspel.sqlite'}").start()
        try:
            idle = rss_mb(server.pid)
            base_latencies = asyncio.run(baseline_run(base_url, args.players, args.rounds))
            base_rss = rss_mb(baseline.pid)
            latencies = asyncio.run(game_run(server.url, args.players, args.rounds))
            after = rss_mb(server.pid)
        finally:
            server.stop()
            baseline.terminate()
            baseline.wait(10)
    ms = [1000 * x for x in latencies]
    base_ms = [1000 * x for x in base_latencies]
    median, p95 = statistics.median(ms), percentile(ms, 0.95)
    base_median, base_p95 = statistics.median(base_ms), percentile(base_ms, 0.95)
    print(f"chain game, {args.players} players ({args.players // CHAIN} chains of {CHAIN}), {args.rounds} rounds, "
          f"{psutil.cpu_count()} cores; {len(ms)} round results")
    print(f"{'':34}{'median ms':>10}{'p95 ms':>10}{'max ms':>10}{'RSS MB':>10}")
    print(f"{'move -> every screen (game)':34}{median:10.1f}{p95:10.1f}{max(ms):10.1f}{after:10.1f}")
    print(f"{'baseline: bare tornado push':34}{base_median:10.1f}{base_p95:10.1f}{max(base_ms):10.1f}{base_rss:10.1f}")
    print(f"ratio game / baseline: median {median / base_median:.1f}x, p95 {p95 / base_p95:.1f}x; "
          f"server RSS idle {idle:.1f} MB, after the game {after:.1f} MB")
    print(f"goal p95 < 300 ms: {'met' if p95 < 300 else 'NOT met'}")


if __name__ == "__main__":
    main()
