"""What the official models of Resolution 40/NQ-HĐBCQG require of each printed
form, and the check that a printed form has it.

`MODELS` lists, for every model the product prints or should print (and the
team decision, which follows the decision model of Decree 30/2020/NĐ-CP), its
number, title, article of the election law, the module that prints it, and
the labels and headings the model prints, in the model's order and in its
words (NFC). Left out of the labels: the dotted blanks, the footnote markers
"(1)", "(*)" and the dash that begins a line of a list; the notes under a
model ("Ghi chú", "Lưu ý") are instructions to whoever fills it, not printed
text. A label written "a | b" accepts either wording: where the model offers
a choice ("Tỉnh/Thành phố" is printed as "Tỉnh …" or "Thành phố …").

`in_order(text, labels)` checks a printed form's text against its model;
`tests/test_form_models.py` renders every sample and applies it, and
`python -m forms.models OUT_DIR` writes every sample PDF and reports what each
one lacks.
"""

from __future__ import annotations

import importlib
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from pydantic import BaseModel

from forms.base import FormDefinition
from forms.models import samples
from forms.models.decisions import DECISION_LABELS
from forms.models.lists import LIST_LABELS
from forms.models.results import RESULT_LABELS
from forms.models.voters import VOTER_LABELS

Label = tuple[str, ...]  # the wordings a label may be printed in


@dataclass(frozen=True)
class OfficialModel:
    """One model and what a form printed to it must show.

    `module` is the `forms` module that prints it ("" when the product does
    not print it yet); `sample` builds the data of its sample when it is not
    the module's own `sample()` (the HĐND variant of minutes whose sample is
    the National Assembly's, for one). `number_printed` is false for the
    ballots: a ballot carries nothing but the ballot itself."""

    number: str  # "18/HĐBC-QH"; "" for a document that follows no numbered model
    title: str
    article: str
    module: str
    labels: tuple[Label, ...]
    number_printed: bool = True
    sample: Callable[[], BaseModel] | None = None

    @property
    def key(self) -> str:
        return self.number or self.module

    @property
    def form_number(self) -> str:
        return f"Mẫu số {self.number}" if self.number else ""

    @property
    def required(self) -> tuple[Label, ...]:
        """The labels, led by the form number where the form prints it."""
        if self.number and self.number_printed:
            return ((self.form_number,), *self.labels)
        return self.labels


def form_of(model: OfficialModel) -> FormDefinition[Any] | None:
    """The form that prints `model`, None when the product does not print it yet."""
    if not model.module:
        return None
    found: object = getattr(importlib.import_module(f"forms.{model.module}"), "FORM", None)
    if not isinstance(found, FormDefinition):
        raise LookupError(f"forms.{model.module} defines no FORM")
    # Each form is generic in its own data model.
    return cast("FormDefinition[Any]", found)


def sample_of(model: OfficialModel, form: FormDefinition[Any]) -> BaseModel:
    """The data of the model's sample: its variant, or the form's own sample."""
    return model.sample() if model.sample is not None else form.sample()


def labels(text: str) -> tuple[Label, ...]:
    """One label a line, "a | b" for alternatives; blank lines ignored."""
    found: list[Label] = []
    for line in unicodedata.normalize("NFC", text).splitlines():
        if line.strip():
            found.append(tuple(" ".join(part.split()) for part in line.split(" | ")))
    return tuple(found)


def squash(text: str) -> str:
    """Whitespace collapsed, and the dashes of a range ("2026–2031") read as the
    model's hyphen: a typographic choice, not a different wording."""
    text = unicodedata.normalize("NFC", text).replace("\u2013", "-").replace("\u2014", "-")
    return re.sub(r"\s+", " ", text)


def in_order(text: str, required: Sequence[Label]) -> list[str]:
    """The labels not found in `text` in order: each is looked for after the
    previous one found (whitespace collapsed); [] when the text has them all."""
    text = squash(text)
    position = 0
    missing: list[str] = []
    for label in required:
        hits = [(found, option) for option in label if (found := text.find(option, position)) >= 0]
        if hits:
            found, option = min(hits)
            position = found + len(option)
        else:
            missing.append(" | ".join(label))
    return missing


def _model(
    number: str,
    title: str,
    article: str,
    module: str,
    text: str,
    *,
    number_printed: bool = True,
    sample: Callable[[], BaseModel] | None = None,
) -> OfficialModel:
    return OfficialModel(number, title, article, module, labels(text), number_printed, sample)


_T = {**VOTER_LABELS, **LIST_LABELS, **RESULT_LABELS, **DECISION_LABELS}

MODELS: tuple[OfficialModel, ...] = (
    _model("10/HĐBC", "Thẻ cử tri", "Điều 29, 69", "voter_card", _T["10/HĐBC"]),
    _model(
        "11/HĐBC",
        "Giấy chứng nhận để cử tri tham gia bỏ phiếu ở nơi khác",
        "Điều 34",
        "vote_certificate",
        _T["11/HĐBC"],
    ),
    _model(
        "12/HĐBC",
        "Giấy chứng nhận cử tri là quân nhân tham gia bỏ phiếu ở nơi cư trú",
        "Điều 29, 31",
        "soldier_certificate",
        _T["12/HĐBC"],
    ),
    _model(
        "13/HĐBC-QH",
        "Phiếu bầu cử đại biểu Quốc hội",
        "Điều 57, 69, 74",
        "ballot",
        _T["13/HĐBC-QH"],
        number_printed=False,
        sample=samples.ballot_national,
    ),
    _model(
        "14/HĐBC-HĐND",
        "Phiếu bầu cử đại biểu Hội đồng nhân dân tỉnh, thành phố",
        "Điều 57, 69, 74",
        "ballot",
        _T["14/HĐBC-HĐND"],
        number_printed=False,
    ),
    _model(
        "15/HĐBC-HĐND",
        "Phiếu bầu cử đại biểu Hội đồng nhân dân xã, phường, đặc khu",
        "Điều 57, 69, 74",
        "ballot",
        _T["15/HĐBC-HĐND"],
        number_printed=False,
        sample=samples.ballot_commune,
    ),
    _model(
        "16/HĐBC-QH",
        "Báo cáo về dự kiến phân bổ những người ứng cử đại biểu Quốc hội theo đơn vị bầu cử",
        "Điều 57",
        "allocation_report",
        _T["16/HĐBC-QH"],
    ),
    _model(
        "17/HĐBC-QH",
        "Danh sách chính thức những người ứng cử đại biểu Quốc hội ở đơn vị bầu cử",
        "Điều 57, 58, 59",
        "candidate_list",
        _T["17/HĐBC-QH"],
        sample=samples.candidates_national,
    ),
    _model(
        "18/HĐBC-QH",
        "Biên bản kết quả kiểm phiếu bầu cử đại biểu Quốc hội của Tổ bầu cử",
        "Điều 73, 75, 76",
        "tally_minutes",
        _T["18/HĐBC-QH"],
    ),
    _model(
        "19/HĐBC-QH",
        "Biên bản xác định kết quả bầu cử đại biểu Quốc hội ở đơn vị bầu cử",
        "Điều 77, 78",
        "unit_result_minutes",
        _T["19/HĐBC-QH"],
    ),
    _model(
        "20/HĐBC-QH",
        "Biên bản xác định kết quả bầu cử đại biểu Quốc hội ở tỉnh, thành phố",
        "Điều 83",
        "province_result_minutes",
        _T["20/HĐBC-QH"],
    ),
    _model(
        "21/HĐBC-QH",
        "Báo cáo về danh sách những người trúng cử đại biểu Quốc hội",
        "Điều 57, 77, 78",
        "winners_report",
        _T["21/HĐBC-QH"],
    ),
    _model(
        "22/HĐBC-HĐND",
        "Danh sách chính thức những người ứng cử đại biểu Hội đồng nhân dân",
        "Điều 57, 58, 59",
        "candidate_list",
        _T["22/HĐBC-HĐND"],
    ),
    _model(
        "23/HĐBC-HĐND",
        "Biên bản kết quả kiểm phiếu bầu cử đại biểu Hội đồng nhân dân của Tổ bầu cử",
        "Điều 73, 75, 76",
        "tally_minutes",
        _T["23/HĐBC-HĐND"],
        sample=samples.tally_council,
    ),
    _model(
        "24/HĐBC-HĐND",
        "Biên bản xác định kết quả bầu cử đại biểu Hội đồng nhân dân ở đơn vị bầu cử",
        "Điều 77, 78",
        "unit_result_minutes",
        _T["24/HĐBC-HĐND"],
        sample=samples.unit_result_council,
    ),
    _model(
        "25/HĐBC-HĐND",
        "Biên bản tổng kết cuộc bầu cử đại biểu Hội đồng nhân dân",
        "Điều 85",
        "council_summary_minutes",
        _T["25/HĐBC-HĐND"],
    ),
    _model("31/HĐBC", "Danh sách cử tri", "Điều 29, 30, 31, 32, 34", "voter_list", _T["31/HĐBC"]),
    _model(
        "32/HĐBC",
        "Biên bản kiểm kê việc sử dụng phiếu bầu cử",
        "Điều 69, 73",
        "ballot_use_minutes",
        _T["32/HĐBC"],
    ),
    _model(
        "",
        "Quyết định thành lập các Tổ bầu cử (kèm danh sách thành viên)",
        "Điều 25",
        "team_decision",
        _T["team_decision"],
    ),
)
BY_KEY: dict[str, OfficialModel] = {model.key: model for model in MODELS}
