"""The voter list (Mẫu số 31/HĐBC), the voter card (10), the certificate to vote
elsewhere (11) and a soldier's to vote at home (12), read back from the PDF."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata

import pytest
from pypdf import PdfReader

from forms import all_forms, soldier_certificate, vote_certificate, voter_card, voter_list
from forms.base import CardGrid, Paragraph
from forms.render import render, render_blocks
from tests.pdf import pdf_pages, pdf_text, squash


def page_texts(content: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(content))
    return [
        squash(unicodedata.normalize("NFC", page.extract_text() or "")) for page in reader.pages
    ]


def page_size(content: bytes) -> tuple[int, int]:
    box = PdfReader(io.BytesIO(content)).pages[0].mediabox
    return round(float(box.width)), round(float(box.height))


def voter(number: int | None, name: str, **changes) -> voter_list.VoterRow:
    values = {
        "number": number,
        "full_name": name,
        "date_of_birth": dt.date(1980, 1, 1),
        "sex": "Nam",
        "personal_id": "096080000001",
        "ethnicity": "Kinh",
        "permanent_address": "Số 1 Trần Phú, khóm 1",
        "dbqh": True,
        "tinh": True,
        "xa": True,
    }
    values.update(changes)
    return voter_list.VoterRow(**values)


def a_list(voters: list[voter_list.VoterRow]) -> voter_list.VoterListData:
    return voter_list.sample().model_copy(update={"voters": voters})


# --------------------------------------------------------------------------
# Voter list (Mẫu số 31/HĐBC)


def test_the_four_voter_forms_are_registered():
    codes = {form.code for form in all_forms()}
    assert {"DS-CT", "THE-CT", "GCN-BPNK", "GCN-QN"} <= codes


def test_the_voter_list_totals_count_by_sex_and_by_ballot_in_the_models_words():
    text = squash(pdf_text(render(voter_list.FORM, voter_list.sample())))
    assert "Tổng số cử tri của khu vực bỏ phiếu là: 25 người; trong đó có: 12 Nam; 13 Nữ." in text
    assert "Cử tri tham gia bầu cử ĐBQH: 25 người;" in text
    assert "Cử tri tham gia bầu cử đại biểu HĐND tỉnh, thành phố: 25 người;" in text
    assert "Cử tri tham gia bầu cử đại biểu HĐND xã, phường, đặc khu: 22 người;" in text
    assert "Danh sách này được lập tại Phường Bạc Liêu ngày 03 tháng 02 năm 2026." in text


def test_the_list_has_the_models_columns_in_two_header_rows_and_no_occupation():
    text = squash(pdf_text(render(voter_list.FORM, voter_list.sample())))
    header = text[text.index("STT") : text.index("(1)")]
    for label in (
        "Họ và tên",
        "Ngày tháng năm sinh",
        "Nam",
        "Nữ",
        "Số Căn cước",
        "Dân tộc",
        "Nơi cư trú",
        "Thường trú",
        "Tạm trú",
        "Nơi ở hiện tại",
        "Bầu cử ĐBQH",
        "Bầu cử đại biểu HĐND",
        "Tỉnh, thành phố",
        "Xã/phường, đặc khu",
        "Ghi chú",
    ):
        assert label in header, label
    assert "Nghề nghiệp" not in text
    assert "(7a) (7b) (7c) (8) (9) (10) (11)" in text


def test_struck_off_voters_are_printed_but_not_counted_and_voters_elsewhere_are_counted():
    voters = [
        voter(1, "Nguyễn Văn An"),
        voter(2, "Trần Thị Bình", sex="Nữ", remark=voter_list.VOTING_ELSEWHERE),
        voter(3, "Lê Văn Cường", remark="Đã xóa tên: chết", struck_off=True),
        voter(4, "Phạm Thị Dung", sex="Nữ", temporary_address="Phòng 2", xa=False),
    ]
    figures = voter_list.totals(voters)
    assert figures == voter_list.Totals(voters=3, men=1, women=2, dbqh=3, tinh=3, xa=2)
    text = squash(pdf_text(render(voter_list.FORM, a_list(voters))))
    assert "Lê Văn Cường" in text and "Đã xóa tên: chết" in text
    assert "Tổng số cử tri của khu vực bỏ phiếu là: 3 người; trong đó có: 1 Nam; 2 Nữ." in text
    assert "Cử tri tham gia bầu cử đại biểu HĐND xã, phường, đặc khu: 2 người;" in text


def test_sex_is_compared_after_normalization():
    voters = [voter(1, "Trần Thị Bình", sex=unicodedata.normalize("NFD", "Nữ"))]
    assert voter_list.totals(voters) == voter_list.Totals(1, 0, 1, 1, 1, 1)


def test_a_row_marks_its_sex_and_each_ballot_with_an_x_and_the_others_with_0():
    """Notes to Mẫu số 31/HĐBC: X under the sex; X or 0 in columns (8)-(10)."""
    (row,) = voter_list.table_rows(
        [
            voter(
                7,
                "Bùi Thị Sơn",
                sex="Nữ",
                permanent_address="",
                temporary_address="Phòng 4, số 60 Trần Phú",
                xa=False,
                remark="Tạm trú từ tháng 09/2025",
            )
        ]
    )
    assert row == [
        "7",
        "Bùi Thị Sơn",
        "01/01/1980",
        "",
        "X",
        "096080000001",
        "Kinh",
        "",
        "Phòng 4, số 60 Trần Phú",
        "",
        "X",
        "X",
        "0",
        "Tạm trú từ tháng 09/2025",
    ]


def test_the_totals_row_counts_the_marks_of_each_column():
    row = voter_list.totals_row(voter_list.Totals(25, 12, 13, 25, 24, 22))
    assert row[1] == "Tổng số"
    assert (row[3], row[4], row[10], row[11], row[12]) == ("12", "13", "25", "24", "22")


@pytest.mark.parametrize(
    ("since", "remark"),
    [
        (dt.date(2019, 6, 1), "Tạm trú từ năm 2019"),
        (dt.date(2024, 12, 31), "Tạm trú từ năm 2024"),
        (dt.date(2025, 1, 1), "Tạm trú từ tháng 01/2025"),
        (dt.date(2025, 9, 15), "Tạm trú từ tháng 09/2025"),
    ],
)
def test_the_start_of_a_temporary_residence_is_a_year_or_a_month(since, remark):
    """Notes to column (11): up to 2024 the year, from then the month and year."""
    assert voter_list.temporary_remark(since, dt.date(2026, 3, 15)) == remark


def test_card_numbers_not_yet_assigned_print_blank():
    voters = [voter(None, f"Nguyễn Văn Chưa Số {i}") for i in range(1, 4)]
    assert [row[0] for row in voter_list.table_rows(voters)] == ["", "", ""]
    text = squash(pdf_text(render(voter_list.FORM, a_list(voters))))
    assert "(11) Nguyễn Văn Chưa Số 1 01/01/1980" in text
    assert "None" not in text


def test_an_undated_list_leaves_its_dates_blank():
    data = voter_list.sample().model_copy(update={"issued_on": None})
    text = squash(pdf_text(render(voter_list.FORM, data)))
    assert "Bạc Liêu, ngày …… tháng …… năm 2026" in text
    assert "Danh sách này được lập tại Phường Bạc Liêu ngày …… tháng …… năm 2026." in text


def test_the_header_rows_repeat_on_every_page_of_a_long_list():
    voters = [voter(i, f"Nguyễn Văn Số {i}") for i in range(1, 301)]
    content = render(voter_list.FORM, a_list(voters))
    pages = page_texts(content)
    assert len(pages) >= 8
    for number, text in enumerate(pages, start=1):
        if "Nguyễn Văn Số" not in text:
            continue
        assert "STT Họ và tên Ngày tháng năm sinh Nam Nữ Số Căn cước Dân tộc" in text, number
        assert "Thường trú Tạm trú Nơi ở hiện tại" in text, number
        assert f"Trang {number}/" in text.replace("/ ", "/")
    assert "DANH SÁCH CỬ TRI" in pages[0]
    assert "DANH SÁCH CỬ TRI" not in pages[1]
    assert "Nguyễn Văn Số 300" in pages[-1] or "Nguyễn Văn Số 300" in pages[-2]
    assert "Tổng số cử tri của khu vực bỏ phiếu là: 300 người" in pages[-1]
    assert "TM. ỦY BAN NHÂN DÂN" in pages[-1]
    assert "(Ký, ghi rõ họ và tên, đóng dấu của Ủy ban nhân dân)" in pages[-1]


def test_the_voter_list_is_a4_landscape():
    assert page_size(render(voter_list.FORM, voter_list.sample())) == (842, 595)


def test_the_election_title_breaks_before_the_council_part():
    assert voter_list.election_lines(voter_list.ELECTION_TITLE) == (
        "BẦU CỬ ĐẠI BIỂU QUỐC HỘI KHÓA XVI\n"
        "VÀ BẦU CỬ ĐẠI BIỂU HỘI ĐỒNG NHÂN DÂN CÁC CẤP NHIỆM KỲ 2026-2031"
    )


# --------------------------------------------------------------------------
# Voter cards


def test_six_voter_cards_take_three_sheets_of_two_a6_cards():
    content = render(voter_card.FORM, voter_card.sample())
    assert pdf_pages(content) == 3
    assert page_size(content) == (595, 842)  # A4 portrait: two A6 cards, one above the other
    texts = page_texts(content)
    for page, numbers in zip(texts, ((1, 2), (3, 4), (5, 6)), strict=True):
        for number in numbers:
            assert f"SỐ THẺ CỬ TRI: {number} " in page
        assert page.count("THẺ CỬ TRI") == 4  # the title and the number's label
        assert page.count("Mẫu số 10/HĐBC") == 2
    assert "Trang" not in texts[0]  # cards print nothing but themselves


def test_each_voter_card_carries_the_fields_of_the_model():
    data = voter_card.sample()
    text = squash(pdf_text(render(voter_card.FORM, data)))
    for card in data.cards:
        assert card.full_name in text
        assert f"Số Căn cước: {card.personal_id}" in text
    assert text.count("KHU VỰC BỎ PHIẾU SỐ: 1") == 6
    assert text.count("Xã/phường/đặc khu: Phường Bạc Liêu") == 6
    assert text.count("Tỉnh/thành phố: Cà Mau") == 6
    assert text.count("Ngày 05 tháng 3 năm 2026") == 6
    assert text.count("(Ký, ghi rõ họ và tên, đóng dấu của UBND)") == 6
    assert "Ngày, tháng, năm sinh: 12/04/1968" in text
    assert "CHỦ TỊCH" in text and "Nguyễn Hoàng Nam" in text


def test_a_card_signed_by_a_vice_chairman_says_so_and_an_undated_card_has_blanks():
    data = voter_card.sample().model_copy(update={"signer_deputy": True, "issued_on": None})
    text = squash(pdf_text(render(voter_card.FORM, data)))
    assert "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH" in text
    assert "Ngày …… tháng …… năm 2026" in text


def test_a_block_after_a_card_grid_begins_a_new_page():
    cards = [[Paragraph(f"Thẻ {i}")] for i in range(1, 4)]
    content = render_blocks(
        [Paragraph("Trước"), CardGrid(cards, width_mm=80, height_mm=50), Paragraph("Sau")],
        page_numbers=False,
    )
    pages = page_texts(content)
    assert len(pages) == 3
    assert "Trước" in pages[0] and "Thẻ" not in pages[0]
    assert "Thẻ 1" in pages[1] and "Thẻ 3" in pages[1]
    assert pages[2].strip() == "Sau"


# --------------------------------------------------------------------------
# Certificate to vote elsewhere


def test_the_certificate_to_vote_elsewhere_follows_model_11():
    content = render(vote_certificate.FORM, vote_certificate.sample())
    assert pdf_pages(content) == 1
    assert page_size(content) == (595, 420)  # A5 landscape
    text = squash(pdf_text(content))
    assert "Mẫu số 11/HĐBC" in text
    assert "Số: 31825-000012" in text
    assert "GIẤY CHỨNG NHẬN ĐỂ CỬ TRI THAM GIA BỎ PHIẾU Ở NƠI KHÁC" in text
    assert "Họ và tên cử tri: Thạch Thị Chanh Đa" in text
    assert "Số Căn cước: 095305000010" in text
    assert "Nơi cư trú đã ghi trên Thẻ cử tri: Số 25 Hai Bà Trưng" in text
    assert "Nơi ở hiện nay: Ký túc xá Đại học Cần Thơ" in text
    assert (
        "Đã được ghi tên vào danh sách cử tri (số Thẻ cử tri 10 thuộc khu vực bỏ phiếu số: 1, "
        "xã/phường/đặc khu: Phường Bạc Liêu, tỉnh/thành phố: Cà Mau)." in text
    )
    assert (
        "Nay đăng ký bỏ phiếu tại xã/phường/đặc khu: Phường Ninh Kiều, tỉnh/thành phố Cần Thơ."
        in text
    )
    assert (
        "Đề nghị Ủy ban nhân dân xã/phường/đặc khu: Phường Ninh Kiều bổ sung tên cử tri vào "
        "danh sách cử tri để tham gia bỏ phiếu tại địa phương." in text
    )
    assert "Ngày 09 tháng 3 năm 2026" in text
    assert "KT. CHỦ TỊCH PHÓ CHỦ TỊCH" in text and "Trần Thị Thu Hà" in text


def test_what_a_certificate_does_not_know_is_a_blank_to_write_on():
    data = vote_certificate.sample().model_copy(
        update={
            "current_address": "",
            "destination_commune": "",
            "destination_province": "",
            "issued_on": None,
            "listed_at": vote_certificate.ListedAt(
                card_number=None,
                polling_area_number=2,
                commune="Phường Bạc Liêu",
                province="Cà Mau",
            ),
        }
    )
    text = squash(pdf_text(render(vote_certificate.FORM, data)))
    assert "Nơi ở hiện nay: ……" in text
    assert "(số Thẻ cử tri …… thuộc khu vực bỏ phiếu số: 2," in text
    assert "Nay đăng ký bỏ phiếu tại xã/phường/đặc khu: ……, tỉnh/thành phố ……." in text
    assert "Ngày …… tháng …… năm ……" in text


# --------------------------------------------------------------------------
# A soldier's certificate to vote at home (Mẫu số 12/HĐBC)


def test_the_soldiers_certificate_follows_model_12():
    content = render(soldier_certificate.FORM, soldier_certificate.sample())
    assert pdf_pages(content) == 1
    assert page_size(content) == (595, 420)  # A5 landscape
    text = squash(pdf_text(content))
    assert text.index("TIỂU ĐOÀN 1, TRUNG ĐOÀN 896") < text.index("CỘNG HÒA")
    assert "GIẤY CHỨNG NHẬN CỬ TRI LÀ QUÂN NHÂN THAM GIA BỎ PHIẾU Ở NƠI CƯ TRÚ" in text
    assert "Là quân nhân tại đơn vị: Tiểu đoàn 1, Trung đoàn 896" in text
    assert "Nơi cư trú: Ấp Cây Gừa, Xã Vĩnh Lợi, tỉnh Cà Mau" in text
    assert (
        "Đã được ghi tên vào danh sách cử tri (số Thẻ cử tri 412) thuộc khu vực bỏ phiếu số: 5, "
        "xã/phường/đặc khu: Phường Bạc Liêu, tỉnh/thành phố: Cà Mau là nơi đơn vị đóng quân."
        in text
    )
    assert (
        "Nay đăng ký bỏ phiếu tại xã/phường/đặc khu: Xã Vĩnh Lợi, tỉnh/thành phố Cà Mau là nơi "
        "cử tri cư trú." in text
    )
    assert "CHỈ HUY TRƯỞNG (Ký, ghi rõ họ và tên, đóng dấu của đơn vị) Trần Quốc Việt" in text
    assert "ỦY BAN NHÂN DÂN" not in text.split("Đề nghị")[0]  # the unit issues it
