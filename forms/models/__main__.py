"""Write every official model's sample PDF and report the labels each lacks.

Run: python -m forms.models OUT_DIR [NUMBER …]   (e.g. 18/HĐBC-QH, or team_decision)
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from pypdf import PdfReader

from forms.models import MODELS, OfficialModel, form_of, in_order, sample_of
from forms.render import render


def sample_pdf(model: OfficialModel) -> bytes | None:
    """The sample of the model, rendered by the module that prints it; None when
    the product does not print it yet."""
    form = form_of(model)
    return None if form is None else render(form, sample_of(model, form))


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    wanted = set(argv[1:])
    for model in MODELS:
        if wanted and model.key not in wanted:
            continue
        content = sample_pdf(model)
        name = model.key.replace("/", "-")
        if content is None:
            print(f"{model.key}: not yet printed")
            continue
        (out / f"{name}.pdf").write_bytes(content)
        text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
        missing = in_order(text, model.required)
        print(f"{model.key}: {len(missing)} of {len(model.required)} labels missing")
        for label in missing:
            print(f"    {label}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
