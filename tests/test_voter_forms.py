"""The voter list, the voter card and the certificate to vote elsewhere, read back from the PDF."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata

from pypdf import PdfReader

from forms import all_forms, vote_certificate, voter_card, voter_list
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
        "ethnicity": "Kinh",
        "occupation": "Buôn bán",
        "residence": "Số 1 Trần Phú, khóm 1",
        "residence_kind": voter_list.PERMANENT,
        "dbqh": True,
        "tinh": True,
        "xa": True,
    }
    values.update(changes)
    return voter_list.VoterRow(**values)


def a_list(voters: list[voter_list.VoterRow]) -> voter_list.VoterListData:
    return voter_list.sample().model_copy(update={"voters": voters})


# --------------------------------------------------------------------------
# Voter list


def test_the_three_voter_forms_are_registered():
    codes = {form.code for form in all_forms()}
    assert {"DS-CT", "THE-CT", "GCN-BPNK"} <= codes


def test_the_voter_list_totals_count_by_sex_and_by_ballot():
    text = squash(pdf_text(render(voter_list.FORM, voter_list.sample())))
    assert "Tổng số cử tri: 25 người; trong đó Nam: 12 người, Nữ: 13 người." in text
    assert "Số cử tri bầu cử đại biểu Quốc hội: 25 người." in text
    assert "Số cử tri bầu cử đại biểu Hội đồng nhân dân tỉnh: 25 người." in text
    assert "Số cử tri bầu cử đại biểu Hội đồng nhân dân xã: 22 người." in text


def test_struck_off_voters_are_printed_but_not_counted_and_voters_elsewhere_are_counted():
    voters = [
        voter(1, "Nguyễn Văn An"),
        voter(2, "Trần Thị Bình", sex="Nữ", remark=voter_list.VOTING_ELSEWHERE),
        voter(3, "Lê Văn Cường", remark=voter_list.STRUCK_OFF),
        voter(4, "Phạm Thị Dung", sex="Nữ", residence_kind=voter_list.TEMPORARY, xa=False),
    ]
    figures = voter_list.totals(voters)
    assert figures == voter_list.Totals(voters=3, men=1, women=2, dbqh=3, tinh=3, xa=2)
    text = squash(pdf_text(render(voter_list.FORM, a_list(voters))))
    assert "Lê Văn Cường" in text and "Đã xóa tên" in text
    assert "Tổng số cử tri: 3 người; trong đó Nam: 1 người, Nữ: 2 người." in text
    assert "Số cử tri bầu cử đại biểu Hội đồng nhân dân xã: 2 người." in text


def test_sex_and_remarks_are_compared_after_normalization():
    voters = [
        voter(1, "Trần Thị Bình", sex=unicodedata.normalize("NFD", "Nữ")),
        voter(2, "Lê Văn Cường", remark=unicodedata.normalize("NFD", " đã xóa tên ")),
    ]
    assert voter_list.totals(voters) == voter_list.Totals(1, 0, 1, 1, 1, 1)


def test_a_temporary_resident_is_written_under_temporary_with_only_two_ballots():
    (row,) = voter_list.table_rows(
        [
            voter(
                7,
                "Bùi Thanh Sơn",
                residence="Phòng 4, số 60 Trần Phú",
                residence_kind="Tạm trú",
                xa=False,
            )
        ]
    )
    assert row == [
        "7",
        "Bùi Thanh Sơn",
        "01/01/1980",
        "Nam",
        "Kinh",
        "Buôn bán",
        "",
        "Phòng 4, số 60 Trần Phú",
        "x",
        "x",
        "",
        "",
    ]


def test_card_numbers_not_yet_assigned_print_blank():
    voters = [voter(None, f"Nguyễn Văn Chưa Số {i}") for i in range(1, 4)]
    assert [row[0] for row in voter_list.table_rows(voters)] == ["", "", ""]
    text = squash(pdf_text(render(voter_list.FORM, a_list(voters))))
    assert "Ghi chú Nguyễn Văn Chưa Số 1 01/01/1980" in text
    assert "None" not in text


def test_the_header_row_repeats_on_every_page_of_a_long_list():
    voters = [voter(i, f"Nguyễn Văn Số {i}") for i in range(1, 301)]
    content = render(voter_list.FORM, a_list(voters))
    pages = page_texts(content)
    assert len(pages) >= 8
    for number, text in enumerate(pages, start=1):
        if "Nguyễn Văn Số" not in text:
            continue
        assert "STT Họ và tên Ngày sinh Giới tính Dân tộc Nghề nghiệp" in text, number
        assert "Nơi cư trú: Thường trú Nơi cư trú: Tạm trú Bầu cử ĐBQH" in text, number
        assert "Ghi chú" in text
        assert f"Trang {number}/" in text.replace("/ ", "/")
    assert "DANH SÁCH CỬ TRI" in pages[0]
    assert "DANH SÁCH CỬ TRI" not in pages[1]
    assert "Nguyễn Văn Số 300" in pages[-1] or "Nguyễn Văn Số 300" in pages[-2]
    assert "Tổng số cử tri: 300 người" in pages[-1]
    assert "TM. ỦY BAN NHÂN DÂN" in pages[-1]


def test_the_voter_list_is_a4_landscape():
    assert page_size(render(voter_list.FORM, voter_list.sample())) == (842, 595)


def test_the_election_title_breaks_before_the_council_part():
    assert voter_list.election_lines(voter_list.ELECTION_TITLE) == (
        "BẦU CỬ ĐẠI BIỂU QUỐC HỘI KHÓA XVI\n"
        "VÀ ĐẠI BIỂU HỘI ĐỒNG NHÂN DÂN CÁC CẤP NHIỆM KỲ 2026–2031"
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
            assert f"Số: {number} " in page
        assert page.count("THẺ CỬ TRI") == 2
        assert page.count("Mẫu số 10/HĐBC") == 2
    assert "Trang" not in texts[0]  # cards print nothing but themselves


def test_each_voter_card_carries_the_voter_and_the_election():
    data = voter_card.sample()
    text = squash(pdf_text(render(voter_card.FORM, data)))
    for card in data.cards:
        assert card.full_name in text
    assert text.count("Bầu cử ngày 15 tháng 3 năm 2026") == 6
    assert text.count("Dấu «Đã bỏ phiếu»") == 6
    assert text.count("Phường Bạc Liêu, ngày 05 tháng 3 năm 2026") == 6
    assert "Nơi bỏ phiếu: Khu vực bỏ phiếu số 1, Phường Bạc Liêu, tỉnh Cà Mau" in text
    assert "CHỦ TỊCH" in text and "Nguyễn Hoàng Nam" in text


def test_the_signer_title_may_be_split_with_a_slash():
    assert voter_card.signer_lines("TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH") == (
        "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH"
    )


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


def test_the_certificate_carries_its_number_and_article_34():
    content = render(vote_certificate.FORM, vote_certificate.sample())
    assert pdf_pages(content) == 1
    assert page_size(content) == (420, 595)  # A5
    text = squash(pdf_text(content))
    assert "Số: 31825-000012/GCN" in text
    assert "GIẤY CHỨNG NHẬN Cử tri đi bỏ phiếu ở nơi khác" in text
    assert "Căn cứ Điều 34 Luật Bầu cử đại biểu Quốc hội và đại biểu Hội đồng nhân dân;" in text
    assert "Chứng nhận cử tri: Thạch Thị Chanh Đa" in text
    assert "Số định danh cá nhân: 094305001234" in text
    assert (
        "Có tên trong danh sách cử tri tại Khu vực bỏ phiếu số 1, Phường Bạc Liêu, tỉnh Cà Mau"
        in text
    )
    assert "đã được ghi chú «Bỏ phiếu ở nơi khác»" in text
    assert (
        "Cử tri được bổ sung vào danh sách cử tri và bỏ phiếu ở nơi mình có thể tham gia "
        "bỏ phiếu." in text
    )
    assert "Bạc Liêu, ngày 09 tháng 3 năm 2026" in text
    assert "PHÓ CHỦ TỊCH" in text and "Trần Thị Thu Hà" in text
