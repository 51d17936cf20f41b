"""Every HTTP adapter module is named in the contract that only the app imports
adapters (`[tool.importlinter]` in pyproject.toml): a new `*_pages` module
left out of it could be imported by a domain without `make lint` noticing."""

from __future__ import annotations

import fnmatch
import tomllib

from election.settings import PROJECT_ROOT


def adapter_modules() -> set[str]:
    names = set()
    for path in (PROJECT_ROOT / "election").rglob("*.py"):
        if path.stem.endswith(("pages", "controllers")):
            relative = path.relative_to(PROJECT_ROOT).with_suffix("")
            names.add(".".join(relative.parts))
    return names


def test_every_adapter_is_forbidden_to_the_domains():
    config = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())
    contracts = config["tool"]["importlinter"]["contracts"]
    (adapters,) = [c for c in contracts if c["name"] == "Only the app imports HTTP adapters"]
    patterns = adapters["forbidden_modules"]
    found = adapter_modules()
    assert found, "no adapter modules found"
    uncovered = {
        module
        for module in found
        if not any(fnmatch.fnmatchcase(module, pattern) for pattern in patterns)
    }
    assert not uncovered, f"add to forbidden_modules: {sorted(uncovered)}"
