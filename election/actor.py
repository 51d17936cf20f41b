"""Who is acting: passed explicitly to every service, written to every audit event."""

from __future__ import annotations

from dataclasses import dataclass, replace

from election.choices import LabelledChoice


class Role(LabelledChoice):
    ADMIN = "admin", "Quản trị hệ thống"
    PROVINCE_STAFF = "province_staff", "Cán bộ cấp tỉnh"
    COMMUNE_STAFF = "commune_staff", "Cán bộ cấp xã"
    BOARD_MEMBER = "board_member", "Thành viên Ban bầu cử"
    STATION_OFFICER = "station_officer", "Thành viên Tổ bầu cử"
    OBSERVER = "observer", "Giám sát (chỉ xem)"


class ScopeLevel(LabelledChoice):
    NATIONAL = "national", "Toàn quốc"
    PROVINCE = "province", "Tỉnh, thành phố"
    COMMUNE = "commune", "Xã, phường, đặc khu"
    POLLING_AREA = "polling_area", "Khu vực bỏ phiếu"


@dataclass(frozen=True, slots=True)
class Actor:
    user_id: int | None
    username: str
    full_name: str
    role: Role
    scope_level: ScopeLevel
    province_code: str | None = None
    commune_code: str | None = None
    polling_area_id: int | None = None
    request_id: str = ""

    @classmethod
    def system(cls, purpose: str, request_id: str = "") -> Actor:
        """The actor of command-line tools and data loads (`system:demo`, ...)."""
        return cls(
            user_id=None,
            username=f"system:{purpose}",
            full_name="Hệ thống",
            role=Role.ADMIN,
            scope_level=ScopeLevel.NATIONAL,
            request_id=request_id,
        )

    def with_request(self, request_id: str) -> Actor:
        return replace(self, request_id=request_id)

    @property
    def is_read_only(self) -> bool:
        return self.role == Role.OBSERVER

    # Scope containment. Callers pass the codes of the object's place; a
    # national actor sees everything, a province actor its province, and so on.

    def covers_province(self, province_code: str) -> bool:
        if self.scope_level == ScopeLevel.NATIONAL:
            return True
        return self.province_code == province_code

    def covers_commune(self, commune_code: str, province_code: str) -> bool:
        if self.scope_level == ScopeLevel.NATIONAL:
            return True
        if self.scope_level == ScopeLevel.PROVINCE:
            return self.province_code == province_code
        return self.commune_code == commune_code

    def manages_commune(self, commune_code: str, province_code: str) -> bool:
        """Staff (administrators, province and commune staff) change what belongs
        to the communes in their scope; observers and the others only read."""
        return (
            not self.is_read_only
            and self.role in (Role.ADMIN, Role.PROVINCE_STAFF, Role.COMMUNE_STAFF)
            and self.covers_commune(commune_code, province_code)
        )

    def covers_polling_area(
        self, polling_area_id: int, commune_code: str, province_code: str
    ) -> bool:
        if self.scope_level == ScopeLevel.POLLING_AREA:
            return self.polling_area_id == polling_area_id
        return self.covers_commune(commune_code, province_code)
