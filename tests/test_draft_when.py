"""Deadline phrases → kind, dates, cadence: each row is a phrase of a real letter or of the
issue's list, with the day the letter was signed (a year left out is the letter's)."""

from __future__ import annotations

from datetime import date

import pytest

from directive_cli.draft.when import find_deadline, phrase_days, restored
from directive_cli.model import DeadlineKind as K
from directive_cli.model import ReportsOn

SEED = date(2023, 5, 16)  # 2167/UBND-KTTH, Quảng Ngãi
KONTUM = date(2020, 5, 4)  # 435/QĐ-UBND, Kon Tum

# (text of the clause, letter date, kind, due, start, rrule, source)
CASES = [
    # The seed: the only hard date, and the target year.
    (
        "…phù hợp với tình hình thực tiễn; hoàn thành trong tháng 5/2023.",
        SEED,
        K.FIXED,
        date(2023, 5, 31),
        None,
        None,
        "hoàn thành trong tháng 5/2023",
    ),
    (
        "quyết tâm tạo chuyển biến tích cực ngay trong năm 2023; hướng đến",
        SEED,
        K.TARGET,
        date(2023, 12, 31),
        None,
        None,
        "ngay trong năm 2023",
    ),
    # "Thường xuyên" opens 1b; "khẩn trương" and "kịp thời" come later in the same clause.
    (
        "Thường xuyên, nghiêm túc thực hiện việc rà soát; khẩn trương có giải pháp, kịp thời",
        SEED,
        K.ONGOING,
        None,
        None,
        None,
        "Thường xuyên",
    ),
    # A plan's span is its name, not a deadline (seed 1b).
    (
        "theo kế hoạch phát triển kinh tế - xã hội giai đoạn 2021 - 2025",
        SEED,
        None,
        None,
        None,
        None,
        None,
    ),
    (
        "kịp thời tham mưu UBND tỉnh triển khai thực hiện, định kỳ báo cáo Tỉnh ủy, Ban Thường vụ Tỉnh ủy theo quy định và báo cáo",
        SEED,
        K.RECURRING,
        None,
        None,
        None,
        "định kỳ báo cáo Tỉnh ủy, Ban Thường vụ Tỉnh ủy theo quy định",
    ),
    (
        "trong đó, Sở Văn hóa, Thể thao và Du lịch khẩn trương xây dựng Đề án phát triển",
        SEED,
        K.URGENT,
        None,
        None,
        None,
        "khẩn trương xây dựng Đề án",
    ),
    (
        "vấn đề cần trình Ban Thường vụ Tỉnh ủy lãnh đạo, chỉ đạo phù hợp với điều kiện thực tiễn trong thời gian đến nhằm",
        SEED,
        K.ONGOING,
        None,
        None,
        None,
        "trong thời gian đến",
    ),
    # A date right after a document's number is the document's, not a deadline.
    (
        "theo chỉ đạo của Chủ tịch UBND tỉnh tại Thông báo số 223/TB-UBND ngày 08/5/2023.",
        SEED,
        None,
        None,
        None,
        None,
        None,
    ),
    # The list.
    ("trước ngày 30/6/2024", SEED, K.FIXED, date(2024, 6, 30), None, None, "trước ngày 30/6/2024"),
    (
        "gửi về Văn phòng trước 14 giờ ngày 5/12/2017 để tổng hợp",
        SEED,
        K.FIXED,
        date(2017, 12, 5),
        None,
        None,
        "trước 14 giờ ngày 5/12/2017",
    ),
    ("trong quý III/2024", SEED, K.TARGET, date(2024, 9, 30), None, None, "trong quý III/2024"),
    (
        "báo cáo kết quả 6 tháng đầu năm 2024",
        SEED,
        K.TARGET,
        date(2024, 6, 30),
        None,
        None,
        "6 tháng đầu năm 2024",
    ),
    ("cuối năm 2024", SEED, K.TARGET, date(2024, 12, 31), None, None, "cuối năm 2024"),
    ("trong năm 2026", SEED, K.TARGET, date(2026, 12, 31), None, None, "trong năm 2026"),
    (
        "hằng tháng, trước ngày 20",
        SEED,
        K.RECURRING,
        None,
        None,
        "FREQ=MONTHLY;BYMONTHDAY=20",
        "hằng tháng, trước ngày 20",
    ),
    (
        "định kỳ ngày 20 hàng tháng",
        SEED,
        K.RECURRING,
        None,
        None,
        "FREQ=MONTHLY;BYMONTHDAY=20",
        "định kỳ ngày 20 hàng tháng",
    ),
    (
        "từ ngày 01/6 đến ngày 30/6/2023",
        SEED,
        K.PERIOD,
        date(2023, 6, 30),
        date(2023, 6, 1),
        None,
        "từ ngày 01/6 đến ngày 30/6/2023",
    ),
    (
        "sau khi có quyết định của cấp có thẩm quyền.",
        SEED,
        K.EVENT,
        None,
        None,
        None,
        "sau khi có quyết định của cấp có thẩm quyền",
    ),
    ("Thực hiện thường xuyên.", SEED, K.ONGOING, None, None, None, "thường xuyên"),
    # Counts of days are fixed deadlines (written `within:`, the loader counts the date);
    # `due` here is the national calendar's count: Tue 16/5/2023 + 5 working days.
    (
        "trong vòng 5 ngày làm việc kể từ ngày nhận",
        SEED,
        K.FIXED,
        date(2023, 5, 23),
        None,
        None,
        "trong vòng 5 ngày làm việc kể từ ngày nhận",
    ),
    (
        "trong vòng 10 ngày kể từ ngày ký",
        SEED,
        K.FIXED,
        date(2023, 5, 26),
        None,
        None,
        "trong vòng 10 ngày kể từ ngày ký",
    ),
    # Kon Tum 435/QĐ-UBND: the year left out is the letter's year, 2020.
    (
        "định kỳ hàng năm (trước ngày 15/11 và đột xuất (khi có yêu cầu) báo cáo kết quả",
        KONTUM,
        K.RECURRING,
        None,
        None,
        "FREQ=YEARLY;BYMONTH=11;BYMONTHDAY=15",
        "định kỳ hàng năm (trước ngày 15/11",
    ),
    (
        "gửi Bộ Lao động - Thương binh và Xã hội, Ủy ban nhân dân tỉnh trước ngày 30 tháng 11 hằng năm.",
        KONTUM,
        K.RECURRING,
        None,
        None,
        "FREQ=YEARLY;BYMONTH=11;BYMONTHDAY=30",
        "trước ngày 30 tháng 11 hằng năm",
    ),
    (
        "Thực hiện định kỳ hằng năm; Riêng năm 2020 hoàn thành trong quý II/2020.",
        KONTUM,
        K.FIXED,
        date(2020, 6, 30),
        None,
        None,
        "hoàn thành trong quý II/2020",
    ),
    ("Thực hiện thường xuyên hằng năm.", KONTUM, K.ONGOING, None, None, None, "thường xuyên"),
    ("trước ngày 15/11", KONTUM, K.FIXED, date(2020, 11, 15), None, None, "trước ngày 15/11"),
    # 1980 directive: a period in months and years; regional deadlines, the earliest first.
    (
        "tham gia công tác đo đạc từ tháng 01 năm 1981 đến tháng 12 năm 1982.",
        date(1980, 11, 10),
        K.PERIOD,
        date(1982, 12, 31),
        date(1981, 1, 1),
        None,
        "từ tháng 01 năm 1981 đến tháng 12 năm 1982",
    ),
    (
        "- Vùng đồng bằng sông Cửu Long: cuối năm 1982; - Vùng Đông Nam bộ: cuối năm 1983;",
        date(1980, 11, 10),
        K.TARGET,
        date(1982, 12, 31),
        None,
        None,
        "cuối năm 1982",
    ),
    (
        "tỉnh nào chưa thành lập Ban Quản lý ruộng đất thì cần chấn chỉnh và thành lập ngay theo tinh thần Nghị định",
        date(1980, 11, 10),
        K.URGENT,
        None,
        None,
        None,
        "ngay theo tinh thần Nghị",
    ),
    # Government Office 3722/VPCP-CN: a day in words.
    (
        "ý kiến gửi Ủy ban nhân dân tỉnh Đồng Nai trước ngày 10 tháng 5 năm 2026 để nghiên cứu",
        date(2026, 4, 28),
        K.FIXED,
        date(2026, 5, 10),
        None,
        None,
        "trước ngày 10 tháng 5 năm 2026",
    ),
    # Hà Nội 173/KH-UBND: a start without a year takes the end's year.
    (
        "từ ngày 11/9 đến hết năm 2026.",
        date(2026, 4, 28),
        K.PERIOD,
        date(2026, 12, 31),
        date(2026, 9, 11),
        None,
        "từ ngày 11/9 đến hết năm 2026",
    ),
    (
        "trước, trong và sau Festival Thăng Long – Hà Nội",
        date(2026, 4, 28),
        K.EVENT,
        None,
        None,
        None,
        "trước, trong và sau Festival Thăng Long – Hà Nội",
    ),
]


@pytest.mark.parametrize(("text", "issued", "kind", "due", "start", "rrule", "source"), CASES)
def test_phrase(text, issued, kind, due, start, rrule, source):
    got = find_deadline(text, issued)
    if kind is None:
        assert got is None
        return
    assert got is not None
    assert (got.kind, got.due, got.start, got.rrule, got.source) == (
        kind,
        due,
        start,
        rrule,
        source,
    )


JUNE_20 = date(2023, 6, 20)  # a Tuesday


@pytest.mark.parametrize(
    ("text", "kind", "within", "since", "due", "doubt"),
    [
        # The trial's phrase: 10 working days from Tue 20/6/2023 is Tue 4/7/2023.
        (
            "báo cáo trong vòng 10 ngày làm việc kể từ ngày ký.",
            K.FIXED,
            (10, True),
            None,
            date(2023, 7, 4),
            None,
        ),
        (
            "trong 5 ngày làm việc.",
            K.FIXED,
            (5, True),
            None,
            date(2023, 6, 27),
            "không ghi mốc tính 5 ngày làm việc: tính từ ngày văn bản",
        ),
        (
            "gửi ý kiến 10 ngày kể từ ngày ký ban hành;",
            K.FIXED,
            (10, False),
            None,
            date(2023, 6, 30),
            None,
        ),
        (
            "trong 15 ngày kể từ ngày 01/7/2023",
            K.FIXED,
            (15, False),
            date(2023, 7, 1),
            date(2023, 7, 16),
            None,
        ),
        (
            "trong vòng 3 ngày làm việc kể từ ngày nhận được văn bản này",
            K.FIXED,
            (3, True),
            None,
            date(2023, 6, 23),
            "3 ngày làm việc kể từ ngày nhận: tính từ ngày văn bản; ghi from: khi biết ngày nhận",
        ),
        # From an occasion: no day to count from; a length without a start is no deadline.
        (
            "trong 15 ngày kể từ ngày kết thúc đợt kiểm tra, gửi",
            K.EVENT,
            None,
            None,
            None,
            "15 ngày kể từ ngày kết thúc đợt kiểm tra: không có ngày để tính",
        ),
        (
            "Hội thi tổ chức trong 02 ngày.",
            K.EVENT,
            None,
            None,
            None,
            "2 ngày; mốc tính thời hạn không rõ",
        ),
    ],
)
def test_counts_of_days_are_counted_from_their_day(text, kind, within, since, due, doubt):
    got = find_deadline(text, JUNE_20)
    assert got is not None
    counted = (got.within, got.working) if got.within is not None else None
    assert (got.kind, counted, got.since, got.due, got.doubt) == (kind, within, since, due, doubt)


@pytest.mark.parametrize(
    ("stated", "due", "start", "kind"),
    [
        # Hà Nội 173/KH-UBND: "Thời gian dự kiến: …" is the day of the event.
        ("ngày 11/9/2026 (thứ Sáu).", date(2026, 9, 11), None, K.FIXED),
        ("từ ngày 11/9/2026 đến ngày 20/9/2026.", date(2026, 9, 20), date(2026, 9, 11), K.PERIOD),
        # Kon Tum: "Thời gian thực hiện: Hoàn thành trong quý III/2020."
        ("Hoàn thành trong quý III/2020.", date(2020, 9, 30), None, K.FIXED),
    ],
)
def test_stated_line_wins_over_the_text(stated, due, start, kind):
    got = find_deadline(
        "… khẩn trương triển khai, hoàn thành trong tháng 5/2020.", date(2020, 5, 4), stated=stated
    )
    assert got is not None
    assert (got.kind, got.due, got.start) == (kind, due, start)


def test_a_year_left_out_never_comes_from_today():
    """The same phrase in letters of two years gives two years; no letter date, no date."""
    assert find_deadline("trước ngày 15/11", date(2019, 3, 1)).due == date(2019, 11, 15)  # type: ignore[union-attr]
    assert find_deadline("trước ngày 15/11", date(2031, 3, 1)).due == date(2031, 11, 15)  # type: ignore[union-attr]
    assert find_deadline("trước ngày 15/11", None) is None


def test_a_day_already_past_moves_to_next_year_and_says_so():
    got = find_deadline("trước ngày 15/01", date(2023, 11, 20))
    assert got is not None and got.due == date(2024, 1, 15)
    assert got.doubt and "năm sau" in got.doubt


def test_two_dated_phrases_keep_the_earliest_and_name_the_other():
    got = find_deadline("hoàn thành trong tháng 6/2024; báo cáo trước ngày 30/9/2024", SEED)
    assert got is not None and got.due == date(2024, 6, 30)
    assert got.doubt == "còn thời hạn khác: trước ngày 30/9/2024"


def test_impossible_dates_are_no_deadline():
    assert find_deadline("trước ngày 31/2/2024", SEED) is None
    assert find_deadline("trong tháng 13/2024", SEED) is None


@pytest.mark.parametrize(
    ("stated", "due", "source"),
    [
        # The "Thời gian hoàn thành" column of a plan's task table: a bare period is by its end.
        ("Quý III/2023", date(2023, 9, 30), "Quý III/2023"),
        ("Tháng 12/2023", date(2023, 12, 31), "Tháng 12/2023"),
        ("Năm 2024", date(2024, 12, 31), "Năm 2024"),
        ("30/11/2023", date(2023, 11, 30), "30/11/2023"),
    ],
)
def test_a_bare_period_on_a_stated_line_is_its_last_day(stated, due, source):
    got = find_deadline("Rà soát quy hoạch sử dụng đất", SEED, stated=stated)
    assert got is not None
    assert (got.kind, got.due, got.source) == (K.FIXED, due, source)


# A clerk's `source:` typed without diacritics (validate's check of `due`, load.py): the
# deadline words are restored for reading; every other word stays as typed.
@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("truoc ngay 15/9/2023", "trước ngày 15/9/2023"),
        ("Cham  nhat la ngay 15 thang 9 nam 2023", "chậm nhất là ngày 15 tháng 9 năm 2023"),
        ("han chot 20/9/2023", "hạn chót 20/9/2023"),
        ("hoan thanh truoc 17 gio 30 phut ngay 15/9", "hoàn thành trước 17 giờ 30 phút ngày 15/9"),
        ("tu ngay 1/9 den het ngay 30/9/2023", "từ ngày 1/9 đến hết ngày 30/9/2023"),
        ("trong 15 ngay ke tu ngay 1/9/2023", "trong 15 ngày kể từ ngày 1/9/2023"),
        ("ngay trong quy III/2023", "ngay trong quý III/2023"),
        ("6 thang dau nam 2023; cuoi nam 2023", "6 tháng đầu năm 2023; cuối năm 2023"),
        # Words typed with diacritics, and words that are not a deadline's, as they were.
        ("trước ngày 15/9/2023", "trước ngày 15/9/2023"),
        ("truoc ngày 15 tháng 9", "trước ngày 15 tháng 9"),
        ("bao cao UBND tinh truoc ngay 15/9", "bao cao UBND tinh trước ngày 15/9"),
        ("thường xuyên", "thường xuyên"),
    ],
)
def test_deadline_words_typed_without_diacritics_are_restored(typed, read):
    assert restored(typed) == read


@pytest.mark.parametrize(
    ("phrase", "days"),
    [
        ("truoc ngay 15/9/2023", (date(2023, 9, 15),)),
        ("vao ngay 15/9", (date(2023, 9, 15),)),  # the year of the letter
        ("tu ngay 1/9/2023 den ngay 30/9/2023", (date(2023, 9, 30),)),
        # A count: the day it gives, not the day it starts from.
        ("trong 15 ngay ke tu ngay 1/9/2023", (date(2023, 9, 16),)),
        ("ke tu ngay 1/9/2023", ()),
        ("theo ke hoach cua UBND tinh", ()),
    ],
)
def test_the_days_a_phrase_typed_without_diacritics_names(phrase, days):
    assert phrase_days(phrase, SEED) == days


# A report on the period just ended (the brief's phrases): (text, rrule, source, reports_on).
PREVIOUS_PERIOD = [
    (
        "Sở Kế hoạch và Đầu tư báo cáo kết quả thực hiện hằng quý, gửi trước ngày 20 của tháng"
        " đầu quý sau.",
        "FREQ=YEARLY;BYMONTH=1,4,7,10;BYMONTHDAY=20",
        "trước ngày 20 của tháng đầu quý sau",
        ReportsOn.PREVIOUS,
    ),
    (
        "Báo cáo tháng (trước ngày 5 của tháng sau) gửi Ủy ban nhân dân tỉnh.",
        "FREQ=MONTHLY;BYMONTHDAY=5",
        "trước ngày 5 của tháng sau",
        ReportsOn.PREVIOUS,
    ),
    (
        "Báo cáo năm gửi trước ngày 15/1 năm sau.",
        "FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=15",
        "trước ngày 15/1 năm sau",
        ReportsOn.PREVIOUS,
    ),
    (
        "hằng tháng, trước ngày 5 của tháng sau, báo cáo Ủy ban nhân dân tỉnh.",
        "FREQ=MONTHLY;BYMONTHDAY=5",
        "hằng tháng, trước ngày 5 của tháng sau",
        ReportsOn.PREVIOUS,
    ),
    (
        "Định kỳ hằng tháng, trước ngày 5 báo cáo kết quả tháng trước.",
        "FREQ=MONTHLY;BYMONTHDAY=5",
        "hằng tháng, trước ngày 5",
        ReportsOn.PREVIOUS,
    ),
    (
        "Trước ngày 20 tháng 1 hằng năm, báo cáo kết quả của quý trước và cả năm.",
        "FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=20",
        "Trước ngày 20 tháng 1 hằng năm",
        ReportsOn.PREVIOUS,
    ),
    # A yearly day exists every year; the 30th not every month: that rule is left to the clerk.
    (
        "Báo cáo năm gửi trước ngày 31/1 năm sau.",
        "FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=31",
        "trước ngày 31/1 năm sau",
        ReportsOn.PREVIOUS,
    ),
    (
        "Báo cáo tháng gửi trước ngày 30 của tháng sau.",
        None,
        "trước ngày 30 của tháng sau",
        ReportsOn.PREVIOUS,
    ),
    # A comparison with last year names no period reported on.
    (
        "Báo cáo Ủy ban nhân dân tỉnh trước ngày 25 hằng tháng, so với cùng kỳ năm trước.",
        "FREQ=MONTHLY;BYMONTHDAY=25",
        "trước ngày 25 hằng tháng",
        ReportsOn.SAME,
    ),
    # Another sentence's "tháng trước" is not this cadence's.
    (
        "Tình hình tháng trước đã ổn định. Sở Nội vụ báo cáo trước ngày 25 hằng tháng.",
        "FREQ=MONTHLY;BYMONTHDAY=25",
        "trước ngày 25 hằng tháng",
        ReportsOn.SAME,
    ),
]


@pytest.mark.parametrize(("text", "rrule", "source", "covers"), PREVIOUS_PERIOD)
def test_a_report_on_the_period_before(text, rrule, source, covers):
    got = find_deadline(text, SEED)
    assert got is not None
    assert (got.kind, got.due, got.rrule, got.source, got.reports_on) == (
        K.RECURRING,
        None,
        rrule,
        source,
        covers,
    )


def test_the_cadences_of_the_table_report_on_their_own_period():
    recurring = [row for row in CASES if row[2] is K.RECURRING]
    got = [find_deadline(text, issued) for text, issued, *_ in recurring]
    assert len(recurring) >= 5
    assert [d.reports_on if d else None for d in got] == [ReportsOn.SAME] * len(recurring)
