"""The counting and results minutes, read back from the PDF (pure: no database)."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from election.tallies.rules import percent
from forms import (
    all_forms,
    ballot_use_minutes,
    committee_minutes,
    council_summary_minutes,
    province_result_minutes,
    tally_minutes,
    unit_result_minutes,
    winners_report,
)
from forms.minutes import Member, Witness
from forms.render import qr_form_name, render
from tests.pdf import pdf_text, squash


def pages(content: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(content))
    return [squash(page.extract_text() or "") for page in reader.pages]


def xobjects(content: bytes) -> set[str]:
    names: set[str] = set()
    for page in PdfReader(io.BytesIO(content)).pages:
        resources = page.get("/Resources") or {}
        if "/XObject" in resources:
            names |= set(resources["/XObject"])
    return names


def text(content: bytes) -> str:
    """The document's text without its page footers ("Trang 1/2")."""
    return re.sub(r"Trang \d+/ ?\d+ ", "", squash(pdf_text(content)))


def test_the_results_forms_are_registered_forms():
    codes = {form.code for form in all_forms()}
    assert {
        "BB-KP",
        "BB-SDP",
        "BB-KQ-DV",
        "BC-TRUNG-CU-QH",
        "BB-TK-HDND",
        "BB-KQ-QH-TINH",
    } <= codes


# --------------------------------------------------------------------------
# Numbers


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0, "0"), (999, "999"), (1000, "1.000"), (1_234_567, "1.234.567"), (-1200, "-1.200")],
)
def test_numbers_take_vietnamese_thousands_separators(value, expected):
    assert tally_minutes.vn_number(value) == expected


def test_no_number_prints_nothing():
    assert tally_minutes.vn_number(None) == ""


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("54.32"), "54,32"),
        (Decimal("5"), "5,00"),
        ("54.32", "54,32"),
        ("54,32", "54,32"),
        ("54,32 %", "54,32"),
        (54.3, "54,30"),
        (100, "100,00"),
    ],
)
def test_percentages_take_a_decimal_comma(value, expected):
    assert tally_minutes.vn_decimal(value) == expected


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 10**7), st.integers(0, 10**7))
def test_the_forms_round_percentages_like_the_rules(part, whole):
    assert tally_minutes.percent_value(part, whole) == percent(part, whole)


def test_a_unit_result_accepts_a_decimal_percentage():
    line = unit_result_minutes.UnitCandidateResult(
        order=1, full_name="Nguyễn Văn An", votes=10, percent=Decimal("54.3")
    )
    assert line.percent == "54,30"


# --------------------------------------------------------------------------
# The QR code block


def test_a_qr_code_is_drawn_once_and_placed_wherever_it_is_used():
    from forms.base import PageBreak, Paragraph, QrCode
    from forms.render import render_blocks

    url = "https://bau-cu.example/tally/sheets/7"
    content = render_blocks(
        [
            QrCode(url, caption="Quét mã", beside=["Mã biên bản: KP-0007"]),
            Paragraph("Trang đầu"),
            PageBreak(),
            QrCode(url, size_mm=15, align="left"),
        ]
    )
    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) == 2
    form = f"/FormXob.{qr_form_name(url)}"
    for page in reader.pages:
        assert form in page["/Resources"]["/XObject"]
    assert "Quét mã" in text(content) and "Mã biên bản: KP-0007" in text(content)
    assert qr_form_name(url) != qr_form_name(url + "8")
    assert qr_form_name(url, "H") != qr_form_name(url)


# --------------------------------------------------------------------------
# Tally minutes (Art. 76; Mẫu số 18/HĐBC-QH, 23/HĐBC-HĐND)


def blank_tally(**changes) -> tally_minutes.TallyMinutesData:
    return tally_minutes.sample().model_copy(
        update={"filled": False, "qr_payload": None, "version_note": "", **changes}
    )


def in_order(t: str, phrases: list[str]) -> None:
    """Each phrase is found after the one before it."""
    position = 0
    for phrase in phrases:
        found = t.find(phrase, position)
        assert found >= 0, f"{phrase!r} not found after {t[max(0, position - 80) : position]!r}"
        position = found + len(phrase)


def test_the_filled_tally_follows_model_18_line_by_line():
    t = text(render(tally_minutes.FORM, tally_minutes.sample()))
    in_order(
        t,
        [
            "Mẫu số 18/HĐBC-QH",
            "Tỉnh/Thành phố: Cà Mau",
            "Xã/Phường/Đặc khu: Phường Bạc Liêu",
            "BIÊN BẢN KẾT QUẢ KIỂM PHIẾU BẦU CỬ ĐẠI BIỂU QUỐC HỘI KHÓA XVI CỦA TỔ BẦU CỬ",
            "Khu vực bỏ phiếu số: 3 xã/phường/đặc khu: Phường Bạc Liêu",
            "Đơn vị bầu cử đại biểu Quốc hội số: 1",
            "Gồm: Phường Bạc Liêu, Phường Vĩnh Trạch",
            "Ngày 15 tháng 3 năm 2026, Tổ bầu cử gồm có:",
            "1. Ông/Bà Võ Thị Hồng, Tổ trưởng",
            "2. Ông/Bà Đặng Minh Khoa, Thư ký",
            "4. Ông/Bà Lâm Thị Tuyết, Ủy viên",
            "Đúng 7 giờ 00 phút, ngày 15 tháng 3 năm 2026, trước khi thực hiện việc bỏ phiếu",
            "1. Ông/Bà: Phạm Văn Tư. Nơi ở hiện nay: Khóm 1, Phường Bạc Liêu",
            "Đúng 19 giờ 00 phút, ngày 15 tháng 3 năm 2026, Tổ trưởng Tổ bầu cử tuyên bố kết thúc",
            "2. Ông/Bà: Châu Ngọc Hân. Nơi ở hiện nay: Khóm 5, Phường Bạc Liêu",
            "- Số đại biểu Quốc hội được ấn định cho đơn vị bầu cử: 3 người",
            "- Số người ứng cử: 5 người",
            "- Tổng số cử tri của khu vực bỏ phiếu: 1.486 người",
            "- Số cử tri đã tham gia bỏ phiếu: 1.468 người",
            "so với tổng số cử tri: 98,79 %",
            "- Số phiếu phát ra: 1.468 phiếu",
            "- Số phiếu thu vào: 1.468 phiếu",
            "- Số phiếu hợp lệ: 1.452 phiếu. Tỷ lệ so với tổng số phiếu thu vào: 98,91 %",
            "- Số phiếu không hợp lệ: 16 phiếu. Tỷ lệ so với tổng số phiếu thu vào: 1,09 %",
            "1. Ông Nguyễn Văn An được 1.204 phiếu/1.452 phiếu hợp lệ",
            "5. Ông Huỳnh Quốc Trưởng được 311 phiếu/1.452 phiếu hợp lệ",
            "sau đây: Cử tri Phạm Văn Tư hỏi",
            "(Tổ bầu cử nhận 1 khiếu nại, tố cáo; đã giải quyết 1; chuyển Ban bầu cử 0.)",
            "chưa giải quyết được và kiến nghị: Không có.",
            "hoàn thành vào hồi 20 giờ 35 phút, ngày 15 tháng 3 năm 2026, được lập thành 03 bản",
            "CỬ TRI THỨ NHẤT",
            "Lý Thanh Tâm",
            "TM. TỔ BẦU CỬ TỔ TRƯỞNG",
            "Võ Thị Hồng",
            "THƯ KÝ TỔ BẦU CỬ",
            "Đặng Minh Khoa",
            "CỬ TRI THỨ HAI",
            "Châu Ngọc Hân",
            "Nhất thiết không được tẩy xóa",
            "Bản in từ lần nhập thứ 2, đã kiểm tra chéo.",
        ],
    )


def test_a_council_tally_follows_model_23():
    data = tally_minutes.sample().model_copy(
        update={
            "contest_title": "BẦU CỬ ĐẠI BIỂU HỘI ĐỒNG NHÂN DÂN TỈNH CÀ MAU KHÓA X, NHIỆM KỲ "
            "2026-2031",
            "deputies": "đại biểu Hội đồng nhân dân tỉnh Cà Mau",
            "term": "khóa X, nhiệm kỳ 2026-2031",
        }
    )
    t = text(render(tally_minutes.FORM, data))
    assert "Mẫu số 23/HĐBC-HĐND" in t and "18/HĐBC" not in t
    assert "Đơn vị bầu cử đại biểu Hội đồng nhân dân tỉnh Cà Mau số: 1" in t
    assert "kiểm phiếu bầu cử đại biểu Hội đồng nhân dân tỉnh Cà Mau khóa X, nhiệm kỳ" in t
    assert "- Số đại biểu Hội đồng nhân dân được ấn định cho đơn vị bầu cử: 3 người" in t
    assert "sử dụng phiếu bầu cử đại biểu Hội đồng nhân dân." in t
    assert (
        "được lập thành 03 bản và gửi đến Ban bầu cử đại biểu Hội đồng nhân dân tỉnh Cà Mau, "
        "Ủy ban nhân dân, Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam cấp xã."
    ) in t


def test_the_filled_tally_carries_a_qr_code_of_its_sheet():
    data = tally_minutes.sample()
    content = render(tally_minutes.FORM, data)
    assert f"/FormXob.{qr_form_name(data.qr_payload)}" in xobjects(content)
    assert tally_minutes.QR_CAPTION in text(content)
    without = render(tally_minutes.FORM, data.model_copy(update={"qr_payload": None}))
    assert not any(".qr" in name for name in xobjects(without))
    assert tally_minutes.QR_CAPTION not in text(without)


def test_the_blank_tally_has_dotted_lines_and_no_entered_data():
    t = text(render(tally_minutes.FORM, blank_tally()))
    assert "1. Ông/Bà …" in t and ", Tổ trưởng" in t and "5. …" in t
    assert "Đúng …… giờ …… phút, ngày 15 tháng 3 năm 2026" in t
    assert "1. Ông/Bà: ……" in t and "Nơi ở hiện nay: ……" in t
    assert "- Tổng số cử tri của khu vực bỏ phiếu: …… " in t or "bỏ phiếu: ……" in t
    assert "so với tổng số cử tri: …" in t and "…%" in t
    assert "1. Ông Nguyễn Văn An được …" in t and "phiếu/…" in t
    assert "vào hồi …… giờ …… phút" in t
    # The candidates and the unit are printed; nothing the team enters is.
    for entered in ("1.486", "1.468", "1.204", "98,79", "20 giờ 35", "Võ Thị Hồng", "Khóm 3"):
        assert entered not in t
    assert "Không có." not in t
    assert tally_minutes.QR_CAPTION not in t


def test_a_filled_tally_with_a_figure_missing_leaves_its_line_dotted():
    data = tally_minutes.sample().model_copy(update={"invalid": None, "closing_time": None})
    data.candidates[1].votes = None
    t = text(render(tally_minutes.FORM, data))
    assert "- Số phiếu không hợp lệ: …" in t
    assert "2. Bà Trần Thị Bình được …" in t
    assert "vào hồi …… giờ …… phút" in t


def test_a_tally_without_incidents_says_so():
    data = tally_minutes.sample().model_copy(
        update={"complaints_received": 0, "complaints_settled": 0, "incidents": ""}
    )
    t = text(render(tally_minutes.FORM, data))
    assert "khiếu nại, tố cáo sau đây: Không có." in t
    assert "Tổ bầu cử nhận" not in t


def test_witnesses_without_residence_leave_it_to_fill():
    data = tally_minutes.sample().model_copy(
        update={"count_witnesses": [Witness(name="Lý Thanh Tâm")], "members": []}
    )
    t = text(render(tally_minutes.FORM, data))
    assert "1. Ông/Bà: Lý Thanh Tâm. Nơi ở hiện nay: ……" in t
    assert "2. Ông/Bà: ……" in t
    assert ", Tổ trưởng" in t  # the model's blank lines of the team


def _many(count: int) -> list[str]:
    return [f"Nguyễn Văn Ứng Cử Viên {i}" for i in range(1, count + 1)]


@pytest.mark.parametrize("filled", [True, False])
def test_a_tally_of_fifteen_candidates_paginates_cleanly(filled):
    names = _many(15)
    data = tally_minutes.sample().model_copy(
        update={
            "filled": filled,
            "candidates": [
                tally_minutes.TallyCandidateLine(order=i, full_name=name, votes=50 * i)
                for i, name in enumerate(names, start=1)
            ],
        }
    )
    page_texts = pages(render(tally_minutes.FORM, data))
    _assert_clean_pages(page_texts, names, "", "được lập thành 03 bản")
    assert "TỔ TRƯỞNG" in page_texts[-1] and "CỬ TRI THỨ HAI" in page_texts[-1]


def _assert_clean_pages(page_texts, names, header, closing):
    total = len(page_texts)
    for number, page in enumerate(page_texts, start=1):
        assert f"Trang {number}/{total}" in page.replace("/ ", "/")
        # Every page has content, not just its footer.
        assert len(page) > 120
        if header and any(name in page for name in names):
            assert header in page
    everything = " ".join(page_texts)
    for name in names:
        assert len(re.findall(re.escape(name) + r"(?!\d)", everything)) >= 1, name
    # The closing and the signatures stay together on the last page.
    assert closing in page_texts[-1]


# --------------------------------------------------------------------------
# Ballot use (Art. 69, 73; Mẫu số 32/HĐBC)


def test_the_ballot_use_minutes_total_the_three_kinds_of_ballot():
    content = render(ballot_use_minutes.FORM, ballot_use_minutes.sample())
    assert len(pages(content)) == 1
    t = text(content)
    in_order(
        t,
        [
            "Mẫu số 32/HĐBC",
            "TỔ BẦU CỬ",
            "BIÊN BẢN KIỂM KÊ VIỆC SỬ DỤNG PHIẾU BẦU CỬ",
            "Khu vực bỏ phiếu số: 3",
            "Thuộc xã/phường/đặc khu: Phường Bạc Liêu",
            "Tỉnh/thành phố: Cà Mau",
            "Vào hồi 19 giờ 00 phút, ngày 15 tháng 3 năm 2026, Tổ trưởng Tổ bầu cử tuyên bố",
            "1. Ông/Bà Lý Thanh Tâm. Nơi ở hiện nay: Khóm 3",
            "1. Số phiếu Tổ bầu cử đã nhận về là: 4.500 phiếu",
            "Trong đó: Phiếu bầu cử đại biểu Quốc hội là: 1.500 phiếu",
            "2. Số phiếu phát ra là: 4.395 phiếu",
            "Phiếu bầu cử đại biểu HĐND cấp tỉnh là: 1.466 phiếu",
            "3. Số phiếu cử tri đổi do gạch hỏng là: 4 phiếu",
            "Phiếu bầu cử đại biểu HĐND cấp xã là: 0 phiếu",
            "4. Số phiếu còn lại không sử dụng đến là: 101 phiếu",
            "được lập thành 05 bản",
            "Ban bầu cử đại biểu Quốc hội, đơn vị bầu cử số 1",
            "Ban bầu cử đại biểu Hội đồng nhân dân tỉnh Cà Mau, đơn vị bầu cử số 2",
            "Ban bầu cử đại biểu Hội đồng nhân dân phường Bạc Liêu, đơn vị bầu cử số 4",
            "Bạc Liêu, ngày 15 tháng 3 năm 2026",
            "CỬ TRI THỨ NHẤT",
            "TM. TỔ BẦU CỬ",
            "THƯ KÝ",
        ],
    )


def test_the_blank_ballot_use_minutes_leave_every_figure_to_fill():
    data = ballot_use_minutes.sample().model_copy(update={"filled": False})
    t = text(render(ballot_use_minutes.FORM, data))
    assert "1. Số phiếu Tổ bầu cử đã nhận về là: …" in t
    assert "Vào hồi …… giờ …… phút" in t
    assert "Bạc Liêu, ngày …… tháng …… năm 2026" in t
    for entered in ("4.500", "1.468", "Lý Thanh Tâm", "Võ Thị Hồng"):
        assert entered not in t


def test_a_kind_of_ballot_not_entered_leaves_the_total_blank():
    data = ballot_use_minutes.sample()
    data.stocks[2] = ballot_use_minutes.BallotStock()
    t = text(render(ballot_use_minutes.FORM, data))
    assert "1. Số phiếu Tổ bầu cử đã nhận về là: …" in t
    assert "Trong đó: Phiếu bầu cử đại biểu Quốc hội là: 1.500 phiếu" in t


# --------------------------------------------------------------------------
# Unit result minutes (Art. 77; Mẫu số 19/HĐBC-QH, 24/HĐBC-HĐND)


def test_the_unit_minutes_follow_model_19():
    t = text(render(unit_result_minutes.FORM, unit_result_minutes.sample()))
    in_order(
        t,
        [
            "Mẫu số 19/HĐBC-QH",
            "BAN BẦU CỬ ĐẠI BIỂU QUỐC HỘI ĐƠN VỊ BẦU CỬ SỐ 1",
            "BIÊN BẢN XÁC ĐỊNH KẾT QUẢ BẦU CỬ ĐẠI BIỂU QUỐC HỘI KHÓA XVI Ở ĐƠN VỊ BẦU CỬ SỐ 1",
            "Vào hồi 9 giờ 30 phút, ngày 17 tháng 3 năm 2026, Ban bầu cử đại biểu Quốc hội gồm có:",
            "1. Ông Lê Minh Khái, Trưởng ban",
            "Đã họp tại Trụ sở Ủy ban nhân dân tỉnh Cà Mau",
            "thuộc tỉnh Cà Mau.",
            "của Hội đồng bầu cử quốc gia, thì đơn vị bầu cử số 1 được bầu 3 đại biểu Quốc hội.",
            "thì đơn vị bầu cử số 1 có 5 người ứng cử đại biểu Quốc hội.",
            "- Tổng số cử tri của đơn vị bầu cử: 186.452 người.",
            "so với tổng số cử tri của đơn vị bầu cử: 98,64 %",
            "- Số phiếu hợp lệ: 181.206 phiếu. Tỷ lệ so với tổng số phiếu thu vào: 98,54 %",
            "SỐ PHIẾU BẦU CHO MỖI NGƯỜI ỨNG CỬ",
            "Số phiếu bầu cho Ông Nguyễn Văn An",
            "Phường Bạc Liêu 42 60.110 55.902 47.003 28.870 15.231",
            "Tổng cộng: 118 152.380 141.077 118.534 72.915 38.402",
            "84,09 % 77,85 % 65,41 % 40,24 % 21,19 %",
            "a) Số cử tri đã tham gia bỏ phiếu đạt 98,64 %",
            "1. Ông Nguyễn Văn An số phiếu: 152.380 đạt: 84,09 % so với tổng số phiếu hợp lệ.",
            "3. Ông Lê Hoàng Dũng số phiếu: 118.534",
            "c) Theo ấn định của Hội đồng bầu cử quốc gia thì số đại biểu Quốc hội được bầu ở đơn "
            "vị bầu cử số 1 là 3 đại biểu, nay đã bầu được 3 đại biểu, còn thiếu 0 đại biểu.",
            "d) Tóm tắt những việc xảy ra: Không có.",
            "đ) Những khiếu nại, tố cáo trong quá trình bầu cử do các Tổ bầu cử đã giải quyết: 03",
            "e) Những khiếu nại, tố cáo trong quá trình bầu cử do Ban bầu cử đã giải quyết, cách "
            "giải quyết: 01 đơn",
            "Hội đồng bầu cử quốc gia: Không có.",
            "được lập thành 03 bản và được gửi đến Hội đồng bầu cử quốc gia, Ủy ban bầu cử tỉnh "
            "Cà Mau, Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Cà Mau.",
            "1. Biên bản kết quả kiểm phiếu của 118 Tổ bầu cử.",
            "TM. BAN BẦU CỬ TRƯỞNG BAN",
            "Lê Minh Khái",
            "CÁC PHÓ TRƯỞNG BAN BẦU CỬ",
            "Phan Thị Mai",
        ],
    )
    assert unit_result_minutes.PROVISIONAL not in t


def test_provisional_unit_minutes_say_so_and_leave_the_boards_account_to_fill():
    data = unit_result_minutes.sample().model_copy(
        update={
            "provisional": True,
            "finalized": False,
            "met_at": None,
            "events": "",
            "sheets_approved": 1,
            "sheets_total": 7,
            "result_valid": False,
            "needs_supplementary": True,
        }
    )
    page_texts = pages(render(unit_result_minutes.FORM, data))
    first = page_texts[0]
    assert first.index(unit_result_minutes.PROVISIONAL) < first.index("CỘNG HÒA XÃ HỘI")
    assert unit_result_minutes.PROVISIONAL in page_texts[-1].split("PHÓ TRƯỞNG BAN")[-1]
    t = " ".join(page_texts)
    assert "Vào hồi …… giờ …… phút, ngày …… tháng …… năm 2026" in t
    assert "d) Tóm tắt những việc xảy ra: …" in t
    # A draft concludes nothing, whatever its partial sums would say (Art. 77).
    assert "Chưa kết luận: mới phê duyệt 1/7 biên bản kết quả kiểm phiếu" in squash(t)
    for verdict in (
        "Căn cứ vào kết quả ghi trên đây",
        "đã trúng cử",
        "quyết định việc bầu cử lại",
        "quyết định việc bầu cử thêm",
        "không có giá trị",
        "còn thiếu",
    ):
        assert verdict not in squash(t), verdict


def test_a_unit_without_quorum_proposes_a_rerun_in_the_words_of_note_5():
    data = unit_result_minutes.sample().model_copy(update={"result_valid": False})
    for c in data.candidates:
        c.elected = False
    t = text(render(unit_result_minutes.FORM, data))
    assert (
        "“Vì số cử tri đi bỏ phiếu chưa đạt quá nửa tổng số cử tri của đơn vị bầu cử, nên cuộc "
        "bầu cử đại biểu Quốc hội tại đơn vị bầu cử số 1 không có giá trị. Đề nghị Ủy ban bầu "
        "cử tỉnh Cà Mau báo cáo Hội đồng bầu cử quốc gia xem xét, quyết định việc bầu cử lại"
    ) in t
    assert "Không có người trúng cử." in t
    assert "nay đã bầu được 0 đại biểu, còn thiếu 3 đại biểu." in t


def test_a_council_unit_short_of_winners_proposes_a_supplementary_round():
    from forms.models.samples import unit_result_council

    data = unit_result_council().model_copy(update={"needs_supplementary": True})
    for c in data.candidates[1:]:
        c.elected = False
    t = text(render(unit_result_minutes.FORM, data))
    assert "Mẫu số 24/HĐBC-HĐND" in t
    assert "1. Ông Nguyễn Văn An được 152.380 phiếu/181.206 phiếu hợp lệ" in t
    assert "SỐ PHIẾU BẦU CHO MỖI NGƯỜI ỨNG CỬ" not in t
    assert "b) Các ông/bà có tên sau đây" in t
    assert "c) Theo ấn định của Ủy ban bầu cử phường Bạc Liêu" in t
    assert "còn thiếu 2 đại biểu." in t
    assert (
        "“Vì số người trúng cử đại biểu Hội đồng nhân dân chưa đủ số lượng đại biểu được bầu đã "
        "ấn định cho đơn vị bầu cử nên đề nghị Ủy ban bầu cử phường Bạc Liêu xem xét, quyết "
        "định việc bầu cử thêm"
    ) in t
    assert "g) Những khiếu nại, tố cáo chuyển đến Ủy ban bầu cử: Không có." in t
    assert "được lập thành 04 bản" in t and "Mặt trận Tổ quốc Việt Nam phường Bạc Liêu." in t
    assert "CÁC PHÓ TRƯỞNG BAN (Ký" in t


def test_unit_minutes_of_fifteen_candidates_paginate_cleanly():
    names = _many(15)
    data = unit_result_minutes.sample().model_copy(
        update={
            "candidates": [
                unit_result_minutes.UnitCandidateResult(
                    order=i,
                    full_name=name,
                    votes=100_000 - 5_000 * i,
                    percent="50,00",
                    elected=i <= 3,
                )
                for i, name in enumerate(names, start=1)
            ],
            "communes": [],
            "notes": [f"Ghi chú thứ {i} về kết quả của đơn vị bầu cử (Điều 78)." for i in range(6)],
        }
    )
    page_texts = pages(render(unit_result_minutes.FORM, data))
    assert len(page_texts) >= 2
    _assert_clean_pages(page_texts, names, "", "được lập thành 03 bản")
    assert "TRƯỞNG BAN" in page_texts[-1]


# --------------------------------------------------------------------------
# Committee minutes (Art. 83, 85; Mẫu số 20/HĐBC-QH, 25/HĐBC-HĐND)


def test_the_province_minutes_follow_model_20():
    t = text(render(province_result_minutes.FORM, province_result_minutes.sample()))
    in_order(
        t,
        [
            "Mẫu số 20/HĐBC-QH",
            "ỦY BAN BẦU CỬ TỈNH CÀ MAU",
            "BIÊN BẢN XÁC ĐỊNH KẾT QUẢ BẦU CỬ ĐẠI BIỂU QUỐC HỘI KHÓA XVI Ở TỈNH CÀ MAU",
            "Vào hồi 8 giờ 00 phút, ngày 20 tháng 3 năm 2026, Ủy ban bầu cử tỉnh Cà Mau gồm có:",
            "1. Ông Lê Minh Khái, Chủ tịch",
            "thì tỉnh Cà Mau được bầu 9 đại biểu Quốc hội.",
            "thì tỉnh Cà Mau có 15 người ứng cử đại biểu Quốc hội.",
            "1. Các đơn vị bầu cử",
            "3 Đơn vị bầu cử số 3 Xã Đầm Dơi, Xã Cái Nước, Xã Năm Căn",
            "2. Số lượng đơn vị bầu cử, tổng số cử tri, số cử tri đã tham gia",
            "1. Đơn vị bầu cử số 1 186.452 183.907 98,64 % 181.206 98,54 % 2.689 1,46 %",
            "Tổng cộng: 562.900 553.008 98,24 %",
            "phải tổ chức bầu cử lại gồm: Không có.",
            "Kết quả cử tri tham gia bỏ phiếu bầu cử lại như sau:",
            "4. Số phiếu bầu cho mỗi người ứng cử đại biểu Quốc hội như sau:",
            "1. Đơn vị bầu cử số 1 1. Nguyễn Văn An 152.380 84,09 %",
            "5. Danh sách những người trúng cử đại biểu Quốc hội theo từng đơn vị bầu cử:",
            "3. Đơn vị bầu cử số 3 1. Bùi Quốc Việt 140.551 83,16 % 2. Tăng Thị Mỹ",
            "phải tổ chức bầu cử thêm, gồm: Đơn vị bầu cử số 3",
            "1. Đơn vị bầu cử số 3 175.118 160.204 91,48 %",
            "22/03/2026",
            "Kết quả bầu cử thêm như sau:",
            "1. Hồ Văn Đức 90.112 56,72 %",
            "sau khi bầu cử thêm như sau:",
            "1. Bùi Quốc Việt 140.551 83,16 % 2. Tăng Thị Mỹ 133.920 79,24 % 3. Hồ Văn Đức 90.112",
            "7. Những khiếu nại, tố cáo do Tổ bầu cử, Ban bầu cử đã giải quyết: Các Tổ bầu cử",
            "8. Những việc quan trọng đã xảy ra và cách giải quyết: Không có sự việc",
            "9. Những khiếu nại, tố cáo do Ủy ban bầu cử đã giải quyết: Không có.",
            "10. Những khiếu nại, tố cáo và kiến nghị chuyển đến Hội đồng bầu cử quốc gia: Không",
            "được lập thành 04 bản và được gửi đến Hội đồng bầu cử quốc gia, Ủy ban Thường vụ Quốc "
            "hội",
            "TM. ỦY BAN BẦU CỬ CHỦ TỊCH",
            "CÁC PHÓ CHỦ TỊCH ỦY BAN BẦU CỬ",
        ],
    )


def test_a_rerun_unit_gives_its_rerun_result():
    data = province_result_minutes.sample()
    unit = data.units[0]
    unit.rerun = committee_minutes.FollowUp(
        voting_day=__import__("datetime").date(2026, 3, 22),
        turnout=committee_minutes.Turnout(
            voters_on_list=186_452, voters_took_part=120_000, valid=119_000, invalid=1_000
        ),
        candidates=[
            committee_minutes.CandidateVotes(
                full_name=c.full_name, votes=c.votes // 2, percent="50,00", elected=c.elected
            )
            for c in unit.candidates
        ],
        reason="hủy bỏ kết quả bầu cử, Điều 81",
    )
    t = text(render(province_result_minutes.FORM, data))
    assert "phải tổ chức bầu cử lại gồm: Đơn vị bầu cử số 1 (hủy bỏ kết quả bầu cử, Điều 81)" in t
    assert "1. Đơn vị bầu cử số 1 186.452 120.000 64,36 %" in t
    # Section 4 gives the re-run's votes (note (4) of the model).
    assert "1. Nguyễn Văn An 76.190 50,00 %" in t


def test_the_council_summary_follows_model_25():
    t = text(render(council_summary_minutes.FORM, council_summary_minutes.sample()))
    in_order(
        t,
        [
            "Mẫu số 25/HĐBC-HĐND",
            "ỦY BAN BẦU CỬ PHƯỜNG BẠC LIÊU",
            "BIÊN BẢN TỔNG KẾT CUỘC BẦU CỬ ĐẠI BIỂU HỘI ĐỒNG NHÂN DÂN PHƯỜNG BẠC LIÊU KHÓA I, "
            "NHIỆM KỲ 2026-2031",
            "để lập biên bản tổng kết cuộc bầu cử đại biểu Hội đồng nhân dân phường Bạc Liêu",
            "Theo quy định của Luật Tổ chức chính quyền địa phương thì phường Bạc Liêu được bầu "
            "6 đại biểu Hội đồng nhân dân.",
            "có tổng cộng 9 người ứng cử",
            "2. Số lượng đơn vị bầu cử, tổng số cử tri, số cử tri tham gia bỏ phiếu",
            "Tổng cộng: 11.055 10.902 98,62 % 10.789",
            "chưa đạt quá một nửa tổng số cử tri",
            "4. Số phiếu bầu cho mỗi người ứng cử đại biểu Hội đồng nhân dân như sau:",
            "Họ và tên người ứng cử đại biểu HĐND",
            "5. Danh sách những người trúng cử đại biểu Hội đồng nhân dân phường Bạc Liêu khóa I",
            "6. Các đơn vị bầu cử có số người trúng cử ít hơn số đại biểu Hội đồng nhân dân được "
            "bầu do Ủy ban bầu cử ấn định",
            "Ghi chú (ngày tổ chức bầu cử thêm)",
            "1. Lê Văn Sang 2.604 59,49 %",
            "1. Huỳnh Thị Ánh 3.802 81,10 % 2. Lê Văn Sang 2.604 59,49 % 3. Trịnh Thu Trang",
            "7. Những việc quan trọng đã xảy ra và kết quả giải quyết: Khu vực bỏ phiếu số 4",
            "8. Những khiếu nại, tố cáo do Ủy ban bầu cử đã giải quyết: 01 đơn",
            "được lập thành 06 bản và được gửi đến Hội đồng nhân dân, Ủy ban nhân dân, Ban thường "
            "trực Ủy ban Mặt trận Tổ quốc Việt Nam cùng cấp và tỉnh, thành phố.",
            "TM. ỦY BAN BẦU CỬ CHỦ TỊCH",
            "CÁC PHÓ CHỦ TỊCH",
        ],
    )


def test_a_provisional_summary_says_so_and_leaves_the_committees_account_to_fill():
    data = council_summary_minutes.sample().model_copy(
        update={"provisional": True, "major_events": "", "complaints_by_committee": ""}
    )
    t = text(render(council_summary_minutes.FORM, data))
    assert t.index(committee_minutes.PROVISIONAL) < t.index("CỘNG HÒA XÃ HỘI")
    assert "7. Những việc quan trọng đã xảy ra và kết quả giải quyết: …" in t


def test_a_province_with_a_unit_of_fifteen_candidates_paginates_cleanly():
    data = province_result_minutes.sample()
    names = _many(15)
    big = data.units[0]
    big.candidates = [
        committee_minutes.CandidateVotes(
            full_name=name, votes=100_000 - i, percent="50,00", elected=i <= 3
        )
        for i, name in enumerate(names, start=1)
    ]
    data.units = [big, *data.units[1:]]
    page_texts = pages(render(province_result_minutes.FORM, data))
    _assert_clean_pages(page_texts, names, "Họ và tên", "được lập thành 04 bản")


# --------------------------------------------------------------------------
# The winners of a National Assembly unit (Mẫu số 21/HĐBC-QH)


def test_the_winners_report_lists_the_official_fields():
    content = render(winners_report.FORM, winners_report.sample())
    assert len(pages(content)) == 1
    t = text(content)
    in_order(
        t,
        [
            "Mẫu số 21/HĐBC-QH",
            "Tỉnh Cà Mau",
            "Đơn vị bầu cử số 1",
            "BÁO CÁO VỀ DANH SÁCH NHỮNG NGƯỜI TRÚNG CỬ ĐẠI BIỂU QUỐC HỘI KHÓA XVI",
            "(Bầu cử ngày 15 tháng 3 năm 2026)",
            "Trình độ",
            "Giáo dục phổ thông",
            "1 Nguyễn Văn An 18/04/1972 Nam Việt",
            "12/12",
            "19/05/1998",
            "3 Lê Hoàng Dũng",
            "Đại biểu Quốc hội",
            "Bạc Liêu, ngày 18 tháng 3 năm 2026",
            "TRƯỞNG BAN BẦU CỬ",
            "(Ký, ghi rõ họ và tên, đóng dấu của Ban bầu cử)",
            "Lê Minh Khái",
        ],
    )


def test_a_member_line_names_the_honorific():
    data = unit_result_minutes.sample().model_copy(
        update={"members": [Member(name="Phan Thị Mai", role="Trưởng ban", honorific="Bà")]}
    )
    assert "1. Bà Phan Thị Mai, Trưởng ban" in text(render(unit_result_minutes.FORM, data))
