"""The class chain game's server: a class plays :mod:`ketenles.models.chaingame` live.

- :mod:`~ketenles.classgame.store`: games, players and moves in SQL (SQLite or PostgreSQL);
- :mod:`~ketenles.classgame.game`: the games, their rounds and every rule of trust between players;
- :mod:`~ketenles.classgame.views`: what a player and the lecturer may see, and the export;
- :mod:`~ketenles.classgame.server`: the tornado application (HTTP, WebSocket, pages);
- :mod:`~ketenles.classgame.serve`: ``ketenles game serve``, standalone or as a JupyterHub service.
"""
