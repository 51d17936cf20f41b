"""The labels of the voters' models: the voter card (10), the certificates to
vote elsewhere (11) and of a soldier voting at home (12), the voter list (31).
One label a line, "a | b" for alternatives (see `forms.models`)."""

from __future__ import annotations

QUOC_HIEU = """
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
"""

VOTER_LABELS: dict[str, str] = {
    "10/HĐBC": f"""
ỦY BAN NHÂN DÂN
{QUOC_HIEU}
THẺ CỬ TRI
BẦU CỬ ĐẠI BIỂU QUỐC HỘI KHÓA XVI
VÀ BẦU CỬ ĐẠI BIỂU HỘI ĐỒNG NHÂN DÂN CÁC CẤP NHIỆM KỲ 2026-2031
Họ và tên:
Ngày, tháng, năm sinh:
Giới tính:
Nơi cư trú:
Số Căn cước:
SỐ THẺ CỬ TRI:
KHU VỰC BỎ PHIẾU SỐ:
Xã/phường/đặc khu:
Tỉnh/thành phố:
tháng
năm 2026
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
(Ký, ghi rõ họ và tên, đóng dấu của UBND)
""",
    "11/HĐBC": f"""
ỦY BAN NHÂN DÂN
{QUOC_HIEU}
GIẤY CHỨNG NHẬN
ĐỂ CỬ TRI THAM GIA BỎ PHIẾU Ở NƠI KHÁC
Họ và tên cử tri:
Ngày, tháng, năm sinh:
Số Căn cước:
Nơi cư trú đã ghi trên Thẻ cử tri:
Nơi ở hiện nay:
Đã được ghi tên vào danh sách cử tri (số Thẻ cử tri
thuộc khu vực bỏ phiếu số:
xã/phường/đặc khu:
tỉnh/thành phố:
Nay đăng ký bỏ phiếu tại xã/phường/đặc khu:
tỉnh/thành phố
Đề nghị Ủy ban nhân dân xã/phường/đặc khu:
bổ sung tên cử tri vào danh sách cử tri để tham gia bỏ phiếu tại địa phương.
tháng
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
(Ký, ghi rõ họ và tên, đóng dấu của UBND)
""",
    "12/HĐBC": f"""
{QUOC_HIEU}
GIẤY CHỨNG NHẬN
CỬ TRI LÀ QUÂN NHÂN THAM GIA BỎ PHIẾU Ở NƠI CƯ TRÚ
Họ và tên cử tri:
Ngày, tháng, năm sinh:
Số Căn cước:
Là quân nhân tại đơn vị:
Nơi cư trú:
Đã được ghi tên vào danh sách cử tri (số Thẻ cử tri
thuộc khu vực bỏ phiếu số:
xã/phường/đặc khu:
tỉnh/thành phố:
là nơi đơn vị đóng quân.
Nay đăng ký bỏ phiếu tại xã/phường/đặc khu:
tỉnh/thành phố
là nơi cử tri cư trú.
Đề nghị Ủy ban nhân dân xã/phường/đặc khu:
bổ sung tên cử tri vào danh sách cử tri để tham gia bỏ phiếu tại địa phương.
tháng
CHỈ HUY TRƯỞNG
(Ký, ghi rõ họ và tên, đóng dấu của đơn vị)
""",
    "31/HĐBC": f"""
ỦY BAN NHÂN DÂN
XÃ/PHƯỜNG/ĐẶC KHU | XÃ | PHƯỜNG | ĐẶC KHU
{QUOC_HIEU}
tháng
năm 2026
DANH SÁCH CỬ TRI
BẦU CỬ ĐẠI BIỂU QUỐC HỘI KHÓA XVI
VÀ BẦU CỬ ĐẠI BIỂU HỘI ĐỒNG NHÂN DÂN CÁC CẤP NHIỆM KỲ 2026-2031
Khu vực bỏ phiếu số
thuộc
STT
Họ và tên
Ngày tháng năm sinh
Nam
Nữ
Số Căn cước
Dân tộc
Nơi cư trú
Bầu cử ĐBQH
Bầu cử đại biểu HĐND
Ghi chú
Thường trú
Tạm trú
Nơi ở hiện tại
Tỉnh, thành phố
Xã/phường, đặc khu
Tổng số
Tổng số cử tri của khu vực bỏ phiếu là:
người; trong đó có:
Nam;
Nữ.
Cử tri tham gia bầu cử ĐBQH:
người;
Cử tri tham gia bầu cử đại biểu HĐND tỉnh, thành phố
người;
Cử tri tham gia bầu cử đại biểu HĐND xã, phường, đặc khu
người;
Danh sách này được lập tại
tháng
năm 2026.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
(Ký, ghi rõ họ và tên, đóng dấu của Ủy ban nhân dân)
""",
}
