"""Narrow terminals (issue 13, item 12): `summary` and `list` as whole outputs at 100, 80, 60
and 40 columns. The summary leaves out its bar, then its %, before a body's name goes below
NAME_ROOM cells; `list` puts a standing's "(547 ngày)" on a line of its own, then breaks its
ref after the clause; past that a row is stacked, the names on a line of their own. No word of
a name or header is ever broken."""

from __future__ import annotations

import pytest
from conftest import Cli

ARGS = {
    "summary": ["summary", "-g", "g2", "--as-of", "30/6/2023"],
    "list": ["list", "--overdue", "-g", "g3", "--limit", "3", "--as-of", "30/6/2025"],
}
EXPECTED = {
    ("summary", 100): (
        "Tình hình thực hiện 2167/UBND-KTTH — Cơ quan Trung ương — Tính đến ngày 30/06/2023\n"
        "\n"
        "                                             Tổng    Đã  Đúng  Trễ  Chưa  Trong  Quá\n"
        " Cơ quan, đơn vị                               số  xong   hạn  hạn  xong    hạn  hạn     %\n"
        " ────────────────────────────────────────────────────────────────────────────────────────────────\n"
        " CƠ QUAN TRUNG ƯƠNG                            51     1     0    0    50     12    0   2,0  ░░░░░\n"
        " Cục Thuế tỉnh                                  4     0     0    0     4      1    0   0,0  ░░░░░\n"
        " Cục Hải quan tỉnh                              4     0     0    0     4      1    0   0,0  ░░░░░\n"
        " Kho bạc Nhà nước tỉnh                          4     0     0    0     4      1    0   0,0  ░░░░░\n"
        " Bảo hiểm xã hội tỉnh                           4     0     0    0     4      1    0   0,0  ░░░░░\n"
        " Cục Thống kê tỉnh                              4     0     0    0     4      1    0   0,0  ░░░░░\n"
        " Ngân hàng Nhà nước chi nhánh tỉnh              4     0     0    0     4      1    0   0,0  ░░░░░\n"
        " Ngân hàng Chính sách xã hội chi nhánh tỉnh     4     0     0    0     4      1    0   0,0  ░░░░░\n"
        " Cục Quản lý thị trường tỉnh                    4     0     0    0     4      1    0   0,0  ░░░░░\n"
        " Cục Thi hành án dân sự tỉnh                    4     0     0    0     4      1    0   0,0  ░░░░░\n"
        " Công an tỉnh                                   5     1     0    0     4      1    0  20,0  █░░░░\n"
        " Bộ Chỉ huy Quân sự tỉnh                        5     0     0    0     5      1    0   0,0  ░░░░░\n"
        " Bộ Chỉ huy Bộ đội Biên phòng tỉnh              5     0     0    0     5      1    0   0,0  ░░░░░\n"
        " TỔNG CỘNG                                     51     1     0    0    50     12    0   2,0  ░░░░░\n"
        "\n"
        "Nhiệm vụ không thời hạn được tính vào Tổng số, không vào cột đúng/trễ/trong/quá hạn.\n"
    ),
    ("summary", 80): (
        "Tình hình thực hiện 2167/UBND-KTTH — Cơ quan Trung ương — Tính đến ngày\n"
        "30/06/2023\n"
        "\n"
        "                           Tổng    Đã  Đúng  Trễ  Chưa  Trong  Quá\n"
        " Cơ quan, đơn vị             số  xong   hạn  hạn  xong    hạn  hạn     %\n"
        " ──────────────────────────────────────────────────────────────────────────────\n"
        " CƠ QUAN TRUNG ƯƠNG          51     1     0    0    50     12    0   2,0  ░░░░░\n"
        " Cục Thuế tỉnh                4     0     0    0     4      1    0   0,0  ░░░░░\n"
        " Cục Hải quan tỉnh            4     0     0    0     4      1    0   0,0  ░░░░░\n"
        " Kho bạc Nhà nước tỉnh        4     0     0    0     4      1    0   0,0  ░░░░░\n"
        " Bảo hiểm xã hội tỉnh         4     0     0    0     4      1    0   0,0  ░░░░░\n"
        " Cục Thống kê tỉnh            4     0     0    0     4      1    0   0,0  ░░░░░\n"
        " Ngân hàng Nhà nước chi       4     0     0    0     4      1    0   0,0  ░░░░░\n"
        " nhánh tỉnh\n"
        " Ngân hàng Chính sách xã      4     0     0    0     4      1    0   0,0  ░░░░░\n"
        " hội chi nhánh tỉnh\n"
        " Cục Quản lý thị trường       4     0     0    0     4      1    0   0,0  ░░░░░\n"
        " tỉnh\n"
        " Cục Thi hành án dân sự       4     0     0    0     4      1    0   0,0  ░░░░░\n"
        " tỉnh\n"
        " Công an tỉnh                 5     1     0    0     4      1    0  20,0  █░░░░\n"
        " Bộ Chỉ huy Quân sự tỉnh      5     0     0    0     5      1    0   0,0  ░░░░░\n"
        " Bộ Chỉ huy Bộ đội Biên       5     0     0    0     5      1    0   0,0  ░░░░░\n"
        " phòng tỉnh\n"
        " TỔNG CỘNG                   51     1     0    0    50     12    0   2,0  ░░░░░\n"
        "\n"
        "Nhiệm vụ không thời hạn được tính vào Tổng số, không vào cột đúng/trễ/trong/quá\n"
        "hạn.\n"
    ),
    ("summary", 60): (
        "Tình hình thực hiện 2167/UBND-KTTH — Cơ quan Trung ương —\n"
        "Tính đến ngày 30/06/2023\n"
        "\n"
        "                    Tổng    Đã  Đúng  Trễ  Chưa  Trong  Quá\n"
        " Cơ quan, đơn vị      số  xong   hạn  hạn  xong    hạn  hạn\n"
        " ──────────────────────────────────────────────────────────\n"
        " CƠ QUAN TRUNG        51     1     0    0    50     12    0\n"
        " ƯƠNG\n"
        " Cục Thuế tỉnh         4     0     0    0     4      1    0\n"
        " Cục Hải quan tỉnh     4     0     0    0     4      1    0\n"
        " Kho bạc Nhà nước      4     0     0    0     4      1    0\n"
        " tỉnh\n"
        " Bảo hiểm xã hội       4     0     0    0     4      1    0\n"
        " tỉnh\n"
        " Cục Thống kê tỉnh     4     0     0    0     4      1    0\n"
        " Ngân hàng Nhà         4     0     0    0     4      1    0\n"
        " nước chi nhánh\n"
        " tỉnh\n"
        " Ngân hàng Chính       4     0     0    0     4      1    0\n"
        " sách xã hội chi\n"
        " nhánh tỉnh\n"
        " Cục Quản lý thị       4     0     0    0     4      1    0\n"
        " trường tỉnh\n"
        " Cục Thi hành án       4     0     0    0     4      1    0\n"
        " dân sự tỉnh\n"
        " Công an tỉnh          5     1     0    0     4      1    0\n"
        " Bộ Chỉ huy Quân       5     0     0    0     5      1    0\n"
        " sự tỉnh\n"
        " Bộ Chỉ huy Bộ đội     5     0     0    0     5      1    0\n"
        " Biên phòng tỉnh\n"
        " TỔNG CỘNG            51     1     0    0    50     12    0\n"
        "\n"
        "Nhiệm vụ không thời hạn được tính vào Tổng số, không vào cột\n"
        "đúng/trễ/trong/quá hạn.\n"
    ),
    ("summary", 40): (
        "Tình hình thực hiện 2167/UBND-KTTH — Cơ\n"
        "quan Trung ương — Tính đến ngày\n"
        "30/06/2023\n"
        "\n"
        " Cơ quan, đơn vị\n"
        "   Tổng   Đã Đúng Trễ Chưa Trong Quá\n"
        "     số xong  hạn hạn xong   hạn hạn\n"
        " ──────────────────────────────────────\n"
        " CƠ QUAN TRUNG ƯƠNG\n"
        "     51    1    0   0   50    12   0\n"
        " Cục Thuế tỉnh\n"
        "      4    0    0   0    4     1   0\n"
        " Cục Hải quan tỉnh\n"
        "      4    0    0   0    4     1   0\n"
        " Kho bạc Nhà nước tỉnh\n"
        "      4    0    0   0    4     1   0\n"
        " Bảo hiểm xã hội tỉnh\n"
        "      4    0    0   0    4     1   0\n"
        " Cục Thống kê tỉnh\n"
        "      4    0    0   0    4     1   0\n"
        " Ngân hàng Nhà nước chi nhánh tỉnh\n"
        "      4    0    0   0    4     1   0\n"
        " Ngân hàng Chính sách xã hội chi nhánh\n"
        " tỉnh\n"
        "      4    0    0   0    4     1   0\n"
        " Cục Quản lý thị trường tỉnh\n"
        "      4    0    0   0    4     1   0\n"
        " Cục Thi hành án dân sự tỉnh\n"
        "      4    0    0   0    4     1   0\n"
        " Công an tỉnh\n"
        "      5    1    0   0    4     1   0\n"
        " Bộ Chỉ huy Quân sự tỉnh\n"
        "      5    0    0   0    5     1   0\n"
        " Bộ Chỉ huy Bộ đội Biên phòng tỉnh\n"
        "      5    0    0   0    5     1   0\n"
        " TỔNG CỘNG\n"
        "     51    1    0   0   50    12   0\n"
        "\n"
        "Nhiệm vụ không thời hạn được tính vào\n"
        "Tổng số, không vào cột\n"
        "đúng/trễ/trong/quá hạn.\n"
    ),
    ("list", 100): (
        "Nhiệm vụ 2167/UBND-KTTH — Tính đến ngày 30/06/2025\n"
        "\n"
        " Nhiệm vụ          Cơ quan, đơn vị        Trạng thái       Tiến độ              Hạn\n"
        " ──────────────────────────────────────────────────────────────────────────────────────────────────\n"
        " 1a:tp-quangngai   UBND thành phố Quảng   Chưa thực hiện   Quá hạn (547 ngày)   Mục tiêu 31/12/2023\n"
        "                   Ngãi\n"
        " 1a:tx-ducpho      UBND thị xã Đức Phổ    Chưa thực hiện   Quá hạn (547 ngày)   Mục tiêu 31/12/2023\n"
        " 1a:h-binhson      UBND huyện Bình Sơn    Chưa thực hiện   Quá hạn (547 ngày)   Mục tiêu 31/12/2023\n"
        "\n"
        "… còn 10 dòng nữa (dùng --all hoặc --limit N để xem thêm)\n"
    ),
    ("list", 80): (
        "Nhiệm vụ 2167/UBND-KTTH — Tính đến ngày 30/06/2025\n"
        "\n"
        " Nhiệm vụ          Cơ quan, đơn vị\n"
        "   Trạng thái       Tiến độ              Hạn\n"
        " ───────────────────────────────────────────────────────────\n"
        " 1a:tp-quangngai   UBND thành phố Quảng Ngãi\n"
        "   Chưa thực hiện   Quá hạn (547 ngày)   Mục tiêu 31/12/2023\n"
        " 1a:tx-ducpho      UBND thị xã Đức Phổ\n"
        "   Chưa thực hiện   Quá hạn (547 ngày)   Mục tiêu 31/12/2023\n"
        " 1a:h-binhson      UBND huyện Bình Sơn\n"
        "   Chưa thực hiện   Quá hạn (547 ngày)   Mục tiêu 31/12/2023\n"
        "\n"
        "… còn 10 dòng nữa (dùng --all hoặc --limit N để xem thêm)\n"
    ),
    ("list", 60): (
        "Nhiệm vụ 2167/UBND-KTTH — Tính đến ngày 30/06/2025\n"
        "\n"
        " Nhiệm vụ          Cơ quan, đơn vị\n"
        "   Trạng thái       Tiến độ      Hạn\n"
        " ───────────────────────────────────────────────────\n"
        " 1a:tp-quangngai   UBND thành phố Quảng Ngãi\n"
        "   Chưa thực hiện   Quá hạn      Mục tiêu 31/12/2023\n"
        "                    (547\xa0ngày)\n"
        " 1a:tx-ducpho      UBND thị xã Đức Phổ\n"
        "   Chưa thực hiện   Quá hạn      Mục tiêu 31/12/2023\n"
        "                    (547\xa0ngày)\n"
        " 1a:h-binhson      UBND huyện Bình Sơn\n"
        "   Chưa thực hiện   Quá hạn      Mục tiêu 31/12/2023\n"
        "                    (547\xa0ngày)\n"
        "\n"
        "… còn 10 dòng nữa (dùng --all hoặc --limit N để xem thêm)\n"
    ),
    ("list", 40): (
        "Nhiệm vụ 2167/UBND-KTTH — Tính đến ngày\n"
        "30/06/2025\n"
        "\n"
        " Nhiệm vụ          Cơ quan, đơn vị\n"
        "   Trạng thái   Tiến độ      Hạn\n"
        " ──────────────────────────────────────\n"
        " 1a:tp-quangngai   UBND thành phố Quảng\n"
        "                   Ngãi\n"
        "   Chưa thực    Quá hạn      Mục tiêu\n"
        "   hiện         (547\xa0ngày)   31/12/2023\n"
        " 1a:tx-ducpho      UBND thị xã Đức Phổ\n"
        "   Chưa thực    Quá hạn      Mục tiêu\n"
        "   hiện         (547\xa0ngày)   31/12/2023\n"
        " 1a:h-binhson      UBND huyện Bình Sơn\n"
        "   Chưa thực    Quá hạn      Mục tiêu\n"
        "   hiện         (547\xa0ngày)   31/12/2023\n"
        "\n"
        "… còn 10 dòng nữa (dùng --all hoặc\n"
        "--limit N để xem thêm)\n"
    ),
}


@pytest.mark.parametrize(("command", "width"), sorted(EXPECTED))
def test_whole_output_at_each_width(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, command: str, width: int
) -> None:
    ok = cli("mark", "done", "7:cat", "--on", "1/6/2023")
    assert ok.exit_code == 0, ok.output
    monkeypatch.setenv("COLUMNS", str(width))
    result = cli(*ARGS[command])
    assert result.exit_code == 0, result.output
    assert result.stdout == "".join(EXPECTED[command, width])


@pytest.mark.parametrize("width", [*range(40, 121, 5), 41, 43, 47, 59, 61, 79, 81])
def test_no_name_ref_or_header_word_is_broken_at_any_width(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    import json

    from directive_cli.text import cell_len

    # The bodies of 2023, whom the letter names (the registry of today has the 2025 ones).
    names = [
        b["name"]
        for b in json.loads(cli("bodies", "--as-of", "30/6/2023", "--format", "json").stdout)
    ]
    monkeypatch.setenv("COLUMNS", str(width))
    summary = cli("summary", "--as-of", "30/6/2023").stdout
    listing = cli("list", "-c", "1a", "--all", "--as-of", "30/6/2025").stdout
    for out in (summary, listing):
        assert max(cell_len(line) for line in out.splitlines()) <= width
        words = set(out.split())
        assert {w for name in names for w in name.split()} - words == set()
    summary_head = "Cơ quan, đơn vị Tổng số Đã xong Đúng hạn Trễ hạn Chưa xong Trong hạn Quá hạn"
    assert set(summary_head.split()) <= set(summary.split())
    words = set(listing.split())
    assert {"Nhiệm", "vụ", "Trạng", "thái", "Tiến", "độ", "Hạn", "(547", "ngày)"} <= words
    refs = [r["task"] for r in json.loads(cli("list", "-c", "1a", "-f", "json").stdout)]
    # A ref whole, or broken after its clause ("1a:" over "tp-quangngai"), never elsewhere.
    assert [r for r in refs if r not in words and {"1a:", r[3:]} - words] == []
