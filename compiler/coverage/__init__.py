"""Boundary analysis of the IR and rule-level coverage of the generated tests.

`boundaries` finds, per rule, derive and let, every comparison against a constant (and every band
edge of a `steps` derivation) with the input that moves it; the test generator builds edge cases
from it and `codespec coverage` records which side of each edge the tests reached.
"""
