"""render/views.py: what a person sees, rendered to a pinned console (100 columns, no colour) and
compared whole."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from directive_cli import i18n
from directive_cli.load import Catalog, load_catalog
from directive_cli.model import Mark, Progress, Status, Task
from directive_cli.query import Filters, TaskView, views
from directive_cli.refs import namer
from directive_cli.render import views as V
from directive_cli.report import summarize

D = "2167-2023"


@pytest.fixture(autouse=True)
def _pinned(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("TTY_COMPATIBLE", raising=False)
    yield
    i18n.set_lang("vi")


def text(*lines: str) -> str:
    return "\n".join(lines) + "\n"


def the_views(cat: Catalog, progress: dict[tuple[str, str], Progress], day: date,
              **kept: tuple[str, ...]) -> list[TaskView]:  # fmt: skip
    return views(cat, {D: progress}, day, Filters(**kept))  # type: ignore[arg-type]


def a_mark(id_: int, batch: int, clause: str, status: Status, previous: Status, day: date,
           recorded: str, by: str = "clerk", evidence: str | None = None,
           note: str | None = None, undoes: int | None = None, body: str = "snv") -> Mark:  # fmt: skip
    return Mark(id_, D, clause, body, status, previous, day, recorded, by, note, evidence, batch,
                undoes)  # fmt: skip


def test_limited() -> None:
    rows = list(range(5))
    assert V.limited(rows, 3, False) == ([0, 1, 2], 2)
    assert V.limited(rows, 3, True) == (rows, 0)
    assert V.limited(rows, 5, False) == (rows, 0)
    assert V.limited([], 3, False) == ([], 0)


def test_list_title_names_up_to_three_directives() -> None:
    day = date(2023, 6, 1)
    assert V.list_title(["2167/UBND-KTTH"], day) == (
        "Nhiệm vụ 2167/UBND-KTTH — Tính đến ngày 01/06/2023"
    )
    assert V.list_title(["a", "b", "c", "d"], day) == (
        "Nhiệm vụ của 4 văn bản — Tính đến ngày 01/06/2023"
    )
    i18n.set_lang("en")
    assert V.list_title(["a", "b", "c"], day) == "Tasks of a, b, c — As of 01/06/2023"
    assert V.list_title(["a", "b", "c", "d"], day) == "Tasks of 4 documents — As of 01/06/2023"


def test_list_table(cat: Catalog, capsys: pytest.CaptureFixture[str]) -> None:
    day = date(2023, 6, 1)
    progress = {
        ("4", "snv"): Progress(Status.DONE, date(2023, 5, 30), "t"),
        ("3.1", "vpub"): Progress(Status.IN_PROGRESS, date(2023, 5, 20), "t"),
    }
    rows = the_views(cat, progress, day, bodies=("snv", "vpub"), clauses=("1a", "3.1", "4"))
    V.list_table(rows, day, 100, False, namer(cat), cat.registry)
    assert capsys.readouterr() == (
        text(
            "Nhiệm vụ 2167/UBND-KTTH — Tính đến ngày 01/06/2023",
            "",
            " Nhiệm vụ   Cơ quan, đơn vị       Trạng thái       Tiến độ            Hạn",
            " " + "─" * 88,
            " 1a:vpub    Văn phòng UBND tỉnh   Chưa thực hiện   Trong hạn          Mục tiêu 31/12/2023",
            " 1a:snv     Sở Nội vụ             Chưa thực hiện   Trong hạn          Mục tiêu 31/12/2023",
            " 3.1:vpub   Văn phòng UBND tỉnh   Đang thực hiện   Quá hạn (1 ngày)   31/05/2023",
            " 4:snv      Sở Nội vụ             Hoàn thành       Không thời hạn",
            "",
        ),
        "",
    )


def test_list_table_shows_the_limit_and_counts_the_rest(
    cat: Catalog, capsys: pytest.CaptureFixture[str]
) -> None:
    day = date(2023, 6, 1)
    rows = the_views(cat, {}, day, bodies=("snv",))
    assert len(rows) == 6
    V.list_table(rows, day, 2, False, namer(cat), cat.registry)
    assert capsys.readouterr().out == text(
        "Nhiệm vụ 2167/UBND-KTTH — Tính đến ngày 01/06/2023",
        "",
        " Nhiệm vụ   Cơ quan, đơn vị   Trạng thái       Tiến độ          Hạn",
        " " + "─" * 82,
        " 1a:snv     Sở Nội vụ         Chưa thực hiện   Trong hạn        Mục tiêu 31/12/2023",
        " 1b:snv     Sở Nội vụ         Chưa thực hiện   Không thời hạn",
        "",
        "… còn 4 dòng nữa (dùng --all hoặc --limit N để xem thêm)",
    )
    V.list_table(rows, day, 2, True, namer(cat), cat.registry)
    assert len(capsys.readouterr().out.splitlines()) == 4 + 6 + 1


def test_list_table_in_english(cat: Catalog, capsys: pytest.CaptureFixture[str]) -> None:
    i18n.set_lang("en")
    day = date(2023, 6, 1)
    progress = {("4", "snv"): Progress(Status.DONE, date(2023, 5, 30), "t")}
    V.list_table(the_views(cat, progress, day, bodies=("snv",), clauses=("4", "1a")), day, 100,
                 False, namer(cat), cat.registry)  # fmt: skip
    assert capsys.readouterr().out == text(
        "Tasks of 2167/UBND-KTTH — As of 01/06/2023",
        "",
        " Task     Body        Status   Timeliness    Due",
        " " + "─" * 61,
        " 1a:snv   Sở Nội vụ   To do    In time       Target 31/12/2023",
        " 4:snv    Sở Nội vụ   Done     No deadline",
        "",
    )


def test_an_empty_list_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    V.list_table([], date(2023, 6, 1), 100, False, namer(None), load_catalog().registry)
    assert capsys.readouterr().out == "Không có nhiệm vụ nào khớp bộ lọc.\n"


def test_clause_lines_of_a_dated_clause(cat: Catalog) -> None:
    d = cat.directives[0]
    assert V.clause_lines(d.reference, d.clause("3.1")) == [  # type: ignore[arg-type]
        "2167/UBND-KTTH — Điểm 3.1. Sửa đổi, bổ sung Quy chế làm việc của Ban cán sự đảng UBND"
        " tỉnh",
        "",
        "Khẩn trương rà soát, nghiên cứu, tham mưu Ban cán sự đảng UBND tỉnh trình cấp thẩm quyền"
        " sửa đổi, bổ sung Quy chế làm việc của Ban cán sự đảng UBND tỉnh bảo đảm đúng quy định,"
        " phù hợp với tình hình thực tiễn; hoàn thành trong tháng 5/2023.",
        "",
        "Thời hạn: Thời hạn cố định 31/05/2023 — Căn cứ: «hoàn thành trong tháng 5/2023»",
    ]


def test_clause_lines_of_a_heading(cat: Catalog) -> None:
    d = cat.directives[0]
    assert V.clause_lines(d.reference, d.clause("3")) == [  # type: ignore[arg-type]
        "2167/UBND-KTTH — Điểm 3. Văn phòng UBND tỉnh",
        "",
        "Văn phòng UBND tỉnh:",
        "",
        "(điểm mở đầu, không có nhiệm vụ riêng)",
    ]


def test_clause_lines_say_what_the_letter_leaves_open(cat: Catalog) -> None:
    d = cat.directives[0]
    partners = V.clause_lines(d.reference, d.clause("3.2"))  # type: ignore[arg-type]
    assert partners[-2:] == [
        "Thời hạn: Thường xuyên — Căn cứ: văn bản không nêu thời hạn",
        "Phối hợp với: các sở, ban, ngành tỉnh; Văn phòng Tỉnh ủy; Văn phòng Đoàn đại biểu Quốc hội"
        " và HĐND tỉnh",
    ]
    related = V.clause_lines(d.reference, d.clause("4"))  # type: ignore[arg-type]
    assert related[-2:] == [
        "Thời hạn: Thường xuyên — Căn cứ: văn bản không nêu thời hạn",
        "Phối hợp: các cơ quan, đơn vị, địa phương có liên quan (nhóm mở: không lập nhiệm vụ)",
    ]


def test_clause_lines_keep_the_clauses_note_and_an_undated_phrase(cat: Catalog) -> None:
    d = cat.directives[0]
    noted = V.clause_lines(d.reference, d.clause("5"))  # type: ignore[arg-type]
    assert noted[3:] == [
        '("Ban sự đảng" trong bản quét là "Ban cán sự đảng".)',
        "",
        "Thời hạn: Thường xuyên — Căn cứ: «trong thời gian đến»",
    ]
    urgent = V.clause_lines(d.reference, d.clause("6a.1"))  # type: ignore[arg-type]
    assert urgent[-1] == (
        "Thời hạn: Khẩn trương (không nêu ngày) — Căn cứ: «khẩn trương xây dựng Đề án»"
    )


HISTORY = [
    a_mark(1, 1, "4", Status.IN_PROGRESS, Status.TODO, date(2023, 6, 1),
           "2023-06-02T08:00:00+07:00"),
    a_mark(2, 2, "4", Status.DONE, Status.IN_PROGRESS, date(2023, 6, 20),
           "2023-06-21T08:30:00+07:00", evidence="BC 50/BC-SNV", note="đã trình"),
    a_mark(3, 3, "4", Status.IN_PROGRESS, Status.DONE, date(2023, 6, 20),
           "2023-06-21T09:00:00+07:00", by="chief", undoes=2),
]  # fmt: skip


def test_history_view_shows_the_newest_and_counts_the_rest(
    cat: Catalog, capsys: pytest.CaptureFixture[str]
) -> None:
    V.history_view(HISTORY, namer(cat), 2, False, 5)
    assert capsys.readouterr().out == text(
        "Lịch sử cập nhật",
        "",
        " #    Lô   Nhiệm vụ   Thay đổi             Ngày hiệu lực   Người ghi            Văn bản,"
        " ghi chú",
        " " + "─" * 98,
        " #2    2   4:snv      Đang thực hiện →     20/06/2023      clerk, 21/06/2023    BC"
        " 50/BC-SNV; đã",
        "                      Hoàn thành                           08:30                trình",
        " #3    3   4:snv      Hoàn thành → Đang    20/06/2023      chief, 21/06/2023    hoàn tác #2",
        "                      thực hiện                            09:00",
        "",
        "… còn 6 dòng nữa (dùng --all hoặc --limit N để xem thêm)",
    )


def test_history_view_with_every_event(cat: Catalog, capsys: pytest.CaptureFixture[str]) -> None:
    V.history_view(HISTORY, namer(cat), 2, True, 0)
    out = capsys.readouterr().out
    assert [line.split()[0] for line in out.splitlines() if line.startswith(" #")][1:] == [
        "#1",
        "#2",
        "#3",
    ]
    assert not [line for line in out.splitlines() if line.startswith("…")]  # no more to show


def test_an_empty_history_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    V.history_view([], namer(None), 10, False, 0)
    assert capsys.readouterr().out == "Chưa có lịch sử cập nhật.\n"
    i18n.set_lang("en")
    V.history_view([], namer(None), 10, False, 0)
    assert capsys.readouterr().out == "No history yet.\n"


def test_show_view_flags_marks_effective_after_the_day(
    cat: Catalog, capsys: pytest.CaptureFixture[str]
) -> None:
    d = cat.directives[0]
    day = date(2023, 6, 3)
    history = [
        a_mark(1, 1, "3.1", Status.IN_PROGRESS, Status.TODO, date(2023, 5, 20),
               "2023-05-21T08:00:00+07:00", body="vpub"),
        a_mark(2, 2, "3.1", Status.DONE, Status.IN_PROGRESS, date(2023, 6, 5),
               "2023-06-06T08:00:00+07:00", evidence="BC 45", body="vpub"),
    ]  # fmt: skip
    progress = {("3.1", "vpub"): Progress(Status.IN_PROGRESS, date(2023, 5, 20), "t")}
    rows = the_views(cat, progress, day, clauses=("3.1",))
    V.show_view(d.reference, d.clause("3.1"), rows, history, day, namer(cat), cat.registry)  # type: ignore[arg-type]
    assert capsys.readouterr().out == text(
        "2167/UBND-KTTH — Điểm 3.1. Sửa đổi, bổ sung Quy chế làm việc của Ban cán sự đảng UBND"
        " tỉnh",
        "",
        "Khẩn trương rà soát, nghiên cứu, tham mưu Ban cán sự đảng UBND tỉnh trình cấp thẩm quyền"
        " sửa đổi, bổ",
        "sung Quy chế làm việc của Ban cán sự đảng UBND tỉnh bảo đảm đúng quy định, phù hợp với"
        " tình hình",
        "thực tiễn; hoàn thành trong tháng 5/2023.",
        "",
        "Thời hạn: Thời hạn cố định 31/05/2023 — Căn cứ: «hoàn thành trong tháng 5/2023»",
        "Tính đến ngày 03/06/2023",
        "",
        " Nhiệm vụ   Cơ quan, đơn vị       Vai trò     Trạng thái       Tiến độ   Hạn",
        " " + "─" * 82,
        " 3.1:vpub   Văn phòng UBND tỉnh   Thực hiện   Đang thực hiện   Quá hạn   31/05/2023",
        "",
        "Lịch sử cập nhật",
        "",
        " #     Lô   Nhiệm vụ   Thay đổi              Ngày hiệu lực   Người ghi             Văn bản,"
        " ghi chú",
        " " + "─" * 98,
        " #1     1   3.1:vpub   Chưa thực hiện →      20/05/2023      clerk, 21/05/2023",
        "                       Đang thực hiện                        08:00",
        " #2*    2   3.1:vpub   Đang thực hiện →      05/06/2023      clerk, 06/06/2023     BC 45",
        "                       Hoàn thành                            08:00",
        "",
        "* có hiệu lực sau ngày 03/06/2023: chưa tính vào trạng thái ở trên",
    )


def test_show_view_of_a_heading_has_no_table(
    cat: Catalog, capsys: pytest.CaptureFixture[str]
) -> None:
    d = cat.directives[0]
    V.show_view(d.reference, d.clause("3"), [], [], date(2023, 6, 3), namer(cat), cat.registry)  # type: ignore[arg-type]
    assert capsys.readouterr().out == text(
        "2167/UBND-KTTH — Điểm 3. Văn phòng UBND tỉnh",
        "",
        "Văn phòng UBND tỉnh:",
        "",
        "(điểm mở đầu, không có nhiệm vụ riêng)",
    )


SUMMARY_PROGRESS = {
    ("3.1", "vpub"): Progress(Status.DONE, date(2023, 6, 5), "t"),
    ("3.2", "vpub"): Progress(Status.DONE, date(2023, 6, 1), "t"),
    ("1a", "snv"): Progress(Status.DONE, date(2023, 12, 1), "t"),
    ("1a", "cthue"): Progress(Status.DONE, date(2023, 6, 1), "t"),
}


def test_summary_table_a_line_per_group_then_its_bodies_then_the_total(
    cat: Catalog, capsys: pytest.CaptureFixture[str]
) -> None:
    day = date(2024, 1, 10)
    rows = the_views(cat, SUMMARY_PROGRESS, day, bodies=("vpub", "snv", "cthue", "h-bato"),
                     clauses=("1a", "3.1", "3.2"))  # fmt: skip
    V.summary_table(cat, summarize(rows, cat.registry), day)
    assert capsys.readouterr().out == text(
        "Tình hình thực hiện 2167/UBND-KTTH — Tính đến ngày 10/01/2024",
        "",
        "                           Tổng    Đã  Đúng  Trễ  Chưa  Trong  Quá",
        " Cơ quan, đơn vị             số  xong   hạn  hạn  xong    hạn  hạn      %",
        " " + "─" * 79,
        " SỞ, BAN NGÀNH                4     3     1    1     1      0    1   75,0  ████░",
        " Văn phòng UBND tỉnh          3     2     0    1     1      0    1   66,7  ███░░",
        " Sở Nội vụ                    1     1     1    0     0      0    0  100,0  █████",
        " CƠ QUAN TRUNG ƯƠNG           1     1     1    0     0      0    0  100,0  █████",
        " Cục Thuế tỉnh                1     1     1    0     0      0    0  100,0  █████",
        " HUYỆN, THỊ XÃ, THÀNH PHỐ     1     0     0    0     1      0    1    0,0  ░░░░░",
        " UBND huyện Ba Tơ             1     0     0    0     1      0    1    0,0  ░░░░░",
        " TỔNG CỘNG                    6     4     2    1     2      0    2   66,7  ███░░",
        "",
        "Nhiệm vụ không thời hạn được tính vào Tổng số, không vào cột đúng/trễ/trong/quá hạn.",
    )


def test_summary_table_in_english_uses_the_groups_english_labels(
    cat: Catalog, capsys: pytest.CaptureFixture[str]
) -> None:
    i18n.set_lang("en")
    day = date(2024, 1, 10)
    rows = the_views(cat, SUMMARY_PROGRESS, day, bodies=("vpub", "snv", "cthue", "h-bato"),
                     clauses=("1a", "3.1", "3.2"))  # fmt: skip
    V.summary_table(cat, summarize(rows, cat.registry, "en"), day)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Progress of 2167/UBND-KTTH — As of 10/01/2024"
    assert [line[:27].strip() for line in lines[5:13]] == [
        "DEPARTMENTS AND AGENCIES",
        "Văn phòng UBND tỉnh",  # a body's name is a proper name and stays
        "Sở Nội vụ",
        "CENTRAL AGENCIES",
        "Cục Thuế tỉnh",
        "DISTRICTS, TOWN, CITY",
        "UBND huyện Ba Tơ",
        "TOTAL",
    ]
    assert lines[-1] == (
        "Tasks without a deadline count in Total but in none of the on time/late/in time/overdue"
        " columns."
    )


def test_validity_text(cat: Catalog) -> None:
    assert V.validity_text(cat.registry.body("tx-ducpho")) == "từ 01/02/2020 đến 30/06/2025"
    assert V.validity_text(cat.registry.body("tp-quangngai")) == "đến 30/06/2025"
    assert V.validity_text(cat.registry.body("snv")) == "đến 28/02/2025"  # merged on 1/3/2025
    assert V.validity_text(cat.registry.body("vpub")) == ""
    i18n.set_lang("en")
    assert V.validity_text(cat.registry.body("tx-ducpho")) == "from 01/02/2020 until 30/06/2025"


def test_bodies_table(cat: Catalog, capsys: pytest.CaptureFixture[str]) -> None:
    V.bodies_table(
        [cat.registry.body(b) for b in ("snv", "tx-ducpho", "tp-quangngai")], date(2023, 6, 1)
    )
    assert capsys.readouterr().out == text(
        "Danh mục cơ quan, đơn vị — Tính đến ngày 01/06/2023",
        "",
        " Mã             Cơ quan, đơn vị          Tên viết tắt             Nhóm      Hiệu lực",
        " " + "─" * 98,
        " snv            Sở Nội vụ                SNV; Sở NV               g1 cqcm   đến 28/02/2025",
        " tx-ducpho      UBND thị xã Đức Phổ      TX Đức Phổ; Thị xã Đức   g3        từ 01/02/2020"
        " đến",
        "                                         Phổ; Đức Phổ                       30/06/2025",
        " tp-quangngai   UBND thành phố Quảng     TP Quảng Ngãi; Thành     g3        đến 30/06/2025",
        "                Ngãi                     phố Quảng Ngãi; TPQN",
        "",
    )


def tasks_of(cat: Catalog, n: int) -> list[Task]:
    tasks = list(cat.directives[0].tasks)
    assert len(tasks) >= n
    return tasks[:n]


def test_confirmation_lines_align_the_names(cat: Catalog) -> None:
    # The letter's own tasks of 6a (the catalog also holds those passed to successors).
    tasks = [tk for tk in cat.directives[0].tasks if tk.clause == "6a"][:3]
    assert V.confirmation_lines(cat.registry, tasks, Status.DONE, namer(None)) == [
        "Sẽ ghi trạng thái «Hoàn thành» cho 3 nhiệm vụ:",
        "  2167-2023#6a:svhttdl  Sở Văn hóa, Thể thao và Du lịch",
        "  2167-2023#6a:skhdt    Sở Kế hoạch và Đầu tư",
        "  2167-2023#6a:sgtvt    Sở Giao thông vận tải",
    ]


def test_confirmation_lists_sixty_tasks_in_full(cat: Catalog) -> None:
    lines = V.confirmation_lines(cat.registry, tasks_of(cat, 60), Status.BLOCKED, namer(cat))
    assert lines[0] == "Sẽ ghi trạng thái «Vướng mắc» cho 60 nhiệm vụ:"
    assert len(lines) == 61 and not lines[-1].startswith("  …")


def test_confirmation_of_a_longer_batch_shows_forty_and_a_count(cat: Catalog) -> None:
    tasks = tasks_of(cat, 61)
    lines = V.confirmation_lines(cat.registry, tasks, Status.BLOCKED, namer(cat))
    assert len(lines) == 1 + 40 + 1
    assert lines[-1] == "  … và 21 nhiệm vụ nữa"
    assert [line.split()[0] for line in lines[1:41]] == [tk.ref for tk in tasks[:40]]


def test_confirmation_in_english(cat: Catalog) -> None:
    i18n.set_lang("en")
    lines = V.confirmation_lines(cat.registry, tasks_of(cat, 61), Status.DONE, namer(cat))
    assert (lines[0], lines[-1]) == (
        "Will set status 'Done' on these tasks (61):",
        "  … and 21 more tasks",
    )


def test_mark_lines_with_and_without_the_day(cat: Catalog) -> None:
    assert V.mark_lines(HISTORY, namer(cat)) == [
        "  4:snv: Chưa thực hiện → Đang thực hiện (01/06/2023)",
        "  4:snv: Đang thực hiện → Hoàn thành (20/06/2023)",
        "  4:snv: Hoàn thành → Đang thực hiện (20/06/2023)",
    ]
    assert V.mark_lines(HISTORY[2:], namer(None), dated=False) == [
        "  2167-2023#4:snv: Hoàn thành → Đang thực hiện"
    ]
    assert V.mark_lines([], namer(cat)) == []
