"""Every printed form against its official model (Resolution 40/NQ-HĐBCQG; the
team decision against Decree 30/2020/NĐ-CP): the text of its sample PDF holds
the labels and headings of `forms.models`, in the model's order."""

from __future__ import annotations

import unicodedata

import pytest

from forms import all_forms
from forms.models import BY_KEY, MODELS, OfficialModel, form_of, in_order, labels, sample_of
from forms.render import render
from tests.pdf import pdf_text

NOT_PRINTED = "not yet printed"

# The forms that do not follow their model yet, one line each. Whoever makes a
# form conform removes its line: the xfails are strict, so a form that starts
# to pass fails here until its line is gone.
NOT_YET: dict[str, str] = {
}  # fmt: skip


def ascii_id(model: OfficialModel) -> str:
    """'18/HĐBC-QH' → '18_HDBC-QH', for `pytest -k`."""
    return model.key.replace("Đ", "D").replace("/", "_")


def _param(model: OfficialModel) -> object:
    reason = NOT_YET.get(model.key)
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(model, id=ascii_id(model), marks=marks)


def sample_pdf(model: OfficialModel) -> bytes:
    form = form_of(model)
    assert form is not None
    return render(form, sample_of(model, form))


@pytest.mark.parametrize("model", [_param(model) for model in MODELS])
def test_the_printed_form_has_the_labels_of_its_model_in_order(model: OfficialModel):
    if not model.module:
        pytest.fail(NOT_PRINTED)
    missing = in_order(pdf_text(sample_pdf(model)), model.required)
    assert not missing, f"{len(missing)} of {len(model.required)} labels missing: {missing}"


def test_the_list_of_forms_not_yet_conforming_names_only_models():
    assert set(NOT_YET) <= set(BY_KEY)
    for model in MODELS:
        if not model.module:
            assert NOT_YET.get(model.key) == NOT_PRINTED, model.key


@pytest.mark.parametrize("model", [m for m in MODELS if m.module], ids=ascii_id)
def test_the_form_takes_the_number_of_its_model(model: OfficialModel):
    form = form_of(model)
    assert form is not None
    assert form.number_of(form.model.model_validate(sample_of(model, form))) == model.form_number
    assert form.number_on_page == model.number_printed


def test_every_form_with_a_number_is_in_the_table():
    numbered = {form.code for form in all_forms() if form.form_number or form.number_for}
    modules = {form.code for model in MODELS if (form := form_of(model)) is not None}
    assert numbered <= modules


@pytest.mark.parametrize("model", MODELS, ids=ascii_id)
def test_labels_are_the_model_words_without_blanks(model: OfficialModel):
    assert model.title and model.article.startswith("Điều ")
    for label in model.required:
        for option in label:
            assert option == unicodedata.normalize("NFC", option)
            assert option.strip() == option and "  " not in option
            assert ".." not in option and "…" not in option, option


def test_labels_are_found_in_order_with_alternatives():
    required = labels("Tỉnh/Thành phố | Tỉnh\nĐơn vị bầu cử số:\nCHỦ TỊCH")
    assert in_order("Tỉnh Cà Mau\nĐơn vị bầu cử số: 1 … CHỦ\n TỊCH", required) == []
    assert in_order("CHỦ TỊCH Đơn vị bầu cử số: 1 Tỉnh", required) == [
        "Đơn vị bầu cử số:",
        "CHỦ TỊCH",
    ]
