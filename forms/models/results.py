"""The labels of the results' models: the polling team's tally minutes (18, 23)
and ballot-use minutes (32), the board's unit result (19, 24), the
committee's province result (20) and council summary (25). One label a line,
"a | b" for alternatives (see `forms.models`)."""

from __future__ import annotations

from forms.models.voters import QUOC_HIEU

MEMBERS = """
gồm có:
Ông/Bà | Ông | Bà
"""

WITNESS = """
CỬ TRI THỨ NHẤT
CHỨNG KIẾN VIỆC KIỂM PHIẾU
(Ký, ghi rõ họ và tên)
TM. TỔ BẦU CỬ
TỔ TRƯỞNG
(Ký, ghi rõ họ và tên, đóng dấu của Tổ bầu cử)
THƯ KÝ
TỔ BẦU CỬ
(Ký, ghi rõ họ và tên)
"""

SECOND_WITNESS = """
CỬ TRI THỨ HAI
CHỨNG KIẾN VIỆC KIỂM PHIẾU
"""


def _tally(contest: str, unit: str, rest: str, recipient: str) -> str:
    """Models 18 and 23: the same minutes for either contest."""
    return f"""
Tỉnh/Thành phố:
Xã/Phường/Đặc khu:
{QUOC_HIEU}
BIÊN BẢN KẾT QUẢ KIỂM PHIẾU
BẦU CỬ {contest}
CỦA TỔ BẦU CỬ
Khu vực bỏ phiếu số:
xã/phường/đặc khu:
{unit}
Gồm
Tổ bầu cử gồm có:
Tổ trưởng
Thư ký
Ủy viên
Đã họp tại phòng bỏ phiếu của khu vực bỏ phiếu số
thuộc đơn vị bầu cử
để tiến hành việc kiểm phiếu bầu cử
trước khi thực hiện việc bỏ phiếu, đại diện Tổ bầu cử đã kiểm tra hòm phiếu với sự chứng kiến của hai cử tri là:
Nơi ở hiện nay:
Sau đó, Tổ bầu cử đã khóa và niêm phong hòm phiếu
mời cử tri bắt đầu bỏ phiếu.
Tổ trưởng Tổ bầu cử tuyên bố kết thúc cuộc bầu cử và tiến hành kiểm phiếu ngay tại phòng bỏ phiếu.
Trước khi mở hòm phiếu, Tổ trưởng Tổ bầu cử đã mời hai cử tri không phải là người ứng cử chứng kiến việc kiểm phiếu gồm:
Nơi ở hiện nay:
Trước khi mở hòm phiếu, Tổ bầu cử đã tiến hành kiểm kê và lập biên bản về việc sử dụng phiếu bầu cử
Kết quả cuộc bầu cử như sau:
{rest}
Số người ứng cử:
Tổng số cử tri của khu vực bỏ phiếu:
Số cử tri đã tham gia bỏ phiếu:
Tỷ lệ cử tri đã tham gia bỏ phiếu so với tổng số cử tri
Số phiếu phát ra:
Số phiếu thu vào:
Số phiếu hợp lệ:
Tỷ lệ so với tổng số phiếu thu vào:
Số phiếu không hợp lệ:
Tỷ lệ so với tổng số phiếu thu vào:
Số phiếu bầu cho mỗi người ứng cử như sau:
Ông/Bà | Ông | Bà
phiếu hợp lệ
Trong ngày bầu cử và thời gian kiểm phiếu, đã xảy ra sự việc hoặc khiếu nại, tố cáo sau đây:
Những vấn đề hoặc khiếu nại, tố cáo mà Tổ bầu cử chưa giải quyết được và kiến nghị:
Biên bản này được hoàn thành vào hồi
được lập thành 03 bản
{recipient}
{WITNESS}
{SECOND_WITNESS}
"""


def _unit_result(board: str, contest: str, rest: str) -> str:
    """Models 19 and 24: the board's result in its electoral unit."""
    return f"""
BAN BẦU CỬ
{board}
ĐƠN VỊ BẦU CỬ SỐ
{QUOC_HIEU}
BIÊN BẢN
XÁC ĐỊNH KẾT QUẢ BẦU CỬ {contest}
Ở ĐƠN VỊ BẦU CỬ SỐ
Gồm
Vào hồi
{MEMBERS}
Trưởng ban | Trưởng Ban
Phó Trưởng ban
Ủy viên
Đã họp tại
để lập biên bản xác định kết quả bầu cử
Theo Nghị quyết số
được bầu
Theo Nghị quyết số
người ứng cử
Sau khi kiểm tra và tổng hợp kết quả từ Biên bản kết quả kiểm phiếu
như sau:
Tổng số cử tri của đơn vị bầu cử:
Số cử tri đã tham gia bỏ phiếu:
Tỷ lệ cử tri đã tham gia bỏ phiếu so với tổng số cử tri của đơn vị bầu cử:
Số phiếu phát ra:
Số phiếu thu vào:
Số phiếu hợp lệ:
Tỷ lệ so với tổng số phiếu thu vào:
Số phiếu không hợp lệ:
Tỷ lệ so với tổng số phiếu thu vào:
{rest}
kết luận:
a) Số cử tri đã tham gia bỏ phiếu đạt
% so với tổng số cử tri của đơn vị bầu cử.
b) Các Ông/Bà có tên sau đây nhận được quá nửa tổng số phiếu hợp lệ và có nhiều phiếu hơn, đã trúng cử | b) Các ông/bà có tên sau đây nhận được quá nửa tổng số phiếu hợp lệ và có nhiều phiếu hơn, đã trúng cử
số phiếu:
% so với tổng số phiếu hợp lệ.
c) Theo ấn định của
nay đã bầu được
đại biểu, còn thiếu
d) Tóm tắt những việc xảy ra
đ) Những khiếu nại, tố cáo trong quá trình bầu cử do các Tổ bầu cử đã giải quyết
e) Những khiếu nại, tố cáo trong quá trình bầu cử do Ban bầu cử đã giải quyết, cách giải quyết
g) Những khiếu nại, tố cáo chuyển đến Ủy ban bầu cử
"""


TURNOUT_COLUMNS = """
STT
Các đơn vị bầu cử
Tổng số cử tri của đơn vị bầu cử
Tổng số cử tri đã tham gia bỏ phiếu
Tỷ lệ cử tri đã tham gia bỏ phiếu so với tổng số cử tri
Phiếu hợp lệ
Phiếu không hợp lệ
Ghi chú
Số phiếu
Tỷ lệ % so với tổng số phiếu thu vào
Số phiếu
Tỷ lệ % so với tổng số phiếu thu vào
Tổng cộng:
"""


def _votes_columns(who: str) -> str:
    return f"""
STT
Đơn vị bầu cử
Họ và tên {who}
Số phiếu bầu
Tỷ lệ % so với tổng số phiếu hợp lệ
Ghi chú
"""


def _summary(opening: str, body: str, candidate: str, winner: str, closing: str) -> str:
    """Models 20 and 25: the committee's result over its electoral units."""
    return f"""
ỦY BAN BẦU CỬ
{QUOC_HIEU}
{opening}
Vào hồi
{MEMBERS}
Chủ tịch
Phó Chủ tịch
Ủy viên
Đã họp tại
{body}
1. Các đơn vị bầu cử
STT
Tên đơn vị bầu cử
Xã, phường, đặc khu
2. Số lượng đơn vị bầu cử, tổng số cử tri, số cử tri
{TURNOUT_COLUMNS}
3. Các đơn vị bầu cử có số cử tri đã tham gia bỏ phiếu chưa đạt quá
phải tổ chức bầu cử lại gồm
Kết quả cử tri tham gia bỏ phiếu bầu cử lại như sau:
4. Số phiếu bầu cho mỗi người ứng cử
{_votes_columns(candidate)}
5. Danh sách những người trúng cử
{_votes_columns(winner)}
6. Các đơn vị bầu cử có số người trúng cử ít hơn số
phải tổ chức bầu cử thêm
Kết quả cử tri tham gia bỏ phiếu bầu cử thêm như sau:
{TURNOUT_COLUMNS}
Kết quả bầu cử thêm như sau:
{_votes_columns(candidate)}
sau khi bầu cử thêm
{_votes_columns(winner)}
{closing}
"""


RESULT_LABELS: dict[str, str] = {
    "18/HĐBC-QH": _tally(
        "ĐẠI BIỂU QUỐC HỘI KHÓA XVI",
        "Đơn vị bầu cử đại biểu Quốc hội số:",
        "Số đại biểu Quốc hội được ấn định cho đơn vị bầu cử",
        "được gửi đến Ban bầu cử đại biểu Quốc hội, Ủy ban nhân dân, Ban thường trực Ủy ban "
        "Mặt trận Tổ quốc Việt Nam cấp xã.",
    ),
    "23/HĐBC-HĐND": _tally(
        "ĐẠI BIỂU HỘI ĐỒNG NHÂN DÂN",
        "Đơn vị bầu cử đại biểu Hội đồng nhân dân",
        "Số đại biểu Hội đồng nhân dân được ấn định cho đơn vị bầu cử:",
        "gửi đến Ban bầu cử đại biểu Hội đồng nhân dân\n"
        "Ủy ban nhân dân, Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam cấp xã.",
    ),
    "19/HĐBC-QH": _unit_result(
        "ĐẠI BIỂU QUỐC HỘI",
        "ĐẠI BIỂU QUỐC HỘI KHÓA XVI",
        "SỐ PHIẾU BẦU CHO MỖI NGƯỜI ỨNG CỬ\n"
        "Tên xã, phường, đặc khu trong phạm vi đơn vị bầu cử\n"
        "Số khu vực bỏ phiếu\n"
        "Số phiếu bầu cho Ông (Bà) | Số phiếu bầu cho Ông | Số phiếu bầu cho Bà\n"
        "Ghi chú\n"
        "Tổng cộng:\n"
        "Tỷ lệ % so với tổng số phiếu hợp lệ\n"
        "Căn cứ vào kết quả ghi trên đây, Ban bầu cử đại biểu Quốc hội",
    )
    + """
Biên bản xác định kết quả bầu cử đại biểu Quốc hội khóa XVI ở đơn vị bầu cử số
được lập thành 03 bản và được gửi đến Hội đồng bầu cử quốc gia, Ủy ban bầu cử
Ủy ban Mặt trận Tổ quốc Việt Nam
Các tài liệu kèm theo gồm:
TM. BAN BẦU CỬ
TRƯỞNG BAN
(Ký, ghi rõ họ và tên, đóng dấu của Ban bầu cử)
CÁC PHÓ TRƯỞNG BAN
BẦU CỬ
(Ký, ghi rõ họ và tên)
""",
    "24/HĐBC-HĐND": _unit_result(
        "ĐẠI BIỂU HỘI ĐỒNG NHÂN DÂN",
        "ĐẠI BIỂU HỘI ĐỒNG NHÂN DÂN",
        "Số phiếu bầu cho mỗi người ứng cử như sau:\n"
        "Ông/Bà | Ông | Bà\n"
        "phiếu hợp lệ\n"
        "Căn cứ vào kết quả ghi trên đây, Ban bầu cử đại biểu Hội đồng nhân dân",
    )
    + """
Biên bản xác định kết quả bầu cử đại biểu Hội đồng nhân dân
được lập thành 04 bản và được gửi đến Ủy ban bầu cử, Thường trực Hội đồng nhân dân, Ủy ban nhân dân, Ban thường trực Ủy ban Mặt trận Tổ quốc Việt Nam
Các tài liệu kèm theo
TM. BAN BẦU CỬ
TRƯỞNG BAN
(Ký, ghi rõ họ và tên, đóng dấu của Ban bầu cử)
CÁC PHÓ TRƯỞNG BAN
(Ký, ghi rõ họ và tên)
""",
    "20/HĐBC-QH": _summary(
        "BIÊN BẢN\nXÁC ĐỊNH KẾT QUẢ BẦU CỬ ĐẠI BIỂU QUỐC HỘI KHÓA XVI\n"
        "Ở TỈNH/THÀNH PHỐ | Ở TỈNH | Ở THÀNH PHỐ",
        "để lập biên bản xác định kết quả bầu cử đại biểu Quốc hội khóa XVI\n"
        "Theo Nghị quyết số\nđược bầu\nTheo Nghị quyết số\nngười ứng cử đại biểu Quốc hội.\n"
        "Sau khi kiểm tra Biên bản xác định kết quả bầu cử đại biểu Quốc hội của các Ban bầu cử",
        "người ứng cử ĐBQH",
        "người trúng cử ĐBQH",
        """
7. Những khiếu nại, tố cáo do Tổ bầu cử, Ban bầu cử đã giải quyết:
8. Những việc quan trọng đã xảy ra và cách giải quyết:
Những khiếu nại, tố cáo do Ủy ban bầu cử đã giải quyết:
Những khiếu nại, tố cáo và kiến nghị chuyển đến Hội đồng bầu cử quốc gia:
được lập thành 04 bản và được gửi đến Hội đồng bầu cử quốc gia, Ủy ban Thường vụ Quốc hội, Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam và Ủy ban Mặt trận Tổ quốc Việt Nam cùng cấp.
Các tài liệu kèm theo gồm:
TM. ỦY BAN BẦU CỬ
CHỦ TỊCH
(Ký, ghi rõ họ và tên, đóng dấu của Ủy ban bầu cử)
CÁC PHÓ CHỦ TỊCH
ỦY BAN BẦU CỬ
(Ký, ghi rõ họ và tên)
""",
    ),
    "25/HĐBC-HĐND": _summary(
        "BIÊN BẢN TỔNG KẾT CUỘC BẦU CỬ\nĐẠI BIỂU HỘI ĐỒNG NHÂN DÂN\nKHÓA\nNHIỆM KỲ 2026-2031",
        "để lập biên bản tổng kết cuộc bầu cử đại biểu Hội đồng nhân dân\n"
        "Theo quy định của Luật Tổ chức chính quyền địa phương thì\nđược bầu\n"
        "Theo Nghị quyết số\ncó tổng cộng\nngười ứng cử đại biểu Hội đồng nhân dân\n"
        "Sau khi kiểm tra Biên bản xác định kết quả bầu cử của các Ban bầu cử",
        "người ứng cử đại biểu HĐND",
        "người trúng cử đại biểu HĐND",
        """
7. Những việc quan trọng đã xảy ra và kết quả giải quyết:
8. Những khiếu nại, tố cáo do Ủy ban bầu cử đã giải quyết:
Biên bản tổng kết cuộc bầu cử đại biểu Hội đồng nhân dân
được lập thành 06 bản và được gửi đến
TM. ỦY BAN BẦU CỬ
CHỦ TỊCH
(Ký, ghi rõ họ và tên, đóng dấu của Ủy ban bầu cử)
CÁC PHÓ CHỦ TỊCH
(Ký, ghi rõ họ và tên)
""",
    ),
    "32/HĐBC": f"""
TỔ BẦU CỬ
{QUOC_HIEU}
BIÊN BẢN KIỂM KÊ VIỆC SỬ DỤNG PHIẾU BẦU CỬ
ĐẠI BIỂU QUỐC HỘI KHÓA XVI VÀ ĐẠI BIỂU HỘI ĐỒNG NHÂN DÂN CÁC CẤP NHIỆM KỲ 2026-2031
Khu vực bỏ phiếu số:
Thuộc xã/phường/đặc khu:
Tỉnh/thành phố:
Vào hồi
Tổ trưởng Tổ bầu cử tuyên bố kết thúc cuộc bầu cử đại biểu Quốc hội khóa XVI và đại biểu Hội đồng nhân dân các cấp nhiệm kỳ 2026-2031.
Trước khi mở hòm phiếu, Tổ bầu cử đã tiến hành kiểm kê và lập biên bản về việc sử dụng phiếu bầu dưới sự chứng kiến của hai cử tri không phải là người ứng cử gồm:
Ông/Bà
Nơi ở hiện nay:
Kết quả kiểm kê việc sử dụng phiếu bầu cử như sau:
1. Số phiếu Tổ bầu cử đã nhận về là:
Trong đó: Phiếu bầu cử đại biểu Quốc hội là:
Phiếu bầu cử đại biểu HĐND cấp tỉnh là:
Phiếu bầu cử đại biểu HĐND cấp xã là:
2. Số phiếu phát ra là:
Trong đó: Phiếu bầu cử đại biểu Quốc hội là:
Phiếu bầu cử đại biểu HĐND cấp tỉnh là:
Phiếu bầu cử đại biểu HĐND cấp xã là:
3. Số phiếu cử tri đổi do gạch hỏng là:
Trong đó: Phiếu bầu cử đại biểu Quốc hội là:
Phiếu bầu cử đại biểu HĐND cấp tỉnh là:
Phiếu bầu cử đại biểu HĐND cấp xã là:
4. Số phiếu còn lại không sử dụng đến là:
Trong đó: Phiếu bầu cử đại biểu Quốc hội là:
Phiếu bầu cử đại biểu HĐND cấp tỉnh là:
Phiếu bầu cử đại biểu HĐND cấp xã là:
Sau khi kiểm kê, Tổ bầu cử đã niêm phong toàn bộ số phiếu chưa sử dụng và số phiếu cử tri đổi do gạch hỏng.
Biên bản kiểm kê việc sử dụng phiếu bầu được lập thành 05 bản và được gửi đến:
Ban bầu cử đại biểu Quốc hội, đơn vị bầu cử số
(kèm theo số phiếu bầu cử đại biểu Quốc hội đã được niêm phong);
Ban bầu cử đại biểu Hội đồng nhân dân tỉnh/thành phố | Ban bầu cử đại biểu Hội đồng nhân dân tỉnh | Ban bầu cử đại biểu Hội đồng nhân dân thành phố
(kèm theo số phiếu bầu cử đại biểu Hội đồng nhân dân cấp tỉnh đã được niêm phong);
Ban bầu cử đại biểu Hội đồng nhân dân xã/phường/đặc khu | Ban bầu cử đại biểu Hội đồng nhân dân xã | Ban bầu cử đại biểu Hội đồng nhân dân phường | Ban bầu cử đại biểu Hội đồng nhân dân đặc khu
(kèm theo số phiếu bầu cử đại biểu Hội đồng nhân dân cấp xã đã được niêm phong);
Ủy ban nhân dân, Ban thường trực Ủy ban Mặt trận Tổ quốc Việt Nam cùng cấp.
tháng
năm 2026
{WITNESS}
""",
}
