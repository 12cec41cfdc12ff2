"""Semantic diff between two versions of the specs: which coding decisions move, and why.

sources -> materialise each side; boundaries -> the edges both versions compare against;
encounters -> probes around those edges plus seeded random ones; compare -> both versions through
the IR interpreter; causes -> the changed spec lines behind each moved decision; report -> output.
"""

from .run import DiffError, DiffResult, run

__all__ = ["DiffError", "DiffResult", "run"]
