"""Clauses × bodies → tasks: a group stands for its members of the directive's day. Pure."""

from __future__ import annotations

from datetime import date

from .errors import Problem
from .i18n import current, t
from .model import Body, Clause, Registry, Task

# Tasks (clause × body) one catalog may hold. The benchmark province (bench/generate.py) is
# 100,000; each task costs ~15 µs and ~400 bytes to load, ~0.5 KB more in every command, so
# this keeps the worst file to a few seconds and a few hundred MB (docs/benchmarks.md). A
# 9.9 MB file under the size cap fanned out to 3.5 M tasks: minutes and 1.9 GB per command.
MAX_TASKS = 250_000


def fan_out(
    did: str, clauses: list[Clause], registry: Registry, day: date, room: int
) -> tuple[Task, ...] | Problem:
    """One task per clause × body; a group gives its members of the day, an open group none.
    The problem, naming the clause, when the tasks would be more than `room`."""
    tasks: list[Task] = []
    for clause in clauses:
        for r in clause.responsible:
            if r.body:
                tasks.append(Task(did, clause.id, r.body, r.role))
            elif r.group:
                tasks.extend(
                    Task(did, clause.id, body.id, r.role)
                    for body in members(registry, r.group, day)
                )
        if len(tasks) > room:
            limit = f"{MAX_TASKS:,}"  # 250,000; Vietnamese groups thousands with a dot
            message = t(
                "ld.too_many_tasks", limit=limit.replace(",", ".") if current() == "vi" else limit
            )
            return Problem("", clause.line, message, clause.id)
    return tuple(tasks)


def members(registry: Registry, group: str, day: date | None) -> tuple[Body, ...]:
    """A group's bodies that existed on the directive's date: a group means who it held then."""
    return tuple(b for b in registry.members(group) if day is None or b.valid_on(day))
