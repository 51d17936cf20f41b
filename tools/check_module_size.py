"""`make lint`: no module of the application grows past MAX_LINES lines.

A module that long holds more than one use case; split it into a package
with one module per use case (see docs/architecture.md).
"""

from __future__ import annotations

import sys
from pathlib import Path

MAX_LINES = 600
ROOTS = ("election", "forms")


def oversized(root: Path) -> list[tuple[Path, int]]:
    found = []
    for top in ROOTS:
        for path in sorted((root / top).rglob("*.py")):
            lines = len(path.read_text(encoding="utf-8").splitlines())
            if lines > MAX_LINES:
                found.append((path.relative_to(root), lines))
    return found


def main() -> int:
    found = oversized(Path(__file__).resolve().parent.parent)
    for path, lines in found:
        print(f"{path}: {lines} lines (at most {MAX_LINES}; split it by use case)")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
