"""A new user's trial of `remind` and `extend` on data with several directives, replayed:
missed periods of a monthly report, the letter's symbol and signer, an extended task's wording,
the examples of `extend -h`, and the extensions `extend` must refuse."""

from __future__ import annotations

import json
import shlex
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, Cli, _example
from docx import Document

from directive_cli import i18n
from directive_cli.i18n.help import split_examples
from directive_cli.model import Status, Timeliness
from directive_cli.remind import Owed
from directive_cli.render import letter as letter_text

# An invented directive, as the user wrote one: a monthly report for every sở (g1) due on the
# 20th, issued after June's (so July is its first period), and a dated task of Sở Nội vụ. Its
# file sorts after directive_0123.yaml, which comes first in the catalog and owes stp nothing.
CHI_THI_05 = """\
schema: 1
id: 05-2023
number: "05"
symbol: CT-UBND
type: Chỉ thị
issuer: Ủy ban nhân dân tỉnh Quảng Ngãi
place: Quảng Ngãi
issued_on: 2023-06-26
subject: V/v tăng cường công tác báo cáo (ví dụ thử)
signer:
  name: Trần Văn B
  title: Chủ tịch
clauses:
  - id: "1"
    title: Rà soát thủ tục
    text: Các sở, ban ngành rà soát thủ tục hành chính, hoàn thành trước ngày 31/8/2023.
    responsible:
      - {group: g1, role: assigned}
    deadline:
      kind: fixed
      due: 2023-08-31
      source: trước ngày 31/8/2023
  - id: "2"
    title: Báo cáo hằng tháng
    text: Các sở, ban ngành báo cáo UBND tỉnh trước ngày 20 hằng tháng.
    responsible:
      - {group: g1, role: assigned}
    deadline:
      kind: recurring
      rrule: FREQ=MONTHLY;BYMONTHDAY=20
      source: trước ngày 20 hằng tháng
  - id: "3"
    title: Đề án
    text: Sở Nội vụ xây dựng đề án, trình trước ngày 15/9/2023.
    responsible:
      - {body: snv, role: lead}
    deadline:
      kind: fixed
      due: 2023-09-15
      source: trước ngày 15/9/2023
"""

DAY = "1/12/2023"
TEXT_2 = "Các sở, ban ngành báo cáo UBND tỉnh trước ngày 20 hằng tháng."
TEXT_3 = "Sở Nội vụ xây dựng đề án, trình trước ngày 15/9/2023."
BASIS_2167 = (
    "Công văn số 2167/UBND-KTTH ngày 16/5/2023 của Ủy ban nhân dân tỉnh Quảng Ngãi về việc"
    " triển khai thực hiện Kết luận số 1753-KL/TU ngày 19/4/2023 của Ban Thường vụ Tỉnh ủy"
)
BASIS_05 = (
    "Chỉ thị số 05/CT-UBND ngày 26/6/2023 của Ủy ban nhân dân tỉnh Quảng Ngãi về việc tăng"
    " cường công tác báo cáo (ví dụ thử)"
)
# Clause 2 as of 1/12/2023: July to November missed, December due on the 20th.
PERIODS_2 = [
    "Kỳ tháng 7/2023, hạn 20/07/2023, quá hạn 134 ngày; hiện chưa thực hiện;",
    "Kỳ tháng 8/2023, hạn 20/08/2023, quá hạn 103 ngày; hiện chưa thực hiện;",
    "Kỳ tháng 9/2023, hạn 20/09/2023, quá hạn 72 ngày; hiện chưa thực hiện;",
    "Kỳ tháng 10/2023, hạn 20/10/2023, quá hạn 42 ngày; hiện chưa thực hiện;",
    "Kỳ tháng 11/2023, hạn 20/11/2023, quá hạn 11 ngày; hiện chưa thực hiện;",
    "Kỳ tháng 12/2023, hạn 20/12/2023, còn 19 ngày; hiện chưa thực hiện.",
]
CADENCE_2 = "Thời hạn: định kỳ (trước ngày 20 hằng tháng); các kỳ chưa hoàn thành:"
EXTENDED_3 = (
    "Thời hạn: 10/10/2023 (gia hạn từ 15/09/2023; văn bản giao: trước ngày 15/9/2023); đã quá"
    " hạn 52 ngày; hiện chưa thực hiện."
)


@pytest.fixture
def three(tmp_path: Path, cli: Cli) -> list[str]:
    """--data of the bundled letter, directive 123-2023 and Chỉ thị 05-2023, with a history
    (one mark of a district, which no letter here concerns): letters come from a database."""
    folder = tmp_path / "data"
    folder.mkdir()
    for name in ("directive_2167.yaml", "bodies.yaml"):
        shutil.copy(REPO / "data" / name, folder)
    (folder / "directive_0123.yaml").write_text(_example(), encoding="utf-8")
    (folder / "directive_0500.yaml").write_text(CHI_THI_05, encoding="utf-8")
    data = ["--data", str(folder)]
    ok(cli("mark", "in_progress", "123-2023#1a:h-binhson", "--on", "1/7/2023", *data))
    return data


def ok(result: Any) -> Any:
    assert result.exit_code == 0, result.output
    return result


def paragraphs(path: Path) -> list[str]:
    return [p.text for p in Document(str(path)).paragraphs if p.text]


def header_and_signer(path: Path) -> tuple[str, str]:
    """The header's "Số: …/SYMBOL" line and the signer's name, from the Word letter."""
    doc = Document(str(path))
    symbol = doc.tables[0].rows[1].cells[0].text.split("\n")[0].replace("\u00a0", "")
    return symbol, doc.tables[-1].rows[0].cells[1].paragraphs[-1].text


def item(texts: list[str], heading: str) -> list[str]:
    """A letter item's paragraphs: its heading down to the next item or the closing."""
    start = texts.index(heading)
    end = next(
        i
        for i in range(start + 1, len(texts))
        if texts[i][:1].isdigit() or texts[i].startswith("Để bảo đảm")
    )
    return texts[start:end]


# --- 1. the missed periods of a recurring obligation -----------------------------------------


def test_every_missed_period_is_in_the_letter_and_its_figures(
    cli: Cli, three: list[str], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = ok(cli("remind", "-b", "stp", "--as-of", DAY, "-o", f"{out}/", *three))
    assert result.stderr.splitlines()[-2:] == [
        f"{out / 'stp.docx'}: Sở Tư pháp, 11 nhiệm vụ (6 quá hạn)",
        "Đã ghi 1 công văn đôn đốc tính đến ngày 01/12/2023; 0 cơ quan không có nhiệm vụ phải"
        " đôn đốc.",
    ]
    texts = paragraphs(out / "stp.docx")
    assert texts[1] == (
        f"Thực hiện {BASIS_2167}; {BASIS_05}; qua theo dõi, tính đến ngày 1/12/2023, Sở Tư pháp"
        " chưa hoàn thành 11 (mười một) nhiệm vụ được giao (mỗi kỳ của nhiệm vụ định kỳ tính là"
        " một nhiệm vụ), trong đó có 6 (sáu) nhiệm vụ đã quá hạn, cụ thể như sau:"
    )
    headings = [t for t in texts if t[:1].isdigit()]
    assert [h.split(":")[0] for h in headings] == [
        "1. 2167/UBND-KTTH, Điểm 1a",
        "2. 2167/UBND-KTTH, Điểm 1b",
        "3. 2167/UBND-KTTH, Điểm 1c",
        "4. 2167/UBND-KTTH, Điểm 1d",
        "5. 05/CT-UBND, Điểm 1",
        "6. 05/CT-UBND, Điểm 2",
    ]
    assert item(texts, "6. 05/CT-UBND, Điểm 2: Báo cáo hằng tháng") == [
        "6. 05/CT-UBND, Điểm 2: Báo cáo hằng tháng",
        TEXT_2,
        CADENCE_2,
        *(f"- {line}" for line in PERIODS_2),
    ]
    # The letter's figures are those of `summary` and `list` for the same day.
    [row] = json.loads(ok(cli("summary", "-b", "stp", "--as-of", DAY, "-f", "json", *three)).stdout)
    assert (row["not_done"], row["overdue"]) == (11, 6)
    listed = ok(cli("list", "-c", "05-2023#2", "-b", "stp", "--as-of", DAY, "-f", "json", *three))
    [task] = json.loads(listed.stdout)
    assert (task["period"], task["periods_missed"]) == ("2023-12", 5)


def test_overdue_only_and_within_keep_the_missed_periods(
    cli: Cli, three: list[str], tmp_path: Path
) -> None:
    target = tmp_path / "stp.md"
    args = ["remind", "-b", "stp", "-d", "05-2023", "--as-of", DAY, *three]
    result = ok(cli(*args, "--overdue-only", "-o", str(target)))
    assert result.stderr.splitlines()[-2] == f"{target}: Sở Tư pháp, 6 nhiệm vụ (6 quá hạn)"
    lines = target.read_text(encoding="utf-8").splitlines()
    start = lines.index("**2. Điểm 2: Báo cáo hằng tháng**")
    assert lines[start : start + 12] == [
        "**2. Điểm 2: Báo cáo hằng tháng**",
        "",
        f"> {TEXT_2}",
        "",
        CADENCE_2,
        "",
        *(f"- {line}" for line in PERIODS_2[:4]),
        "- " + PERIODS_2[4][:-1] + ".",  # the last period listed ends the item
        "",
    ]
    # Done in August: that period is no longer owed; the others are.
    ok(cli("mark", "done", "05-2023#2:stp", "--period", "2023-08", "--on", "18/8/2023", *three))
    ok(cli(*args, "--within", "30", "-o", str(target), "--force"))
    lines = target.read_text(encoding="utf-8").splitlines()
    periods = [x for x in lines if x.startswith("- Kỳ")]
    assert periods == ["- " + p for p in [PERIODS_2[0], *PERIODS_2[2:]]]


# --- 2. whose symbol and signer the letter carries ---------------------------------------------


def test_the_letter_is_signed_for_a_directive_it_cites(
    cli: Cli, three: list[str], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    ok(cli("remind", "-b", "stp", "--as-of", DAY, "-o", f"{out}/", *three))
    # 123-2023 (UBND-VX, Nguyễn Văn A) comes first in the data but gives stp no task.
    assert header_and_signer(out / "stp.docx") == ("Số: /UBND-KTTH", "Đặng Văn Minh")
    one = tmp_path / "one"
    ok(cli("remind", "-b", "stp", "-d", "05", "--as-of", DAY, "-o", f"{one}/", *three))
    assert header_and_signer(one / "stp.docx") == ("Số: /CT-UBND", "Trần Văn B")
    texts = paragraphs(one / "stp.docx")
    assert texts[1] == (
        f"Thực hiện {BASIS_05}; qua theo dõi, tính đến ngày 1/12/2023, Sở Tư pháp chưa hoàn"
        " thành 7 (bảy) nhiệm vụ được giao (mỗi kỳ của nhiệm vụ định kỳ tính là một nhiệm vụ),"
        " trong đó có 6 (sáu) nhiệm vụ đã quá hạn, cụ thể như sau:"
    )
    doc = Document(str(one / "stp.docx"))
    assert doc.tables[0].rows[1].cells[0].text.split("\n")[1] == (
        "V/v đôn đốc thực hiện Chỉ thị số 05/CT-UBND"
    )
    assert [t.split(":")[0] for t in texts if t[:1].isdigit()] == ["1. Điểm 1", "2. Điểm 2"]


def test_the_offices_settings_win_over_any_directive(
    cli: Cli, three: list[str], tmp_path: Path
) -> None:
    office = tmp_path / "office.toml"
    office.write_text(
        'letter_symbol = "VP-KTTH"\n[signer]\nname = "Nguyễn Thị Lan"\n', encoding="utf-8"
    )
    out = tmp_path / "out"
    args = ["remind", "-g", "g1", "--as-of", DAY, "-o", f"{out}/", "--office", str(office)]
    ok(cli(*args, *three))
    letters = sorted(out.glob("*.docx"))
    assert len(letters) > 10
    assert {header_and_signer(p) for p in letters} == {("Số: /VP-KTTH", "Nguyễn Thị Lan")}


def test_a_directive_that_owes_the_body_nothing_writes_no_letter(
    cli: Cli, three: list[str], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = ok(cli("remind", "-b", "stp", "-d", "123-2023", "--as-of", DAY, "-o", f"{out}/",
                    *three))  # fmt: skip
    assert result.stderr.splitlines()[-1] == (
        "Không có cơ quan nào phải đôn đốc tính đến ngày 01/12/2023; không ghi tệp nào."
    )
    assert not out.exists()
    unknown = cli("remind", "-b", "stp", "-d", "999", "--as-of", DAY, "-o", f"{out}/", *three)
    listed = cli("list", "-b", "stp", "-d", "999", *three)
    assert (unknown.exit_code, unknown.stderr) == (listed.exit_code, listed.stderr)
    assert unknown.exit_code != 0 and not out.exists()


# --- 3. an extended task's deadline, in every letter format -----------------------------------


@pytest.mark.parametrize("fmt", ["docx", "md", "txt"])
def test_an_extended_deadline_names_both_dates(
    cli: Cli, three: list[str], tmp_path: Path, fmt: str
) -> None:
    ok(cli("extend", "05-2023#3:snv", "--to", "10/10/2023", "--on", "10/9/2023", "-e", "CV 7",
           *three))  # fmt: skip
    ok(cli("extend", "05-2023#2:snv", "--period", "2023-08", "--to", "30/8/2023", "--on",
           "15/8/2023", "-e", "CV 8", *three))  # fmt: skip
    target = tmp_path / f"snv.{fmt}"
    ok(cli("remind", "-b", "snv", "-d", "05-2023", "--as-of", DAY, "-o", str(target), *three))
    august = "Kỳ tháng 8/2023, hạn 30/08/2023 (gia hạn từ 20/08/2023), quá hạn 93 ngày; hiện chưa"
    august += " thực hiện;"
    if fmt == "docx":
        texts = paragraphs(target)
        assert item(texts, "3. Điểm 3: Đề án") == ["3. Điểm 3: Đề án", TEXT_3, EXTENDED_3]
        assert item(texts, "2. Điểm 2: Báo cáo hằng tháng")[3:5] == [
            f"- {PERIODS_2[0]}",
            f"- {august}",
        ]
        return
    text = target.read_text(encoding="utf-8")
    if fmt == "md":
        lines = text.splitlines()
        assert lines[lines.index("**3. Điểm 3: Đề án**") :][:6] == [
            "**3. Điểm 3: Đề án**",
            "",
            f"> {TEXT_3}",
            "",
            EXTENDED_3,
            "",
        ]
        assert f"- {august}" in lines
        return
    # Plain text wraps at 78 columns: compare the item's words.
    start, end = text.index("3. Điểm 3: Đề án"), text.index("Để bảo đảm")
    assert " ".join(text[start:end].split()) == f"3. Điểm 3: Đề án {TEXT_3} {EXTENDED_3}"
    assert f"- {august}" in " ".join(text.split())


# --- 4. the examples of `extend -h` -----------------------------------------------------------


def extend_examples(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Every example line of `directive extend -h` (in both languages, the same), as argv."""
    monkeypatch.setenv("COLUMNS", "400")  # one example a line: nothing wrapped
    shown = []
    for lang in ("vi", "en"):
        screen = ok(cli("extend", "-h", "--lang", lang)).stdout.splitlines()
        shown.append([x.strip() for x in screen if x.strip().startswith("directive extend ")])
    assert shown[0] == shown[1]
    from directive_cli.commands.extend import run

    _, examples = split_examples(run.__doc__ or "")
    written = [x.strip() for x in examples.splitlines() if x.strip().startswith("directive ")]
    assert shown[0] == written and len(written) >= 2
    return [shlex.split(x)[1:] for x in written]


def test_every_extend_example_works_on_the_bundled_letter(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for n, argv in enumerate(extend_examples(cli, monkeypatch)):
        db = tmp_path / f"example-{n}.db"
        monkeypatch.setenv("DIRECTIVE_DB", str(db))
        result = cli(*argv)
        assert result.exit_code == 0, (argv, result.output)
        to = argv[argv.index("--to") + 1]
        ref = argv[1]
        clause = ref.split(":")[0]
        [row] = json.loads(ok(cli("list", "-c", clause, "--format", "json")).stdout)
        day, month, year = (int(x) for x in to.split("/"))
        assert row["due"] == f"{year}-{month:02d}-{day:02d}", argv
        assert row["original_due"] == "2023-05-31"


# --- 5. extensions refused --------------------------------------------------------------------


def history_of(cli: Cli, data: list[str]) -> str:
    return str(ok(cli("history", *data)).stdout)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_extend_refuses_a_due_date_already_past_and_a_done_period(
    cli: Cli, three: list[str], lang: str
) -> None:
    ok(cli("mark", "done", "05-2023#2:snv", "--period", "2023-07", "--on", "18/7/2023", *three))
    before = history_of(cli, three)
    cases = {
        "vi": [
            (["05-2023#3:snv", "--to", "15/10/2023", "--on", "20/10/2023"],
             "Lỗi: Không gia hạn được đến 15/10/2023: ngày này đã qua khi gia hạn (20/10/2023);"
             " hạn mới phải từ ngày 20/10/2023 trở đi."),
            (["05-2023#2:snv", "--period", "2023-07", "--to", "30/7/2023", "--on", "20/7/2023"],
             "Lỗi: Không gia hạn được: 05-2023#2:snv (tháng 7/2023) đã hoàn thành ngày"
             " 18/07/2023."),
        ],
        "en": [
            (["05-2023#3:snv", "--to", "15/10/2023", "--on", "20/10/2023"],
             "Error: Cannot extend to 15/10/2023: that day had passed when the extension was"
             " granted (20/10/2023); the new due date must be 20/10/2023 or later."),
            (["05-2023#2:snv", "--period", "2023-07", "--to", "30/7/2023", "--on", "20/7/2023"],
             "Error: Cannot extend: 05-2023#2:snv (7/2023) was done on 18/07/2023."),
        ],
    }[lang]  # fmt: skip
    for args, line in cases:
        result = cli("extend", *args, "-e", "Công văn số 9/UBND", "--lang", lang, *three)
        assert (result.exit_code, result.stderr) == (2, line + "\n"), args
    assert history_of(cli, three) == before
    # The same extensions, granted in time, are recorded.
    ok(cli("extend", "05-2023#3:snv", "--to", "15/10/2023", "--on", "20/9/2023", "-e", "x",
           *three))  # fmt: skip
    ok(cli("extend", "05-2023#2:snv", "--period", "2023-07", "--to", "30/7/2023", "--on",
           "10/7/2023", "-e", "x", *three))  # fmt: skip


def test_a_done_dated_task_is_not_extended(cli: Cli) -> None:
    ok(cli("mark", "done", "3.1:vpub", "--on", "30/5/2023"))
    result = cli("extend", "3.1:vpub", "--to", "30/6/2023", "--on", "2/6/2023", "-e", "x")
    assert (result.exit_code, result.stderr) == (
        2,
        "Lỗi: Không gia hạn được: 3.1:vpub đã hoàn thành ngày 30/05/2023.\n",
    )
    # Granted before the report came in, it is recorded.
    ok(cli("extend", "3.1:vpub", "--to", "30/6/2023", "--on", "25/5/2023", "-e", "x"))


# --- the words of one period ------------------------------------------------------------------


def owed(period: str, due: date, **standing: Any) -> Owed:
    values: dict[str, Any] = dict(
        status=Status.TODO, timeliness=Timeliness.OVERDUE, days_overdue=3, days_left=None
    )
    values.update(standing)
    return Owed("05-2023", "05/CT-UBND", "2", "Báo cáo", TEXT_2, due=due, deadline_source=None,
                period=period, **values)  # fmt: skip


@pytest.mark.parametrize(
    ("task", "last", "line"),
    [
        (owed("2023-Q2", date(2023, 6, 20)), False,
         "Kỳ quý II/2023, hạn 20/06/2023, quá hạn 3 ngày; hiện chưa thực hiện;"),
        (owed("2023-H1", date(2023, 6, 30), status=Status.BLOCKED), True,
         "Kỳ 6 tháng đầu năm 2023, hạn 30/06/2023, quá hạn 3 ngày; hiện đang vướng mắc."),
        (owed("2023", date(2023, 11, 15), original_due=date(2023, 11, 10)), True,
         "Kỳ năm 2023, hạn 15/11/2023 (gia hạn từ 10/11/2023), quá hạn 3 ngày; hiện chưa thực"
         " hiện."),
        (owed("2023-W25", date(2023, 6, 23), timeliness=Timeliness.DUE_SOON, days_left=0), True,
         "Kỳ tuần 25/2023, hạn 23/06/2023, đến hạn hôm nay; hiện chưa thực hiện."),
        # Every two months has no name: its period is its due date.
        (owed("2023-08-20", date(2023, 8, 20), status=Status.IN_PROGRESS), False,
         "Kỳ hạn 20/08/2023, quá hạn 3 ngày; hiện đang thực hiện;"),
    ],
)  # fmt: skip
def test_a_period_line_names_its_period_in_vietnamese(task: Owed, last: bool, line: str) -> None:
    i18n.set_lang("en")  # --lang en changes messages, never the letter
    try:
        assert letter_text.period_line(task, last) == line
    finally:
        i18n.set_lang("vi")
