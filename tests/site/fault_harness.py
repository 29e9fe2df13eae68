"""Run ``xinfang`` with a pause at one named step of the build, for the fault tests.

``python -m tests.site.fault_harness STEP xinfang-args…``: prints ``PAUSED <step>`` and
sleeps when the build reaches STEP, so the test can SIGKILL it exactly there.
"""

from __future__ import annotations

import sys
import time

from generator.cli import main
from generator.site.build import publish


def _pause_at(target: str) -> None:
    def step(name: str) -> None:
        if name == target:
            print(f"PAUSED {name}", flush=True)
            time.sleep(3600)

    publish.step = step


if __name__ == "__main__":
    _pause_at(sys.argv[1])
    sys.exit(main(sys.argv[2:]))
