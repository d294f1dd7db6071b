"""A letter around a body of clauses, drafted against a registry: for the draft tests."""

from __future__ import annotations

from directive_cli.draft.core import draft_letter
from directive_cli.draft.model import Draft
from directive_cli.load import bundled_data, load_registry
from directive_cli.model import Registry

HEADER = """ỦY BAN NHÂN DÂN
TỈNH QUẢNG NGÃI

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Số: 123/UBND-VX

Quảng Ngãi, ngày {day} tháng {month} năm {year}

V/v ví dụ minh họa

Kính gửi:
- Các sở, ban ngành, đơn vị trực thuộc UBND tỉnh;
- UBND các huyện, thị xã, thành phố.

"""
FOOTER = """

Nơi nhận:
- Như trên;
- Lưu: VT.

KT. CHỦ TỊCH
PHÓ CHỦ TỊCH

Nguyễn Văn A
"""


def bundled() -> Registry:
    return load_registry(bundled_data() / "bodies.yaml")


def letter(body: str, *, day: int = 20, month: int = 6, year: int = 2023) -> str:
    return HEADER.format(day=day, month=month, year=year) + body.strip() + FOOTER


def draft(body: str, registry: Registry | None = None, **when: int) -> Draft:
    return draft_letter(letter(body, **when), registry or bundled())


def who(d: Draft) -> dict[str, list[tuple[str, str]]]:
    """Clause id → [(body id, group id or the related text, role)], headings left out."""
    out: dict[str, list[tuple[str, str]]] = {}
    for c in d.clauses:
        if c.heading:
            continue
        rows = []
        for m in c.responsible:
            role = "unspecified" if m.unspecified else m.role.value
            rows.append((m.body or m.group or f"~{m.text}", role))
        out[c.id] = rows
    return out


def proposed(d: Draft) -> dict[str, str]:
    """Proposal id → name."""
    return {p.id: p.name for p in d.proposals}
