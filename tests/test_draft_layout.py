"""Numbering and paragraphs as copy-paste, crawlers, scans and PDF text layers leave them."""

from __future__ import annotations

from datetime import date

from directive_cli.draft.layout import paragraphs
from directive_cli.draft.meta import (
    dated_of,
    issuer_of,
    kind_of,
    number_of,
    signer_of,
    words_from_capitals,
)
from tests.draft_helpers import draft, who


def kinds(text: str) -> list[tuple[str, str, str]]:
    return [(p.kind, p.value, p.text) for p in paragraphs(text)]


def test_wrapped_lines_join_and_page_numbers_go():
    """Hà Nội 173 (PDF text layer): a title wrapped over two lines, a page number between."""
    text = "2.1. Chương trình nghệ thuật đặc biệt Khai mạc Festival Thăng Long \nHà Nội lần thứ II năm 2026 \n3 \n- Thời gian dự kiến: ngày 11/9/2026 (thứ Sáu). \n"
    assert kinds(text) == [
        (
            "num",
            "2.1",
            "Chương trình nghệ thuật đặc biệt Khai mạc Festival Thăng Long Hà Nội lần thứ II năm 2026",
        ),
        ("dash", "-", "Thời gian dự kiến: ngày 11/9/2026 (thứ Sáu)."),
    ]


def test_a_number_glued_to_the_line_before():
    """Kon Tum 435 (crawler): "… tiến bộ 1.1." then the point's text on the next line."""
    text = "1. Tăng cường sự lãnh đạo nhằm thúc đẩy xây dựng lao động hài hòa, ổn định và tiến bộ 1.1.\nTổ chức nghiên cứu, tuyên truyền Chỉ thị."
    assert kinds(text) == [
        (
            "one",
            "1",
            "Tăng cường sự lãnh đạo nhằm thúc đẩy xây dựng lao động hài hòa, ổn định và tiến bộ",
        ),
        ("num", "1.1", "Tổ chức nghiên cứu, tuyên truyền Chỉ thị."),
    ]


def test_a_number_inside_a_line_and_a_part_title_with_its_first_point():
    text = "3. Giải quyết tốt tranh chấp lao động 3.1. Rà soát, kiện toàn các thiết chế.\nIII. TỔ CHỨC THỰC HIỆN 1.\nCác sở, ban, ngành căn cứ chức năng xây dựng kế hoạch;"
    assert kinds(text) == [
        ("one", "3", "Giải quyết tốt tranh chấp lao động"),
        ("num", "3.1", "Rà soát, kiện toàn các thiết chế."),
        ("roman", "III", "TỔ CHỨC THỰC HIỆN"),
        ("one", "1", "Các sở, ban, ngành căn cứ chức năng xây dựng kế hoạch;"),
    ]


def test_a_line_ending_in_a_number_bare_marker_joins_the_next():
    assert kinds("1.4.\nXây dựng kế hoạch tuyên truyền.") == [
        ("num", "1.4", "Xây dựng kế hoạch tuyên truyền.")
    ]


def test_an_en_dash_that_wraps_a_name_is_no_list_dash():
    """Hà Nội 173: "… Thăng Long\\n– Hà Nội nói riêng …"."""
    text = "góp phần lan toả các giá trị văn hoá đặc sắc của Thăng Long\n– Hà Nội nói riêng và văn hoá Việt Nam nói chung."
    assert kinds(text) == [
        (
            "text",
            "",
            "góp phần lan toả các giá trị văn hoá đặc sắc của Thăng Long – Hà Nội nói riêng và văn hoá Việt Nam nói chung.",
        )
    ]


def test_a_block_line_glued_to_the_one_before():
    """Kon Tum 435 2.10: "… và địa phương -Thời gian thực hiện: …"."""
    text = "- Cơ quan thực hiện: Sở Văn hóa chủ trì, phối hợp với các sở, ngành và địa phương -Thời gian thực hiện: Thực hiện thường xuyên hằng năm."
    assert [k[2] for k in kinds(text)] == [
        "Cơ quan thực hiện: Sở Văn hóa chủ trì, phối hợp với các sở, ngành và địa phương",
        "Thời gian thực hiện: Thực hiện thường xuyên hằng năm.",
    ]


def test_markdown_of_a_scan_is_removed():
    """The seed: "Số: ~~2167~~ UBND-KTTH", "hoàn thành **trong tháng 5/2023**"."""
    assert kinds("- Khẩn trương rà soát; hoàn thành **trong tháng 5/2023**.") == [
        ("dash", "-", "Khẩn trương rà soát; hoàn thành trong tháng 5/2023.")
    ]
    assert number_of("Số: ~~2167~~ UBND-KTTH") == ("2167", "UBND-KTTH")


# --- numbering into clause ids ----------------------------------------------------------------


def test_roman_parts_articles_letters_and_dashes_make_ids():
    d = draft(
        "I. MỤC ĐÍCH, YÊU CẦU\n\n1. Nâng cao nhận thức của các sở.\n\n"
        "II. NHIỆM VỤ\n\n1. Sở Y tế:\n\na) Rà soát cơ sở.\n\nb) Sở Tư pháp có trách nhiệm:\n\n- Thẩm định văn bản;\n\n- Kiểm tra việc thi hành.\n\n"
        "đ) Thanh tra tỉnh kiểm tra.\n\nIV. KINH PHÍ\n\n- Sở Tài chính bố trí kinh phí."
    )
    assert [(c.id, c.heading) for c in d.clauses] == [
        ("2", True),
        ("2.1", True),
        ("2.1a", False),
        ("2.1b", False),
        ("2.1d", False),
        ("4", True),
        ("4.1", False),
    ]
    # "Mục đích, yêu cầu" is no task; "X có trách nhiệm:" keeps its dashes; đ) is said.
    assert (
        d.clauses[3].text
        == "Sở Tư pháp có trách nhiệm: - Thẩm định văn bản; - Kiểm tra việc thi hành."
    )
    assert d.clauses[4].doubts == (
        "mục đ) được ghi số bằng chữ d (định dạng số điểm chỉ nhận chữ Latinh)",
    )


def test_paragraphs_that_assign_no_work_are_left_out():
    d = draft(
        "Thực hiện Kết luận số 12-KL/TU ngày 01/6/2023 của Ban Thường vụ Tỉnh ủy, Chủ tịch UBND tỉnh yêu cầu:\n\n"
        "1. Đồng ý chủ trương chuyển giao Vườn quốc gia về UBND tỉnh quản lý.\n\n"
        "2. Sở Nội vụ tham mưu sắp xếp tổ chức.\n\n"
        "3. Quyết định này có hiệu lực kể từ ngày ký.\n\n"
        "Yêu cầu Thủ trưởng các cơ quan, đơn vị nghiêm túc triển khai thực hiện./."
    )
    assert [(c.id, c.text) for c in d.clauses] == [("2", "Sở Nội vụ tham mưu sắp xếp tổ chức.")]


def test_unnumbered_paragraphs_with_their_own_doer_are_clauses():
    """Chỉ thị 299/TTg: paragraphs after the last point assign work; a remark does not."""
    d = draft(
        "1. Sở Tài chính bố trí kinh phí.\n\n"
        "Sở Tư pháp có trách nhiệm hướng dẫn các địa phương.\n\n"
        "Thành phần của Hội đồng gồm có: đại diện các sở.\n\n"
        "Trên đây là nội dung chỉ đạo. Chủ tịch UBND tỉnh yêu cầu Sở Y tế tập trung thực hiện."
    )
    assert who(d) == {"1": [("stc", "lead")], "0.1": [("stp", "lead")], "0.2": [("syt", "lead")]}
    assert (
        d.clauses[1].text
        == "Sở Tư pháp có trách nhiệm hướng dẫn các địa phương. Thành phần của Hội đồng gồm có: đại diện các sở."
    )


def test_a_clause_whose_doers_are_unknown_is_kept_as_a_heading_with_a_note():
    d = draft("1. UBND các xã, phường xây dựng kế hoạch tuyên truyền về Chương trình.")
    [c] = d.clauses
    assert c.heading and c.note == "Chưa xác định cơ quan thực hiện: UBND các xã, phường."


# --- metadata ---------------------------------------------------------------------------------


def test_header_in_capitals_becomes_words():
    assert (
        words_from_capitals("ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI") == "Ủy ban nhân dân tỉnh Quảng Ngãi"
    )
    assert words_from_capitals("VĂN PHÒNG CHÍNH PHỦ") == "Văn phòng Chính phủ"
    assert words_from_capitals("PHỦ THỦ TƯỚNG") == "Phủ Thủ tướng"
    assert (
        issuer_of(
            [
                "Quyết định 435/QĐ-UBND năm 2020",
                "ỦY BAN NHÂN DÂN TỈNH KON TUM -------",
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            ]
        )
        == "Ủy ban nhân dân tỉnh Kon Tum"
    )
    assert (
        issuer_of(["PHỦ THỦ TƯỚNG ----- CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập"])
        == "Phủ Thủ tướng"
    )


def test_number_date_kind_and_signer_as_letters_print_them():
    assert number_of("Số: 3722/VPCP-CN") == ("3722", "VPCP-CN")
    assert number_of("Số:            /KH-UBND") == (None, "KH-UBND")
    assert dated_of("Hà Nội, ngày 28 tháng 4 năm 2026") == ("Hà Nội", date(2026, 4, 28), None)
    assert dated_of("Hà Nội, ngày          tháng        năm 2026") == (
        "Hà Nội",
        None,
        "ngày ký để trống trong văn bản (năm 2026)",
    )
    assert kind_of("", "QĐ-UBND") == "Quyết định" and kind_of("", "UBND-KTTH") == "Công văn"
    assert kind_of("CHỈ THỊ VỀ CÔNG TÁC ĐO ĐẠC", "TTg") == "Chỉ thị"
    assert signer_of("KT. BỘ TRƯỞNG, CHỦ NHIỆM\nPHÓ CHỦ NHIỆM\nPhạm Mạnh Cường") == (
        "Phạm Mạnh Cường",
        "Phó Chủ nhiệm",
    )
    assert signer_of("K/T THỦ TƯỚNG CHÍNH PHỦ PHÓ THỦ TƯỚNG Tố Hữu") == ("Tố Hữu", "Phó Thủ tướng")
    assert signer_of(
        "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH Nguyễn Hữu Tháp CHƯƠNG TRÌNH HÀNH ĐỘNG"
    ) == ("Nguyễn Hữu Tháp", "Phó Chủ tịch")


def test_a_blank_number_comes_from_the_file_name_and_a_blank_date_from_what_is_cited():
    from directive_cli.draft.core import draft_letter
    from tests.draft_helpers import bundled

    text = (
        "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HÀ NỘI\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\nSố:      /KH-UBND\n\n"
        "Hà Nội, ngày    tháng    năm 2026\n\nKẾ HOẠCH\nTổ chức Festival\n\n"
        "Thực hiện Kế hoạch số 128/KH-UBND ngày 30/3/2026 của UBND Thành phố.\n\n1. Sở Du lịch quảng bá Festival.\n"
    )
    d = draft_letter(text, bundled(), filename="KH-173-2026.pdf")
    assert (d.id, d.meta.number, d.meta.issued_on, d.meta.type) == (
        "173-2026",
        "173",
        date(2026, 3, 30),
        "Kế hoạch",
    )
    assert d.meta.doubts == (
        "số văn bản để trống, lấy theo tên tệp: 173",
        "ngày ký để trống trong văn bản (năm 2026)",
        "ngày ký tạm ghi 2026-03-30: ngày muộn nhất mà văn bản dẫn trong năm 2026",
    )


def test_the_clerks_date_fills_a_blank_one_and_is_no_doubt():
    from directive_cli.draft.core import draft_letter
    from tests.draft_helpers import bundled

    text = (
        "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HÀ NỘI\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\nSố:      /KH-UBND\n\n"
        "Hà Nội, ngày    tháng    năm 2026\n\nKẾ HOẠCH\nTổ chức Festival\n\n"
        "Thực hiện Kế hoạch số 128/KH-UBND ngày 30/3/2026 của UBND Thành phố.\n\n1. Sở Du lịch quảng bá Festival.\n"
    )
    d = draft_letter(text, bundled(), filename="KH-173-2026.pdf", dated=date(2026, 4, 28))
    assert (d.id, d.meta.issued_on) == ("173-2026", date(2026, 4, 28))
    assert d.meta.doubts == ("số văn bản để trống, lấy theo tên tệp: 173",)
    # A date the text states and the clerk contradicts: the clerk's, said as a doubt.
    dated = text.replace("ngày    tháng    năm 2026", "ngày 27 tháng 4 năm 2026")
    d = draft_letter(dated, bundled(), filename="KH-173-2026.pdf", dated=date(2026, 4, 28))
    assert d.meta.issued_on == date(2026, 4, 28)
    assert d.meta.doubts == (
        "số văn bản để trống, lấy theo tên tệp: 173",
        "văn bản ghi ngày 2026-04-27, đã dùng ngày nhập: 2026-04-28",
    )


def test_urgency_of_delivery_is_no_deadline():
    """3722/VPCP-CN is "HỎA TỐC": the mark is kept as such, the clause's date is its own."""
    from directive_cli.draft.core import draft_letter
    from tests.draft_helpers import bundled, letter

    text = letter("1. Sở Xây dựng có ý kiến trước ngày 10/7/2023.").replace(
        "V/v ví dụ minh họa", "V/v ví dụ minh họa\n\nHỎA TỐC"
    )
    d = draft_letter(text, bundled())
    assert d.meta.urgency == "HỎA TỐC"
    assert [(c.deadline.kind.value, c.deadline.due) for c in d.tasks if c.deadline] == [
        ("fixed", date(2023, 7, 10))
    ]


def test_a_task_table_becomes_points_with_their_block_lines():
    """A plan's table (as the .docx reader gives it): STT, content, lead, support, time."""
    d = draft(
        "II. NHIỆM VỤ CỤ THỂ\n\n"
        "| STT | Nội dung công việc | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành |\n"
        "|---|---|---|---|---|\n"
        "| 1 | Rà soát quy hoạch sử dụng đất | Sở Tài nguyên và Môi trường | Sở Xây dựng; UBND các huyện, thị xã, thành phố | Quý III/2023 |\n"
        "| 2 | Xây dựng cơ sở dữ liệu đất đai | Sở Tài nguyên và Môi trường | Sở Thông tin và Truyền thông | Trước ngày 30/11/2023 |\n"
    )
    assert [(c.id, c.heading) for c in d.clauses] == [("2", True), ("2.1", False), ("2.2", False)]
    assert who(d) == {
        "2.1": [("stnmt", "lead"), ("sxd", "support"), ("g3", "support")],
        "2.2": [("stnmt", "lead"), ("stttt", "support")],
    }
    assert [(c.deadline.due, c.deadline.source) for c in d.tasks if c.deadline] == [
        (date(2023, 9, 30), "Quý III/2023"),
        (date(2023, 11, 30), "Trước ngày 30/11/2023"),
    ]
    assert d.clauses[1].text == (
        "Rà soát quy hoạch sử dụng đất - Cơ quan chủ trì: Sở Tài nguyên và Môi trường"
        " - Cơ quan phối hợp: Sở Xây dựng; UBND các huyện, thị xã, thành phố"
        " - Thời gian hoàn thành: Quý III/2023"
    )


def test_a_table_that_assigns_nothing_is_left_as_text():
    assert kinds("| Chỉ tiêu | Năm 2022 |\n|---|---|\n| Thu nhập | 50 triệu |") == [
        ("text", "", "| Chỉ tiêu | Năm 2022 | | Thu nhập | 50 triệu |")
    ]


def test_points_numbered_n_dash_and_bare_numbers_above_dashes():
    """Tuyên Quang 1056/QĐ-CT (crawler): "2 - Sở … có trách nhiệm." and a bare "3" above
    "- Uỷ ban nhân dân các huyện, thành phố:"; its "Điều 1. Ban hành …" lists no task."""
    d = draft(
        "Điều 1.\nBan hành mức trợ giúp cho các đối tượng bảo trợ xã hội như sau:\n"
        "1 - Mức trợ cấp hàng tháng cho các đối tượng sống tại cộng đồng.\n"
        "Điều 2.\nTổ chức thực hiện:\n"
        "1 - Sở Tư pháp có trách nhiệm.\n- Kiểm tra việc thi hành;\n- Báo cáo kết quả hằng năm.\n"
        "2\n- Uỷ ban nhân dân các huyện, thị xã, thành phố:\n- Quản lý đối tượng trên địa bàn;\n"
        "- Lập dự toán kinh phí gửi Sở Tài chính thẩm định.\n"
    )
    assert [(c.id, c.heading) for c in d.clauses] == [
        ("2", True),
        ("2.1", False),
        ("2.2", True),
        ("2.2.1", False),
        ("2.2.2", False),
    ]
    assert (
        d.clauses[1].text
        == "Sở Tư pháp có trách nhiệm. - Kiểm tra việc thi hành; - Báo cáo kết quả hằng năm."
    )
    assert who(d) == {
        "2.1": [("stp", "lead")],
        "2.2.1": [("g3", "lead")],
        "2.2.2": [("g3", "lead"), ("stc", "unspecified")],
    }


def test_a_page_number_before_a_dash_is_still_a_page_number():
    """Hà Nội 173 (PDF): "… trước, trong và sau sự kiện" / "5" / "- Thời gian thực hiện: …"."""
    text = "4. Xây dựng phương án truyền thông trước, trong và sau sự kiện\n5\n- Thời gian thực hiện: từ quý II/2026."
    assert kinds(text) == [
        ("one", "4", "Xây dựng phương án truyền thông trước, trong và sau sự kiện"),
        ("dash", "-", "Thời gian thực hiện: từ quý II/2026."),
    ]


def test_words_that_start_like_bodies_are_not_bodies():
    from directive_cli.draft.names import starts_with_head

    for text in (
        "Ban hành mức trợ giúp",
        "Bộ máy tổ chức",
        "Sở hữu trí tuệ",
        "Hội nghị tổng kết",
        "Trường hợp không cân đối",
    ):
        assert starts_with_head(text) is None, text
    for text in (
        "Ban quản lý Khu kinh tế tỉnh",
        "Bộ Tư lệnh Thủ đô",
        "Hội Nông dân tỉnh",
        "trường Khoa học liên ngành",
    ):
        assert starts_with_head(text), text
