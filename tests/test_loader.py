"""The strict loader: one small broken copy of the real data per rule, and the exact line it gives.

Each fixture is the real data/directive_2167.yaml (or bodies.yaml) with one targeted edit, written
to tmp_path, so the fixtures follow the data when it changes. `directive validate` must then exit
with Exit.DATA, print the one-line problems on stderr and never a traceback.

The rules are checked here in English, the catalogue's second language (the messages are the
same sentences in both; `tests/test_cli.py` checks every key has both). What a clerk sees by
default, in Vietnamese, is checked by `test_validate_speaks_vietnamese_by_default`.
"""

from __future__ import annotations

import dataclasses
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import Cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from directive_cli import i18n, yamlstrict
from directive_cli.app import Exit
from directive_cli.load import (
    DirectiveError,
    Problem,
    load_catalog,
    load_directive,
    load_registry,
)
from directive_cli.model import Registry, ReportsOn

DATA = Path(__file__).resolve().parent.parent / "data"
REAL = DATA / "directive_2167.yaml"
TEXT = REAL.read_text(encoding="utf-8")
BODIES = (DATA / "bodies.yaml").read_text(encoding="utf-8")
BUNDLED = DATA / "bodies.yaml"  # what a folder without a registry of its own is checked against
OK = "All files valid. Directives: 1, clauses: 16, tasks: 211. Plus 199 tasks passed to successors.\n"


# --- helpers --------------------------------------------------------------------------------


def edit(old: str, new: str, *, after: str | None = None, text: str = TEXT) -> str:
    """Replace the first `old` (after the first `after`, when given); it must be there."""
    start = text.index(after) if after else 0
    at = text.index(old, start)
    return text[:at] + new + text[at + len(old) :]


def lineno(text: str, needle: str, *, after: str | None = None) -> int:
    """The 1-based line of the first `needle` (after the first `after`, when given)."""
    start = text.index(after) if after else 0
    return text[: text.index(needle, start)].count("\n") + 1


def write(folder: Path, text: str | bytes, name: str = "directive.yaml") -> Path:
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8", newline="")
    return path


def at(path: Path, line: int, clause: str | None = None) -> str:
    """How a problem starts: file, line, clause."""
    where = f"{path}:{line}" if line else str(path)
    return where + (f" (clause {clause})" if clause else "")


def invalid(path: Path, *problems: str) -> None:
    """The loader refuses PATH with exactly these problems, in this order (what `directive
    validate` prints, one per line: test_validate_prints_every_problem checks the wiring)."""
    with pytest.raises(DirectiveError) as caught:
        load_catalog(path, collect=True)
    assert [str(p) for p in caught.value.problems] == list(problems)


def valid(
    path: Path, directives: int = 1, clauses: int = 16, tasks: int = 211, inherited: int = 199
) -> None:
    """The loader reads PATH whole: these many directives, clauses and tasks of the letters,
    and these many passed to successors of bodies that ended."""
    cat = load_catalog(path, collect=True)
    passed = sum(len(d.inherited) for d in cat.directives)
    counts = (
        len(cat.directives),
        sum(len(d.clauses) for d in cat.directives),
        sum(len(d.tasks) for d in cat.directives) - passed,
        passed,
    )
    assert counts == (directives, clauses, tasks, inherited)


def test_validate_prints_every_problem(cli: Cli, tmp_path: Path) -> None:
    """The command's wiring: a heading, each problem on its own line on stderr, exit 3."""
    text = edit("due: 2023-12-31", "due: 2023-02-31")
    text = edit("role: assigned", "role: boss", text=text)
    path = write(tmp_path, text)
    with pytest.raises(DirectiveError) as caught:
        load_catalog(path, collect=True)
    problems = [str(p) for p in caught.value.problems]
    assert len(problems) == 2
    result = cli("validate", str(path))
    assert result.exit_code == Exit.DATA
    assert result.stdout == ""
    # The folder has no bodies.yaml: the note says which registry the file was checked against.
    note = f"Note: no bodies.yaml beside {path}: the bundled registry was used ({BUNDLED})\n"
    assert result.stderr == note + "2 problems:\n" + "".join(f"  {p}\n" for p in problems)


def test_validate_of_valid_data_counts_what_it_read(cli: Cli) -> None:
    result = cli("validate", str(REAL))
    assert (result.exit_code, result.stdout, result.stderr) == (0, OK, "")


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("DIRECTIVE_LANG", "en")
    i18n.set_lang(None)
    yield
    i18n.set_lang("vi")


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load_registry(DATA / "bodies.yaml")


# --- what YAML 1.1 would have guessed stays text --------------------------------------------


def test_no_value_is_guessed(tmp_path: Path, registry: Registry) -> None:
    text = edit('- id: "3.2"', "- id: 3.10")
    text = edit('number: "2167"', "number: 010", text=text)
    text = edit("symbol: UBND-KTTH", "symbol: no", text=text)
    text = edit("place: Quảng Ngãi", "place: on", text=text)
    text = edit("type: Công văn", "type: 00", text=text)
    text = edit("  name: Đặng Văn Minh\n  title: Chủ tịch", "  name: yes\n  title: off", text=text)
    tricky = [
        "no",
        "on",
        "010",
        "00",
        "~",
        "null",
        "0x1F",
        ".inf",
        "1_000",
        "12:30:00",
        "2023-05-16",
        "3.10",
        "1e3",
        "false",
    ]
    start = text.index("recipients:")
    end = text.index("\n\n", start)
    text = text[:start] + "recipients: [" + ", ".join(tricky) + "]" + text[end:]
    path = write(tmp_path, text)
    d = load_directive(path, registry)
    assert [c.id for c in d.clauses][7:9] == ["3.1", "3.10"]
    assert (d.number, d.symbol, d.place, d.type) == ("010", "no", "on", "00")
    assert (d.signer.name, d.signer.title) == ("yes", "off")
    assert list(d.recipients) == tricky
    assert [t.ref for t in d.tasks if t.clause.startswith("3.")] == ["3.1:vpub", "3.10:vpub"]
    valid(path)


# --- duplicate keys -------------------------------------------------------------------------


def test_duplicate_key_at_the_top(tmp_path: Path) -> None:
    text = edit("place: Quảng Ngãi\n", "place: Quảng Ngãi\nplace: Quảng Ngãi\n")
    first = lineno(text, "place:")
    path = write(tmp_path, text)
    invalid(
        path,
        f"{at(path, first + 1)}: duplicate key 'place' (first on line {first}): keep one and delete the other",
    )


def test_duplicate_key_in_a_clause(tmp_path: Path) -> None:
    text = edit("    text: >-\n", "    title: again\n    text: >-\n", after="id: 1b")
    first = lineno(text, "    title:", after="id: 1b")
    path = write(tmp_path, text)
    invalid(
        path,
        f"{at(path, first + 1)}: duplicate key 'title' (first on line {first}): keep one and delete the other",
    )


def test_duplicate_key_in_a_deadline(tmp_path: Path) -> None:
    text = edit("      due: 2023-05-31\n", "      due: 2023-05-31\n      due: 2023-05-30\n")
    first = lineno(text, "due: 2023-05-31")
    path = write(tmp_path, text)
    invalid(
        path,
        f"{at(path, first + 1)}: duplicate key 'due' (first on line {first}): keep one and delete the other",
    )


def test_duplicate_key_in_a_flow_mapping(tmp_path: Path) -> None:
    text = edit("{body: vpub, role: assigned}", "{body: vpub, role: assigned, body: snv}")
    path = write(tmp_path, text)
    line = lineno(text, "body: snv}")
    invalid(
        path,
        f"{at(path, line)}: duplicate key 'body' (first on line {line}): keep one and delete the other",
    )


# --- anchors, aliases, tags -----------------------------------------------------------------

GROUPS_1 = (
    "    responsible:\n      - {group: g1, role: assigned}\n      - {group: g2, role: assigned}\n"
    "      - {group: g3, role: assigned}\n"
)


def test_anchors_are_refused(tmp_path: Path) -> None:
    text = edit("    responsible:\n", "    responsible: &all\n", after="id: 1a")
    path = write(tmp_path, text)
    invalid(path, f"{at(path, lineno(text, '&all'))}: anchors (&all) are not allowed")


def test_aliases_are_refused_even_without_an_anchor(tmp_path: Path) -> None:
    text = edit(GROUPS_1, "    responsible: *all\n", after="id: 1b")
    path = write(tmp_path, text)
    invalid(path, f"{at(path, lineno(text, '*all'))}: aliases (*name) are not allowed")


@pytest.mark.parametrize(
    "tag", ["!!python/object/apply:os.system", "!!python/name:os.system", "!!str", "!local"]
)
def test_tags_are_refused_and_nothing_runs(tmp_path: Path, tag: str) -> None:
    canary = tmp_path / "canary"
    text = edit("place: Quảng Ngãi", f"place: {tag} ['touch {canary}']")
    path = write(tmp_path, text)
    invalid(path, f"{at(path, lineno(text, 'place:'))}: tags ({tag}) are not allowed")
    assert not canary.exists()


def test_only_one_document_per_file(tmp_path: Path) -> None:
    path = write(tmp_path, TEXT + "---\nschema: 1\n")
    line = TEXT.count("\n") + 1
    invalid(path, f"{at(path, line)}: only one YAML document per file is allowed")


# --- keys and ids ---------------------------------------------------------------------------

TOP_KEYS = (
    "addressees, clauses, documents, id, implements, issued_on, issuer, note, number, place,"
    " recipients, schema, signer, subject, symbol, type"
)


@pytest.mark.parametrize(
    ("old", "new", "after", "needle", "clause", "message"),
    [
        (
            "place: Quảng Ngãi\n",
            "place: Quảng Ngãi\nlang: vi\n",
            None,
            "lang:",
            None,
            f"unknown key 'lang' in the directive (allowed: {TOP_KEYS})",
        ),
        (
            "    title: Quán triệt",
            "    owner: vpub\n    title: Quán triệt",
            None,
            "owner:",
            "1a",
            "unknown key 'owner' in a clause (allowed: deadline, heading, id, note, partners,"
            " responsible, text, title)",
        ),
        (
            "      due: 2023-12-31\n",
            "      due: 2023-12-31\n      date: 2023-12-31\n",
            None,
            "date:",
            "1a",
            "unknown key 'date' in a deadline (allowed: due, from, kind, note, reports_on, rrule, source, start, within)",
        ),
        (
            "{body: vpub, role: assigned}",
            "{body: vpub, role: assigned, until: 2023-06-01}",
            'id: "3.1"',
            "until:",
            "3.1",
            "unknown key 'until' in a responsible entry (allowed: body, group, related, role)",
        ),
        (
            "  name: Đặng Văn Minh\n",
            "  name: Đặng Văn Minh\n  since: 2021\n",
            None,
            "since:",
            None,
            "unknown key 'since' in signer (allowed: name, title)",
        ),
        (
            "    mention: Thông báo",
            "    url: x\n    mention: Thông báo",
            None,
            "url:",
            None,
            "unknown key 'url' in a cited document (allowed: id, issued_on, issuer, mention,"
            " reference, type)",
        ),
    ],
    ids=["top", "clause", "deadline", "responsible", "signer", "document"],
)
def test_unknown_keys(
    tmp_path: Path,
    old: str,
    new: str,
    after: str | None,
    needle: str,
    clause: str | None,
    message: str,
) -> None:
    text = edit(old, new, after=after)
    path = write(tmp_path, text)
    invalid(path, f"{at(path, lineno(text, needle), clause)}: {message}")


def test_a_misspelt_key_also_says_what_is_missing(tmp_path: Path) -> None:
    text = edit("    title: Quán triệt", "    titel: Quán triệt")
    path = write(tmp_path, text)
    line = lineno(text, "titel:")
    invalid(
        path,
        f"{at(path, line, '1a')}: unknown key 'titel' in a clause (allowed: deadline,"
        " heading, id, note, partners, responsible, text, title)",
        f"{at(path, lineno(text, '- id: 1a'), '1a')}: a clause is missing 'title'",
    )


def test_duplicate_clause_ids(tmp_path: Path) -> None:
    text = edit("  - id: 1b\n", "  - id: 1a\n")
    path = write(tmp_path, text)
    line = lineno(text, "- id: 1a", after="id: 1a\n    title: Quán triệt")
    invalid(path, f"{at(path, line, '1a')}: duplicate clause id '1a'")


def test_a_duplicate_clause_is_still_checked(tmp_path: Path) -> None:
    text = edit("  - id: 1b\n", "  - id: 1a\n")
    text = edit("kind: ongoing", "kind: sometime", text=text, after="Rà soát, đánh giá")
    path = write(tmp_path, text)
    invalid(
        path,
        f"{at(path, lineno(text, '- id: 1a', after='Quán triệt'), '1a')}: duplicate clause id '1a'",
        f"{at(path, lineno(text, 'kind: sometime'), '1a')}: 'kind' is 'sometime'; expected"
        " one of: fixed, target, period, ongoing, recurring, urgent, event",
    )


@pytest.mark.parametrize("bad", ["1 a", "A1", "1a.", "một"])
def test_clause_ids_have_a_shape(tmp_path: Path, bad: str) -> None:
    text = edit('- id: "7"', f'- id: "{bad}"')
    path = write(tmp_path, text)
    line = lineno(text, f'id: "{bad}"')
    invalid(path, f"{at(path, line)}: '{bad}' is not a valid clause id (such as 1a, 3.1, 6a.1)")


def test_unknown_body(tmp_path: Path) -> None:
    text = edit("{body: vpub, role: assigned}", "{body: vpubb, role: assigned}", after='id: "3.1"')
    path = write(tmp_path, text)
    invalid(
        path,
        f"{at(path, lineno(text, 'body: vpubb,'), '3.1')}: unknown body 'vpubb' (not in"
        " bodies.yaml); did you mean: vpub (Văn phòng UBND tỉnh)?",
    )


def test_a_body_named_by_its_name_is_read_as_its_id_with_a_warning(tmp_path: Path) -> None:
    text = edit("{body: snv, role: lead}", "{body: Sở Nội vụ, role: lead}", after='id: "4"')
    path = write(tmp_path, text)
    warnings: list[Problem] = []
    cat = load_catalog(path, collect=True, warnings=warnings)
    assert [str(w) for w in warnings] == [
        f"{at(path, lineno(text, 'Sở Nội vụ, role'), '4')}: 'Sở Nội vụ' is a body's name, not"
        " its id: read as 'snv' (Sở Nội vụ); write 'body: snv'"
    ]
    real = load_catalog(REAL)
    assert cat.directives[0].tasks == real.directives[0].tasks


def test_unknown_group(tmp_path: Path) -> None:
    text = edit("{group: g2, role: assigned}", "{group: g9, role: assigned}", after="id: 1c")
    path = write(tmp_path, text)
    invalid(
        path,
        f"{at(path, lineno(text, 'g9'), '1c')}: unknown group 'g9' (not in bodies.yaml); the"
        " groups: g1 (Sở, ban ngành), g2 (Cơ quan Trung ương), g3 (Huyện, thị xã, thành phố),"
        " g4 (Xã, phường, đặc khu), cqcm (Cơ quan chuyên môn)",
    )


def test_unknown_role(tmp_path: Path) -> None:
    text = edit("{body: cat, role: assigned}", "{body: cat, role: chủ tịch}")
    path = write(tmp_path, text)
    invalid(
        path,
        f"{at(path, lineno(text, 'chủ tịch}'), '7')}: 'role' is 'chủ tịch'; expected one of:"
        " lead (chủ trì), assigned (thực hiện), support (phối hợp)",
    )


def test_a_responsible_entry_names_one_thing(tmp_path: Path) -> None:
    text = edit("{body: cat, role: assigned}", "{body: cat, group: g2, role: assigned}")
    path = write(tmp_path, text)
    line = lineno(text, "group: g2, role", after='id: "7"')
    invalid(
        path,
        f"{at(path, line, '7')}: each responsible entry has exactly one of body, group, related",
    )


def test_the_same_body_twice_in_a_clause(tmp_path: Path) -> None:
    text = edit("{body: bdbp, role: assigned}", "{body: cat, role: support}")
    path = write(tmp_path, text)
    invalid(
        path,
        f"{at(path, lineno(text, 'cat, role: support'), '7')}:"
        f" body 'cat' is responsible twice (also line {lineno(text, 'body: cat')})",
    )


def test_a_body_named_and_in_a_group_of_the_same_clause(tmp_path: Path) -> None:
    text = edit(
        "      - {group: g3, role: assigned}\n",
        "      - {group: g3, role: assigned}\n      - {body: snv, role: support}\n",
        after="id: 1d",
    )
    path = write(tmp_path, text)
    invalid(
        path,
        f"{at(path, lineno(text, 'snv, role: support'), '1d')}: body 'snv' is"
        f" responsible twice (also line {lineno(text, 'group: g1', after='1d')})",
    )


def test_a_clause_without_anyone_responsible(tmp_path: Path) -> None:
    text = edit(
        "    responsible:\n      - {body: snv, role: lead}\n"
        '      - {related: "các cơ quan, đơn vị, địa phương có liên quan",'
        " role: support}\n",
        "",
    )
    path = write(tmp_path, text)
    line = lineno(text, 'id: "4"')
    invalid(path, f"{at(path, line, '4')}: a clause needs 'responsible' (or 'heading: true')")


def test_a_heading_has_no_bodies(tmp_path: Path) -> None:
    text = edit(
        "    heading: true\n",
        "    heading: true\n    responsible: [{body: vpub, role: lead}]\n",
        after='id: "3"',
    )
    path = write(tmp_path, text)
    line = lineno(text, 'id: "3"')
    invalid(path, f"{at(path, line, '3')}: a heading clause has no bodies or deadline of its own")


# --- deadlines ------------------------------------------------------------------------------


def test_fixed_deadline_without_due(tmp_path: Path) -> None:
    text = edit("      due: 2023-05-31\n", "")
    path = write(tmp_path, text)
    line = lineno(text, "kind: fixed")
    invalid(path, f"{at(path, line, '3.1')}: a fixed deadline needs 'due' (YYYY-MM-DD)")


@pytest.mark.parametrize("day", ["2023-02-31", "2023-13-01", "2023-00-10", "0000-01-01"])
def test_impossible_date(tmp_path: Path, day: str) -> None:
    text = edit("due: 2023-12-31", f"due: {day}")
    path = write(tmp_path, text)
    invalid(path, f"{at(path, lineno(text, day), '1a')}: 'due': '{day}' is not a real date")


@pytest.mark.parametrize("day", ["31/12/2023", "2023-12-1", "20231231", "2023/12/31"])
def test_dates_in_data_are_yyyy_mm_dd(tmp_path: Path, day: str) -> None:
    text = edit("due: 2023-12-31", f"due: {day}")
    path = write(tmp_path, text)
    invalid(
        path,
        f"{at(path, lineno(text, day), '1a')}: 'due': '{day}' is not a date in the form YYYY-MM-DD",
    )


def test_impossible_date_of_the_directive(tmp_path: Path) -> None:
    text = edit("issued_on: 2023-05-16", "issued_on: 2023-02-31")
    path = write(tmp_path, text)
    invalid(
        path,
        f"{at(path, lineno(text, '2023-02-31'))}: 'issued_on': '2023-02-31' is not a real date",
    )


def test_due_that_disagrees_with_its_phrase(tmp_path: Path) -> None:
    text = edit("due: 2023-05-31", "due: 2023-05-30")
    path = write(tmp_path, text)
    invalid(
        path,
        f"{at(path, lineno(text, '2023-05-30'), '3.1')}: 'due' 2023-05-30"
        " disagrees with the phrase 'hoàn thành trong tháng 5/2023' (2023-05-31)",
    )


def test_a_phrase_naming_an_impossible_period(tmp_path: Path) -> None:
    text = edit("source: hoàn thành trong tháng 5/2023", "source: hoàn thành trong tháng 5/0000")
    path = write(tmp_path, text)
    invalid(
        path,
        f"{at(path, lineno(text, '5/0000'), '3.1')}:"
        " 'source' names no real date: 'hoàn thành trong tháng 5/0000'",
    )


def test_period_without_start(tmp_path: Path) -> None:
    text = edit("kind: target", "kind: period")
    path = write(tmp_path, text)
    invalid(
        path,
        f"{at(path, lineno(text, 'kind: period'), '1a')}:"
        " a period deadline needs 'start' as well as 'due'",
    )


def test_period_that_ends_before_it_starts(tmp_path: Path) -> None:
    text = edit("      kind: target\n", "      kind: period\n      start: 2024-01-01\n")
    path = write(tmp_path, text)
    invalid(path, f"{at(path, lineno(text, 'kind: period'), '1a')}: 'start' is after 'due'")


def test_a_period_loads(tmp_path: Path, registry: Registry) -> None:
    text = edit("      kind: target\n", "      kind: period\n      start: 2023-05-16\n")
    d = load_directive(write(tmp_path, text), registry)
    clause = d.clause("1a")
    assert clause is not None
    assert (clause.deadline.kind, str(clause.deadline.start), str(clause.deadline.due)) == (
        "period",
        "2023-05-16",
        "2023-12-31",
    )


def test_an_undated_kind_with_a_date(tmp_path: Path) -> None:
    text = edit("      kind: urgent\n", "      kind: urgent\n      due: 2023-06-30\n")
    path = write(tmp_path, text)
    invalid(
        path,
        f"{at(path, lineno(text, 'kind: urgent'), '6a.1')}: a urgent deadline has"
        " no date; remove 'due'/'start' or change 'kind'",
    )


def test_unknown_deadline_kind(tmp_path: Path) -> None:
    text = edit("kind: urgent", "kind: asap")
    path = write(tmp_path, text)
    invalid(
        path,
        f"{at(path, lineno(text, 'kind: asap'), '6a.1')}: 'kind' is 'asap';"
        " expected one of: fixed, target, period, ongoing, recurring, urgent, event",
    )


def test_rrule_on_a_non_recurring_deadline(tmp_path: Path) -> None:
    text = edit("      due: 2023-05-31\n", "      due: 2023-05-31\n      rrule: FREQ=MONTHLY\n")
    path = write(tmp_path, text)
    invalid(
        path,
        f"{at(path, lineno(text, 'kind: fixed'), '3.1')}:"
        " 'rrule' belongs to a recurring deadline only",
    )


def _with_rrule(rule: str) -> str:
    return edit("      kind: recurring\n", f"      kind: recurring\n      rrule: '{rule}'\n")


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("FREQ=SOMETIMES", "'rrule' is not an RFC 5545 rule: invalid 'FREQ': SOMETIMES"),
        (
            "every month",
            "'rrule' is not an RFC 5545 rule: not enough values to unpack (expected 2, got 1)",
        ),
        ("FREQ=MONTHLY;BYDAY=XX", "'rrule' is not an RFC 5545 rule: invalid 'BYDAY': XX"),
        # dateutil accepts these two and then fails (IndexError) or loops for ever
        ("FREQ=MONTHLY;BYDAY=+99MO", "'rrule' is not an RFC 5545 rule: list index out of range"),
        ("FREQ=MONTHLY;INTERVAL=0", "'rrule' INTERVAL must be a whole number from 1, not '0'"),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "'rrule' never gives a date after 2023-05-16"),
    ],
    ids=["freq", "prose", "byday", "byday-99", "interval-0", "never"],
)
def test_invalid_rrule(tmp_path: Path, rule: str, message: str) -> None:
    text = _with_rrule(rule)
    path = write(tmp_path, text)
    started = time.perf_counter()
    invalid(path, f"{at(path, lineno(text, 'rrule:'), '1c')}: {message}")
    assert time.perf_counter() - started < 5


def test_a_valid_rrule_loads(tmp_path: Path, registry: Registry) -> None:
    path = write(tmp_path, _with_rrule("FREQ=MONTHLY;BYMONTHDAY=25"))
    clause = load_directive(path, registry).clause("1c")
    assert clause is not None and clause.deadline.rrule == "FREQ=MONTHLY;BYMONTHDAY=25"
    valid(path)


def test_reports_on_previous_loads(tmp_path: Path, registry: Registry) -> None:
    text = _with_rrule("FREQ=YEARLY;BYMONTH=1,4,7,10;BYMONTHDAY=20")
    text = edit("      rrule:", "      reports_on: previous\n      rrule:", text=text)
    path = write(tmp_path, text)
    clause = load_directive(path, registry).clause("1c")
    assert clause is not None and clause.deadline.reports_on is ReportsOn.PREVIOUS
    # Without the key, a cadence reports on the period of its due date, as before.
    plain = load_directive(write(tmp_path, _with_rrule("FREQ=MONTHLY"), "b.yaml"), registry)
    assert (c := plain.clause("1c")) is not None and c.deadline.reports_on is ReportsOn.SAME
    valid(path)


@pytest.mark.parametrize(
    ("rule", "value", "message"),
    [
        (
            "FREQ=MONTHLY;BYMONTHDAY=5",
            "before",
            "'reports_on' is 'before'; expected one of: same, previous",
        ),
        (
            "FREQ=DAILY",
            "previous",
            "'reports_on: previous' needs a weekly, monthly, quarterly, half-yearly or yearly"
            " cadence; 'FREQ=DAILY' names each period by its due date, so there is no period"
            " before",
        ),
        (
            None,
            "previous",
            "'reports_on' belongs to a recurring deadline with an 'rrule' (the period its"
            " report covers)",
        ),
    ],
    ids=["unknown-value", "daily", "no-rrule"],
)
def test_reports_on_refused(tmp_path: Path, rule: str | None, value: str, message: str) -> None:
    text = _with_rrule(rule) if rule else TEXT
    text = edit(
        "      kind: recurring\n", f"      kind: recurring\n      reports_on: {value}\n", text=text
    )
    path = write(tmp_path, text)
    invalid(path, f"{at(path, lineno(text, 'reports_on:'), '1c')}: {message}")


def test_reports_on_on_a_fixed_deadline(tmp_path: Path) -> None:
    text = edit("      due: 2023-05-31\n", "      due: 2023-05-31\n      reports_on: previous\n")
    path = write(tmp_path, text)
    invalid(
        path,
        f"{at(path, lineno(text, 'reports_on:'), '3.1')}: 'reports_on' belongs to a recurring"
        " deadline with an 'rrule' (the period its report covers)",
    )


# --- bytes ----------------------------------------------------------------------------------


def test_invalid_utf8(tmp_path: Path) -> None:
    raw = TEXT.encode("utf-8")
    at_byte = raw.index("Đặng".encode())
    path = write(tmp_path, raw[:at_byte] + b"\xc4" + raw[at_byte + 2 :])
    line = lineno(TEXT, "Đặng")
    invalid(
        path,
        f"{at(path, line)}: is not valid UTF-8 (byte {at_byte}); open the file and save it again as UTF-8 (Notepad: Save as… > Encoding: UTF-8)",
    )


def test_latin1_file(tmp_path: Path) -> None:
    raw = "schema: 1\nsubject: Hòa Bình\n".encode("latin-1")
    path = write(tmp_path, raw)
    byte = raw.index(b"subject") + 10
    invalid(
        path,
        f"{at(path, 2)}: is not valid UTF-8 (byte {byte}); open the file and save it again as UTF-8 (Notepad: Save as… > Encoding: UTF-8)",
    )


def test_utf16_file(tmp_path: Path) -> None:
    path = write(tmp_path, TEXT.encode("utf-16"))
    invalid(path, f"{at(path, 1)}: is UTF-16 (or UTF-32); save it as UTF-8")


def test_nul_byte(tmp_path: Path) -> None:
    raw = TEXT.encode("utf-8")
    at_byte = raw.index(b"symbol:")
    path = write(tmp_path, raw[:at_byte] + b"\x00" + raw[at_byte:])
    invalid(path, f"{at(path, lineno(TEXT, 'symbol:'))}: contains a NUL byte (binary file?)")


def test_control_character(tmp_path: Path) -> None:
    text = edit("Đặng Văn Minh", "Đặng\x1bVăn Minh")
    path = write(tmp_path, text)
    invalid(path, f"{at(path, lineno(text, 'Đặng'))}: contains the control character U+001B")


def test_control_character_by_escape(tmp_path: Path) -> None:
    text = edit("  name: Đặng Văn Minh", '  name: "Đặng\\0Văn Minh"')
    path = write(tmp_path, text)
    invalid(path, f"{at(path, lineno(text, 'Đặng'))}: an escape makes the control character U+0000")


def test_line_separators_from_pdf_copy_paste(tmp_path: Path, registry: Registry) -> None:
    # U+2028 would end a line for YAML (a syntax error, and a line number no editor shows).
    text = edit("tập trung triển khai", "tập trung\u2028triển khai")
    path = write(tmp_path, text)
    assert load_directive(path, registry) == dataclasses.replace(
        load_directive(REAL, registry), path=str(path)
    )
    text = edit("due: 2023-05-31", "due: 2023-05-30", text=text)
    path = write(tmp_path, text)
    invalid(
        path,
        f"{at(path, lineno(text, '2023-05-30'), '3.1')}: 'due' 2023-05-30"
        " disagrees with the phrase 'hoàn thành trong tháng 5/2023' (2023-05-31)",
    )


def test_next_line_character_is_refused(tmp_path: Path) -> None:
    text = edit("Đặng Văn Minh", "Đặng Văn Minh\x85")
    path = write(tmp_path, text)
    invalid(path, f"{at(path, lineno(text, 'Đặng'))}: contains the control character U+0085")


@pytest.mark.parametrize(
    "raw",
    [
        b"\xef\xbb\xbf" + TEXT.encode("utf-8"),
        TEXT.replace("\n", "\r\n").encode("utf-8"),
        b"\xef\xbb\xbf" + TEXT.replace("\n", "\r\n").encode("utf-8"),
    ],
    ids=["bom", "crlf", "bom-crlf"],
)
def test_bom_and_crlf_load_the_same(tmp_path: Path, registry: Registry, raw: bytes) -> None:
    path = write(tmp_path, raw)
    expected = dataclasses.replace(load_directive(REAL, registry), path=str(path))
    assert load_directive(path, registry) == expected
    valid(path)


def test_line_numbers_count_crlf_lines(tmp_path: Path) -> None:
    text = edit("due: 2023-05-31", "due: 2023-05-30").replace("\n", "\r\n")
    path = write(tmp_path, text.encode("utf-8"))
    invalid(
        path,
        f"{at(path, lineno(text, '2023-05-30'), '3.1')}: 'due' 2023-05-30"
        " disagrees with the phrase 'hoàn thành trong tháng 5/2023' (2023-05-31)",
    )


def test_nfd_text_is_stored_as_nfc(tmp_path: Path, registry: Registry) -> None:
    import unicodedata

    path = write(tmp_path, unicodedata.normalize("NFD", TEXT))
    d = load_directive(path, registry)
    assert d.signer.name == "Đặng Văn Minh" and len(d.signer.name) == 13
    assert d == dataclasses.replace(load_directive(REAL, registry), path=str(path))


# --- truncated, empty, not a directive ------------------------------------------------------


def test_truncated_inside_a_flow_mapping(tmp_path: Path) -> None:
    cut = TEXT[: TEXT.index("{body: skhdt, role: assigned}") + len("{body: skhdt, ro")]
    path = write(tmp_path, cut)
    invalid(
        path,
        f"{at(path, cut.count(chr(10)) + 1)}:9: the '{{' at column 9 is not closed properly:"
        " separate the items with ',' and end them with '}' on the same line",
    )


def test_truncated_inside_a_clause(tmp_path: Path) -> None:
    cut = TEXT[: TEXT.index("    text: >-", TEXT.index('id: "7"'))]
    path = write(tmp_path, cut)
    line = lineno(cut, 'id: "7"')
    invalid(
        path,
        f"{at(path, line, '7')}: a clause is missing 'text'",
        f"{at(path, line, '7')}: a clause needs 'responsible' (or 'heading: true')",
    )


def test_truncated_inside_a_quoted_string(tmp_path: Path) -> None:
    cut = TEXT[: TEXT.index('"VPUB: CVP') + 8]
    path = write(tmp_path, cut)
    invalid(
        path,
        f"{at(path, cut.count(chr(10)) + 1)}:5: missing closing quote: the value opened with"
        ' " at column 5 is not closed on this line; add " at the end of the value',
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "is empty; expected a directive (keys such as 'schema:')"),
        ("# only a comment\n", "is empty; expected a directive (keys such as 'schema:')"),
        ("- schema: 1\n", "must be a mapping of keys (such as 'schema:'), not a list"),
        ("just words\n", "must be a mapping of keys (such as 'schema:'), not plain text"),
    ],
    ids=["empty", "comment", "list", "text"],
)
def test_not_a_directive(tmp_path: Path, content: str, message: str) -> None:
    path = write(tmp_path, content)
    line = 1 if content.startswith(("-", "just")) else 0
    invalid(path, f"{at(path, line)}: {message}")


def test_missing_keys_of_a_directive(tmp_path: Path) -> None:
    path = write(tmp_path, "schema: 1\nid: x-1\n")
    missing = ["clauses", "issued_on", "issuer", "number", "signer", "subject", "symbol", "type"]
    invalid(
        path,
        *(f"{at(path, 1)}: the directive is missing '{k}'" for k in missing),
        f"{at(path, 0)}: signer must be a mapping of keys",
    )


@pytest.mark.parametrize("key", ["issued_on", "id", "number", "subject", "  name"])
def test_empty_required_values(tmp_path: Path, key: str) -> None:
    start = TEXT.index(f"\n{key}:") + 1
    end = TEXT.index("\n", start) if key != "subject" else TEXT.index("\nsigner:")
    text = TEXT[:start] + f"{key}:" + TEXT[end:]
    path = write(tmp_path, text)
    invalid(path, f"{at(path, lineno(text, f'{key}:'))}: '{key.strip()}' must not be empty")


def test_unsupported_schema(tmp_path: Path) -> None:
    text = edit("schema: 1", "schema: 2")
    path = write(tmp_path, text)
    invalid(path, f"{at(path, lineno(text, 'schema: 2'))}: schema 2 is not supported (expected 1)")


def test_missing_file_and_folder(tmp_path: Path) -> None:
    invalid(tmp_path / "nowhere.yaml", f"{tmp_path / 'nowhere.yaml'}: no such file or folder")
    invalid(tmp_path, f"{tmp_path}: no directive files (*.yaml) in this folder")


# --- resource limits ------------------------------------------------------------------------


@pytest.mark.parametrize("opener", ["[", "{", "- "])
def test_deep_nesting_fails_quickly(tmp_path: Path, opener: str) -> None:
    if opener == "- ":
        content = "".join("  " * i + "-\n" for i in range(2000))
        line = yamlstrict.MAX_DEPTH + 1
    else:
        content = opener * 100_000
        line = 1
    path = write(tmp_path, content)
    started = time.perf_counter()
    invalid(path, f"{at(path, line)}: nesting is deeper than {yamlstrict.MAX_DEPTH} levels")
    assert time.perf_counter() - started < 1


# The classic "billion laughs": ten levels of ten aliases each (10^10 strings), about 500 bytes.
BILLION_LAUGHS = (
    "a: &a ["
    + ",".join(['"lol"'] * 10)
    + "]\n"
    + "".join(
        f"{name}: &{name} [{','.join(['*' + prev] * 10)}]\n"
        for prev, name in zip("abcdefghi", "bcdefghij", strict=True)
    )
)


def test_alias_bomb_fails_in_under_a_second(tmp_path: Path) -> None:
    assert 400 < len(BILLION_LAUGHS) < 600
    path = write(tmp_path, BILLION_LAUGHS)
    started = time.perf_counter()
    invalid(path, f"{at(path, 1)}: anchors (&a) are not allowed")
    with pytest.raises(DirectiveError):  # the same without the anchor: the aliases are refused
        load_directive(
            write(tmp_path, BILLION_LAUGHS.replace("&", "")), load_registry(DATA / "bodies.yaml")
        )
    assert time.perf_counter() - started < 1


def test_a_50_mb_file_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    line = b"# " + b"x" * 77 + b"\n"
    with path.open("wb") as out:
        out.write(TEXT.encode("utf-8"))
        out.write(line * ((50 * 1024 * 1024 - len(TEXT.encode("utf-8"))) // len(line)))
        out.truncate(50 * 1024 * 1024)
    started = time.perf_counter()
    invalid(path, f"{at(path, 0)}: file is 50.0 MB; the limit is 10 MB")
    assert time.perf_counter() - started < 2


def test_a_file_just_under_the_limit_is_read(tmp_path: Path, registry: Registry) -> None:
    raw = TEXT.encode("utf-8")
    padding = yamlstrict.MAX_BYTES - len(raw)
    path = write(tmp_path, raw + b"#" * (padding - 1) + b"\n")
    assert path.stat().st_size == yamlstrict.MAX_BYTES
    d = load_directive(path, registry)
    assert len(d.tasks) - len(d.inherited) == 211


# --- the registry ---------------------------------------------------------------------------


def _folder(tmp_path: Path, bodies: str, directive: str = TEXT) -> Path:
    write(tmp_path, bodies, "bodies.yaml")
    write(tmp_path, directive, "directive_2167.yaml")
    return tmp_path


def test_a_body_that_did_not_exist_on_the_directives_date(tmp_path: Path) -> None:
    bodies = edit(
        "    groups: [g1, cqcm]\n    order: 1\n",
        "    groups: [g1, cqcm]\n    order: 1\n    valid_from: 2023-06-01\n",
        text=BODIES,
    )
    folder = _folder(tmp_path, bodies)
    path = folder / "directive_2167.yaml"
    in_3_1 = lineno(TEXT, "{body: vpub", after='id: "3.1"')
    in_3_2 = lineno(TEXT, "{body: vpub", after='id: "3.2"')
    invalid(
        folder,
        f"{at(path, in_3_1, '3.1')}: body 'vpub' did not exist on 2023-05-16",
        f"{at(path, in_3_2, '3.2')}: body 'vpub' did not exist on 2023-05-16",
    )


def test_a_body_abolished_before_the_directive(tmp_path: Path) -> None:
    text = edit(
        "{body: vpub, role: assigned}", "{body: h-lyson, role: assigned}", after='id: "3.1"'
    )
    text = edit("issued_on: 2023-05-16", "issued_on: 2025-07-01", text=text)
    text = edit("due: 2023-12-31", "due: 2025-12-31", text=text)
    text = edit("ngay trong năm 2023", "ngay trong năm 2025", text=text)
    text = edit("due: 2023-05-31", "due: 2025-07-31", text=text)
    text = edit("trong tháng 5/2023", "trong tháng 7/2025", text=text, after="kind: fixed")
    path = write(tmp_path, text)
    # By 1/7/2025 the districts were gone and ten departments had merged (1/3/2025): each named
    # body is refused with the body that carries its work on.
    merged = {
        "skhdt": "stc-2025 (Sở Tài chính)",
        "stc": "stc-2025 (Sở Tài chính)",
        "sxd": "sxd-2025 (Sở Xây dựng)",
        "sgtvt": "sxd-2025 (Sở Xây dựng)",
        "snnptnt": "snnmt (Sở Nông nghiệp và Môi trường)",
        "stnmt": "snnmt (Sở Nông nghiệp và Môi trường)",
        "sldtbxh": "snv-2025 (Sở Nội vụ)",
        "skhcn": "skhcn-2025 (Sở Khoa học và Công nghệ)",
        "stttt": "skhcn-2025 (Sở Khoa học và Công nghệ)",
        "snv": "snv-2025 (Sở Nội vụ)",
        "bdt": "sdttg (Sở Dân tộc và Tôn giáo)",
    }
    clause_2 = ["skhdt", "stc", "sxd", "sgtvt", "snnptnt", "stnmt", "sldtbxh", "skhcn"]
    named = [("2", b) for b in [*clause_2, "stttt", "snv", "bdt"]]
    named += [("4", "snv"), ("5", "sldtbxh"), ("5", "snnptnt")]
    named += [(c, b) for c in ("6a", "6b") for b in ("skhdt", "sgtvt")]
    expected = [
        f"{at(path, lineno(text, '{group: g3', after=f'id: {c}'), c)}:"
        " group 'g3' has no bodies on 2025-07-01"
        for c in ("1a", "1b", "1c", "1d")
    ]
    for c, b in named:
        if c == "4":
            expected.append(
                f"{at(path, lineno(text, 'h-lyson'), '3.1')}: body 'h-lyson' ceased to exist"
                " after 2025-06-30, so not on 2025-07-01; successors: dk-lyson (UBND đặc khu Lý Sơn)"
            )
        line = lineno(
            text,
            f"{{body: {b},",
            after=f'id: "{c}"' if c[0].isdigit() and len(c) == 1 else f"id: {c}",
        )
        expected.append(
            f"{at(path, line, c)}: body '{b}' ceased to exist after 2025-02-28, so not on"
            f" 2025-07-01; successors: {merged[b]}"
        )
    invalid(path, *expected)


def test_a_group_means_its_members_on_the_directives_date(
    tmp_path: Path, registry: Registry
) -> None:
    # Thị xã Đức Phổ exists since 2020-02-01: a 2019 letter to "UBND các huyện" did not reach it.
    text = edit("issued_on: 2023-05-16", "issued_on: 2019-12-31")
    d = load_directive(write(tmp_path, text), registry)
    g3 = [
        t.body
        for t in d.tasks
        if t.clause == "1a" and t.body in {b.id for b in registry.members("g3")}
    ]
    assert len(g3) == 12 and "tx-ducpho" not in g3
    assert len(d.tasks) - len(d.inherited) == 211 - 4


def test_two_bodies_sharing_an_alias(tmp_path: Path) -> None:
    bodies = edit("aliases: [SNV, Sở NV]", "aliases: [SNV, Sở NV, VPUB]", text=BODIES)
    folder = _folder(tmp_path, bodies)
    path = folder / "bodies.yaml"
    invalid(
        folder,
        f"{at(path, lineno(bodies, '- id: snv'))}: 'VPUB' of body 'snv' is also"
        f" a name of 'vpub' (line {lineno(bodies, '- id: vpub')})",
    )


def test_an_alias_that_is_another_bodys_name_up_to_case_and_spaces(tmp_path: Path) -> None:
    bodies = edit(
        "aliases: [SNV, Sở NV]", "aliases: [SNV, Sở NV, văn phòng  UBND tỉnh]", text=BODIES
    )
    folder = _folder(tmp_path, bodies)
    path = folder / "bodies.yaml"
    invalid(
        folder,
        f"{at(path, lineno(bodies, '- id: snv'))}: 'văn phòng UBND tỉnh' of"
        f" body 'snv' is also a name of 'vpub' (line {lineno(bodies, 'id: vpub')})",
    )


def test_names_that_only_fold_alike_are_allowed(tmp_path: Path) -> None:
    bodies = edit("aliases: [SNV, Sở NV]", "aliases: [SNV, Số NV]", text=BODIES)
    registry = load_registry(write(tmp_path, bodies, "bodies.yaml"))
    assert registry.body("snv").aliases == ("SNV", "Số NV")


@pytest.mark.parametrize(
    ("old", "new", "after", "needle", "message"),
    [
        (
            "    groups: [g1, cqcm]\n",
            "    groups: [g9, cqcm]\n",
            None,
            "- id: vpub",
            "body 'vpub' names unknown group 'g9'",
        ),
        (
            "  - id: snv\n",
            "  - id: vpub\n",
            "Văn phòng UBND tỉnh",
            "- id: vpub",
            "duplicate body id 'vpub'",
        ),
        (
            "  - id: snv\n",
            "  - id: Sở-NV\n",
            None,
            "Sở-NV",
            "'Sở-NV' is not a valid body id (lower-case letters, digits, '-')",
        ),
        (
            "    order: 2\n",
            "    order: hai\n",
            "id: snv",
            "order: hai",
            "'order' must be a whole number, not 'hai'",
        ),
        (
            "    order: 2\n",
            "    order: 2\n    phone: 0255\n",
            "id: snv",
            "phone:",
            "unknown key 'phone' in a body (allowed: aliases, groups, id, name, note, order,"
            " source, successors, valid_from, valid_to)",
        ),
        (
            "    valid_to: 2025-06-30\n",
            "    valid_from: 2026-01-01\n    valid_to: 2025-06-30\n",
            None,
            "- id: tp-quangngai",
            "body 'tp-quangngai': valid_to is before valid_from",
        ),
        (
            "    short: Sở, ban ngành\n",
            "    short: Sở, ban ngành\n    color: red\n",
            None,
            "color:",
            "unknown key 'color' in a group (allowed: id, name, name_en, note, order, short, short_en)",
        ),
        (
            "\nbodies:",
            "  - {id: g1, name: Sở}\n\nbodies:",
            None,
            "{id: g1",
            "duplicate group id 'g1'",
        ),
        ("schema: 1\n", "schema: 2\n", None, "schema:", "schema 2 is not supported (expected 1)"),
    ],
    ids=[
        "group",
        "duplicate-id",
        "id-shape",
        "order",
        "unknown-key",
        "validity",
        "group-key",
        "duplicate-group",
        "schema",
    ],
)
def test_registry_rules(
    tmp_path: Path, old: str, new: str, after: str | None, needle: str, message: str
) -> None:
    bodies = edit(old, new, after=after, text=BODIES)
    folder = _folder(tmp_path, bodies)
    # the needle is searched after the edit's anchor, so that it finds the edited entry
    line = lineno(bodies, needle, after=after) if after else lineno(bodies, needle)
    invalid(folder, f"{at(folder / 'bodies.yaml', line)}: {message}")


# --- every problem, several files -----------------------------------------------------------


def test_validate_reports_every_problem_of_a_file(tmp_path: Path) -> None:
    text = edit("place: Quảng Ngãi\n", "place: Quảng Ngãi\nlang: vi\n")
    text = edit("due: 2023-12-31", "due: 2023-02-31", text=text)
    text = edit("{body: skhdt, role: assigned}", "{body: skhđtt, role: assigned}", text=text)
    text = edit("    partners:\n", "    owner: vpub\n    partners:\n", text=text)
    text = edit("kind: urgent", "kind: asap", text=text)
    text = edit("  - id: 6b\n", "  - id: 6a\n", text=text)
    text = edit("{body: cat, role: assigned}", "{body: cat, role: chủ tịch}", text=text)
    path = write(tmp_path, text)
    invalid(
        path,
        f"{at(path, lineno(text, 'lang:'))}: unknown key 'lang' in the directive"
        f" (allowed: {TOP_KEYS})",
        f"{at(path, lineno(text, '2023-02-31'), '1a')}: 'due': '2023-02-31' is not a real date",
        f"{at(path, lineno(text, 'skhđtt'), '2')}: unknown body 'skhđtt' (not in bodies.yaml);"
        " did you mean: skhdt (Sở Kế hoạch và Đầu tư)?",
        f"{at(path, lineno(text, 'owner:'), '3.2')}: unknown key 'owner' in a clause (allowed:"
        " deadline, heading, id, note, partners, responsible, text, title)",
        f"{at(path, lineno(text, 'asap'), '6a.1')}: 'kind' is 'asap'; expected one of: fixed,"
        " target, period, ongoing, recurring, urgent, event",
        f"{at(path, lineno(text, '- id: 6a', after='id: 6a.1'), '6a')}: duplicate clause id '6a'",
        f"{at(path, lineno(text, 'role: chủ tịch'), '7')}: 'role' is 'chủ tịch'; expected one of:"
        " lead (chủ trì), assigned (thực hiện), support (phối hợp)",
    )


def test_validate_reports_the_problems_of_every_file_of_a_folder(tmp_path: Path) -> None:
    a = edit("due: 2023-05-31", "due: 2023-05-30")
    b = edit("id: 2167-2023", "id: 2168-2023", text=edit("place: Quảng Ngãi", "place: [x]"))
    pa, pb = write(tmp_path, a, "a.yaml"), write(tmp_path, b, "b.yaml")
    invalid(
        tmp_path,
        f"{at(pa, lineno(a, '2023-05-30'), '3.1')}: 'due' 2023-05-30 disagrees with the"
        " phrase 'hoàn thành trong tháng 5/2023' (2023-05-31)",
        f"{at(pb, lineno(b, '[x]'))}: 'place' must be text, not a list or mapping",
    )


def test_two_directive_files_with_the_same_id(tmp_path: Path) -> None:
    shutil.copy(REAL, tmp_path / "a.yaml")
    shutil.copy(REAL, tmp_path / "b.yaml")
    invalid(
        tmp_path,
        f"{tmp_path / 'b.yaml'}: directive id '2167-2023' is also used by {tmp_path / 'a.yaml'}",
    )


def test_two_directives_side_by_side(tmp_path: Path) -> None:
    shutil.copy(REAL, tmp_path / "directive_2167.yaml")
    write(tmp_path, edit("id: 2167-2023", "id: 2168-2023"), "directive_2168.yaml")
    shutil.copy(DATA / "bodies.yaml", tmp_path / "bodies.yaml")
    valid(tmp_path, 2, 32, 422, inherited=398)
    assert [d.id for d in load_catalog(tmp_path).directives] == ["2167-2023", "2168-2023"]


def test_directive_error_carries_every_problem(tmp_path: Path, registry: Registry) -> None:
    text = edit("due: 2023-05-31", "due: 2023-05-30")
    text = edit("kind: urgent", "kind: asap", text=text)
    with pytest.raises(DirectiveError) as caught:
        load_directive(write(tmp_path, text), registry)
    assert [(p.clause, p.line) for p in caught.value.problems] == [
        ("3.1", lineno(text, "2023-05-30")),
        ("6a.1", lineno(text, "asap")),
    ]
    assert str(caught.value) == str(caught.value.problems[0])


def test_a_problem_is_always_one_line(tmp_path: Path, registry: Registry) -> None:
    text = edit("place: Quảng Ngãi\n", 'place: Quảng Ngãi\n"two\\nlines": x\n')
    with pytest.raises(DirectiveError) as caught:
        load_directive(write(tmp_path, text), registry)
    [problem] = caught.value.problems
    assert "\n" not in str(problem)
    assert str(problem).endswith(f"unknown key 'two lines' in the directive (allowed: {TOP_KEYS})")


def test_a_long_value_is_cut_in_the_message(tmp_path: Path, registry: Registry) -> None:
    long = "x" * 500
    text = edit("{body: cat, role: assigned}", f"{{body: {long}, role: assigned}}")
    with pytest.raises(DirectiveError) as caught:
        load_directive(write(tmp_path, text), registry)
    [problem] = caught.value.problems
    assert problem.message == (
        f"unknown body '{'x' * 59}…' (not in bodies.yaml); see the list: directive bodies"
    )


# --- no input makes anything but DirectiveError escape --------------------------------------

REAL_LINES = REAL.read_bytes().splitlines(keepends=True)
BODY_LINES = (DATA / "bodies.yaml").read_bytes().splitlines(keepends=True)
TOKENS = [
    b"&a ",
    b"*a",
    b"!!str ",
    b"!x ",
    b"{",
    b"}",
    b"[",
    b"]",
    b"- ",
    b": ",
    b"'",
    b'"',
    b"\t",
    b"\xff",
    b"\x00",
    b"\xef\xbb\xbf",
    b"~",
    b"---\n",
    b"...\n",
    b"? ",
    b"|",
    b">",
    b"#",
    b"%YAML 1.1\n",
    b"\r",
    b"\\",
    b",",
    b"2023-02-31",
    b"kind: period",
    b"due: ",
    b"rrule: FREQ=DAILY;INTERVAL=0",
    b"id: 1a",
    b"group: g9",
    b"body: x",
    b"\xc3",
    "\u2028".encode(),
    "\x85".encode(),
    b"  ",
    b"\n",
    b"0000",
    b"heading: true\n",
]


@st.composite
def mutated(draw: st.DrawFn, lines: list[bytes]) -> bytes:
    """A few random line and byte edits of a real file."""
    out = list(lines)
    for _ in range(draw(st.integers(1, 4))):
        if not out:
            break
        i = draw(st.integers(0, len(out) - 1))
        op = draw(
            st.sampled_from(
                [
                    "delete",
                    "duplicate",
                    "move",
                    "indent",
                    "dedent",
                    "insert",
                    "replace",
                    "truncate",
                    "cut",
                    "blank",
                ]
            )
        )
        if op == "delete" and len(out) > 1:
            del out[i]
        elif op == "duplicate":
            out.insert(i, out[i])
        elif op == "move":
            out.insert(draw(st.integers(0, len(out) - 1)), out.pop(i))
        elif op == "indent":
            out[i] = b"  " + out[i]
        elif op == "dedent":
            out[i] = out[i][2:] if out[i].startswith(b"  ") else out[i]
        elif op in ("insert", "replace"):
            at_ = draw(st.integers(0, len(out[i])))
            piece = draw(st.one_of(st.sampled_from(TOKENS), st.binary(max_size=4)))
            end = at_ + (draw(st.integers(0, 6)) if op == "replace" else 0)
            out[i] = out[i][:at_] + piece + out[i][end:]
        elif op == "truncate":
            out = out[: i + 1]
            out[-1] = out[-1][: draw(st.integers(0, len(out[-1])))]
        elif op == "blank" and b": " in out[i]:  # drop a value, keep its key
            out[i] = out[i][: out[i].index(b": ") + 1] + b"\n"
        elif op == "cut":
            j = draw(st.integers(i, min(len(out), i + 20)))
            del out[i:j]
    return b"".join(out)


FUZZ = settings(
    max_examples=500, deadline=2000, database=None, suppress_health_check=[HealthCheck.too_slow]
)


def _only_directive_errors(load: object, path: Path) -> None:
    try:
        load()  # type: ignore[operator]
    except DirectiveError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert isinstance(problem, Problem) and problem.path == str(path)
            assert "\n" not in str(problem) and "\r" not in str(problem)


@pytest.fixture(scope="module")
def fuzz_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@FUZZ
@given(raw=mutated(REAL_LINES))
def test_mutated_directive_raises_only_directive_error(
    raw: bytes, fuzz_dir: Path, registry: Registry
) -> None:
    path = fuzz_dir / "directive.yaml"
    path.write_bytes(raw)
    _only_directive_errors(lambda: load_directive(path, registry), path)


@settings(FUZZ, max_examples=250)
@given(raw=mutated(BODY_LINES))
def test_mutated_registry_raises_only_directive_error(raw: bytes, fuzz_dir: Path) -> None:
    path = fuzz_dir / "bodies.yaml"
    path.write_bytes(raw)
    _only_directive_errors(lambda: load_registry(path), path)


@settings(FUZZ, max_examples=400)
@given(raw=st.one_of(st.binary(max_size=200), st.text(max_size=200).map(str.encode)))
def test_any_bytes_give_only_yaml_problem(raw: bytes) -> None:
    try:
        yamlstrict.parse(yamlstrict.decode(raw))
    except yamlstrict.YamlProblem as exc:
        assert "\n" not in exc.message


# --- docs/data-format.md tells the truth ----------------------------------------------------

DOC = (Path(__file__).resolve().parent.parent / "docs" / "data-format.md").read_text(
    encoding="utf-8"
)


def _block(after: str, fence: str) -> str:
    start = DOC.index(fence, DOC.index(after)) + len(fence)
    return DOC[start : DOC.index("```", start)]


def test_the_documented_example_is_valid(
    cli: Cli, tmp_path: Path, registry: Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DIRECTIVE_LANG", "vi")  # the documentation shows the default
    example = _block("<!-- example: directive_0123.yaml -->", "```yaml\n")
    path = write(tmp_path, example, "directive_0123.yaml")
    shutil.copy(DATA / "bodies.yaml", tmp_path / "bodies.yaml")
    result = cli("validate", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert result.stdout == _block("When everything is in order", "```text\n")
    d = load_directive(path, registry)
    assert [(t.clause, t.body, t.role) for t in d.tasks if t.clause == "2"] == [
        ("2", "snv", "lead"),
        ("2", "stc", "support"),
        # The clause recurs: it passed to the merged departments of 1/3/2025.
        ("2", "snv-2025", "lead"),
        ("2", "stc-2025", "support"),
    ]
    assert len([t for t in d.tasks if t.clause == "1a"]) == 13


def test_the_documented_failure_is_real_output(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    example = _block("<!-- example: directive_0123.yaml -->", "```yaml\n")
    bad = edit("{body: stc, role: support}", "{body: sotc, role: support}", text=example)
    bad = edit("{body: snv, role: lead}", "{body: snvv, role: lead}", text=bad)
    bad = edit("due: 2023-06-30", "due: 2023-06-31", text=bad)
    bad = edit("    partners:", "    parters:", text=bad)
    write(tmp_path, bad, "bad.yaml")
    shutil.copy(DATA / "bodies.yaml", tmp_path)  # checked against the registry beside it
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DIRECTIVE_LANG", "vi")  # the documentation shows the default
    result = cli("validate", "bad.yaml")
    assert result.exit_code == Exit.DATA
    assert result.stderr == _block("lists **every** problem", "```text\n")


def test_every_key_and_value_is_documented() -> None:
    from directive_cli import load, registry_file
    from directive_cli.model import DeadlineKind, Role, SuccessionKind

    registry_keys = {
        "schema",
        "groups",
        "bodies",
        "id",
        "name",
        "short",
        "order",
        "note",
        "aliases",
        "valid_from",
        "valid_to",
        "source",
        "successors",
    }
    other = {
        "name",
        "title",
        "group",
        "text",
        "type",
        "reference",
        "issued_on",
        "issuer",
        "mention",
        "body",
        "related",
        "role",
    }
    words = (
        load._TOP
        | load._CLAUSE
        | load._DEADLINE
        | registry_keys
        | other
        | {k.value for k in DeadlineKind}
        | {r.value for r in Role}
        | {r.value for r in ReportsOn}
        | registry_file._SUCCESSION
        | {k.value for k in SuccessionKind}
    )
    assert sorted(w for w in words if f"`{w}`" not in DOC) == []


def test_validate_speaks_vietnamese_by_default(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DIRECTIVE_LANG")
    text = edit("role: assigned", "role: leader")
    text = edit("kind: urgent", "kind: asap", text=text)
    text = edit("place: Quảng Ngãi", "place: Quảng Ngãi\nplce: x", text=text)
    path = write(tmp_path, text)
    result = cli("validate", str(path))
    assert result.exit_code == Exit.DATA
    assert result.stderr.splitlines() == [
        f"Lưu ý: không có bodies.yaml bên cạnh {path}: đã dùng sổ cơ quan kèm theo ({BUNDLED})",
        "3 lỗi:",
        f"  {path}:{lineno(text, 'plce: x')}: khóa lạ 'plce' trong văn bản (được dùng: addressees,"
        " clauses, documents, id, implements, issued_on, issuer, note, number, place, recipients,"
        " schema, signer, subject, symbol, type)",
        f"  {path}:{lineno(text, 'role: leader')} (điểm 1a): 'role' là 'leader'; chỉ nhận: lead"
        " (chủ trì), assigned (thực hiện), support (phối hợp)",
        f"  {path}:{lineno(text, 'kind: asap')} (điểm 6a.1): 'kind' là 'asap'; chỉ nhận: fixed,"
        " target, period, ongoing, recurring, urgent, event",
    ]
