"""Where a spec draws a line, read once from the IR for every tool that needs it: the generated
tests (their edge cases), `codespec coverage` (which sides the tests reached) and `codespec diff`
(which encounters to compare). Standard library only, so a tool without the test extras can use it.
"""

from .analysis import STEPS_BANDS, Analysis, derive_name, module_boundaries, owners
from .edges import SIDES, Boundary, Edge, Focus, Knob, Owner, TableEdge
from .inputs import sample

__all__ = ["SIDES", "STEPS_BANDS", "Analysis", "Boundary", "Edge", "Focus", "Knob", "Owner", "TableEdge",
           "derive_name", "module_boundaries", "owners", "sample"]
