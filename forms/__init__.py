"""Printable form definitions: pure data and layout, no database.

Each module exports `FORM`; `all_forms()` lists them for the parametrized
test that renders every sample.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any, cast

from forms.base import FormDefinition

# Modules of the package that define no form.
_NOT_FORMS = {"base", "render", "common", "formatting", "models", "words"}


def all_forms() -> list[FormDefinition[Any]]:
    found: list[FormDefinition[Any]] = []
    for module_info in pkgutil.iter_modules(__path__):
        if module_info.name in _NOT_FORMS:
            continue
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        form: object = getattr(module, "FORM", None)
        if isinstance(form, FormDefinition):
            # Each form is generic in its own data model: the list holds them all.
            found.append(cast("FormDefinition[Any]", form))
    return sorted(found, key=lambda f: f.code)
