"""The columns of a population-database export, and the codes their values stand for."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from election.actor import Actor
from election.imports.mapping import ColumnSpec, header_key
from election.parsing import parse_sex
from election.stations import services as stations
from election.voters.queries import checks
from election.voters.queries.batch import FILE_FIELDS
from election.voters.tables import Exclusion, ResidenceCategory

VOTER_COLUMNS = (
    ColumnSpec(
        "personal_id",
        "Số định danh cá nhân",
        required=True,
        aliases=("Số CCCD", "Số căn cước công dân", "Số căn cước", "Số định danh", "Số CMND/CCCD"),
    ),
    ColumnSpec("full_name", "Họ và tên", required=True, aliases=("Họ, chữ đệm và tên", "Họ tên")),
    ColumnSpec(
        "date_of_birth",
        "Ngày sinh",
        required=True,
        aliases=("Ngày, tháng, năm sinh", "Ngày tháng năm sinh"),
    ),
    ColumnSpec("sex", "Giới tính", required=True),
    ColumnSpec("ethnicity", "Dân tộc"),
    ColumnSpec("occupation", "Nghề nghiệp"),
    ColumnSpec("permanent_address", "Nơi thường trú", aliases=("Địa chỉ thường trú",)),
    ColumnSpec("temporary_address", "Nơi tạm trú", aliases=("Địa chỉ tạm trú",)),
    ColumnSpec("current_address", "Nơi ở hiện tại", aliases=("Nơi ở hiện nay", "Chỗ ở hiện tại")),
    ColumnSpec(
        "temporary_since",
        "Ngày đăng ký tạm trú",
        aliases=("Tạm trú từ", "Ngày bắt đầu tạm trú", "Thời gian đăng ký tạm trú"),
    ),
    ColumnSpec("residence_category", "Loại cư trú", aliases=("Diện cư trú", "Tình trạng cư trú")),
    ColumnSpec("household_id", "Mã hộ", aliases=("Số hộ", "Mã hộ gia đình", "Mã đơn vị")),
    ColumnSpec("relation", "Quan hệ với chủ hộ", aliases=("Chủ hộ", "Là chủ hộ")),
    ColumnSpec(
        "polling_area",
        "Khu vực bỏ phiếu",
        required=True,
        aliases=("Số khu vực", "Khu vực bỏ phiếu số", "KVBP"),
    ),
    ColumnSpec("exclusion", "Không được ghi tên", aliases=("Lý do không ghi tên",)),
    ColumnSpec("exclusion_evidence", "Căn cứ", aliases=("Căn cứ không ghi tên",)),
)
assert tuple(spec.field for spec in VOTER_COLUMNS) == FILE_FIELDS

# Values accepted in the category column (compared as header keys: no case,
# no diacritics). Certificate holders are registered through Art. 34, not here.
CATEGORY_VALUES: dict[str, str] = {
    **{
        header_key(c.label): c.value
        for c in ResidenceCategory
        if c != ResidenceCategory.CERTIFICATE
    },
    **{
        header_key(c.value): c.value
        for c in ResidenceCategory
        if c != ResidenceCategory.CERTIFICATE
    },
    "": ResidenceCategory.PERMANENT.value,
    "thuong tru": ResidenceCategory.PERMANENT.value,
    "tam tru": ResidenceCategory.TEMPORARY_SHORT.value,
    "tam tru tu 12 thang": ResidenceCategory.TEMPORARY_LONG.value,
    "tam tru duoi 12 thang": ResidenceCategory.TEMPORARY_SHORT.value,
    "quan nhan": ResidenceCategory.ARMED_FORCES.value,
    "luc luong vu trang": ResidenceCategory.ARMED_FORCES.value,
    "tam giam": ResidenceCategory.DETENTION.value,
    "tam giu": ResidenceCategory.DETENTION.value,
    "noi o hien tai": ResidenceCategory.CURRENT_RESIDENCE.value,
    "chua dang ky cu tru": ResidenceCategory.CURRENT_RESIDENCE.value,
    "chua dang ky thuong tru tam tru": ResidenceCategory.CURRENT_RESIDENCE.value,
}
EXCLUSION_VALUES: dict[str, str] = {
    **{header_key(e.label): e.value for e in Exclusion},
    **{header_key(e.value): e.value for e in Exclusion},
    "tuoc quyen bau cu": Exclusion.COURT_DEPRIVED.value,
    "tu hinh": Exclusion.DEATH_SENTENCE.value,
    "dang chap hanh an tu": Exclusion.IMPRISONED.value,
    "mat nang luc hanh vi dan su": Exclusion.LOST_CAPACITY.value,
}
HEAD_VALUES = ("chu ho", "la chu ho", "x", "co", "1", "true")
_AREA_NUMBER = re.compile(r"([0-9]+)\s*$")


def _sex_code(spelling: str) -> str | None:
    """The sex a spelling stands for, as `parse_sex` reads it; None when unknown."""
    try:
        return parse_sex(spelling)
    except ValueError:
        return None


async def code_lookups(
    batch_id: int, *, election_id: int, commune_code: str, actor: Actor
) -> dict[str, list[Any]]:
    """For each of the coded fields, the distinct trimmed spellings in the file
    and their codes (None when unknown): the `check_rows` parameters
    `<field>_spellings` and `<field>_codes`.

    The spellings are mapped with the same header_key() that maps the headers.
    """
    spellings: dict[str, list[str]] = {name: [] for name in checks.CODED_FIELDS}
    for row in await checks.spellings.on(batch_id)():
        for name in checks.CODED_FIELDS:
            value = getattr(row, name)
            if value is not None:
                spellings[name].append(value)
                break
    areas = await stations.list_polling_areas(
        election_id=election_id, commune_code=commune_code, actor=actor
    )
    area_ids = {area.number: area.id for area in areas}

    def area_id(label: str) -> int | None:
        match = _AREA_NUMBER.search(label)
        return area_ids.get(int(match.group(1))) if match else None

    code_of: dict[str, Callable[[str], Any]] = {
        "sex": _sex_code,
        "residence_category": lambda v: CATEGORY_VALUES.get(header_key(v)),
        "exclusion": lambda v: EXCLUSION_VALUES.get(header_key(v)),
        "relation": lambda v: header_key(v) in HEAD_VALUES,
        "polling_area": area_id,
    }
    parameters: dict[str, list[Any]] = {}
    for name, values in spellings.items():
        parameters[f"{name}_spellings"] = values
        parameters[f"{name}_codes"] = [code_of[name](value) for value in values]
    return parameters
