"""Printable form definitions: pure data and layout, no database.

Each module exports `FORM`; `all_forms()` lists them for the parametrized
test that renders every sample.
"""

from __future__ import annotations

import importlib
import pkgutil

from forms.base import FormDefinition


def all_forms() -> list[FormDefinition]:
    found = []
    for module_info in pkgutil.iter_modules(__path__):
        if module_info.name in {"base", "render", "common"}:
            continue
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        form = getattr(module, "FORM", None)
        if isinstance(form, FormDefinition):
            found.append(form)
    return sorted(found, key=lambda f: f.code)


def get_form(code: str) -> FormDefinition:
    for form in all_forms():
        if form.code == code:
            return form
    raise KeyError(code)
