"""Interactive exercises: thin ipywidgets layers over the models.

Every exercise is itself a widget (display it by putting it last in a cell) and
exposes its answers and results as plain Python values.
"""

from ketenles.widgets.chainmap import ChainMapExplorer
from ketenles.widgets.cooperation import TournamentExplorer, TrustGame
from ketenles.widgets.dilemmas import DilemmaExplorer
from ketenles.widgets.governance import GovernanceAdvisor
from ketenles.widgets.progress import ProgressOverview
from ketenles.widgets.quiz import QuizBox, question_widget
from ketenles.widgets.scan import ScanExercise

__all__ = ["ChainMapExplorer", "DilemmaExplorer", "GovernanceAdvisor", "ProgressOverview", "QuizBox",
           "ScanExercise", "TournamentExplorer", "TrustGame", "question_widget"]
