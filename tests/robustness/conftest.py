"""The robustness tests import their shared harnesses (fuzzing, crashing) from here."""

from __future__ import annotations

import sys
from pathlib import Path

HERE = str(Path(__file__).resolve().parent)
if HERE not in sys.path:
    sys.path.append(HERE)  # after tests/, whose conftest other tests import
