"""The labels of the ballots (13, 14, 15) and of the candidates' lists and
reports (16, 17, 21, 22). One label a line, "a | b" for alternatives (see
`forms.models`)."""

from __future__ import annotations

from forms.models.voters import QUOC_HIEU

SEAL_PLACE = "Vị trí đóng dấu của Tổ bầu cử"

# The columns of a list of candidates (models 16, 17, 21): the header's first
# row, then the row under "Trình độ".
CANDIDATE_COLUMNS = """
STT
Họ và tên
Ngày tháng năm sinh
Giới tính
Quốc tịch
Dân tộc
Tôn giáo
Quê quán
Nơi ở hiện nay
Trình độ
Nghề nghiệp, chức vụ
Nơi công tác
Ngày vào Đảng (nếu có)
Là đại biểu QH (nếu có)
Là đại biểu HĐND (nếu có)
Ghi chú
Giáo dục phổ thông
Chuyên môn, nghiệp vụ
Học hàm, học vị
Lý luận chính trị
Ngoại ngữ
"""

COMMITTEE_SIGNS = """
TM. ỦY BAN BẦU CỬ
CHỦ TỊCH
(Ký, ghi rõ họ và tên, đóng dấu của Ủy ban bầu cử)
"""

LIST_LABELS: dict[str, str] = {
    "13/HĐBC-QH": f"""
Đơn vị bầu cử số:
Tỉnh/Thành phố | Tỉnh | Thành phố
{QUOC_HIEU}
{SEAL_PLACE}
PHIẾU BẦU CỬ
ĐẠI BIỂU QUỐC HỘI KHÓA XVI
Được bầu
đại biểu
""",
    "14/HĐBC-HĐND": f"""
Tỉnh/Thành phố | Tỉnh | Thành phố
Đơn vị bầu cử số:
{QUOC_HIEU}
{SEAL_PLACE}
PHIẾU BẦU CỬ
ĐẠI BIỂU HỘI ĐỒNG NHÂN DÂN TỈNH/THÀNH PHỐ | ĐẠI BIỂU HỘI ĐỒNG NHÂN DÂN TỈNH | ĐẠI BIỂU HỘI ĐỒNG NHÂN DÂN THÀNH PHỐ
KHÓA
NHIỆM KỲ 2026-2031
Được bầu
đại biểu
""",
    "15/HĐBC-HĐND": f"""
Xã/Phường/Đặc khu: | Xã | Phường | Đặc khu
Đơn vị bầu cử số:
{QUOC_HIEU}
{SEAL_PLACE}
PHIẾU BẦU CỬ ĐẠI BIỂU HỘI ĐỒNG NHÂN DÂN
XÃ/PHƯỜNG/ĐẶC KHU | XÃ | PHƯỜNG | ĐẶC KHU
KHÓA
NHIỆM KỲ 2026-2031
Được bầu
đại biểu
""",
    "16/HĐBC-QH": f"""
ỦY BAN BẦU CỬ
TỈNH/THÀNH PHỐ | TỈNH | THÀNH PHỐ
{QUOC_HIEU}
tháng
năm 2026
BÁO CÁO VỀ DỰ KIẾN PHÂN BỔ NHỮNG NGƯỜI ỨNG CỬ ĐẠI BIỂU QUỐC HỘI KHÓA XVI THEO ĐƠN VỊ BẦU CỬ
1. Đơn vị bầu cử số 1 (gồm
{CANDIDATE_COLUMNS}
2. Đơn vị bầu cử số 2 (gồm
{COMMITTEE_SIGNS}
""",
    "17/HĐBC-QH": f"""
ỦY BAN BẦU CỬ
TỈNH/THÀNH PHỐ | TỈNH | THÀNH PHỐ
{QUOC_HIEU}
DANH SÁCH CHÍNH THỨC
NHỮNG NGƯỜI ỨNG CỬ ĐẠI BIỂU QUỐC HỘI KHÓA XVI
Ở ĐƠN VỊ BẦU CỬ SỐ
GỒM
(Theo Nghị quyết số
của Hội đồng bầu cử quốc gia)
{CANDIDATE_COLUMNS}
Tổng số người ứng cử đại biểu Quốc hội trong danh sách này là:
người;
Số đại biểu Quốc hội được bầu:
người.
{COMMITTEE_SIGNS}
""",
    "21/HĐBC-QH": f"""
Tỉnh/Thành phố | Tỉnh | Thành phố
Đơn vị bầu cử số
{QUOC_HIEU}
BÁO CÁO VỀ DANH SÁCH
NHỮNG NGƯỜI TRÚNG CỬ ĐẠI BIỂU QUỐC HỘI KHÓA XVI
(Bầu cử ngày
năm 2026)
{CANDIDATE_COLUMNS}
tháng
năm 2026
TRƯỞNG BAN BẦU CỬ
(Ký, ghi rõ họ và tên, đóng dấu của Ban bầu cử)
""",
    "22/HĐBC-HĐND": f"""
ỦY BAN BẦU CỬ
{QUOC_HIEU}
DANH SÁCH CHÍNH THỨC
NHỮNG NGƯỜI ỨNG CỬ ĐẠI BIỂU HỘI ĐỒNG NHÂN DÂN
KHÓA
NHIỆM KỲ 2026-2031
Đơn vị bầu cử số:
Gồm
STT
Họ và tên
Ngày, tháng, năm sinh
Giới tính
Quốc tịch
Dân tộc
Tôn giáo
Quê quán
Nơi ở hiện nay
Trình độ
Nghề nghiệp, chức vụ
Nơi công tác
Ngày vào Đảng (nếu có)
Là đại biểu HĐND (nếu có)
Ghi chú
Giáo dục phổ thông
Chuyên môn, nghiệp vụ
Học hàm, học vị
Lý luận chính trị
Ngoại ngữ
Tổng số người ứng cử đại biểu Hội đồng nhân dân cấp
trong danh sách này là:
người
Số đại biểu Hội đồng nhân dân cấp
được bầu tại đơn vị bầu cử số
là:
người
tháng
năm 2026
{COMMITTEE_SIGNS}
""",
}
