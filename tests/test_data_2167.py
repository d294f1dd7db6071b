"""Golden tests: the encoding of letter 2167/UBND-KTTH, pinned whole, and checked against the letter."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
import unicodedata
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from directive_cli import yamlstrict
from directive_cli.load import Catalog, bundled_data, load_catalog
from directive_cli.model import Clause, DeadlineKind, Directive, Registry, Role, Task

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"
LETTER = Path("/work/shared/seed/000_bdbcf756a454528e.txt")

G1 = [
    "vpub",
    "snv",
    "stp",
    "skhdt",
    "stc",
    "sct",
    "snnptnt",
    "sgtvt",
    "sxd",
    "stnmt",
    "stttt",
    "sldtbxh",
    "svhttdl",
    "skhcn",
    "sgddt",
    "syt",
    "sngv",
    "ttt",
    "bdt",
    "bqlkkt",
]
G2 = [
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
]
G3 = [
    "tp-quangngai",
    "tx-ducpho",
    "h-binhson",
    "h-sontinh",
    "h-tunghia",
    "h-nghiahanh",
    "h-moduc",
    "h-bato",
    "h-minhlong",
    "h-sonha",
    "h-sontay",
    "h-trabong",
    "h-lyson",
]
EVERYONE = G1 + G2 + G3

CLAUSE_IDS = [
    "1",
    "1a",
    "1b",
    "1c",
    "1d",
    "2",
    "3",
    "3.1",
    "3.2",
    "4",
    "5",
    "6",
    "6a",
    "6a.1",
    "6b",
    "7",
]
HEADINGS = ["1", "3", "6"]

# The 16 bodies of clause 2, in the letter's order (not the registry's).
CLAUSE_2 = [
    "skhdt",
    "stc",
    "sct",
    "sxd",
    "sgtvt",
    "snnptnt",
    "stnmt",
    "svhttdl",
    "sldtbxh",
    "syt",
    "sgddt",
    "skhcn",
    "stttt",
    "snv",
    "bdt",
    "bqlkkt",
]

LEAD, ASSIGNED, SUPPORT = Role.LEAD, Role.ASSIGNED, Role.SUPPORT
# clause → its `responsible` lines as (kind, name, role), exactly as encoded: only clause 4
# says "chủ trì" and "phối hợp"; every other body the letter names is assigned ("thực hiện"),
# and so are its open "… liên quan" groups.
RESPONSIBLE: dict[str, list[tuple[str, str, Role]]] = {
    "1": [],
    **{
        c: [("group", "g1", ASSIGNED), ("group", "g2", ASSIGNED), ("group", "g3", ASSIGNED)]
        for c in ("1a", "1b", "1c", "1d")
    },
    "2": [("body", b, ASSIGNED) for b in CLAUSE_2]
    + [("related", "các sở, ngành, đơn vị, địa phương có liên quan", ASSIGNED)],
    "3": [],
    "3.1": [("body", "vpub", ASSIGNED)],
    "3.2": [("body", "vpub", ASSIGNED)],
    "4": [
        ("body", "snv", LEAD),
        ("related", "các cơ quan, đơn vị, địa phương có liên quan", SUPPORT),
    ],
    "5": [("body", "sldtbxh", ASSIGNED), ("body", "snnptnt", ASSIGNED)],
    "6": [],
    "6a": [
        ("body", "svhttdl", ASSIGNED),
        ("body", "skhdt", ASSIGNED),
        ("body", "sgtvt", ASSIGNED),
        ("related", "các sở, ngành, đơn vị liên quan", ASSIGNED),
    ],
    "6a.1": [("body", "svhttdl", ASSIGNED)],
    "6b": [
        ("body", "svhttdl", ASSIGNED),
        ("body", "skhdt", ASSIGNED),
        ("body", "sgtvt", ASSIGNED),
        ("related", "các sở, ngành, đơn vị liên quan", ASSIGNED),
    ],
    "7": [("body", "cat", ASSIGNED), ("body", "bchqs", ASSIGNED), ("body", "bdbp", ASSIGNED)],
}

# clause → the bodies the letter gives a task, in order (the lead of clause 4 aside, each is
# assigned); the tasks passed to successors in 2025 come after them (INHERITED).
TASK_BODIES: dict[str, list[str]] = {
    "1": [],
    "1a": EVERYONE,
    "1b": EVERYONE,
    "1c": EVERYONE,
    "1d": EVERYONE,
    "2": CLAUSE_2,
    "3": [],
    "3.1": ["vpub"],
    "3.2": ["vpub"],
    "4": ["snv"],
    "5": ["sldtbxh", "snnptnt"],
    "6": [],
    "6a": ["svhttdl", "skhdt", "sgtvt"],
    "6a.1": ["svhttdl"],
    "6b": ["svhttdl", "skhdt", "sgtvt"],
    "7": ["cat", "bchqs", "bdbp"],
}

# clause → (kind, due, start, rrule, source): the deadline as the letter states it.
K = DeadlineKind
DEADLINES: dict[str, tuple[DeadlineKind, date | None, date | None, str | None, str | None]] = {
    "1": (K.ONGOING, None, None, None, None),
    "1a": (K.TARGET, date(2023, 12, 31), None, None, "ngay trong năm 2023"),
    "1b": (K.ONGOING, None, None, None, "Thường xuyên"),
    "1c": (
        K.RECURRING,
        None,
        None,
        None,
        "định kỳ báo cáo Tỉnh ủy, Ban Thường vụ Tỉnh ủy theo quy định",
    ),
    "1d": (
        K.EVENT,
        None,
        None,
        None,
        "phải kịp thời báo cáo, tham mưu cấp thẩm quyền xem xét, giải quyết",
    ),
    "2": (K.ONGOING, None, None, None, None),
    "3": (K.ONGOING, None, None, None, None),
    "3.1": (K.FIXED, date(2023, 5, 31), None, None, "hoàn thành trong tháng 5/2023"),
    "3.2": (K.ONGOING, None, None, None, None),
    "4": (K.ONGOING, None, None, None, None),
    "5": (K.ONGOING, None, None, None, "trong thời gian đến"),
    "6": (K.ONGOING, None, None, None, None),
    "6a": (K.ONGOING, None, None, None, None),
    "6a.1": (K.URGENT, None, None, None, "khẩn trương xây dựng Đề án"),
    "6b": (K.ONGOING, None, None, None, None),
    "7": (K.ONGOING, None, None, None, None),
}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(DATA)


@pytest.fixture(scope="module")
def d(catalog: Catalog) -> Directive:
    [directive] = catalog.directives
    return directive


@pytest.fixture(scope="module")
def registry(catalog: Catalog) -> Registry:
    return catalog.registry


def _who(clause: Clause) -> list[tuple[str, str, Role]]:
    out = []
    for r in clause.responsible:
        kind, name = next(
            (k, v) for k, v in (("body", r.body), ("group", r.group), ("related", r.related)) if v
        )
        out.append((kind, name, r.role))
    return out


# --- clauses --------------------------------------------------------------------------------


def test_clause_ids_in_the_letters_order(d: Directive) -> None:
    assert [c.id for c in d.clauses] == CLAUSE_IDS


def test_headings_are_exactly_1_3_6_and_carry_no_bodies(d: Directive) -> None:
    assert [c.id for c in d.clauses if c.heading] == HEADINGS
    assert all(c.responsible == () for c in d.clauses if c.heading)


@pytest.mark.parametrize("cid", CLAUSE_IDS)
def test_each_clause_names_exactly_its_bodies_and_roles(d: Directive, cid: str) -> None:
    clause = d.clause(cid)
    assert clause is not None
    assert _who(clause) == RESPONSIBLE[cid]


def _letters(d: Directive) -> list[Task]:
    """The tasks the letter itself gives (not those passed to successors in 2025)."""
    return [t for t in d.tasks if d.inheritance(t.clause, t.body) is None]


@pytest.mark.parametrize("cid", CLAUSE_IDS)
def test_each_clause_gives_exactly_these_tasks(d: Directive, cid: str) -> None:
    tasks = [(t.body, t.role) for t in _letters(d) if t.clause == cid]
    role = LEAD if cid == "4" else ASSIGNED
    assert tasks == [(b, role) for b in TASK_BODIES[cid]]


# The merged departments of 1/3/2025 and Sở Dân tộc và Tôn giáo, with their predecessors.
DEPARTMENTS_2025 = [
    ("snv-2025", ("snv", "sldtbxh")),
    ("stc-2025", ("skhdt", "stc")),
    ("snnmt", ("snnptnt", "stnmt")),
    ("sxd-2025", ("sgtvt", "sxd")),
    ("skhcn-2025", ("stttt", "skhcn")),
    ("sdttg", ("bdt",)),
]
MARCH, JULY = date(2025, 3, 1), date(2025, 7, 1)


def test_standing_obligations_passed_to_the_successors(d: Directive, registry: Registry) -> None:
    inherited: dict[str, list[tuple[str, date, tuple[str, ...]]]] = {}
    for i in d.inherited:
        inherited.setdefault(i.clause, []).append((i.body, i.since, i.sources))
    # Only ongoing, recurring and event-driven clauses pass: 1a (a target), 3.1 (a date) and
    # 6a.1 (an urgent one-off) stay with the body that ended, as transferred.
    assert sorted(inherited, key=CLAUSE_IDS.index) == ["1b", "1c", "1d", "2", "4", "5", "6a", "6b"]
    departments = [(b, MARCH, sources) for b, sources in DEPARTMENTS_2025]
    assert inherited["2"] == departments
    assert inherited["4"] == [("snv-2025", MARCH, ("snv",))]
    assert inherited["5"] == [("snv-2025", MARCH, ("sldtbxh",)), ("snnmt", MARCH, ("snnptnt",))]
    for cid in ("6a", "6b"):
        assert inherited[cid] == [("stc-2025", MARCH, ("skhdt",)), ("sxd-2025", MARCH, ("sgtvt",))]
    for cid in ("1b", "1c", "1d"):
        assert inherited[cid][:6] == departments
        units = inherited[cid][6:]
        # The 56 units formed from old Quảng Ngãi (S15), each from the districts it came from.
        assert len(units) == 56 and {since for _, since, _ in units} == {JULY}
        assert dict((b, s) for b, _, s in units)["x-dongson"] == ("tp-quangngai", "h-binhson")
        assert dict((b, s) for b, _, s in units)["dk-lyson"] == ("h-lyson",)
        assert all(registry.body(b).valid_on(since) for b, since, _ in units)
    # Clause 4's lead stays the lead; every other inherited task is assigned.
    roles = {(t.clause, t.body): t.role for t in d.tasks}
    assert roles[("4", "snv-2025")] is LEAD
    assert {roles[(i.clause, i.body)] for i in d.inherited if i.clause != "4"} == {ASSIGNED}


@pytest.mark.parametrize("cid", CLAUSE_IDS)
def test_each_deadline_exactly(d: Directive, cid: str) -> None:
    clause = d.clause(cid)
    assert clause is not None
    dl = clause.deadline
    assert (dl.kind, dl.due, dl.start, dl.rrule, dl.source) == DEADLINES[cid]


def test_the_one_hard_date_is_3_1_for_the_provincial_office(d: Directive) -> None:
    fixed = [
        (c.id, c.deadline.due, c.deadline.source)
        for c in d.clauses
        if c.deadline.kind is DeadlineKind.FIXED
    ]
    assert fixed == [("3.1", date(2023, 5, 31), "hoàn thành trong tháng 5/2023")]
    assert [t.body for t in d.tasks if t.clause == "3.1"] == ["vpub"]
    dated = [(c.id, c.deadline.kind, c.deadline.due) for c in d.clauses if c.deadline.due]
    assert dated == [("1a", K.TARGET, date(2023, 12, 31)), ("3.1", K.FIXED, date(2023, 5, 31))]


def test_deadline_notes(d: Directive) -> None:
    notes = {c.id: c.deadline.note for c in d.clauses if c.deadline.note}
    assert notes == {
        "1b": '"giai đoạn 2021 - 2025" là kỳ của kế hoạch được rà soát, không phải thời hạn;'
        ' "khẩn trương" không kèm ngày.',
        "1c": 'Văn bản không nêu chu kỳ báo cáo ("theo quy định").',
    }


def test_partners_of_3_2(d: Directive) -> None:
    assert {c.id: list(c.partners) for c in d.clauses if c.partners} == {
        "3.2": [
            "các sở, ban, ngành tỉnh",
            "Văn phòng Tỉnh ủy",
            "Văn phòng Đoàn đại biểu Quốc hội và HĐND tỉnh",
        ],
    }


def test_clause_5_notes_the_scan_typo(d: Directive) -> None:
    assert {c.id: c.note for c in d.clauses if c.note} == {
        "5": '"Ban sự đảng" trong bản quét là "Ban cán sự đảng".'
    }


# --- groups and fan-out ---------------------------------------------------------------------


def test_groups_hold_these_bodies_in_protocol_order(registry: Registry) -> None:
    assert [g.id for g in registry.groups] == ["g1", "g2", "g3", "g4", "cqcm"]
    then = date(2023, 5, 16)
    assert [b.id for b in registry.members("g1") if b.valid_on(then)] == G1
    assert [b.id for b in registry.members("g2") if b.valid_on(then)] == G2
    assert [b.id for b in registry.members("g3") if b.valid_on(then)] == G3
    assert (len(G1), len(G2), len(G3), len(EVERYONE)) == (20, 12, 13, 45)
    assert [b.id for b in registry.on(then)] == EVERYONE
    # The 19 specialised agencies of 2023: G1 without the economic-zone board.
    assert [b.id for b in registry.members("cqcm") if b.valid_on(then)] == G1[:-1]


@pytest.mark.parametrize("cid", ["1a", "1b", "1c", "1d"])
def test_clause_1_fans_out_to_every_addressee(d: Directive, registry: Registry, cid: str) -> None:
    bodies = [t.body for t in _letters(d) if t.clause == cid]
    assert bodies == EVERYONE
    assert sorted(bodies, key=registry.protocol_key) == bodies


def test_total_tasks(d: Directive) -> None:
    assert len(_letters(d)) == 211 == 4 * 45 + 16 + 1 + 1 + 1 + 2 + 3 + 1 + 3 + 3
    # Passed on in 2025: 3 × (6 departments + 56 units) + 6 + 1 + 2 + 2 + 2.
    assert len(d.inherited) == 199 == 3 * 62 + 6 + 1 + 2 + 2 + 2
    assert len(d.tasks) == len({t.ref for t in d.tasks}) == 410
    assert {t.directive for t in d.tasks} == {"2167-2023"}


def test_open_related_groups_make_no_task(d: Directive) -> None:
    related = [(c.id, r.related) for c in d.clauses for r in c.responsible if r.related]
    assert related == [
        ("2", "các sở, ngành, đơn vị, địa phương có liên quan"),
        ("4", "các cơ quan, đơn vị, địa phương có liên quan"),
        ("6a", "các sở, ngành, đơn vị liên quan"),
        ("6b", "các sở, ngành, đơn vị liên quan"),
    ]
    assert [t.ref for t in d.tasks if t.role is Role.SUPPORT] == []
    for cid in ("2", "4", "6a", "6b"):
        named = [r.body for c in d.clauses if c.id == cid for r in c.responsible if r.body]
        assert [t.body for t in _letters(d) if t.clause == cid] == named


def test_every_body_existed_on_the_letters_date(d: Directive, registry: Registry) -> None:
    assert all(registry.body(t.body).valid_on(d.issued_on) for t in _letters(d))
    # ... and every successor from the day its task passed to it.
    assert all(registry.body(i.body).valid_on(i.since) for i in d.inherited)


def test_the_hand_filled_number_and_day_are_said_in_the_data(d: Directive) -> None:
    assert d.note == (
        'Số và ngày được điền tay trên bản quét: "Số: ~~2167~~ UBND-KTTH" và "ngày ~~16~~ tháng 5'
        ' năm 2023" (phần gạch là chữ viết tay); dấu "/" giữa số và ký hiệu bị mất khi quét.'
    )


# --- metadata -------------------------------------------------------------------------------


def test_metadata(d: Directive) -> None:
    assert (d.id, d.number, d.symbol, d.reference, d.type) == (
        "2167-2023",
        "2167",
        "UBND-KTTH",
        "2167/UBND-KTTH",
        "Công văn",
    )
    assert (d.issuer, d.place, d.issued_on) == (
        "Ủy ban nhân dân tỉnh Quảng Ngãi",
        "Quảng Ngãi",
        date(2023, 5, 16),
    )
    assert d.subject == (
        "V/v triển khai thực hiện Kết luận số 1753-KL/TU ngày 19/4/2023 của Ban Thường vụ Tỉnh ủy"
    )
    assert (d.signer.name, d.signer.title) == ("Đặng Văn Minh", "Chủ tịch")


def test_implements_conclusion_1753(d: Directive) -> None:
    assert d.implements == "kl-1753"
    [doc] = [x for x in d.documents if x.id == d.implements]
    assert (doc.type, doc.reference, doc.issued_on, doc.issuer) == (
        "Kết luận",
        "1753-KL/TU",
        date(2023, 4, 19),
        "Ban Thường vụ Tỉnh ủy",
    )


def test_cited_documents(d: Directive) -> None:
    assert [(x.id, x.type, x.reference, x.issued_on, x.issuer) for x in d.documents] == [
        ("kl-1753", "Kết luận", "1753-KL/TU", date(2023, 4, 19), "Ban Thường vụ Tỉnh ủy"),
        ("kh-14", "Kế hoạch", "14/KH-UBND", date(2021, 1, 20), "UBND tỉnh"),
        ("nq-26", "Nghị quyết", "26-NQ/TW", date(2022, 11, 3), "Bộ Chính trị"),
        ("ctr-28", "Chương trình hành động", "28-CTr/TU", date(2023, 2, 14), "Tỉnh ủy khóa XX"),
        ("tb-223", "Thông báo", "223/TB-UBND", date(2023, 5, 8), "UBND tỉnh"),
        ("nq-dh-xx", "Nghị quyết", None, None, "Đại hội đại biểu Đảng bộ tỉnh lần thứ XX"),
        ("ctr-hd-xx", "Chương trình hành động", None, None, "Tỉnh ủy khóa XX"),
        ("ctr-lv", "Chương trình làm việc", None, None, "Tỉnh ủy, Ban Thường vụ Tỉnh ủy"),
        ("kh-ktxh-2021-2025", "Kế hoạch", None, None, None),
        ("qc-bcsd", "Quy chế", None, None, "Ban Cán sự đảng UBND tỉnh"),
    ]


def test_addressees_and_recipients_verbatim(d: Directive) -> None:
    assert [(a.group, a.text) for a in d.addressees] == [
        ("g1", "Các sở, ban ngành, đơn vị trực thuộc UBND tỉnh;"),
        ("g2", "Các cơ quan Trung ương trên địa bàn tỉnh;"),
        ("g3", "UBND các huyện, thị xã, thành phố."),
    ]
    assert list(d.recipients) == [
        "Như trên;",
        "Thường trực Tỉnh ủy;",
        "CT, PCT UBND tỉnh;",
        "VPUB: CVP, PCVP, các P.N/cứu, TTPV-KSTTHC, CBTH;",
        "Lưu: VT, KTTHh108.",
    ]


# --- faithful to the letter -----------------------------------------------------------------


def normalise(text: str) -> str:
    """The letter without Markdown emphasis, every run of whitespace one space, in NFC."""
    return " ".join(unicodedata.normalize("NFC", text).replace("*", "").split())


@pytest.fixture(scope="module")
def letter() -> str:
    if not LETTER.is_file():  # the seed sits outside the repository
        pytest.skip(f"{LETTER} is not available")
    return normalise(LETTER.read_text(encoding="utf-8"))


def test_the_letter_itself_is_what_we_think(letter: str) -> None:
    assert "Số: ~~2167~~ UBND-KTTH" in letter
    assert "Quảng Ngãi, ngày ~~16~~ tháng 5 năm 2023" in letter
    assert letter.endswith("CHỦ TỊCH Đặng Văn Minh")


def _quoted(d: Directive) -> Iterator[tuple[str, str]]:
    """Every string of the data that claims to be the letter's own words."""
    for c in d.clauses:
        yield f"clause {c.id} text", c.text
        if c.deadline.source:
            yield f"clause {c.id} deadline source", c.deadline.source
        for p in c.partners:
            yield f"clause {c.id} partner", p
        for r in c.responsible:
            if r.related:
                yield f"clause {c.id} related", r.related
    clause_5 = d.clause("5")
    assert clause_5 is not None
    yield "clause 5 title", clause_5.title
    for doc in d.documents:
        yield f"document {doc.id}", doc.mention
    yield "subject", d.subject
    yield "signer", d.signer.name
    for a in d.addressees:
        yield f"addressee {a.group}", a.text
    for line in d.recipients:
        yield "recipient", line


def test_every_quoted_string_is_in_the_letter(d: Directive, letter: str) -> None:
    missing = [(what, s) for what, s in _quoted(d) if s not in letter]
    assert missing == []


def test_the_clause_texts_cover_the_numbered_part_of_the_letter(d: Directive, letter: str) -> None:
    # Between the clause texts, in order, there is only numbering ("2.", "b)", "-"), the title
    # of clause 5, or nothing (6a and 6a.1 split one sentence): no words of the letter are lost.
    body = letter[letter.index("1. Thủ trưởng") : letter.index("Yêu cầu Thủ trưởng")]
    gaps = []
    for c in d.clauses:
        at = body.index(c.text)
        gaps.append(body[:at].strip())
        body = body[at + len(c.text) :]
    gaps.append(body.strip())
    assert gaps == [
        "1.",
        "a)",
        "b)",
        "c)",
        "d)",
        "2.",
        "3.",
        "-",
        "-",
        "4.",
        "5. Về công tác giảm nghèo và xây dựng nông thôn mới:",
        "6.",
        "a)",
        "",
        "b)",
        "7.",
        "",
    ]


def test_named_bodies_are_named_by_their_clause_or_its_heading(
    d: Directive, registry: Registry
) -> None:
    for c in d.clauses:
        parent = d.clause(re.sub(r"\D.*", "", c.id))  # 3.1 → 3, 6a.1 → 6
        where = (c.text + " " + (parent.text if parent else "")).casefold()
        for r in c.responsible:
            if r.body:
                name = registry.body(r.body).name.removeprefix("Sở ")
                assert name.casefold() in where, (c.id, r.body)


def test_signer_title_matches_the_signature_block(d: Directive, letter: str) -> None:
    assert f"{d.signer.title.upper()} {d.signer.name}" in letter


def _strings(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield key
            yield from _strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from _strings(item)
    elif isinstance(node, str):
        yield node


@pytest.mark.parametrize("name", ["directive_2167.yaml", "bodies.yaml"])
def test_every_string_of_the_data_is_nfc(name: str) -> None:
    raw = (DATA / name).read_bytes()
    assert unicodedata.is_normalized("NFC", raw.decode("utf-8"))
    strings = list(_strings(yamlstrict.parse(yamlstrict.decode(raw))))
    assert len(strings) > 100
    assert [s for s in strings if not unicodedata.is_normalized("NFC", s)] == []


def test_every_string_of_the_model_is_nfc(d: Directive, registry: Registry) -> None:
    texts = [d.subject, d.signer.name, d.issuer, *d.recipients]
    texts += [s for c in d.clauses for s in (c.title, c.text, c.deadline.source or "")]
    texts += [s for b in registry.bodies for s in (b.name, *b.aliases)]
    assert [s for s in texts if not unicodedata.is_normalized("NFC", s)] == []


# --- where the data is found ----------------------------------------------------------------


def test_bundled_data_in_a_source_checkout_is_the_repository_data() -> None:
    assert bundled_data() == DATA
    assert [d.id for d in load_catalog().directives] == ["2167-2023"]


def test_the_wheel_ships_the_data_inside_the_package() -> None:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    force = config["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    assert force == {"data": "directive_cli/data"}


def test_bundled_data_loads_from_an_installed_package(tmp_path: Path) -> None:
    # The layout a wheel installs: site-packages/directive_cli/data/*.yaml, no repository around.
    site = tmp_path / "site"
    shutil.copytree(
        REPO / "directive_cli",
        site / "directive_cli",
        ignore=shutil.ignore_patterns("__pycache__", "data"),
    )
    shutil.copytree(DATA, site / "directive_cli" / "data")
    script = (
        "import directive_cli, directive_cli.load as L\n"
        "c = L.load_catalog()\n"
        "print(directive_cli.__file__)\n"
        "print(L.bundled_data())\n"
        "print(sum(len(d.tasks) for d in c.directives))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=tmp_path,
        env={"PYTHONPATH": str(site)},
        check=False,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == [
        str(site / "directive_cli" / "__init__.py"),
        str(site / "directive_cli" / "data"),
        "410",
    ]
