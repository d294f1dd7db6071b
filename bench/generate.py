"""Generate a synthetic province: directive files, a progress database, a Taskwarrior twin.

    python bench/generate.py OUT --tasks 10000 --events 1000000 [--seed 2167] [--taskwarrior]

OUT/data/          bodies.yaml (the bundled registry) + directive_NNNN.yaml in this project's format
OUT/progress.db    K history events; the first goes through SqliteStore.record, the rest are
                   bulk-inserted into the same schema in one transaction, `current` filled to match
OUT/taskwarrior/   taskrc + data/pending.data holding the same tasks (one project per body)
OUT/manifest.json  what was generated and the references the benchmark uses

Everything is derived from --seed: the same arguments give byte-identical files.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sqlite3
import sys
import textwrap
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from directive_cli.load import bundled_data, load_catalog, load_registry
from directive_cli.model import Registry, Status
from directive_cli.store import NewMark, chain
from directive_cli.store.migrations import CHAIN_COLUMNS
from directive_cli.store.sqlite import SqliteStore

GENERATOR_VERSION = 3  # bump when the output changes, so cached folders are rebuilt
AS_OF = date(2024, 6, 30)  # the day the benchmark judges deadlines; no event is effective later
YEAR = 2023  # directives are issued this year
TZ = timezone(timedelta(hours=7))
BENCH_BODY = "snv"  # the body of `list --body X` and `task project:X list`

# --- Vietnamese building blocks -------------------------------------------------------------

SYMBOLS = [
    "UBND-KTTH",
    "UBND-NC",
    "UBND-KGVX",
    "UBND-CNXD",
    "UBND-NNTN",
    "UBND-TH",
    "UBND-NNTN",
    "UBND-KTTH",
]
SIGNERS = [
    ("Đặng Văn Minh", "Chủ tịch"),
    ("Trần Phước Hiền", "Phó Chủ tịch"),
    ("Võ Phiên", "Phó Chủ tịch"),
    ("Nguyễn Hoàng Giang", "Phó Chủ tịch"),
    ("Trần Hoàng Tuấn", "Phó Chủ tịch"),
]
TOPICS = [
    "cải cách hành chính",
    "chuyển đổi số",
    "giải ngân vốn đầu tư công",
    "phòng, chống thiên tai và tìm kiếm cứu nạn",
    "xây dựng nông thôn mới",
    "giảm nghèo bền vững",
    "bảo đảm an toàn thực phẩm",
    "bảo vệ môi trường",
    "phát triển du lịch biển - đảo",
    "thu ngân sách nhà nước",
    "quản lý đất đai",
    "phòng cháy, chữa cháy",
    "bảo đảm trật tự an toàn giao thông",
    "phòng, chống dịch bệnh",
    "thu hút đầu tư",
    "phát triển kinh tế tập thể",
    "thực hành tiết kiệm, chống lãng phí",
    "phòng, chống tham nhũng, tiêu cực",
    "xây dựng chính quyền điện tử",
    "bồi thường, giải phóng mặt bằng",
    "phát triển nhà ở xã hội",
    "quản lý khai thác khoáng sản",
    "chăm sóc sức khỏe nhân dân",
    "đổi mới chương trình giáo dục phổ thông",
    "giải quyết khiếu nại, tố cáo",
    "sắp xếp đơn vị hành chính cấp xã",
    "chỉ số năng lực cạnh tranh cấp tỉnh (PCI)",
    "bảo hiểm xã hội, bảo hiểm y tế",
    "phát triển doanh nghiệp",
    "an sinh xã hội",
]
ACTIONS = [
    "Rà soát, đánh giá kết quả thực hiện",
    "Tham mưu UBND tỉnh ban hành kế hoạch về",
    "Chủ động triển khai thực hiện các nhiệm vụ về",
    "Kiểm tra, đôn đốc việc thực hiện",
    "Tổng hợp, báo cáo kết quả",
    "Xây dựng đề án về",
    "Tăng cường công tác tuyên truyền về",
    "Đẩy nhanh tiến độ thực hiện",
    "Hướng dẫn các địa phương thực hiện",
    "Tổ chức sơ kết công tác",
    "Khẩn trương khắc phục những hạn chế trong",
    "Nghiên cứu, đề xuất giải pháp nâng cao hiệu quả",
]
MANNERS = [
    "bảo đảm đúng quy định, phù hợp với tình hình thực tiễn của địa phương",
    "bảo đảm tiến độ, chất lượng và hiệu quả",
    "theo chức năng, nhiệm vụ và thẩm quyền được giao",
    "không để chậm trễ, ảnh hưởng đến việc thực hiện nhiệm vụ chung của tỉnh",
    "phối hợp chặt chẽ với các cơ quan, đơn vị có liên quan",
    "gắn với trách nhiệm của người đứng đầu cơ quan, đơn vị, địa phương",
]
FOLLOW_UPS = [
    "Trường hợp có khó khăn, vướng mắc vượt thẩm quyền, kịp thời báo cáo UBND tỉnh xem xét,"
    " chỉ đạo.",
    "Kết quả thực hiện báo cáo UBND tỉnh (qua Văn phòng UBND tỉnh) để theo dõi, tổng hợp.",
    "Thủ trưởng các cơ quan, đơn vị chịu trách nhiệm trước UBND tỉnh, Chủ tịch UBND tỉnh nếu để"
    " chậm trễ.",
    "Giao Văn phòng UBND tỉnh theo dõi, đôn đốc việc thực hiện.",
]
PROGRESS_NOTES = [
    "Đã ban hành Kế hoạch số {n}/KH-{code} ngày {d} triển khai thực hiện",
    "Đang tổng hợp ý kiến góp ý của các đơn vị, địa phương",
    "Đã tổ chức hội nghị triển khai ngày {d}",
    "Đang hoàn thiện dự thảo, dự kiến trình UBND tỉnh trong tháng tới",
    "Đã có Văn bản số {n}/{code} ngày {d} hướng dẫn các địa phương",
    "Đang phối hợp với các sở, ngành liên quan",
]
BLOCKED_NOTES = [
    "Vướng mắc về mặt bằng, đã báo cáo UBND tỉnh tại Văn bản số {n}/{code} ngày {d}",
    "Chờ ý kiến thống nhất của các bộ, ngành Trung ương",
    "Chưa bố trí được kinh phí thực hiện",
]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Phan", "Đặng", "Bùi", "Đỗ"]
GIVEN = [
    "Thị Lan",
    "Văn Hùng",
    "Thị Hoa",
    "Minh Tuấn",
    "Thị Thu Hà",
    "Quốc Bảo",
    "Thanh Tâm",
    "Văn Nam",
    "Thị Mai",
    "Đức Anh",
    "Ngọc Ánh",
    "Hữu Phước",
]
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


# --- the plan: what exists, before anything is written ---------------------------------------


@dataclass
class PlannedTask:
    directive: str
    clause: str
    body: str
    role: str
    due: date | None
    title: str
    issued_on: date


@dataclass
class PlannedDirective:
    id: str
    number: int
    symbol: str
    issued_on: date
    topic: str
    yaml: str
    tasks: list[PlannedTask] = field(default_factory=list)


@dataclass
class Event:
    task: int  # index into the task list
    status: str
    previous: str
    effective: date
    recorded: int  # seconds since the epoch, for ordering
    by: str
    note: str | None
    evidence: str | None
    undoes: Event | None = None
    id: int = 0


def q(text: str) -> str:
    """A double-quoted YAML scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def folded(key: str, text: str, indent: str) -> str:
    """`key: >-` followed by the text wrapped at 96 columns, like the bundled letter."""
    lines = textwrap.wrap(text, width=96 - len(indent) - 2, break_on_hyphens=False)
    return f"{indent}{key}: >-\n" + "".join(f"{indent}  {line}\n" for line in lines)


def code_of(registry: Registry, body_id: str) -> str:
    """The short code a body signs its documents with (SNV, SKHĐT …)."""
    body = registry.body(body_id)
    for alias in body.aliases:
        compact = alias.replace(" ", "")
        if compact.isupper() and compact.isalpha():
            return compact
    return body_id.replace("-", "").upper()


def vn_date(day: date) -> str:
    return f"{day.day}/{day.month}/{day.year}"


def month_end(year: int, month: int) -> date:
    nxt = date(year + month // 12, month % 12 + 1, 1)
    return nxt - timedelta(days=1)


class Planner:
    """Draws directives clause by clause until the province has about `tasks` tasks."""

    def __init__(self, registry: Registry, rng: random.Random) -> None:
        self.reg = registry
        self.rng = rng
        # Addressee groups as letters name them: each body's first group (cqcm, a part of g1,
        # would name a body twice beside it).
        firsts = {b.groups[0] for b in registry.bodies if b.groups}
        self.groups = {
            g.id: list(registry.members(g.id)) for g in registry.groups if g.id in firsts
        }
        self.all_bodies = [b.id for b in registry.bodies]

    def deadline(self, issued: date) -> tuple[list[str], date | None]:
        """YAML lines of a deadline and its due date, phrased as letters phrase them."""
        r = self.rng.random()
        ind = "      "
        if r < 0.22:  # fixed, a month
            due = issued + timedelta(days=self.rng.randint(20, 240))
            due = month_end(due.year, due.month)
            return [
                f"{ind}kind: fixed",
                f"{ind}due: {due.isoformat()}",
                f"{ind}source: {q(f'hoàn thành trong tháng {due.month}/{due.year}')}",
            ], due
        if r < 0.34:  # fixed, a day
            due = issued + timedelta(days=self.rng.randint(10, 200))
            return [
                f"{ind}kind: fixed",
                f"{ind}due: {due.isoformat()}",
                f"{ind}source: {q(f'trước ngày {vn_date(due)}')}",
            ], due
        if r < 0.42:  # target: a quarter or the year
            if self.rng.random() < 0.5:
                quarter = min(4, (issued.month - 1) // 3 + 1 + self.rng.randint(0, 2))
                due = month_end(issued.year, 3 * quarter)
                phrase = f"trong quý {ROMAN[quarter]}/{issued.year}"
            else:
                due, phrase = date(issued.year, 12, 31), f"ngay trong năm {issued.year}"
            return [
                f"{ind}kind: target",
                f"{ind}due: {due.isoformat()}",
                f"{ind}source: {q(phrase)}",
            ], due
        if r < 0.46:  # period
            start = issued + timedelta(days=self.rng.randint(5, 30))
            due = start + timedelta(days=self.rng.randint(14, 90))
            return [
                f"{ind}kind: period",
                f"{ind}start: {start.isoformat()}",
                f"{ind}due: {due.isoformat()}",
                f"{ind}source: {q(f'từ ngày {vn_date(start)} đến ngày {vn_date(due)}')}",
            ], due
        if r < 0.50:  # recurring with a stated cadence
            day = self.rng.choice([15, 20, 25])
            return [
                f"{ind}kind: recurring",
                f"{ind}rrule: {q(f'FREQ=MONTHLY;BYMONTHDAY={day}')}",
                f"{ind}source: {q(f'báo cáo định kỳ hằng tháng, trước ngày {day}')}",
            ], None
        if r < 0.56:
            return [
                f"{ind}kind: recurring",
                f"{ind}source: {q('định kỳ báo cáo UBND tỉnh theo quy định')}",
            ], None
        if r < 0.62:
            return [f"{ind}kind: urgent", f"{ind}source: {q('khẩn trương triển khai')}"], None
        if r < 0.66:
            phrase = q("kịp thời báo cáo khi phát sinh")
            return [f"{ind}kind: event", f"{ind}source: {phrase}"], None
        return [f"{ind}kind: ongoing", f"{ind}source: {q('Thường xuyên')}"], None

    def responsible(self, issued: date) -> tuple[list[str], list[tuple[str, str]]]:
        """YAML lines of `responsible` and the (body, role) tasks they fan out to."""
        r = self.rng.random()
        # A group stands for its members on the letter's day (the districts before 1/7/2025).
        members = {
            gid: [b.id for b in bodies if b.valid_on(issued)] for gid, bodies in self.groups.items()
        }
        usable = sorted(gid for gid, ids in members.items() if ids)
        if r < 0.04:
            gids = usable
        elif r < 0.18:
            gids = [self.rng.choice(usable)]
        else:
            gids = []
        lines = ["    responsible:"]
        tasks: list[tuple[str, str]] = []
        if gids:
            for gid in gids:
                lines.append(f"      - {{group: {gid}, role: lead}}")
                tasks += [(b, "lead") for b in members[gid]]
            return lines, tasks
        valid = [b for b in self.all_bodies if self.reg.body(b).valid_on(issued)]
        picked = self.rng.sample(valid, self.rng.choice([1, 1, 1, 2, 2, 3, 4, 6]))
        for i, bid in enumerate(picked):
            role = "lead" if i == 0 or self.rng.random() < 0.5 else "support"
            lines.append(f"      - {{body: {bid}, role: {role}}}")
            tasks.append((bid, role))
        if self.rng.random() < 0.3:
            lines.append('      - {related: "các sở, ngành, đơn vị liên quan", role: support}')
        return lines, tasks

    def clause_text(self, topic: str) -> tuple[str, str]:
        action = self.rng.choice(ACTIONS)
        subject = self.rng.choice([topic, *self.rng.sample(TOPICS, 2)])
        title = f"{action} {subject}"
        sentences = [f"{title} {self.rng.choice(MANNERS)}; {self.rng.choice(MANNERS)}."]
        for _ in range(self.rng.randint(0, 3)):
            sentences.append(
                f"{self.rng.choice(ACTIONS)} {self.rng.choice(TOPICS)}, {self.rng.choice(MANNERS)}."
            )
        if self.rng.random() < 0.6:
            sentences.append(self.rng.choice(FOLLOW_UPS))
        return title[:1].upper() + title[1:], " ".join(sentences)

    def directive(self, number: int, issued: date, budget: int) -> PlannedDirective:
        symbol = self.rng.choice(SYMBOLS)
        did = f"{number}-{issued.year}"
        topic = self.rng.choice(TOPICS)
        signer = self.rng.choice(SIGNERS)
        d = PlannedDirective(did, number, symbol, issued, topic, "")
        out = [
            "# Synthetic directive generated by bench/generate.py (seeded); not a real letter.",
            "schema: 1",
            f"id: {q(did)}",
            f"number: {q(str(number))}",
            f"symbol: {symbol}",
            "type: Công văn",
            "issuer: Ủy ban nhân dân tỉnh Quảng Ngãi",
            "place: Quảng Ngãi",
            f"issued_on: {issued.isoformat()}",
            folded("subject", f"V/v tăng cường công tác {topic} trên địa bàn tỉnh", "").rstrip(),
            "signer:",
            f"  name: {signer[0]}",
            f"  title: {signer[1]}",
            "addressees:",
            "  - group: g1",
            "    text: Các sở, ban ngành, đơn vị trực thuộc UBND tỉnh;",
            "  - group: g3",
            "    text: UBND các huyện, thị xã, thành phố.",
            "recipients:",
            "  - Như trên;",
            "  - CT, PCT UBND tỉnh;",
            f"  - {q('Lưu: VT, ' + symbol.split('-')[1] + '.')}",
            "clauses:",
        ]
        point = 0
        while len(d.tasks) < budget:
            point += 1
            if self.rng.random() < 0.35:  # a heading with lettered or numbered parts
                title, text = self.clause_text(topic)
                out += [
                    f"  - id: {q(str(point))}",
                    f"    title: {q(title)}",
                    "    heading: true",
                    folded("text", text.rstrip(".") + ":", "    ").rstrip(),
                    "",
                ]
                dotted = self.rng.random() < 0.4
                parts = [
                    f"{point}.{k + 1}" if dotted else f"{point}{chr(97 + k)}"
                    for k in range(self.rng.randint(2, 5))
                ]
            else:
                parts = [str(point)]
            for cid in parts:
                if len(d.tasks) >= budget:
                    break
                title, text = self.clause_text(topic)
                resp, tasks = self.responsible(issued)
                deadline, due = self.deadline(issued)
                out += [
                    f"  - id: {q(cid)}",
                    f"    title: {q(title)}",
                    folded("text", text, "    ").rstrip(),
                    *resp,
                    "    deadline:",
                    *deadline,
                    "",
                ]
                d.tasks += [PlannedTask(did, cid, b, role, due, title, issued) for b, role in tasks]
        d.yaml = "\n".join(out) + "\n"
        return d


def plan_province(registry: Registry, n_tasks: int, rng: random.Random) -> list[PlannedDirective]:
    """Directives issued through one year, with about `n_tasks` tasks in all."""
    planner = Planner(registry, rng)
    directives: list[PlannedDirective] = []
    total = 0
    used: set[int] = {2167}  # the bundled letter keeps its number
    start = date(YEAR, 1, 3)
    while total < n_tasks:
        number = rng.randint(100, 6999)
        while number in used:
            number = rng.randint(100, 6999)
        used.add(number)
        budget = min(n_tasks - total, rng.randint(60, 260))
        issued = start + timedelta(days=rng.randint(0, 360))
        d = planner.directive(number, issued, budget)
        directives.append(d)
        total += len(d.tasks)
    return sorted(directives, key=lambda d: (d.issued_on, d.number))


# --- events ------------------------------------------------------------------------------------


def epoch(day: date, seconds: int = 0) -> int:
    return int(datetime(day.year, day.month, day.day, tzinfo=TZ).timestamp()) + seconds


def stamp(seconds: int) -> str:
    return datetime.fromtimestamp(seconds, TZ).isoformat(timespec="seconds")


def plan_events(
    tasks: list[PlannedTask], n_events: int, registry: Registry, rng: random.Random
) -> list[Event]:
    """`n_events` marks and undos spread over the tasks, in the order they were recorded."""
    # About one task in six is never touched; the rest share the events unevenly.
    weights = [0.0 if rng.random() < 0.16 else rng.uniform(0.2, 1.8) for _ in tasks]
    if not any(weights):
        weights = [1.0] * len(tasks)
    counts = [0] * len(tasks)
    for i in rng.choices(range(len(tasks)), weights=weights, k=n_events):
        counts[i] += 1
    clerks = {
        b.id: [f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}" for _ in range(2)]
        for b in registry.bodies
    }
    codes = {b.id: code_of(registry, b.id) for b in registry.bodies}
    out: list[Event] = []
    end = epoch(AS_OF, 86399)
    for idx, (task, n) in enumerate(zip(tasks, counts, strict=True)):
        if n == 0:
            continue
        first = (task.issued_on + timedelta(days=1)).toordinal()
        final = rng.choices(["done", "in_progress", "blocked", "todo"], [55, 30, 10, 5])[0]
        if final == "done" and task.due is not None:
            # Most bodies finish around their deadline; some late, some early.
            last = task.due.toordinal() + rng.randint(-60, 30)
        elif final == "done":
            last = rng.randint(first, AS_OF.toordinal())
        else:
            # Open tasks were last updated some weeks before the benchmark's day.
            last = AS_OF.toordinal() - int(rng.expovariate(1 / 45))
        last = max(first, min(AS_OF.toordinal(), last))
        days = [*sorted(rng.randint(first, last) for _ in range(n - 1)), last]
        status, before_prev, prev_rec = Status.TODO.value, Status.TODO.value, 0
        code = codes[task.body]
        budget = n  # undos count as events too
        j = 0
        while budget > 0:
            day = date.fromordinal(days[j])
            new = final if budget == 1 else "blocked" if rng.random() < 0.06 else "in_progress"
            rec = epoch(day, rng.randint(7 * 3600 + 1800, 17 * 3600 + 1800))
            rec += 86400 * rng.choice([0, 0, 0, 1, 2])
            rec = min(max(rec, prev_rec + 1), max(end, prev_rec + 1))
            n_doc = rng.randint(10, 999)
            if new == "done":
                note = None if rng.random() < 0.5 else "Đã hoàn thành theo yêu cầu"
                evidence = f"Báo cáo số {n_doc}/BC-{code} ngày {vn_date(day)}"
            elif new == "blocked":
                note = rng.choice(BLOCKED_NOTES).format(n=n_doc, code=code, d=vn_date(day))
                evidence = None
            else:
                note = (
                    rng.choice(PROGRESS_NOTES).format(n=n_doc, code=code, d=vn_date(day))
                    if rng.random() < 0.5
                    else None
                )
                evidence = None
            mark = Event(idx, new, status, day, rec, rng.choice(clerks[task.body]), note, evidence)
            out.append(mark)
            prev_rec, before_prev, status = rec, status, new
            budget -= 1
            j += 1
            if budget >= 2 and rng.random() < 0.003:
                # A clerk takes back a mark a few minutes later: the undo restores the status
                # in force before it and points at it (SqliteStore.undo_last does the same).
                prev_rec = rec + rng.randint(30, 600)
                out.append(
                    Event(idx, before_prev, status, day, prev_rec, mark.by, None, None, undoes=mark)
                )
                status = before_prev
                budget -= 1
                days.pop(j)  # keep len(days) == events still to draw, ending on `last`
    out.sort(key=lambda e: (e.recorded, e.task))
    for i, e in enumerate(out, start=1):
        e.id = i
    return out


# --- writers ---------------------------------------------------------------------------------


def write_data(folder: Path, directives: list[PlannedDirective]) -> None:
    folder.mkdir(parents=True)
    shutil.copyfile(bundled_data() / "bodies.yaml", folder / "bodies.yaml")
    for i, d in enumerate(directives, start=1):
        (folder / f"directive_{i:04d}_{d.id}.yaml").write_text(d.yaml, encoding="utf-8")


def chained(
    previous: str, tasks: list[PlannedTask], events: list[Event]
) -> Iterator[tuple[object, ...]]:
    """The rows of `events` as the store writes them, each chained to the one before it
    (store/chain.py): a generated history passes `directive verify` like a recorded one."""
    for e in events:
        t = tasks[e.task]
        row = (
            e.id,
            e.id,
            t.directive,
            t.clause,
            t.body,
            e.status,
            e.previous,
            e.effective.isoformat(),
            stamp(e.recorded),
            e.by,
            e.note,
            e.evidence,
            e.undoes.id if e.undoes else None,
            None,  # period: the generated cadences are no recurring obligations
            None,  # extends_to: no extensions
        )
        previous = chain.link(previous, row)
        yield (*row, previous)


def write_db(path: Path, tasks: list[PlannedTask], events: list[Event]) -> None:
    """The first event through the store's own code path; the rest in one bulk transaction."""
    if not events:
        SqliteStore(path, create=True).count_events()
        return
    head = events[0]
    t = tasks[head.task]
    store = SqliteStore(path, create=True)
    try:
        stored = store.record(
            [
                NewMark(
                    t.directive,
                    t.clause,
                    t.body,
                    Status(head.status),
                    head.effective,
                    head.by,
                    head.note,
                    head.evidence,
                )
            ],
            stamp(head.recorded),
        )
    finally:
        store.close()
    assert stored[0].id == 1 and stored[0].batch == 1, stored
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("BEGIN IMMEDIATE")
        first = conn.execute("SELECT chain FROM events WHERE id = 1").fetchone()[0]
        conn.executemany(
            f"INSERT INTO events ({CHAIN_COLUMNS}, chain) VALUES ({','.join('?' * 16)})",
            chained(first, tasks, events[1:]),
        )
        latest: dict[int, Event] = {}
        since: dict[int, str] = {}  # the day the latest run of the same status began
        voided = {e.undoes.id for e in events if e.undoes}
        for e in events:  # already in (effective_on, id) order per task
            if e.undoes is None and e.id not in voided:
                before = latest.get(e.task)
                if before is None or before.status != e.status:
                    since[e.task] = e.effective.isoformat()
                latest[e.task] = e
        conn.executemany(
            "INSERT OR REPLACE INTO current (directive, clause, body, status, effective_on,"
            " event_id, updated_at, note, evidence, since) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (
                (
                    tasks[i].directive,
                    tasks[i].clause,
                    tasks[i].body,
                    e.status,
                    e.effective.isoformat(),
                    e.id,
                    stamp(e.recorded),
                    e.note,
                    e.evidence,
                    since[i],
                )
                for i, e in latest.items()
            ),
        )
        conn.execute("COMMIT")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def tw_text(text: str) -> str:
    """Taskwarrior 2.x FF4 escaping of an attribute value."""
    return text.replace('"', "&dquot;").replace("[", "&open;").replace("]", "&close;")


def write_taskwarrior(
    folder: Path,
    directives: list[PlannedDirective],
    tasks: list[PlannedTask],
    events: list[Event],
    rng: random.Random,
) -> None:
    """The same tasks as Taskwarrior 2.x data: one project per body, one due date per task.

    Every task stays pending (done ones carry +done) so `task list` prints as many rows as
    `directive list --all`; the latest note becomes an annotation.
    """
    data = folder / "data"
    data.mkdir(parents=True)
    latest: dict[int, Event] = {}
    for e in events:
        latest[e.task] = e
    refs = {d.id: f"{d.number}/{d.symbol}" for d in directives}
    lines = []
    for i, t in enumerate(tasks):
        entry = epoch(t.issued_on, 8 * 3600)
        attrs = {
            "description": f"{refs[t.directive]} điểm {t.clause}: {t.title}",
            "entry": str(entry),
            "project": t.body,
            "status": "pending",
            "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        }
        if t.due is not None:
            attrs["due"] = str(epoch(t.due, 17 * 3600))
        e = latest.get(i)
        attrs["modified"] = str(e.recorded if e else entry)
        if e is not None and e.status == "in_progress":
            attrs["start"] = str(e.recorded)
        if e is not None and e.status in ("done", "blocked"):
            attrs["tags"] = e.status
        if e is not None and (e.note or e.evidence):
            attrs[f"annotation_{e.recorded}"] = e.evidence or e.note or ""
        body = " ".join(f'{k}:"{tw_text(v)}"' for k, v in sorted(attrs.items()))
        lines.append(f"[{body}]\n")
    (data / "pending.data").write_text("".join(lines), encoding="utf-8")
    for name in ("completed.data", "undo.data", "backlog.data"):
        (data / name).write_text("", encoding="utf-8")
    (folder / "taskrc").write_text(taskrc(data), encoding="utf-8")


def taskrc(data: Path) -> str:
    """A configuration that never prompts, never colours, never nags."""
    return textwrap.dedent(f"""\
        data.location={data}
        confirmation=off
        recurrence.confirmation=no
        bulk=0
        hooks=off
        color=off
        news.version=2.6.0
        defaultwidth=120
        """)


# --- main ------------------------------------------------------------------------------------


def generate(
    out: Path,
    n_tasks: int,
    n_events: int,
    seed: int,
    *,
    taskwarrior: bool = True,
    check: bool | None = None,
    quiet: bool = False,
) -> dict[str, object]:
    """Write the province into `out` (which must not exist); return the manifest."""
    started = time.perf_counter()

    def say(message: str) -> None:
        if not quiet:
            print(message, file=sys.stderr, flush=True)

    rng = random.Random(seed)
    registry = load_registry(bundled_data() / "bodies.yaml")
    directives = plan_province(registry, n_tasks, rng)
    tasks = [t for d in directives for t in d.tasks]
    say(f"planned {len(directives)} directives, {len(tasks)} tasks")
    events = plan_events(tasks, n_events, registry, rng)
    say(f"planned {len(events)} events ({time.perf_counter() - started:.1f} s)")
    out.mkdir(parents=True)
    write_data(out / "data", directives)
    write_db(out / "progress.db", tasks, events)
    say(f"wrote data and database ({time.perf_counter() - started:.1f} s)")
    if taskwarrior:
        write_taskwarrior(out / "taskwarrior", directives, tasks, events, rng)
    mark_task = next(t for t in reversed(tasks) if t.body == BENCH_BODY)
    manifest: dict[str, object] = {
        "generator": GENERATOR_VERSION,
        "seed": seed,
        "directives": len(directives),
        "tasks": len(tasks),
        "events": len(events),
        "bench_body": BENCH_BODY,
        "bench_body_tasks": sum(t.body == BENCH_BODY for t in tasks),
        "mark_ref": f"{mark_task.directive}#{mark_task.clause}:{mark_task.body}",
        "as_of": AS_OF.isoformat(),
        "yaml_bytes": sum(p.stat().st_size for p in (out / "data").iterdir()),
        "db_bytes": (out / "progress.db").stat().st_size,
    }
    if check if check is not None else n_events <= 200_000:
        verify(out, tasks, len(events))
        manifest["checked"] = True
        say("checked: catalog matches the plan, SqliteStore.check() is clean")
    manifest["seconds"] = round(time.perf_counter() - started, 1)
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def verify(out: Path, tasks: list[PlannedTask], n_events: int) -> None:
    """The files load strictly to the planned tasks and the store agrees with its history."""
    cat = load_catalog(out / "data")
    # The letters' own tasks: those passed to successors of ended bodies are derived on top.
    loaded = [
        (t.directive, t.clause, t.body, t.role.value)
        for d in cat.directives
        for t in d.tasks
        if d.inheritance(t.clause, t.body) is None
    ]
    planned = [(t.directive, t.clause, t.body, t.role) for t in tasks]
    if sorted(loaded) != sorted(planned):
        raise SystemExit(f"generated data loads to {len(loaded)} tasks, planned {len(planned)}")
    store = SqliteStore(out / "progress.db", create=False)
    try:
        problems = store.check()
        count = store.count_events()
    finally:
        store.close()
    if problems or count != n_events:
        raise SystemExit(f"store check failed: {problems}, {count} events of {n_events}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="Folder to create (must not exist).")
    parser.add_argument("--tasks", type=int, default=1000, help="About this many tasks.")
    parser.add_argument("--events", type=int, default=100_000, help="History events.")
    parser.add_argument("--seed", type=int, default=2167, help="Random seed.")
    parser.add_argument("--no-taskwarrior", action="store_true", help="Skip the Taskwarrior twin.")
    parser.add_argument(
        "--check",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="Load the data and run SqliteStore.check() (default: ≤ 200k events).",
    )
    args = parser.parse_args(argv)
    if args.out.exists():
        parser.error(f"{args.out} exists; remove it or pick another folder")
    manifest = generate(
        args.out,
        args.tasks,
        args.events,
        args.seed,
        taskwarrior=not args.no_taskwarrior,
        check=args.check,
    )
    print(json.dumps(manifest, indent=2))


if __name__ == "__main__":
    main()
