"""The terminal table renderer: layout, wrapping and colour, checked on whole outputs."""

from __future__ import annotations

import io

import pytest

from directive_cli.render.table import Column, layout, make_console, print_table, wrap

COLUMNS = [
    Column("Mã", no_wrap=True),
    Column("Cơ quan, đơn vị"),
    Column("Số", justify="right", no_wrap=True),
]
ROWS = [["1a:snv", "Sở Nội vụ", "3"], ["6a.1:svhttdl", "Sở Văn hóa, Thể thao và Du lịch", "12"]]


def render(width: int, rows: list[list[str]] = ROWS, **kwargs: object) -> str:
    buf = io.StringIO()
    console = make_console(buf)
    console.width = width
    print_table(console, COLUMNS, rows, **kwargs)  # type: ignore[arg-type]
    return buf.getvalue()


def test_a_table_that_fits_keeps_every_cell_on_one_line() -> None:
    assert render(80, title="Tiêu đề").splitlines() == [
        "Tiêu đề",
        "",
        " Mã             Cơ quan, đơn vị                   Số",
        " " + "─" * 51,
        " 1a:snv         Sở Nội vụ                          3",
        " 6a.1:svhttdl   Sở Văn hóa, Thể thao và Du lịch   12",
        "",
    ]


def test_a_narrow_terminal_wraps_the_wrapping_column_by_words() -> None:
    assert render(40, caption="Chú thích dài dài dài dài dài dài dài dài dài").splitlines() == [
        " Mã             Cơ quan, đơn vị      Số",
        " " + "─" * 38,
        " 1a:snv         Sở Nội vụ             3",
        " 6a.1:svhttdl   Sở Văn hóa, Thể      12",
        "                thao và Du lịch",
        "",
        "Chú thích dài dài dài dài dài dài dài",
        "dài dài",
    ]


@pytest.mark.parametrize("width", [20, 30, 40, 60, 80, 120])
def test_no_line_is_wider_than_the_terminal(width: int) -> None:
    rows = [*ROWS, ["7:bdbp", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh Quảng Ngãi", "1234567"]]
    lines = render(width, rows).splitlines()
    assert max(len(line) for line in lines) <= width
    # Nothing is lost, however narrow: every letter of every header and cell is shown.
    given = sorted("".join(c.header for c in COLUMNS) + "".join(v for r in rows for v in r))
    shown = sorted("".join(lines).replace(" ", "").replace("─", ""))
    assert shown == sorted(c for c in given if c != " ")


def test_multi_line_headers_sit_on_the_rule() -> None:
    buf = io.StringIO()
    console = make_console(buf)
    console.width = 40
    print_table(
        console,
        [
            Column("Cơ quan", no_wrap=True),
            Column("Tổng\nsố", justify="right"),
            Column("%", justify="right"),
        ],
        [["Sở Y tế", "5", "0.0"]],
    )
    assert buf.getvalue().splitlines() == [
        "           Tổng",
        " Cơ quan     số     %",
        " " + "─" * 20,
        " Sở Y tế      5   0.0",
        "",
    ]


def test_layout_shrinks_the_widest_wrapping_column_first() -> None:
    rows = [["a" * 5, "word " * 10, "b" * 6]]
    columns = [Column("x", no_wrap=True), Column("y"), Column("z")]
    assert layout(columns, rows, 80, 3) == [5, 50, 6]
    assert layout(columns, rows, 30, 3) == [5, 11, 6]  # 30 = 1 + 5 + 3 + 11 + 3 + 6 + 1


def test_a_narrow_terminal_wraps_every_column_at_spaces_before_breaking_a_word() -> None:
    columns = [
        Column("Nhiệm vụ", no_wrap=True),
        Column("Cơ quan, đơn vị", ratio=3),
        Column("Trạng thái", no_wrap=True),
        Column("Tiến độ", no_wrap=True),
        Column("Hạn", no_wrap=True),
    ]
    rows = [["1a:vpub", "Văn phòng UBND tỉnh", "Chưa thực hiện", "Quá hạn (1 ngày)", "31/12/2023"]]
    # Natural widths need 7+19+14+16+10 cells and four gaps: far more than 60.
    assert layout(columns, rows, 60, 3) == [8, 9, 9, 10, 10]
    buf = io.StringIO()
    console = make_console(buf)
    console.width = 60
    print_table(console, columns, rows)
    assert buf.getvalue().splitlines() == [
        "            Cơ quan,    Trạng",
        " Nhiệm vụ   đơn vị      thái        Tiến độ      Hạn",
        " " + "─" * 58,
        " 1a:vpub    Văn phòng   Chưa thực   Quá hạn (1   31/12/2023",
        "            UBND tỉnh   hiện        ngày)",
        "",
    ]


def test_wrap_folds_a_word_longer_than_the_line() -> None:
    assert wrap("Sở Văn hóa, Thể thao và Du lịch", 10) == [
        "Sở Văn",
        "hóa, Thể",
        "thao và Du",
        "lịch",
    ]
    assert wrap("abcdefghijkl", 5) == ["abcde", "fghij", "kl"]
    assert wrap("", 5) == [""]


def test_colour_goes_to_a_terminal_per_row(monkeypatch: pytest.MonkeyPatch) -> None:
    from rich.console import Console

    monkeypatch.delenv("NO_COLOR", raising=False)

    buf = io.StringIO()
    console = Console(file=buf, width=60, force_terminal=True, color_system="standard")
    print_table(console, COLUMNS, ROWS, styles=["red", None])
    lines = buf.getvalue().splitlines()
    assert lines[2] == "\x1b[31m 1a:snv         Sở Nội vụ                          3\x1b[0m"
    assert lines[3] == " 6a.1:svhttdl   Sở Văn hóa, Thể thao và Du lịch   12"


def test_ten_thousand_rows_are_linear_not_quadratic() -> None:
    """Shape, not speed (speed is bench/run.py's): every row is there, in order."""
    rows = [[f"{i}:snv", "Sở Kế hoạch và Đầu tư", str(i)] for i in range(10_000)]
    lines = render(100, rows).splitlines()
    assert len(lines) == 2 + 10_000 + 1
    assert lines[2].split() == ["0:snv", "Sở", "Kế", "hoạch", "và", "Đầu", "tư", "0"]
    assert lines[-2].split()[-1] == "9999"
    # Written a batch at a time: no row lost or repeated at a batch's edge.
    assert [line.split()[0] for line in lines[2:-1]] == [f"{i}:snv" for i in range(10_000)]
    assert lines[-1] == ""


@pytest.mark.parametrize("seed", range(5))
def test_a_plain_table_prints_what_the_coloured_one_does(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The plain path pads each distinct text once (and forgets past CACHED texts); its lines
    must be those of the row-by-row layout the coloured path uses, wrapped rows included."""
    import random
    import re

    from directive_cli.render import table

    rng = random.Random(seed)
    words = [
        "Sở",
        "Nội",
        "vụ",
        "Ủy ban nhân dân",
        "huyện",
        "Lý Sơn",
        "東京",
        "e\u0301",
        "x" * 30,
        "1a:snv",
        "Quá hạn (12 ngày)",
        "dòng\nhai",
        "",
        "  ",
    ]
    rows = [
        [" ".join(rng.choice(words) for _ in range(rng.randint(1, 4))) for _ in COLUMNS]
        for _ in range(300)
    ]
    width = rng.choice([40, 60, 100])
    plain = render(width, rows, caption="cuối")
    from rich.console import Console

    monkeypatch.delenv("NO_COLOR", raising=False)
    buf = io.StringIO()  # the coloured path: _row_lines per row
    console = Console(file=buf, width=width, force_terminal=True, color_system="standard")
    old = table.CACHED
    table.CACHED = 7  # most texts past the cache's limit, too
    try:
        print_table(console, COLUMNS, rows, caption="cuối")
        small_cache = render(width, rows, caption="cuối")
    finally:
        table.CACHED = old
    coloured = re.sub(r"\x1b\[[0-9;]*m", "", buf.getvalue())
    assert plain == coloured == small_cache
    assert len(plain.splitlines()) > len(rows) + 3  # some rows wrapped


GIVING = [
    Column("Tên", keep=12, lead=True),
    Column("Ghi", no_wrap=True, give=2, short=lambda s: s.replace(" (", "\n(")),
    Column("Số", justify="right"),
    Column("Vạch", no_wrap=True, give=1),
]
GIVING_ROWS = [
    ["Sở Văn hóa, Thể thao và Du lịch", "Quá hạn (12 ngày)", "12", "██░░░"],
    ["Sở Y tế", "Trong hạn", "3", "░░░░░"],
]


@pytest.mark.parametrize(
    ("width", "expected"),
    [
        # Room for the name (12 cells or more): nothing gives.
        (
            50,
            [
                " Tên               Ghi                 Số   Vạch",
                " " + "─" * 48,
                " Sở Văn hóa, Thể   Quá hạn (12 ngày)   12   ██░░░",
                " thao và Du lịch",
                " Sở Y tế           Trong hạn            3   ░░░░░",
            ],
        ),
        # The name would get 10: rank 1 gives first (a column with no short form: left out)...
        (
            44,
            [
                " Tên                 Ghi                 Số",
                " " + "─" * 42,
                " Sở Văn hóa, Thể     Quá hạn (12 ngày)   12",
                " thao và Du lịch",
                " Sở Y tế             Trong hạn            3",
            ],
        ),
        # ...then rank 2 (its short form: the parenthesis on a line of its own)...
        (
            38,
            [
                " Tên                   Ghi         Số",
                " " + "─" * 36,
                " Sở Văn hóa, Thể       Quá hạn     12",
                " thao và Du lịch       (12 ngày)",
                " Sở Y tế               Trong hạn    3",
            ],
        ),
        # ...and when even that leaves the name short, rows are stacked, everything back.
        (
            30,
            [
                " Tên",
                "   Ghi                 Số",
                " " + "─" * 28,
                " Sở Văn hóa, Thể thao và Du",
                " lịch",
                "   Quá hạn (12 ngày)   12",
                " Sở Y tế",
                "   Trong hạn            3",
            ],
        ),
    ],
)
def test_columns_give_way_in_rank_before_a_kept_column_is_squeezed(
    width: int, expected: list[str]
) -> None:
    buf = io.StringIO()
    console = make_console(buf)
    console.width = width
    print_table(console, GIVING, GIVING_ROWS)
    assert buf.getvalue().splitlines() == [*expected, ""]


def test_a_stacked_table_is_coloured_per_row_as_the_plain_one_reads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import re

    from rich.console import Console

    monkeypatch.delenv("NO_COLOR", raising=False)
    buf = io.StringIO()
    console = Console(file=buf, width=30, force_terminal=True, color_system="standard")
    print_table(console, GIVING, GIVING_ROWS, styles=["red", None])
    out = buf.getvalue()
    # The whole stacked row (lead lines and the line beneath) in the row's colour.
    assert out.splitlines()[3:8] == [
        "\x1b[31m Sở Văn hóa, Thể thao và Du\x1b[0m",
        "\x1b[31m lịch\x1b[0m",
        "\x1b[31m   Quá hạn (12 ngày)   12\x1b[0m",
        " Sở Y tế",
        "   Trong hạn            3",
    ]
    plain = io.StringIO()
    flat = make_console(plain)
    flat.width = 30
    print_table(flat, GIVING, GIVING_ROWS)
    assert re.sub(r"\x1b\[[0-9;]*m", "", out) == plain.getvalue()


def test_layout_breaks_lines_where_wrap_does_not_at_a_no_break_space() -> None:
    rows = [["Quá hạn\n(1066\u00a0ngày)", "x"]]
    columns = [Column("Tiến độ", no_wrap=True), Column("y")]
    # 20 cells: "(1066 ngày)" (11) keeps its width, never "(1066" over "ngày)".
    assert layout(columns, rows, 20, 3) == [11, 1]
