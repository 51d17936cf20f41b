"""Synthetic voter lists for the demo ward: households, plausible names, a
realistic mix of residence categories. Deterministic (seeded) and loaded
through the real import path (COPY, SQL checks, set-based commit)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random

from election.actor import Actor
from election.clock import VIETNAM
from election.imports import services as imports
from election.stations import services as stations
from election.voters import bulk, rules
from election.voters import services as voters

FAMILIES = (
    ("Nguyễn", 30),
    ("Trần", 12),
    ("Lê", 10),
    ("Phạm", 7),
    ("Huỳnh", 6),
    ("Võ", 5),
    ("Phan", 4),
    ("Trương", 3),
    ("Đặng", 3),
    ("Bùi", 2),
    ("Đỗ", 2),
    ("Hồ", 2),
    ("Ngô", 2),
    ("Dương", 2),
    ("Lý", 2),
    ("Tô", 1),
    ("Quách", 1),
    ("Mai", 1),
    ("Cao", 1),
    ("Lâm", 2),
)
KHMER_FAMILIES = ("Thạch", "Danh", "Sơn", "Kim", "Lâm")
MIDDLE = {
    "male": ("Văn", "Hữu", "Minh", "Quốc", "Thanh", "Đức", "Công", "Hoàng", "Trọng", "Tấn"),
    "female": ("Thị", "Ngọc", "Thu", "Kim", "Hồng", "Mỹ", "Thanh", "Bích", "Thúy", "Diệu"),
}
GIVEN = {
    "male": (
        "An",
        "Bình",
        "Cường",
        "Dũng",
        "Duy",
        "Đạt",
        "Hải",
        "Hùng",
        "Khang",
        "Khoa",
        "Long",
        "Nam",
        "Nghĩa",
        "Phúc",
        "Phong",
        "Quang",
        "Sơn",
        "Tài",
        "Thắng",
        "Tín",
        "Trung",
        "Tuấn",
        "Vinh",
        "Hiếu",
        "Lộc",
        "Thịnh",
        "Toàn",
        "Hậu",
    ),
    "female": (
        "Anh",
        "Châu",
        "Diễm",
        "Dung",
        "Giang",
        "Hà",
        "Hạnh",
        "Hoa",
        "Hương",
        "Lan",
        "Linh",
        "Loan",
        "Mai",
        "Ngân",
        "Nhung",
        "Oanh",
        "Phương",
        "Quyên",
        "Thảo",
        "Trang",
        "Tuyết",
        "Uyên",
        "Vân",
        "Yến",
        "Thư",
        "Hằng",
        "Nhi",
        "Trinh",
    ),
}
OCCUPATIONS = (
    "Làm ruộng",
    "Nuôi trồng thủy sản",
    "Buôn bán",
    "Công nhân",
    "Giáo viên",
    "Cán bộ, công chức",
    "Nội trợ",
    "Lao động tự do",
    "Học sinh, sinh viên",
    "Hưu trí",
    "Kinh doanh",
    "Làm muối",
    "Tài xế",
    "Thợ may",
)
# Where a birth was registered: Cà Mau (096) or the former Bạc Liêu (095),
# Sóc Trăng (094), or elsewhere.
BIRTH_PROVINCES = (96, 96, 95, 95, 95, 94, 92, 79)


def _pick(rng: random.Random, weighted) -> str:
    names, weights = zip(*weighted, strict=True)
    return rng.choices(names, weights=weights)[0]


def _person(
    rng: random.Random, *, sex: str, family: str, born: dt.date, serial: int
) -> tuple[str, str]:
    name = f"{family} {rng.choice(MIDDLE[sex])} {rng.choice(GIVEN[sex])}"
    province = rng.choice(BIRTH_PROVINCES)
    personal_id = (
        f"{province:03d}{rules.century_sex_digit(sex, born.year)}{born.year % 100:02d}{serial:06d}"
    )
    return name, personal_id


def demo_voter_rows(
    *, areas: int, per_area: int, election_day: dt.date, seed: int = 20260315
) -> list[list[str]]:
    """Households of one to six people per polling area, heads first: mostly
    permanent residents, some temporary (with the day their temporary residence
    was registered), and a few households registered nowhere, listed where
    they live now (Mẫu số 31/HĐBC, column 7c)."""
    rng = random.Random(seed)
    # A second generator for what was added later, so that the names, IDs and
    # households drawn from the first stay as they were.
    residence_rng = random.Random(seed + 1)
    rows = []
    serial = 0
    latest = election_day.replace(year=election_day.year - 18)
    for area in range(1, areas + 1):
        count = 0
        household = 0
        khom = (area - 1) // 3 + 1
        while count < per_area:
            household += 1
            size = min(rng.choice((1, 2, 2, 3, 3, 3, 4, 4, 5, 6)), per_area - count)
            khmer = rng.random() < 0.07
            family = rng.choice(KHMER_FAMILIES) if khmer else _pick(rng, FAMILIES)
            ethnicity = (
                "Khmer" if khmer else ("Hoa" if family == "Lâm" and rng.random() < 0.5 else "Kinh")
            )
            category = rng.choices(
                ("Thường trú", "Tạm trú từ 12 tháng trở lên", "Tạm trú dưới 12 tháng"),
                weights=(93, 4, 3),
            )[0]
            street = f"Số {rng.randrange(1, 400)}, khóm {khom}, Phường Bạc Liêu, tỉnh Cà Mau"
            since = _temporary_since(residence_rng, category, election_day)
            if category == "Thường trú" and residence_rng.random() < 0.01:
                category = "Nơi ở hiện tại"
            household_id = f"BL{area:02d}{household:04d}"
            head_born = latest - dt.timedelta(days=rng.randrange(7 * 365, 60 * 365))
            for member in range(size):
                serial += 1
                if member == 0:
                    sex = rng.choice(("male", "male", "female"))
                    born = head_born
                    relation = "Chủ hộ"
                    surname = family
                elif member == 1 and size > 1:
                    sex = "female" if rng.random() < 0.8 else "male"
                    born = head_born + dt.timedelta(days=rng.randrange(-5 * 365, 5 * 365))
                    relation = "Vợ" if sex == "female" else "Chồng"
                    surname = _pick(rng, FAMILIES)
                else:
                    sex = rng.choice(("male", "female"))
                    born = min(
                        head_born + dt.timedelta(days=rng.randrange(18 * 365, 35 * 365)), latest
                    )
                    relation = "Con"
                    surname = family
                name, personal_id = _person(rng, sex=sex, family=surname, born=born, serial=serial)
                unregistered = category == "Nơi ở hiện tại"
                rows.append(
                    [
                        personal_id,
                        name,
                        born.strftime("%d/%m/%Y"),
                        "Nam" if sex == "male" else "Nữ",
                        ethnicity,
                        rng.choice(OCCUPATIONS),
                        "" if unregistered else street,
                        street if category.startswith("Tạm trú") else "",
                        f"Nhà trọ {street}" if unregistered else "",
                        since.strftime("%d/%m/%Y") if since else "",
                        category,
                        household_id,
                        relation,
                        str(area),
                    ]
                )
                count += 1
    return rows


def _temporary_since(rng: random.Random, category: str, election_day: dt.date) -> dt.date | None:
    """When a temporary residence was registered: a year or more before election
    day for a long stay, less for a short one (Art. 29(3))."""
    if category == "Tạm trú từ 12 tháng trở lên":
        return election_day - dt.timedelta(days=rng.randrange(370, 6 * 365))
    if category == "Tạm trú dưới 12 tháng":
        return election_day - dt.timedelta(days=rng.randrange(30, 360))
    return None


HEADER = [
    "Số định danh cá nhân",
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Dân tộc",
    "Nghề nghiệp",
    "Nơi thường trú",
    "Nơi tạm trú",
    "Nơi ở hiện tại",
    "Ngày đăng ký tạm trú",
    "Loại cư trú",
    "Mã hộ",
    "Quan hệ với chủ hộ",
    "Khu vực bỏ phiếu",
]


async def load_voters_demo(
    *,
    election_id: int,
    election_day: dt.date,
    commune_code: str,
    areas: int,
    per_area: int,
    actor: Actor,
) -> int:
    """Import the synthetic lists as the commune did before posting (D−60), then
    number and post them at D−40, as the law's calendar has it."""
    staged_at = dt.datetime.combine(
        election_day - dt.timedelta(days=60), dt.time(9), tzinfo=VIETNAM
    )
    rows = demo_voter_rows(areas=areas, per_area=per_area, election_day=election_day)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    batch = await bulk.stage_voters(
        election_id=election_id,
        commune_code=commune_code,
        stream=io.BytesIO(buffer.getvalue().encode("utf-8")),
        filename="danh-sach-cu-tri-phuong-bac-lieu.csv",
        actor=actor,
        now=staged_at,
    )
    await imports.commit(batch_id=batch.id, actor=actor, now=staged_at)
    posted_on = election_day - dt.timedelta(days=40)
    polling_areas = await stations.list_polling_areas(
        election_id=election_id, commune_code=commune_code, actor=actor
    )
    posted_at = dt.datetime.combine(posted_on, dt.time(8), tzinfo=VIETNAM)
    for area in polling_areas:
        await voters.finalize_area_list(polling_area_id=area.id, actor=actor, now=posted_at)
        await voters.post_area_list(
            polling_area_id=area.id,
            posted_on=posted_on,
            place="Trụ sở Ủy ban nhân dân phường và nơi bỏ phiếu",
            actor=actor,
            now=posted_at,
        )
    return len(rows)
