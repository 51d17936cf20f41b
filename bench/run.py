"""`make bench`: run every bench/bench_*.py; each prints `name: value unit (ratio to baseline X.XX)`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    failures = 0
    for script in sorted((ROOT / "bench").glob("bench_*.py")):
        module = f"bench.{script.stem}"
        result = subprocess.run([sys.executable, "-m", module], cwd=ROOT)
        if result.returncode != 0:
            print(f"{script.stem}: FAILED (exit {result.returncode})", flush=True)
            failures += 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
