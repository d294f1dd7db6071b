"""Who sends the documents: the office's name, symbols, signer and recipients. Pure.

A Word report or a reminder letter carries the issuing office's header, its document symbol
("Số: …/BC-UBND"), the signature block and "Nơi nhận". They come from a small TOML settings
file (docs/report.md, "The office's settings"); every key is optional and defaults from the
directive being reported on (its issuer, place, symbol, signer). The file is read strictly:
an unknown key or a wrong type is one line naming the file and the line, never a guess.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import DirectiveError, Problem, os_reason
from .i18n import t
from .model import Directive
from .text import nfc

ENV_VAR = "DIRECTIVE_OFFICE"
FILE_NAME = "office.toml"
DEFAULT_REPLY_DAYS = 7  # a reminded body reports within a week unless the office says otherwise


def _t(message: str, /, **values: object) -> str:
    return t("office." + message, **values)


@dataclass(frozen=True)
class Office:
    """Everything a document's header, signature and recipients need; lines as printed."""

    parent: tuple[str, ...]  # cơ quan chủ quản; empty for a provincial committee
    issuer: tuple[str, ...]  # the issuing office as a sentence writes it, broken as the
    # header breaks it (the header prints it in capitals)
    place: str  # "Quảng Ngãi, ngày … tháng … năm …"
    report_symbol: str  # "BC-UBND": "Số: …/BC-UBND"
    letter_symbol: str  # "UBND-KTTH": a công văn carries its drafting unit, no type
    number: str  # the document's number; blank: the clerk (văn thư) numbers it when issuing
    authority: tuple[str, ...]  # "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"
    signer: str
    report_recipients: tuple[str, ...]
    letter_recipients: tuple[str, ...]
    reply_days: int  # a reminder asks for a report within this many days

    @property
    def name(self) -> str:
        """ "Ủy ban nhân dân tỉnh Quảng Ngãi": the issuer as the text names it."""
        return " ".join(self.issuer)


# The keys of a settings file and what each holds; [signer] and [recipients] are tables.
_TEXT = ("place", "report_symbol", "letter_symbol", "number")
_LINES = ("parent", "issuer")
_TOP = (*_TEXT, *_LINES, "reply_days", "signer", "recipients", "time_zone", "due_soon")
_SIGNER = ("authority", "name")
_RECIPIENTS = ("report", "letter")


def find(option: Path | None, env: Mapping[str, str], user_dir: Path) -> Path | None:
    """The settings file: --office, else DIRECTIVE_OFFICE, else office.toml in the user's
    app folder when it exists; None when there is none (every default applies)."""
    if option is not None:
        return option
    named = env.get(ENV_VAR, "").strip()
    if named:
        return Path(named)
    default = user_dir / FILE_NAME
    return default if default.is_file() else None


def load(path: Path | None, directive: Directive) -> Office:
    """The office for documents about `directive`: the file's values over the defaults."""
    values: dict[str, Any] = {}
    if path is not None:
        values = _read(path)
    return settle(values, directive, str(path or ""))


def _read(path: Path) -> dict[str, Any]:
    where = str(path)
    if not path.is_file():
        raise DirectiveError([Problem(where, 0, _t("missing", path=path))])
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DirectiveError([Problem(where, 0, _t("unreadable", reason=os_reason(exc)))]) from None
    try:
        return tomllib.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise DirectiveError([Problem(where, 0, _t("unreadable", reason=exc.reason))]) from None
    except tomllib.TOMLDecodeError as exc:
        line = _line_of(str(exc))
        raise DirectiveError([Problem(where, line, _t("syntax", reason=str(exc)))]) from None


def _line_of(message: str) -> int:
    found = re.search(r"line (\d+)", message)
    return int(found.group(1)) if found else 0


def time_zone(path: Path) -> str | None:
    """The office's `time_zone` (zone.py) in a settings file; None when it sets none."""
    found = _read(path).get("time_zone")
    if found is not None and not isinstance(found, str):
        raise DirectiveError([Problem(str(path), 0, _t("not_text", key="time_zone"))])
    return found


def due_soon(path: Path) -> object | None:
    """The office's `due_soon` (workdays.parse_horizon reads it) in a settings file; None
    when it sets none."""
    return _read(path).get("due_soon")


def settle(values: Mapping[str, Any], directive: Directive, where: str = "") -> Office:
    """Check a parsed settings file and fill what it leaves out from `directive`."""
    _only(values, _TOP, "", where)
    signer = _table(values, "signer", where)
    recipients = _table(values, "recipients", where)
    _only(signer, _SIGNER, "signer.", where)
    _only(recipients, _RECIPIENTS, "recipients.", where)
    issuer = _lines(values, "issuer", where) or default_issuer(directive.issuer)
    signer_name = _text(signer, "signer.name", "name", where)
    return Office(
        parent=_lines(values, "parent", where),
        issuer=issuer,
        place=_text(values, "place", "place", where) or directive.place or "",
        report_symbol=_text(values, "report_symbol", "report_symbol", where)
        or "BC-" + issuer_code(directive.symbol),
        letter_symbol=_text(values, "letter_symbol", "letter_symbol", where) or directive.symbol,
        number=_text(values, "number", "number", where),
        authority=_lines(signer, "signer.authority", where, key="authority")
        or default_authority(directive.issuer, directive.signer.title),
        signer=signer_name or directive.signer.name,
        report_recipients=_lines(recipients, "recipients.report", where, key="report")
        or ("Lưu: VT.",),
        letter_recipients=_lines(recipients, "recipients.letter", where, key="letter")
        or ("Như trên;", "Lưu: VT."),
        reply_days=_days(values, where),
    )


def default_issuer(issuer: str) -> tuple[str, ...]:
    """The issuer's name broken as a header prints it: a People's Committee on two lines
    ("ỦY BAN NHÂN DÂN" / "TỈNH QUẢNG NGÃI"), any other name on one."""
    name = nfc(issuer).strip()
    lead = "ủy ban nhân dân"
    folded = name.casefold().replace("uỷ", "ủy")
    if folded.startswith(lead + " "):
        return (name[: len(lead)], name[len(lead) + 1 :])
    return (name,)


def default_authority(issuer: str, title: str) -> tuple[str, ...]:
    """The signature's authority lines (NĐ 30/2020 Điều 13): a collective body signs "TM."
    (on behalf of), a deputy "KT." (for) the head, then the signer's own title."""
    lines: list[str] = []
    name = nfc(issuer).strip()
    if name.casefold().replace("uỷ", "ủy").startswith("ủy ban nhân dân"):
        lines.append("TM. ỦY BAN NHÂN DÂN")
    cleaned = nfc(title).strip()
    if cleaned.casefold().startswith("phó "):
        lines.append("KT. " + cleaned[4:].upper())
    if cleaned:
        lines.append(cleaned.upper())
    return tuple(lines)


def _only(values: Mapping[str, Any], known: tuple[str, ...], prefix: str, where: str) -> None:
    for key in values:
        if key not in known:
            names = ", ".join(prefix + k for k in known)
            problem = _t("unknown_key", key=prefix + key, names=names)
            raise DirectiveError([Problem(where, 0, problem)])


def _table(values: Mapping[str, Any], key: str, where: str) -> Mapping[str, Any]:
    found = values.get(key, {})
    if not isinstance(found, dict):
        raise DirectiveError([Problem(where, 0, _t("not_table", key=key))])
    return found


def _text(values: Mapping[str, Any], label: str, key: str, where: str) -> str:
    found = values.get(key, "")
    if not isinstance(found, str):
        raise DirectiveError([Problem(where, 0, _t("not_text", key=label))])
    return nfc(found).strip()


def _lines(
    values: Mapping[str, Any], label: str, where: str, *, key: str | None = None
) -> tuple[str, ...]:
    found = values.get(key or label, [])
    if isinstance(found, str):
        found = found.split("\n")
    if not isinstance(found, list) or not all(isinstance(x, str) for x in found):
        raise DirectiveError([Problem(where, 0, _t("not_lines", key=label))])
    return tuple(line for line in (nfc(x).strip() for x in found) if line)


def _days(values: Mapping[str, Any], where: str) -> int:
    found = values.get("reply_days", DEFAULT_REPLY_DAYS)
    if isinstance(found, bool) or not isinstance(found, int) or not 1 <= found <= 366:
        raise DirectiveError([Problem(where, 0, _t("not_days", key="reply_days"))])
    return found


# Codes of document types that open a symbol ("CT-UBND": a Chỉ thị of the UBND), NĐ 30/2020
# Phụ lục III; a công văn's symbol opens with the issuer instead ("UBND-KTTH").
_TYPE_CODES = frozenset(
    {"NQ", "QĐ", "CT", "QC", "QYĐ", "TB", "HD", "CTr", "KH", "PA", "ĐA", "DA", "BC", "BB",
     "TTr", "HĐ", "CĐ", "GM", "GUQ", "KL", "TC", "PL", "TT"}
)  # fmt: skip


def issuer_code(symbol: str) -> str:
    """The issuing body's code in a document's symbol: "UBND" of "UBND-KTTH" and of "CT-UBND"."""
    parts = [p for p in symbol.split("-") if p]
    if len(parts) > 1 and parts[0] in _TYPE_CODES:
        return parts[1]
    return parts[0] if parts else symbol
