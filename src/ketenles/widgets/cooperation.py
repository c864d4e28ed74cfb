"""The cooperation exercises on top of :mod:`ketenles.models.cooperation`.

- :class:`TrustGame`: play round by round against a simulated chain partner;
- :class:`TournamentExplorer`: change the seminar's conditions and watch a
  round-robin tournament (and optionally evolution) respond.
"""

from ketenles.widgets.tournament import TournamentExplorer
from ketenles.widgets.trust_game import TrustGame

__all__ = ["TournamentExplorer", "TrustGame"]
