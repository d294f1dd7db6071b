"""The bundled registry through the 2025 reorganisation of Quảng Ngãi, end to end: the bodies
of a day, tasks of bodies that ended, and directives of 2026 (issue 16's checks).

Facts from ../shared/DOMAIN-2025.md: the merged departments from 1/3/2025; from 1/7/2025 the 14
cơ quan chuyên môn (S9), the economic-zone board and the 96 xã, phường and đặc khu (S1, S2).
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from conftest import Cli

from directive_cli.app import Exit
from directive_cli.load import load_registry

DATA = Path(__file__).resolve().parent.parent / "data"
REGISTRY_2023 = Path(__file__).resolve().parent / "data" / "bodies-2023-05.yaml"

# S9: the cơ quan chuyên môn of the new province, by our ids.
DEPARTMENTS_2026 = {
    "snnmt",
    "stc-2025",
    "sxd-2025",
    "snv-2025",
    "vpub",
    "svhttdl",
    "skhcn-2025",
    "ttt",
    "sgddt",
    "syt",
    "sct",
    "sdttg",
    "stp",
    "sngv",
}
# Central agencies whose 2025 successors the sources leave open: kept, each with a note.
CENTRAL = {
    "cthue",
    "chq",
    "kbnn",
    "bhxh",
    "ctk",
    "nhnn",
    "nhcsxh",
    "cqltt",
    "cthads",
    "cat",
    "bchqs",
    "bdbp",
}


def ok(result):  # type: ignore[no-untyped-def]
    assert result.exit_code == 0, result.output
    return result.stdout


def as_json(result):  # type: ignore[no-untyped-def]
    return json.loads(ok(result))


def test_the_registry_of_june_2023_is_the_2023_registry(cli: Cli) -> None:
    """`bodies --as-of 1/6/2023` lists exactly the bodies of the May 2023 registry, unchanged."""
    then = load_registry(REGISTRY_2023)
    rows = as_json(cli("bodies", "--as-of", "1/6/2023", "-f", "json"))
    assert [r["id"] for r in rows] == [
        b.id for b in sorted(then.bodies, key=lambda b: then.protocol_key(b.id))
    ]
    for row, body in zip(rows, (then.body(r["id"]) for r in rows), strict=True):
        assert (row["name"], row["aliases"][: len(body.aliases)], row["order"]) == (
            body.name,
            list(body.aliases),
            body.order,
        )
        # One name was added: "Thống kê tỉnh", what Cục Thống kê calls itself by 2026 (S14).
        added = row["aliases"][len(body.aliases) :]
        assert added == (["Thống kê tỉnh"] if body.id == "ctk" else [])
        # The groups of 2023 first; the cơ quan chuyên môn (cqcm) was added beside them.
        assert row["groups"][: len(body.groups)] == list(body.groups)
        assert set(row["groups"][len(body.groups) :]) <= {"cqcm"}
        assert row["valid_from"] == (body.valid_from.isoformat() if body.valid_from else None)


def test_the_registry_of_december_2026(cli: Cli) -> None:
    rows = as_json(cli("bodies", "--as-of", "1/12/2026", "-f", "json"))
    ids = [r["id"] for r in rows]
    units = [r for r in rows if "g4" in r["groups"]]
    assert len(units) == 96 and len(ids) == len(set(ids))
    departments = {r["id"] for r in rows if "cqcm" in r["groups"]}
    assert departments == DEPARTMENTS_2026
    assert set(ids) == DEPARTMENTS_2026 | {"bqlkkt"} | CENTRAL | {r["id"] for r in units}
    # No merged or abolished body: nothing listed has ended or names successors.
    registry = load_registry(DATA / "bodies.yaml")
    assert [i for i in ids if registry.body(i).valid_to or registry.body(i).succession] == []
    # 86 xã, 9 phường, 1 đặc khu (S1 Điều 1 k.92).
    kinds = [r["name"].split()[1] for r in units]
    assert (kinds.count("xã"), kinds.count("phường"), kinds.count("đặc")) == (86, 9, 1)


def test_on_1_12_2026_no_task_of_an_ended_body_is_overdue(cli: Cli) -> None:
    registry = load_registry(DATA / "bodies.yaml")
    overdue = as_json(cli("list", "--overdue", "--as-of", "1/12/2026", "-f", "json"))
    # Clause 1a's target of 2023 is still overdue for the bodies that still exist...
    assert {r["task"] for r in overdue} == {
        f"1a:{b}"
        for b in DEPARTMENTS_2026
        - {"snnmt", "stc-2025", "sxd-2025", "snv-2025"}
        - {"skhcn-2025", "sdttg"}
    } | {"1a:bqlkkt"} | {f"1a:{b}" for b in CENTRAL} | {"3.1:vpub"}
    assert all(registry.body(r["body"]).valid_on(date(2026, 12, 1)) for r in overdue)
    # ... and the districts' open tasks are transferred, naming where they went.
    moved = as_json(cli("list", "--body", "h-binhson", "--as-of", "1/12/2026", "-f", "json"))
    assert [(r["task"], r["timeliness"], r["transferred_to"]) for r in moved] == [
        (f"{c}:h-binhson", "transferred", "x-binhminh x-binhchuong x-binhson x-vantuong x-dongson")
        for c in ("1a", "1b", "1c", "1d")
    ]


def test_the_summary_counts_transferred_tasks_apart(cli: Cli) -> None:
    rows = as_json(cli("summary", "--as-of", "1/12/2026", "-f", "json"))
    by_body = {r["body"]: r for r in rows}
    # Each district had 1a–1d: all four transferred, none in the grid.
    assert {(r["total"], r["overdue"], r["transferred"]) for r in rows if r["group"] == "g3"} == {
        (0, 0, 4)
    }
    # The merged Sở Tài chính holds the standing obligations of Sở KH&ĐT and the old Sở Tài
    # chính: 1b–1d, 2, 6a and 6b; their 1a and the old bodies' other open tasks are transferred.
    assert (by_body["stc-2025"]["total"], by_body["stc-2025"]["transferred"]) == (6, 0)
    assert (by_body["skhdt"]["total"], by_body["skhdt"]["transferred"]) == (0, 7)
    # xã Bình Sơn inherited 1b–1d from huyện Bình Sơn.
    assert (by_body["x-binhson"]["total"], by_body["x-binhson"]["no_deadline"]) == (3, 3)
    total = {k: sum(r[k] for r in rows) for k in ("total", "overdue", "transferred")}
    # In the grid: the letter's tasks of the 33 bodies that still exist (97) and the 199
    # passed to successors; overdue: only 1a of those 21 bodies and 3.1 of the provincial office.
    # Apart: the open tasks of the 11 departments that merged (62) and the 13 districts (52).
    assert total == {"total": 97 + 199, "overdue": 21 + 1, "transferred": 62 + 52}


def test_successors_show_the_inherited_tasks(cli: Cli) -> None:
    rows = as_json(cli("list", "--body", "Bình Sơn", "--as-of", "1/12/2026", "-f", "json"))
    assert [(r["task"], r["inherited_from"], r["inherited_since"]) for r in rows] == [
        (f"{c}:x-binhson", "h-binhson", "2025-07-01") for c in ("1b", "1c", "1d")
    ]
    # Before the transfer the name was the district's, and the xã had no task.
    before = as_json(cli("list", "--body", "Bình Sơn", "--as-of", "30/6/2025", "-f", "json"))
    assert [r["task"] for r in before] == [f"{c}:h-binhson" for c in ("1a", "1b", "1c", "1d")]
    assert [r["timeliness"] for r in before] == [
        "overdue",
        "no_deadline",
        "no_deadline",
        "no_deadline",
    ]


LETTER_2026 = """\
schema: 1
id: 15-2026
number: "15"
symbol: UBND-KTTH
type: Công văn
issuer: Ủy ban nhân dân tỉnh Quảng Ngãi
issued_on: 2026-01-12
subject: V/v ví dụ một văn bản năm 2026
signer: {name: Nguyễn Văn A, title: Phó Chủ tịch}
clauses:
  - id: "1"
    title: Sở Tài chính chủ trì
    text: Sở Tài chính chủ trì, phối hợp với Sở Nông nghiệp và Môi trường triển khai thực hiện.
    responsible:
      - {body: stc-2025, role: lead}
      - {body: snnmt, role: support}
  - id: "2"
    title: UBND các xã, phường, đặc khu
    text: UBND các xã, phường, đặc khu triển khai thực hiện.
    responsible:
      - {group: g4, role: assigned}
  - id: "3"
    title: Đặc khu Lý Sơn và xã Cà Đam
    text: UBND đặc khu Lý Sơn, UBND xã Cà Đam triển khai thực hiện.
    responsible:
      - {body: dk-lyson, role: assigned}
      - {body: x-cadam, role: assigned}
"""


def _folder(tmp_path: Path, letter: str) -> Path:
    shutil.copy(DATA / "bodies.yaml", tmp_path / "bodies.yaml")
    (tmp_path / "directive_15.yaml").write_text(letter, encoding="utf-8")
    return tmp_path


def test_a_2026_directive_naming_the_new_bodies_validates(cli: Cli, tmp_path: Path) -> None:
    folder = _folder(tmp_path, LETTER_2026)
    assert ok(cli("validate", str(folder), "--lang", "en")) == (
        "All files valid. Directives: 1, clauses: 3, tasks: 100.\n"
    )


def test_a_2026_directive_naming_skhdt_is_refused_with_its_successor(
    cli: Cli, tmp_path: Path
) -> None:
    letter = LETTER_2026.replace("{body: stc-2025, role: lead}", "{body: skhdt, role: lead}")
    folder = _folder(tmp_path, letter)
    result = cli("validate", str(folder), "--lang", "en")
    assert result.exit_code == Exit.DATA
    line = letter[: letter.index("{body: skhdt")].count("\n") + 1
    assert result.stderr == (
        "1 problem:\n"
        f"  {folder / 'directive_15.yaml'}:{line} (clause 1): body 'skhdt' ceased to exist after"
        " 2025-02-28, so not on 2026-01-12; successors: stc-2025 (Sở Tài chính)\n"
    )


@pytest.mark.parametrize(
    ("typed", "day", "expected"),
    [
        ("Lý Sơn", "30/6/2025", "h-lyson"),
        ("Lý Sơn", "1/7/2025", "dk-lyson"),
        ("Sở Tài chính", "28/2/2025", "stc"),
        ("Sở Tài chính", "1/3/2025", "stc-2025"),
        ("Sở KH&CN", "1/6/2023", "skhcn"),
        ("Sở KH&CN", "1/12/2026", "skhcn-2025"),
    ],
)
def test_a_name_reused_across_time_is_the_body_of_the_day(
    cli: Cli, typed: str, day: str, expected: str
) -> None:
    rows = as_json(cli("list", "--body", typed, "--as-of", day, "-f", "json"))
    assert rows and {r["body"] for r in rows} == {expected}


def test_bodies_show_gives_predecessors_and_successors(cli: Cli) -> None:
    [lyson] = as_json(cli("bodies", "show", "dk-lyson", "-f", "json"))
    assert (lyson["successors"], lyson["predecessors"]) == (
        None,
        [{"id": "h-lyson", "kind": "merged_into", "on": "2025-07-01"}],
    )
    [skhdt] = as_json(cli("bodies", "show", "skhdt", "-f", "json"))
    assert skhdt["successors"] == {
        "kind": "merged_into",
        "on": "2025-03-01",
        "bodies": ["stc-2025"],
    }
    assert ok(cli("bodies", "show", "bdt", "--lang", "en")).splitlines()[:6] == [
        "bdt — Ban Dân tộc tỉnh",
        "Aliases: BDT; Ban Dân tộc",
        "Group: g1 (Departments and agencies); cqcm (Specialised agencies)",
        "Valid: until 28/02/2025",
        "Succeeds: none",
        "Successors: renamed (01/03/2025): sdttg (Sở Dân tộc và Tôn giáo)",
    ]
    wrong = cli("bodies", "shwo", "bdt")
    assert (wrong.exit_code, wrong.stderr) == (
        Exit.USAGE,
        "Lỗi: không hiểu 'shwo bdt'; dùng: directive bodies show MÃ (ví dụ: directive bodies"
        " show h-binhson)\n",
    )


def test_the_weekly_report_counts_transferred_tasks_apart(empty_db: Path, cli: Cli) -> None:
    import csv
    import io

    text = ok(cli("report", "--from", "30/11/2026", "--to", "1/12/2026", "--format", "csv"))
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    total = rows[-1]
    assert (total["Tổng số"], total["Quá hạn"], total["Đã chuyển"]) == ("296", "22", "114")
    huyen = [r for r in rows if r["Nhóm"] == "g3" and r["STT"].isdigit()]
    assert len(huyen) == 13
    assert {(r["Tổng số"], r["Quá hạn"], r["Đã chuyển"]) for r in huyen} == {("0", "0", "4")}
    # A report of a 2023 week keeps the shape it always had: no column for transfers.
    old = ok(cli("report", "--week", "2023-W22", "--format", "csv"))
    assert "Đã chuyển" not in old.splitlines()[0]


def test_leaderships_documents_account_for_transferred_tasks(
    empty_db: Path, cli: Cli, tmp_path: Path
) -> None:
    """The Word report and the web page, like the Markdown and the workbook: the 114 open
    tasks of ended bodies are said, and an ended body's row names its last day, so its row
    of transferred tasks does not read as a second "Sở Nội vụ"."""
    import re

    import docx

    week = ["report", "--from", "30/11/2026", "--to", "1/12/2026"]
    page = ok(cli(*week, "--format", "html"))
    head = re.search(r"<table class=\"summary\"><thead><tr>(.*?)</tr>", page)
    assert head is not None
    assert re.findall(r"<th[^>]*>([^<]*)</th>", head.group(1)) == [
        "STT", "Cơ quan, đơn vị", "Tổng số", "Đã hoàn thành", "Đúng hạn", "Trễ hạn",
        "Chưa hoàn thành", "Trong hạn", "Quá hạn", "Không thời hạn", "Đã chuyển", "Tỷ lệ %",
    ]  # fmt: skip
    cells = lambda name: re.findall(  # noqa: E731
        r"<tr[^>]*><td[^>]*>\d+</td><td[^>]*>"
        + re.escape(name)
        + r"</td>((?:<td[^>]*>[^<]*</td>)*)</tr>",
        page,
    )
    figures = lambda row: re.findall(r">([^<]*)</td>", row)  # noqa: E731
    assert [figures(r) for r in cells("Sở Nội vụ (đến 28/02/2025)")] == [
        ["0", "0", "0", "0", "0", "0", "0", "0", "6", "0,0"]
    ]
    assert [figures(r)[-2] for r in cells("Sở Nội vụ")] == ["0"]  # its successor owes them
    out = tmp_path / "bao-cao.docx"
    ok(cli(*week, "-o", str(out)))
    text = [p.text for p in docx.Document(str(out)).paragraphs]
    assert (
        "Ngoài ra, 114 (một trăm mười bốn) nhiệm vụ chưa hoàn thành của các cơ quan, đơn vị đã"
        " thôi hoạt động được chuyển cho cơ quan kế thừa (không tính vào tổng số ở trên; cơ"
        " quan kế thừa thực hiện theo danh sách của mình)."
    ) in text
    names = [c.text for t in docx.Document(str(out)).tables for r in t.rows for c in r.cells[1:2]]
    assert "Sở Nội vụ (đến 28/02/2025)" in names and "Sở Nội vụ" in names


def test_transferred_tasks_can_be_listed_by_their_standing(cli: Cli) -> None:
    rows = as_json(cli("list", "-t", "đã chuyển", "--as-of", "1/12/2026", "-f", "json"))
    assert len(rows) == 114 and {r["timeliness"] for r in rows} == {"transferred"}
    assert as_json(cli("list", "-t", "transferred", "--as-of", "1/6/2023", "-f", "json")) == []
