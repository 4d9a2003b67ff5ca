"""Shared by every test package, and free of Django: paths, and the hypothesis profiles.

`default` keeps property tests quick for everyday runs; `thorough` (HYPOTHESIS_PROFILE=thorough,
which scripts/test also runs) tries ten times as many examples. A test states the number it wants
under `thorough` through `examples(n)`.
"""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parents[1]
PLAYBOOKS = ROOT / "playbooks"

PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "default")
settings.register_profile("default", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(PROFILE if PROFILE in ("default", "thorough") else "default")


def examples(thorough: int) -> int:
    """How many examples a property test tries: `thorough` under the thorough profile, a tenth
    (at least 10) otherwise."""
    return thorough if PROFILE == "thorough" else max(10, thorough // 10)
