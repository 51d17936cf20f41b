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
    council_summary_minutes,
    province_result_minutes,
    tally_minutes,
    unit_result_minutes,
)
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
    return squash(pdf_text(content))


def test_the_four_minutes_are_registered_forms():
    codes = {form.code for form in all_forms()}
    assert {"BB-KP", "BB-KQ-DV", "BB-TK-HDND", "BB-KQ-QH-TINH"} <= codes


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
        ("54,32%", "54,32"),
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
# Tally minutes (Art. 76)


def blank_tally(**changes) -> tally_minutes.TallyMinutesData:
    data = tally_minutes.sample().model_copy(
        update={
            "filled": False,
            "qr_payload": None,
            "version_note": "",
            "signers": [],
            "complaint_notes": "",
            "closing_time": None,
            **changes,
        }
    )
    return data


def test_the_filled_tally_prints_the_figures_in_the_order_of_article_76():
    content = render(tally_minutes.FORM, tally_minutes.sample())
    page_texts = pages(content)
    assert len(page_texts) == 1
    t = page_texts[0]
    expected = [
        "1. Tổng số cử tri của khu vực bỏ phiếu: 1.486 người.",
        "2. Số cử tri đã tham gia bỏ phiếu: 1.468 người, đạt 98,79% tổng số cử tri",
        "3. Số phiếu phát ra: 1.468 phiếu.",
        "4. Số phiếu thu vào: 1.468 phiếu.",
        "5. Số phiếu hợp lệ: 1.452 phiếu.",
        "6. Số phiếu không hợp lệ: 16 phiếu.",
        "7. Số phiếu bầu cho mỗi người ứng cử",
        "8. Khiếu nại, tố cáo",
    ]
    positions = [t.index(phrase) for phrase in expected]
    assert positions == sorted(positions)
    # Each candidate: votes and the share of the valid ballots (1.204 / 1.452).
    assert re.search(r"Nguyễn Văn An 1\.204 82,92", t)
    assert re.search(r"Huỳnh Quốc Trưởng 311 21,42", t)
    assert "a) Số khiếu nại, tố cáo nhận được: 1;" in t
    assert "c) Số chuyển đến Ban bầu cử: 0." in t
    assert "Phạm Văn Tư" in t
    assert "kết thúc vào hồi 20 giờ 35 phút cùng ngày" in t
    assert "Biên bản được lập thành 03 bản" in t and "(Điều 76 khoản 3)" in t
    for title in ("TỔ TRƯỞNG", "THƯ KÝ"):
        assert title in t
    assert t.count("NGƯỜI CHỨNG KIẾN") == 2
    for name in ("Võ Thị Hồng", "Đặng Minh Khoa", "Lý Thanh Tâm", "Châu Ngọc Hân"):
        assert name in t
    assert "Bản in từ lần nhập thứ 2, đã kiểm tra chéo." in t


def test_the_filled_tally_carries_a_qr_code_of_its_sheet():
    data = tally_minutes.sample()
    content = render(tally_minutes.FORM, data)
    assert f"/FormXob.{qr_form_name(data.qr_payload)}" in xobjects(content)
    assert tally_minutes.QR_CAPTION in text(content)
    without = render(tally_minutes.FORM, data.model_copy(update={"qr_payload": None}))
    assert not any(".qr" in name for name in xobjects(without))
    assert tally_minutes.QR_CAPTION not in text(without)


def test_the_blank_tally_has_dotted_lines_and_no_figures():
    content = render(tally_minutes.FORM, blank_tally())
    page_texts = pages(content)
    assert len(page_texts) == 1
    t = page_texts[0]
    assert "1. Tổng số cử tri của khu vực bỏ phiếu: ……" in t
    assert "người, đạt ……" in t
    assert "5. Số phiếu hợp lệ: ……" in t
    assert "a) Số khiếu nại, tố cáo nhận được: ……" in t
    assert "Nội dung và cách giải quyết: ……" in t
    assert "vào hồi …… giờ …… phút cùng ngày" in t
    assert "Số phiếu bầu (ghi bằng chữ)" in t
    # The candidates are printed; no figure of the sample is.
    assert "Nguyễn Văn An" in t and "Huỳnh Quốc Trưởng" in t
    for figure in ("1.486", "1.468", "1.452", "1.204", "82,92", "98,79", "20 giờ 35"):
        assert figure not in t
    assert not re.search(r"\d+,\d\d", t)
    body = t.split("Kết quả như sau:")[1].split("Biên bản được lập")[0]
    # Only the item numbers and the table's STT remain: no figure.
    assert set(re.findall(r"\d+(?:\.\d+)*", body)) <= {str(n) for n in range(1, 9)}
    assert tally_minutes.QR_CAPTION not in t


def test_a_filled_tally_with_a_figure_missing_leaves_its_line_dotted():
    data = tally_minutes.sample().model_copy(update={"invalid": None, "closing_time": None})
    data.candidates[1].votes = None
    t = text(render(tally_minutes.FORM, data))
    assert "6. Số phiếu không hợp lệ: …… " in t or "6. Số phiếu không hợp lệ: ……" in t
    assert re.search(r"Trần Thị Bình 3 Lê Hoàng Dũng", t)
    assert "vào hồi …… giờ …… phút" in t


def test_a_tally_without_complaints_says_so():
    data = tally_minutes.sample().model_copy(
        update={"complaints_received": 0, "complaints_settled": 0, "complaint_notes": ""}
    )
    assert "Nội dung và cách giải quyết: Không có." in text(render(tally_minutes.FORM, data))


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
    _assert_clean_pages(page_texts, names, "Họ và tên người ứng cử", "Biên bản được lập thành 03")
    last = page_texts[-1]
    assert "TỔ TRƯỞNG" in last and last.count("NGƯỜI CHỨNG KIẾN") == 2


def _assert_clean_pages(page_texts, names, header, closing):
    total = len(page_texts)
    for number, page in enumerate(page_texts, start=1):
        assert f"Trang {number}/{total}" in page.replace("/ ", "/")
        # Every page has content, not just its footer.
        assert len(page) > 120
        if any(name in page for name in names):
            assert header in page
    everything = " ".join(page_texts)
    for name in names:
        assert len(re.findall(re.escape(name) + r"(?!\d)", everything)) == 1, name
    # The closing and the signatures stay together on the last page.
    assert closing in page_texts[-1]


# --------------------------------------------------------------------------
# Unit result minutes (Art. 77)


def test_the_unit_minutes_print_the_result_and_the_winners():
    t = text(render(unit_result_minutes.FORM, unit_result_minutes.sample()))
    assert "BIÊN BẢN XÁC ĐỊNH KẾT QUẢ BẦU CỬ Ở ĐƠN VỊ BẦU CỬ" in t
    assert "1. Số đại biểu được bầu của đơn vị bầu cử: 3 người." in t
    assert "2. Số người ứng cử: 5 người." in t
    assert "183.907 người, đạt 98,64% tổng số cử tri" in t
    assert re.search(r"Nguyễn Văn An 152\.380 84,09", t)
    assert "1) Nguyễn Văn An 2) Trần Thị Bình 3) Lê Hoàng Dũng" in t
    assert "b) Do Ban bầu cử giải quyết: 01 đơn" in t
    assert "c) Chuyển đến Ủy ban bầu cử, Hội đồng bầu cử quốc gia: Không có." in t
    assert "Biên bản được lập thành 03 bản, gửi Hội đồng bầu cử quốc gia" in t
    assert "TRƯỞNG BAN" in t and "PHÓ TRƯỞNG BAN" in t and "Phan Thị Mai" in t
    assert unit_result_minutes.PROVISIONAL not in t


def test_provisional_unit_minutes_say_so_at_the_top_and_at_the_end():
    data = unit_result_minutes.sample().model_copy(update={"provisional": True})
    page_texts = pages(render(unit_result_minutes.FORM, data))
    first = page_texts[0]
    assert first.index(unit_result_minutes.PROVISIONAL) < first.index("CỘNG HÒA XÃ HỘI")
    assert unit_result_minutes.PROVISIONAL in page_texts[-1].split("PHÓ TRƯỞNG BAN")[-1]


def test_council_unit_minutes_have_four_copies_notes_and_may_have_no_winner():
    data = unit_result_minutes.sample().model_copy(
        update={
            "copies": 4,
            "winners": [],
            "recipients": "",
            "notes": [
                "Kết quả bầu cử không được công nhận; phải tổ chức bầu cử lại (Điều 80).",
            ],
        }
    )
    t = text(render(unit_result_minutes.FORM, data))
    assert "Biên bản được lập thành 04 bản." in t
    assert "Không có người trúng cử." in t
    assert "Ghi chú: - Kết quả bầu cử không được công nhận" in t and "(Điều 80)" in t


def test_unit_minutes_of_fifteen_candidates_paginate_cleanly():
    names = _many(15)
    data = unit_result_minutes.sample().model_copy(
        update={
            "candidate_count": 15,
            "candidates": [
                unit_result_minutes.UnitCandidateResult(
                    order=i, full_name=name, votes=100_000 - 5_000 * i, percent="50,00"
                )
                for i, name in enumerate(names, start=1)
            ],
            "winners": names[:3],
            "notes": [f"Ghi chú thứ {i} về kết quả của đơn vị bầu cử (Điều 78)." for i in range(6)],
        }
    )
    page_texts = pages(render(unit_result_minutes.FORM, data))
    assert len(page_texts) >= 2
    # Winners are listed again below the table: count the table rows only.
    tables = [p.split("Danh sách những người trúng cử")[0] for p in page_texts]
    _assert_clean_pages([*tables[:-1], page_texts[-1]], names[3:], "Họ và tên người ứng cử", "")
    assert "Biên bản được lập thành 03 bản" in page_texts[-1]
    assert "TRƯỞNG BAN" in page_texts[-1]


# --------------------------------------------------------------------------
# Council summary (Art. 85) and province minutes (Art. 83)


def test_the_council_summary_totals_the_units():
    t = text(render(council_summary_minutes.FORM, council_summary_minutes.sample()))
    assert "BIÊN BẢN TỔNG KẾT CUỘC BẦU CỬ ĐẠI BIỂU HỘI ĐỒNG NHÂN DÂN" in t
    assert "1. Tổng số đại biểu được bầu: 5 người, ở 2 đơn vị bầu cử." in t
    assert "4. Số cử tri đã tham gia bỏ phiếu: 10.902 người, đạt 98,62% tổng số cử tri." in t
    assert "5. Số phiếu hợp lệ: 10.789 phiếu." in t
    assert "6. Số phiếu không hợp lệ: 113 phiếu." in t
    assert "Tổng cộng 5 9 11.055 10.902 98,62 10.789 113 4" in t
    assert re.search(r"Võ Thị Hồng 5\.012 82,15 Trúng cử", t)
    assert re.search(r"Lê Văn Sang 2\.301 49,08 (?!Trúng)", t)
    assert "Còn thiếu 1 đại biểu" in t and "bầu cử thêm ngày 22/3/2026 (Điều 79)" in t
    assert "mất điện" in t
    assert "Biên bản được lập thành 06 bản" in t
    assert "CHỦ TỊCH" in t and "PHÓ CHỦ TỊCH" in t


def test_a_council_summary_with_winners_only_and_provisional():
    data = council_summary_minutes.sample()
    for unit in data.units:
        unit.candidates = []
    data.provisional = True
    data.major_events = ""
    t = text(render(council_summary_minutes.FORM, data))
    assert t.index(unit_result_minutes.PROVISIONAL) < t.index("CỘNG HÒA XÃ HỘI")
    assert re.search(r"1 Huỳnh Thị Ánh 3\.802 81,10 Trúng cử", t)
    assert "Lê Văn Sang" not in t
    assert "KẾT QUẢ GIẢI QUYẾT Không có." in t


def test_the_province_minutes_give_every_unit_and_the_totals():
    page_texts = pages(render(province_result_minutes.FORM, province_result_minutes.sample()))
    t = " ".join(page_texts)
    assert "BIÊN BẢN XÁC ĐỊNH KẾT QUẢ BẦU CỬ ĐẠI BIỂU QUỐC HỘI Ở TỈNH" in t
    assert "1. Số đơn vị bầu cử: 3." in t
    assert "3. Số người ứng cử: 15 người." in t
    assert "553.008 người, đạt 98,24%" in t
    assert "8. Số người trúng cử: 9 người." in t
    for unit in province_result_minutes.sample().units:
        for candidate in unit.candidates:
            assert re.search(
                re.escape(candidate.full_name)
                + r" "
                + re.escape(tally_minutes.vn_number(candidate.votes))
                + r" "
                + re.escape(candidate.percent),
                t,
            ), candidate.full_name
    assert t.count("Trúng cử") == 9
    for heading in ("IV. KHIẾU NẠI", "V. NHỮNG VIỆC QUAN TRỌNG", "VI. KHIẾU NẠI", "VII. KHIẾU NẠI"):
        assert heading in t
    assert "Biên bản được lập thành 04 bản, gửi Hội đồng bầu cử quốc gia" in t
    assert "(Điều 83 khoản 3)" in t
    assert "CHỦ TỊCH" in page_texts[-1] and "Lê Minh Khái" in page_texts[-1]
    # A unit's table is never split from its heading.
    for page in page_texts:
        for number in (1, 2, 3):
            if f"{number}. Đơn vị bầu cử số {number} gồm" in page:
                tail = page.split(f"Đơn vị bầu cử số {number} gồm")[1]
                assert "Họ và tên" in tail


def test_a_province_with_a_unit_of_fifteen_candidates_paginates_cleanly():
    data = province_result_minutes.sample()
    names = _many(15)
    big = data.units[0]
    big.candidates = [
        council_summary_minutes.CandidateVotes(
            full_name=name, votes=100_000 - i, percent="50,00", elected=i <= 3
        )
        for i, name in enumerate(names, start=1)
    ]
    big.candidate_count = 15
    data.units = [big, *data.units[1:], *data.units[1:]]
    page_texts = pages(render(province_result_minutes.FORM, data))
    _assert_clean_pages(page_texts, names, "Họ và tên", "Biên bản được lập thành 04 bản")
