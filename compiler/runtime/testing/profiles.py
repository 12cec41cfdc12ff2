"""Hypothesis profiles: `ci` (reproducible, bounded; the default) and `deep` (long local runs)."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings


settings.register_profile("ci", derandomize=True, max_examples=40, deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("deep", max_examples=2000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def load_profile() -> None:
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def share(fraction: float) -> settings:
    """Settings running `fraction` of the loaded profile's examples (at least 10), so that the many
    per-rule tests keep the ci budget while `deep` still scales them up."""
    return settings(max_examples=max(10, int(settings.default.max_examples * fraction)))

