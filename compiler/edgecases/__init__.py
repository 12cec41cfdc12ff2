"""Deterministic edge-case encounters around the boundaries of `compiler.boundaries`: the generated
tests run them against the validator and the interpreter, `codespec diff` against two versions of
the specs. Standard library only (no Hypothesis), and the records are contract-shaped dicts.
"""

from .cases import PRODUCT_LIMIT, Probe, probes
from .records import BASE, drug, encounter, episode, json_number, line, members, scenario
from .tables import table_rows
from .targets import DAY, DRUG_CODE, SETTINGS, Target, targets
from .values import DRUG_UNIT_MG, GAP_SECONDS, LAYOUTS, edge_seconds, edge_values, fmt, knob_label

__all__ = ["BASE", "DAY", "DRUG_CODE", "DRUG_UNIT_MG", "GAP_SECONDS", "LAYOUTS", "PRODUCT_LIMIT", "SETTINGS", "Probe",
           "Target", "drug", "edge_seconds", "edge_values", "encounter", "episode", "fmt", "json_number", "knob_label",
           "line", "members", "probes", "scenario", "table_rows", "targets"]
