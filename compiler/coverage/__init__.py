"""Rule-level coverage of the generated tests: which side of each boundary they reached.

The boundaries themselves come from `compiler.boundaries` (shared with the test generator and
`codespec diff`); `recorder` traces the interpreter while the tests run, `measure` runs them in a
subprocess, `report` lays the counts out per rule, derive and let.
"""
