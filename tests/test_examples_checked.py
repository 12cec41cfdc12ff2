"""`codespec check` refuses exactly the examples whose encounter the runtime cannot read.

An example that checks clean becomes a generated test that starts with `parse_encounter`; one
that does not would fail there with a traceback. So for every field an example may set and many
ways of writing its value, either check reports an error on the line that holds the value, or
the example's record parses. (The fixtures in tests/diagnostics/ pin single cases and wordings.)
"""

from __future__ import annotations

import pytest

from compiler.check import check
from compiler.check.examples import DRUG_KEYS, ENCOUNTER_KEYS, EPISODE_KEYS, LINE_KEYS
from compiler.diagnostics import Diagnostics
from compiler.runtime.model import parse_encounter
from compiler.source import SourceFile
from compiler.syntax import parse_spec

VALUES = ['0', '1', '2', '1.5', '25', 'JZ', '"JZ"', '"0510"', '"11"', '[25]', '[JZ, 59]', '[jz]', '[]',
          '2024-02-30', '2024-08-14', '2024-08-14T09:00', '2024-08-14T10:00:00-04:00', '2024-08-14T25:00:00Z',
          'true', 'null', 'physician', 'facility', 'hospital', 'infusion', 'subcutaneous', 'first', '""', '"a b"']
HEADER = 'spec written "values written every way"\ncode 96369 "SC infusion, first hour"\n'
ENCOUNTER = {"setting": "physician", "payer": "medicare", "date_of_service": "2024-08-14"}
EPISODE = {"kind": "infusion", "route": "subcutaneous", "start": "2024-08-14T09:00:00-04:00"}
CASES = [("encounter", f) for f in ENCOUNTER_KEYS if f != "id"] + [("episode", f) for f in EPISODE_KEYS] + \
        [("line", f) for f in (*LINE_KEYS, *DRUG_KEYS)]


def example(n: int, clause: str, field: str, value: str) -> list[str]:
    """Example `e{n}`, four lines; the first clause after its header holds `field value`."""
    parts = {"encounter": dict(ENCOUNTER), "episode": dict(EPISODE), "line": {"units": 1}}
    parts[clause][field] = value
    fields = {name: ", ".join(f"{k} {v}" for k, v in d.items()) for name, d in parts.items()}
    clauses = {"encounter": f"  encounter {fields['encounter']}", "episode": f"  episode E1 {fields['episode']}",
               "line": f"  line 1: 96369 {fields['line']}"}
    return [f'example e{n} "`{field}` written one way"', clauses[clause]] + [t for c, t in clauses.items() if c != clause]


def checked(examples: list[list[str]], root):
    source, diags = SourceFile("written.rules", HEADER + "\n".join(line for ex in examples for line in ex) + "\n"), Diagnostics()
    return check(parse_spec(source, diags), source, diags, root), [d for d in diags.items if d.severity == "error"]


@pytest.mark.parametrize(("clause", "field"), CASES, ids=[f"{c}.{f}" for c, f in CASES])
def test_an_example_checks_clean_exactly_when_its_encounter_can_be_read(tmp_path, clause, field):
    examples = [example(n, clause, field, value) for n, value in enumerate(VALUES)]
    module, errors = checked(examples, tmp_path)
    field_line = {3 + 4 * n + 1: n for n in range(len(VALUES))}  # the line holding example n's value
    assert all(d.span.line in field_line and d.hint for d in errors), [(d.span.line, d.code, d.message) for d in errors]
    refused = {field_line[d.span.line] for d in errors}
    clean = [ex for n, ex in enumerate(examples) if n not in refused]
    assert refused and clean and module is None  # every field has values of both kinds among VALUES

    module, errors = checked(clean, tmp_path)
    assert errors == [] and module is not None
    for ex in module.examples:
        parse_encounter(ex.record)  # raises InvalidRecord if check let an unreadable record through
