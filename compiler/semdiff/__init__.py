"""Semantic diff between two versions of the specs: which coding decisions move, and why.

sources -> materialise each side; encounters -> the edge cases of both versions' boundaries
(`compiler.boundaries`, built by `compiler.edgecases`: probes), set members one version lacks,
examples, user records and seeded random ones; compare -> both versions through the IR
interpreter; causes -> the changed spec lines behind each moved decision; report -> output.
"""

from .run import DiffError, DiffResult, run

__all__ = ["DiffError", "DiffResult", "run"]
