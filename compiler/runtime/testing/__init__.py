"""What the generated tests call as `rt.<name>`: Hypothesis profiles and strategies, the edge cases,
the metamorphic moves, the oracle and the assertions.

Hand-written and tested here once (tests/test_runtime_testing.py); generated tests only pass them
constants read from the IR (rule ids, spec positions, thresholds). The one runtime package that
imports hypothesis, and the one that may import the compiler (for the IR interpreter oracle). The
boundary analysis and the edge-case records themselves are stdlib-only and shared with
`codespec coverage` and `codespec diff` (`compiler.boundaries`, `compiler.edgecases`).
"""

from ...boundaries import Edge, Knob, TableEdge
from ...edgecases import BASE, DAY, SETTINGS, Target, edge_seconds, edge_values, knob_label, scenario, table_rows
from ..model import Encounter, parse_encounter
from .assertions import (assert_agree, assert_monotone, assert_same_report, assert_same_time_verdicts, assert_total,
                         check_example, report_difference, report_in)
from .cases import Case, boundary_cases
from .describe import describe_values, encounter_json
from .oracle import Respelling, interpreter_for, respelled_interpreter
from .profiles import load_profile, share
from .strategies import (CODES, MODIFIERS, PAYERS, ZONES, anything, boundary_encounters, encounter_dicts, encounters,
                         focused_encounters, permutations, stretches, time_shifts, zones)
from .transforms import reorder, respell_record, shift_and_rezone, stretch

__all__ = [
    "BASE", "CODES", "DAY", "MODIFIERS", "PAYERS", "SETTINGS", "ZONES", "Case", "Edge", "Encounter", "Knob",
    "Respelling", "TableEdge", "Target", "anything", "assert_agree", "assert_monotone", "assert_same_report",
    "assert_same_time_verdicts", "assert_total", "boundary_cases", "boundary_encounters", "check_example",
    "describe_values", "edge_seconds", "edge_values", "encounter_dicts", "encounter_json", "encounters",
    "focused_encounters", "interpreter_for", "knob_label", "load_profile", "parse_encounter", "permutations",
    "reorder", "report_difference", "report_in", "respell_record", "respelled_interpreter", "scenario", "share",
    "shift_and_rezone", "stretch", "stretches", "table_rows", "time_shifts", "zones",
]
