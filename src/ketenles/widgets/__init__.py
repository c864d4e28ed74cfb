"""Interactive exercises: thin ipywidgets layers over the models.

Every exercise is itself a widget (display it by putting it last in a cell) and
exposes its answers and results as plain Python values.
"""

from ketenles.widgets.chainmap import ChainMapExplorer
from ketenles.widgets.governance import GovernanceAdvisor
from ketenles.widgets.scan import ScanExercise

__all__ = ["ChainMapExplorer", "GovernanceAdvisor", "ScanExercise"]
